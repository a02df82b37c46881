// Attachments: files kept outside the database, under <data dir>/attachments/<sha256 first 2>/<sha256>,
// named by content hash (the same file uploaded twice is stored once), with a row per upload that
// keeps the original name, type, size and the record it belongs to.
//
// Only PDF, JPEG, PNG, DOCX and XLSX are taken, recognised by their first bytes — the declared type
// and the file name must agree with what the bytes are; an Office file must not be a zip bomb. Nothing is written (on disk or in the
// database) before every check has passed. Who may download is decided per kind of record by the
// readers registered here, so restricted records can plug in their own rule.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { attachments } from '../../db/schema.js';
import type { SessionUser } from '../auth/policy.js';
import { ValidationError } from '../forms.js';
import { HttpError } from '../http-errors.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { checkZip } from './zip-check.js';
import { nowOf } from './now.js';

export type AttachmentKind = 'pdf' | 'jpeg' | 'png' | 'docx' | 'xlsx';

/** An Office file may inflate to at most this many times the upload limit (and at least 100 MB). */
const UNZIP_RATIO = 10;
const MIN_UNZIP_LIMIT = 100 * 1024 * 1024;

export const attachmentTypes: Record<AttachmentKind, { mime: string; extensions: string[] }> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
};

/** What the `accept` attribute of an upload field offers. */
export const acceptedFiles = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png';

const startsWith = (data: Buffer, bytes: number[]) => bytes.every((b, i) => data[i] === b);

/** The kind of file the bytes are, or null when it is none we take. */
export function sniff(data: Buffer): AttachmentKind | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    // An Office Open XML file is a ZIP whose entry names (stored uncompressed) say what it is.
    const names = data.toString('latin1');
    if (!names.includes('[Content_Types].xml')) return null;
    if (names.includes('word/document.xml') || names.includes('word/')) return 'docx';
    if (names.includes('xl/workbook.xml') || names.includes('xl/')) return 'xlsx';
  }
  return null;
}

/** The file name as shown and sent back: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(-200);
}

export interface Upload {
  fileName: string;
  declaredType: string;
  data: Buffer;
  /** The upload went over the size limit and was cut off by the parser. */
  truncated?: boolean;
}

/**
 * Writes a file whole or not at all: into a temporary name, flushed to the disk, then renamed. On a
 * full disk the partial temporary file is removed and the error goes on (the app answers 503).
 */
function writeDurably(path: string, data: Buffer) {
  const temp = `${path}.${randomBytes(6).toString('hex')}${PART_SUFFIX}`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Temporary files of writes that did not finish (the server was stopped mid-upload). */
export const PART_SUFFIX = '.part';

export type Reader = (user: SessionUser, entityId: number) => boolean;

export function createAttachmentService(db: Db, options: { dir: string; maxBytes: number }) {
  const readers = new Map<string, Reader>();
  const pathOf = (sha256: string) => join(options.dir, sha256.slice(0, 2), sha256);

  /** Checks an upload; returns what to store, or throws a ValidationError on `field`. */
  function inspect(upload: Upload | null, field: string) {
    const refuse = (key: string, params?: Record<string, unknown>) => new ValidationError({ [field]: { key, params } });
    if (!upload || !upload.fileName) throw refuse('plan.fileMissing');
    const maxMb = Math.round(options.maxBytes / 1024 / 1024);
    if (upload.truncated || upload.data.length > options.maxBytes) throw refuse('plan.fileTooLarge', { n: maxMb });
    if (!upload.data.length) throw refuse('plan.fileEmpty');
    const kind = sniff(upload.data);
    if (!kind) throw refuse('plan.fileType');
    if (kind === 'docx' || kind === 'xlsx') {
      // A zip bomb: refused on what its directory declares, and on what it really inflates to.
      const unzipLimit = Math.max(options.maxBytes * UNZIP_RATIO, MIN_UNZIP_LIMIT);
      const problem = checkZip(upload.data, unzipLimit);
      if (problem?.kind === 'tooLarge') throw refuse('plan.fileUnzipsTooLarge', { n: Math.round(unzipLimit / 1024 / 1024) });
      if (problem) throw refuse('plan.fileType');
    }
    const type = attachmentTypes[kind];
    const name = cleanFileName(upload.fileName) || `file.${type.extensions[0]}`;
    const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
    // A file that says it is something else (a PNG named .pdf, a PDF declared as an image) is refused.
    if (!type.extensions.includes(extension)) throw refuse('plan.fileLies');
    const declared = upload.declaredType.toLowerCase().split(';')[0]!.trim();
    const known = Object.values(attachmentTypes).map((t) => t.mime);
    if (known.includes(declared) && declared !== type.mime) throw refuse('plan.fileLies');
    return { kind, mime: type.mime, name, sha256: createHash('sha256').update(upload.data).digest('hex') };
  }

  /**
   * Stores an upload for a record and links it in the same transaction (`link`). The file is
   * written first (atomically, by rename) and removed again if the database refuses.
   */
  function store(actor: Actor, entityType: string, entityId: number, upload: Upload | null, field: string, link: (tx: DbOrTx, attachmentId: number) => void): number {
    const file = inspect(upload, field);
    const path = pathOf(file.sha256);
    const isNew = !existsSync(path);
    if (isNew) {
      mkdirSync(join(options.dir, file.sha256.slice(0, 2)), { recursive: true });
      writeDurably(path, upload!.data);
    }
    try {
      return db.transaction((tx) => {
        const row = tx
          .insert(attachments)
          .values({ sha256: file.sha256, originalName: file.name, mimeType: file.mime, size: upload!.data.length, entityType, entityId, uploadedBy: actor.userId, uploadedAt: nowOf(tx) })
          .returning()
          .get();
        appendAudit(tx, actor, { action: 'create', entityType: 'attachment', entityId: row.id, after: row });
        link(tx, row.id);
        return row.id;
      });
    } catch (error) {
      const stillUsed = db.select({ id: attachments.id }).from(attachments).where(eq(attachments.sha256, file.sha256)).get();
      if (isNew && !stillUsed && existsSync(path)) unlinkSync(path);
      throw error;
    }
  }

  function get(id: number) {
    return db.select().from(attachments).where(eq(attachments.id, id)).get() ?? null;
  }

  function listFor(entityType: string, entityId: number) {
    return db
      .select()
      .from(attachments)
      .where(and(eq(attachments.entityType, entityType), eq(attachments.entityId, entityId)))
      .orderBy(desc(attachments.id))
      .all();
  }

  /** Registers who may download the attachments of a kind of record. */
  function registerReader(entityType: string, reader: Reader) {
    readers.set(entityType, reader);
  }

  /** The attachment and its file path, if `user` may read the record it belongs to. */
  function open(user: SessionUser, id: number) {
    const row = get(id);
    if (!row) throw new HttpError(404, 'not_found', 'error.notFound.body');
    const reader = readers.get(row.entityType);
    if (!reader || !reader(user, row.entityId)) throw new HttpError(403, 'forbidden', 'auth.forbidden.body');
    const path = pathOf(row.sha256);
    if (!existsSync(path)) throw new HttpError(404, 'not_found', 'plan.fileGone');
    return { row, path, extension: Object.values(attachmentTypes).find((t) => t.mime === row.mimeType)?.extensions[0] ?? 'bin' };
  }

  /**
   * Removes what an interrupted upload left: temporary files, and files that no row names (the
   * server stopped between writing the file and committing its row). Run at start, before any
   * upload. Returns the names removed.
   */
  function sweepOrphans(): string[] {
    if (!existsSync(options.dir)) return [];
    const stored = new Set(db.selectDistinct({ sha256: attachments.sha256 }).from(attachments).all().map((r) => r.sha256));
    const known = (sha256: string) => stored.has(sha256);
    const removed: string[] = [];
    for (const folder of readdirSync(options.dir, { withFileTypes: true })) {
      if (!folder.isDirectory() || !/^[0-9a-f]{2}$/.test(folder.name)) continue;
      for (const name of readdirSync(join(options.dir, folder.name))) {
        const orphan = name.endsWith(PART_SUFFIX) || (/^[0-9a-f]{64}$/.test(name) && !known(name));
        if (!orphan) continue;
        rmSync(join(options.dir, folder.name, name), { force: true });
        removed.push(name);
      }
    }
    return removed;
  }

  return { inspect, store, get, listFor, registerReader, open, pathOf, sweepOrphans, maxBytes: options.maxBytes };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;

// Backups: a consistent copy of the database (SQLite's online backup, safe while the server
// writes) with exactly the attachment files its rows name, made in `<target>.partial` and renamed
// when complete, so a half-made backup never looks like one. Verification before a restore: the
// copy's integrity, its audit chain, and every attachment present with the content its hash says.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { openDb, type Db } from '../../db/client.js';
import type { Config } from '../config.js';
import { plusDays } from '../dates.js';
import { attachAuditKey, describeAuditFailure, verifyAudit } from './audit.js';

export const BACKUP_DB = 'tracker.db';
export const DAILY_PREFIX = 'daily-';

/** The data folder: DATA_DIR, or the database's folder. */
export const dataDirOf = (config: Pick<Config, 'DATA_DIR' | 'DATABASE_PATH'>) => resolve(config.DATA_DIR ?? dirname(config.DATABASE_PATH));
export const backupsDirOf = (config: Pick<Config, 'DATA_DIR' | 'DATABASE_PATH'>) => join(dataDirOf(config), 'backups');

const attachmentPath = (root: string, sha256: string) => join(root, sha256.slice(0, 2), sha256);

export interface BackupSummary {
  target: string;
  attachments: number;
  /** Attachments the database names whose file was missing from the data folder. */
  missing: number;
  bytes: number;
}

/** Copies the database online and the attachments it names into `target` (which must not exist). */
export async function takeBackup(db: Db, options: { attachmentsDir: string; target: string }): Promise<BackupSummary> {
  const target = resolve(options.target);
  if (existsSync(target)) throw new Error(`${target} already exists`);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const file = join(partial, BACKUP_DB);
    await db.$client.backup(file);
    // One self-contained file: the copy leaves WAL mode.
    const copy = new Database(file);
    let hashes: string[];
    try {
      copy.pragma('journal_mode = DELETE');
      hashes = copy.prepare('SELECT DISTINCT sha256 FROM attachments').pluck().all() as string[];
    } finally {
      copy.close();
    }
    let missing = 0;
    for (const sha256 of hashes) {
      const from = attachmentPath(options.attachmentsDir, sha256);
      if (!existsSync(from)) {
        missing++;
        continue;
      }
      const to = attachmentPath(join(partial, 'attachments'), sha256);
      mkdirSync(dirname(to), { recursive: true });
      await copyFile(from, to);
    }
    const bytes = statSync(file).size;
    writeFileSync(join(partial, 'manifest.json'), JSON.stringify({ takenAt: new Date().toISOString(), database: BACKUP_DB, attachments: hashes.length - missing, missing }, null, 2));
    renameSync(partial, target);
    return { target, attachments: hashes.length - missing, missing, bytes };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

function sha256Of(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

export interface BackupCheck {
  ok: boolean;
  problems: string[];
  auditEntries: number;
  attachments: number;
}

/**
 * Checks a backup folder before anything is replaced with it. The audit chain is checked with the
 * audit key (kept apart from the backups): without it the chain cannot be proven and that is a problem.
 */
export async function verifyBackup(dir: string, auditKey: Buffer | null): Promise<BackupCheck> {
  const problems: string[] = [];
  const file = join(dir, BACKUP_DB);
  const result = (auditEntries = 0, attachments = 0): BackupCheck => ({ ok: problems.length === 0, problems, auditEntries, attachments });
  if (!existsSync(file)) {
    problems.push(`${file} is missing`);
    return result();
  }
  let db: Db;
  try {
    db = openDb(file, { readonly: true, variable: 'the backup' });
  } catch (error) {
    problems.push((error as Error).message);
    return result();
  }
  try {
    const integrity = db.$client.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
      problems.push(`integrity check failed: ${integrity.slice(0, 3).map((r) => r.integrity_check).join('; ')}`);
      return result();
    }
    const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    if (!tables.includes('__drizzle_migrations') || !tables.includes('attachments')) {
      problems.push('the file is not a tracker database');
      return result();
    }
    if (auditKey) attachAuditKey(db, auditKey);
    const audit = verifyAudit(db);
    if (!audit.ok) {
      const first = audit.failures[0];
      problems.push(`audit chain ${audit.brokenAt === null ? 'not proven' : `broken at entry ${audit.brokenAt}`}: ${first ? describeAuditFailure(first, 'en') : audit.reason}`);
    }
    const hashes = db.$client.prepare('SELECT DISTINCT sha256 FROM attachments').pluck().all() as string[];
    let present = 0;
    for (const sha256 of hashes) {
      const path = attachmentPath(join(dir, 'attachments'), sha256);
      if (!existsSync(path)) problems.push(`attachment ${sha256} is missing`);
      else if ((await sha256Of(path)) !== sha256) problems.push(`attachment ${sha256} does not match its hash`);
      else present++;
    }
    return result(audit.checked, present);
  } finally {
    db.$client.close();
  }
}

/** Removes daily backups older than `keepDays` before `today` (0 keeps all); returns their names. */
export function pruneDailyBackups(backupsDir: string, keepDays: number, today: string): string[] {
  if (keepDays <= 0 || !existsSync(backupsDir)) return [];
  const cutoff = `${DAILY_PREFIX}${plusDays(today, -keepDays)}`;
  const removed: string[] = [];
  for (const name of readdirSync(backupsDir)) {
    if (!/^daily-\d{4}-\d{2}-\d{2}$/.test(name) || name > cutoff) continue;
    rmSync(join(backupsDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

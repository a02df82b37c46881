// The audit log (操作日志): every write, login, logout, failed login, permission change and export,
// appended in the same transaction as the change it records.
//
// The chain is anchored, so that someone who can write the database file cannot rewrite history:
// - Each entry's hash is an HMAC-SHA256 of its content and the previous entry's hash, keyed with a
//   secret kept outside the database (the key file, see audit-key.ts). Without the key nobody can
//   compute a valid hash, so an edited entry, or a chain re-computed with the public SHA-256
//   formula, no longer verifies.
// - Signed checkpoints (table audit_checkpoints) name the newest entry and how many were ever
//   written (`head`), so removing the newest entries shows; and the entry before the first kept one
//   (`start`), moved by retention pruning in the same transaction as the deletion, so removing the
//   oldest entries shows too. A new entry chains onto the signed head, never onto whatever row
//   happens to be last.
// - Databases from before the key keep their entries: those up to the `keyed` checkpoint verify
//   with the old unkeyed SHA-256, and the checkpoint pins the last of them, so they cannot be
//   re-chained either.
// Verification walks the whole chain (`npm run audit:verify`, or on demand on /admin/audit); the
// admin page checks only what was added since its last check (`verified` checkpoint) plus the
// anchors, so a view costs the same at a million entries.
import { createHash, createHmac } from 'node:crypto';
import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import { auditCheckpoints, auditLog, type auditActions, type auditCheckpointKinds } from '../../db/schema.js';
import { translate, type Locale } from '../i18n/messages.js';
import { nowOf } from './now.js';
import { pageSizeOf } from './keyset.js';

export type AuditAction = (typeof auditActions)[number];

/** Who did it and from where. */
export interface Actor {
  userId: number | null;
  username: string | null;
  ip: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  entityType?: string | null;
  entityId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** A transaction or the database itself: audit entries are written through whichever the change uses. */
export type DbOrTx = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'get' | 'all' | 'run'>;

export const GENESIS = '0'.repeat(64);

type Row = typeof auditLog.$inferSelect;
type CheckpointKind = (typeof auditCheckpointKinds)[number];
type Checkpoint = typeof auditCheckpoints.$inferSelect;

/** The SQL function through which a transaction signs with the connection's key. */
const MAC_FUNCTION = 'sgyy_audit_mac';

export class AuditKeyError extends Error {}

function contentOf(row: Omit<Row, 'id' | 'hash'>): string {
  return JSON.stringify([row.at, row.userId, row.username, row.ip, row.action, row.entityType, row.entityId, row.before, row.after, row.prevHash]);
}

/** The hash of the first version, without a key: kept for the entries written before the key. */
export const publicHash = (row: Omit<Row, 'id' | 'hash'>) => createHash('sha256').update(contentOf(row)).digest('hex');

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('hex');

/** What a checkpoint's signature covers. */
const checkpointText = (c: Pick<Checkpoint, 'kind' | 'entryId' | 'entryHash' | 'count' | 'keyId'>) =>
  JSON.stringify(['checkpoint', c.kind, c.entryId, c.entryHash, c.count, c.keyId]);

export interface AuditKey {
  key: Buffer;
  /** A fingerprint naming the key in checkpoints; the key cannot be derived from it. */
  id: string;
}

const keys = new WeakMap<Database.Database, AuditKey>();

export const keyIdOf = (key: Buffer) => hmac(key, 'sgyy-audit-key-id').slice(0, 16);

/**
 * Gives this connection the key: entries and checkpoints written through it are signed with it.
 * Anchors a log that has no checkpoints yet (a new database, or one from before the key), and
 * refuses a key other than the one the log was signed with.
 */
export function attachAuditKey(db: Db, key: Buffer): AuditKey {
  const audit: AuditKey = { key, id: keyIdOf(key) };
  db.$client.function(MAC_FUNCTION, { deterministic: true, directOnly: true }, (text: unknown) => hmac(key, String(text)));
  keys.set(db.$client, audit);
  db.transaction(
    (tx) => {
      const keyed = tx.select().from(auditCheckpoints).where(eq(auditCheckpoints.kind, 'keyed')).get();
      if (keyed) {
        if (keyed.keyId !== audit.id) {
          throw new AuditKeyError(`the audit key is not the one this audit log was signed with (key ${audit.id}, log signed with ${keyed.keyId})`);
        }
        return;
      }
      // First start with a key: what is there verifies with the old formula up to here.
      const first = tx.select().from(auditLog).orderBy(asc(auditLog.id)).limit(1).get();
      const last = tx.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
      const rows = tx.select({ n: sql<number>`count(*)` }).from(auditLog).get()?.n ?? 0;
      const at = nowOf(tx);
      const put = (kind: CheckpointKind, entryId: number, entryHash: string, count: number) => {
        const c = { kind, entryId, entryHash, count, keyId: audit.id, at };
        tx.insert(auditCheckpoints).values({ ...c, mac: hmac(key, checkpointText(c)) }).onConflictDoUpdate({ target: auditCheckpoints.kind, set: { ...c, mac: hmac(key, checkpointText(c)) } }).run();
      };
      put('start', first ? first.id - 1 : 0, first?.prevHash ?? GENESIS, 0);
      put('head', last?.id ?? 0, last?.hash ?? GENESIS, rows);
      put('keyed', last?.id ?? 0, last?.hash ?? GENESIS, rows);
    },
    { behavior: 'immediate' },
  );
  return audit;
}

export const auditKeyOf = (db: Db): AuditKey | null => keys.get(db.$client) ?? null;

/** Signs text with the key of the connection a transaction runs on. */
function sign(db: DbOrTx, text: string): string {
  try {
    const row = db.get<{ mac: string }>(sql`SELECT ${sql.raw(MAC_FUNCTION)}(${text}) AS mac`);
    return row.mac;
  } catch (error) {
    if (/no such function/.test(String((error as Error).message))) {
      throw new AuditKeyError('the audit key is not loaded on this database connection (attachAuditKey)');
    }
    throw error;
  }
}

function checkpointRow(db: DbOrTx, kind: CheckpointKind): Checkpoint | null {
  return db.select().from(auditCheckpoints).where(eq(auditCheckpoints.kind, kind)).get() ?? null;
}

function writeCheckpoint(db: DbOrTx, c: Omit<Checkpoint, 'at' | 'mac'>) {
  const row = { ...c, at: nowOf(db), mac: sign(db, checkpointText(c)) };
  db.insert(auditCheckpoints).values(row).onConflictDoUpdate({ target: auditCheckpoints.kind, set: row }).run();
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Appends one entry; call it inside the transaction of the change it records. */
export function appendAudit(db: DbOrTx, actor: Actor, entry: AuditEntry): void {
  const head = checkpointRow(db, 'head');
  if (!head) throw new AuditKeyError('the audit log has no head checkpoint: the audit key was never attached to this database');
  // A forged head would let the next entry hide a truncation: refuse to chain onto it.
  if (sign(db, checkpointText(head)) !== head.mac) throw new AuditKeyError('the audit head checkpoint is not signed with the audit key: run npm run audit:verify');
  const row = {
    at: nowOf(db),
    userId: actor.userId,
    username: actor.username,
    ip: actor.ip,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    before: json(entry.before),
    after: json(entry.after),
    prevHash: head.entryHash,
  };
  const hash = sign(db, contentOf(row));
  const id = db.insert(auditLog).values({ ...row, hash }).returning({ id: auditLog.id }).get().id;
  writeCheckpoint(db, { kind: 'head', entryId: id, entryHash: hash, count: head.count + 1, keyId: head.keyId });
}

// ---- Verification ----

/** What can be wrong, each with its own plain words (catalogue keys audit.failure.<kind>). */
export const auditFailureKinds = [
  'noKey',
  'checkpointMissing',
  'checkpointForged',
  'truncatedStart',
  'truncatedEnd',
  'headMismatch',
  'brokenLink',
  'altered',
  'rechained',
  'countMismatch',
] as const;
export type AuditFailureKind = (typeof auditFailureKinds)[number];

export interface AuditFailure {
  kind: AuditFailureKind;
  /** The entry concerned, when there is one. */
  entryId: number | null;
  params: Record<string, string | number>;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries in the log that are known good (all of them when ok). */
  checked: number;
  /** Entries read by this verification (the incremental one reads only the new ones). */
  walked: number;
  /** The first entry found wrong, and the words for its failure (a catalogue key). */
  brokenAt: number | null;
  reason: string | null;
  failures: AuditFailure[];
  /** Failures beyond those listed. */
  moreFailures: number;
}

const MAX_LISTED_FAILURES = 20;

function rowOf(raw: Record<string, unknown>): Row {
  return {
    id: raw.id as number,
    at: raw.at as string,
    userId: raw.user_id as number | null,
    username: raw.username as string | null,
    ip: raw.ip as string | null,
    action: raw.action as AuditAction,
    entityType: raw.entity_type as string | null,
    entityId: raw.entity_id as number | null,
    before: raw.before as string | null,
    after: raw.after as string | null,
    prevHash: raw.prev_hash as string,
    hash: raw.hash as string,
  };
}

/**
 * Checks the chain: the signed checkpoints, every entry's hash and link, that the kept entries
 * begin where the start checkpoint says and end at the signed head, and their count. `from`
 * resumes after a known-good entry (incremental); the anchors are checked either way.
 */
function verifyChain(db: Db, options: { incremental: boolean }): VerifyResult {
  const failures: AuditFailure[] = [];
  let more = 0;
  const fail = (kind: AuditFailureKind, entryId: number | null, params: Record<string, string | number> = {}) => {
    if (failures.length < MAX_LISTED_FAILURES) failures.push({ kind, entryId, params });
    else more++;
  };
  const audit = auditKeyOf(db);
  const checkpoints = new Map<CheckpointKind, Checkpoint>();
  for (const c of db.select().from(auditCheckpoints).all()) checkpoints.set(c.kind, c);
  if (!audit) fail('noKey', null);
  for (const kind of ['head', 'start', 'keyed'] as const) {
    const c = checkpoints.get(kind);
    if (!c) fail('checkpointMissing', null, { checkpoint: kind });
    else if (audit && hmac(audit.key, checkpointText(c)) !== c.mac) {
      fail('checkpointForged', c.entryId, { checkpoint: kind });
      checkpoints.delete(kind);
    }
  }
  const head = checkpoints.get('head') ?? null;
  const start = checkpoints.get('start') ?? null;
  const keyed = checkpoints.get('keyed') ?? null;
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).get()?.n ?? 0;

  // Where to begin: after the last entry the admin page found good, if it is still as it was.
  let resume: Checkpoint | null = null;
  if (options.incremental && audit) {
    const v = checkpoints.get('verified');
    if (v && hmac(audit.key, checkpointText(v)) === v.mac) {
      const still = db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, v.entryId)).get();
      if (still?.hash === v.entryHash) resume = v;
    }
  }

  const first = db.select().from(auditLog).orderBy(asc(auditLog.id)).limit(1).get();
  if (start && first && first.prevHash !== start.entryHash) {
    fail('truncatedStart', first.id, { id: first.id, expected: start.entryId + 1 });
  }

  let previous: Row | null = null;
  let previousHash = resume ? resume.entryHash : null;
  let checked = resume ? resume.count : 0;
  let walked = 0;
  let lastGood: { id: number; hash: string } | null = resume ? { id: resume.entryId, hash: resume.entryHash } : null;
  let clean = true;
  const statement = db.$client.prepare('SELECT * FROM audit_log WHERE id > ? ORDER BY id');
  for (const raw of statement.iterate(resume ? resume.entryId : -1) as Iterable<Record<string, unknown>>) {
    const row = rowOf(raw);
    walked++;
    const before = failures.length + more;
    if (previousHash !== null && row.prevHash !== previousHash) {
      fail('brokenLink', row.id, { id: row.id, previous: previous?.id ?? resume?.entryId ?? 0 });
    }
    const { id: _id, hash, ...content } = row;
    // Entries from before the key (and, with no key nor checkpoints at all, every entry) use the public formula.
    const legacy = keyed ? row.id <= keyed.entryId : !audit;
    if (legacy) {
      if (publicHash(content) !== hash) fail('altered', row.id, { id: row.id });
      else if (keyed && row.id === keyed.entryId && hash !== keyed.entryHash) fail('rechained', row.id, { id: row.id });
    } else if (audit && hmac(audit.key, contentOf(content)) !== hash) {
      fail(publicHash(content) === hash ? 'rechained' : 'altered', row.id, { id: row.id });
    }
    if (failures.length + more === before && clean) {
      checked++;
      lastGood = { id: row.id, hash };
    } else {
      clean = false;
    }
    previousHash = hash;
    previous = row;
  }

  const last = previous ?? (resume ? { id: resume.entryId, hash: resume.entryHash } : null);
  if (head) {
    if (!last && head.count - (start?.count ?? 0) > 0) fail('truncatedEnd', null, { id: 0, expected: head.entryId });
    else if (last && (last.id !== head.entryId || last.hash !== head.entryHash)) {
      fail(last.id < head.entryId ? 'truncatedEnd' : 'headMismatch', last.id, { id: last.id, expected: head.entryId });
    }
    if (start && total !== head.count - start.count) fail('countMismatch', null, { found: total, expected: head.count - start.count });
  }

  const ok = failures.length === 0;
  if (ok && audit && lastGood && (!resume || lastGood.id !== resume.entryId)) {
    // Only a shortcut for the next check: a database that cannot write now is no reason to fail.
    try {
      db.transaction((tx) => writeCheckpoint(tx, { kind: 'verified', entryId: lastGood!.id, entryHash: lastGood!.hash, count: checked, keyId: audit.id }));
    } catch {
      // The next check starts from the previous checkpoint.
    }
  }
  const firstFailure = failures.find((f) => f.entryId !== null) ?? failures[0] ?? null;
  return {
    ok,
    checked: ok ? total : checked,
    walked,
    brokenAt: firstFailure?.entryId ?? null,
    reason: firstFailure ? `audit.failure.${firstFailure.kind}` : null,
    failures,
    moreFailures: more,
  };
}

/** A failure in the user's words: "第 3 条的内容与其哈希不符（记录被改动）". */
export function describeAuditFailure(failure: AuditFailure, locale: Locale): string {
  const params: Record<string, unknown> = { ...failure.params };
  if (typeof params.checkpoint === 'string') params.checkpoint = translate(locale, `auditCheckpoint.${params.checkpoint}`);
  return translate(locale, `audit.failure.${failure.kind}`, params);
}

/** Walks the whole chain from the first kept entry (older ones may have been pruned by retention). */
export function verifyAudit(db: Db): VerifyResult {
  return verifyChain(db, { incremental: false });
}

export interface AuditFilter {
  action?: AuditAction;
  entityType?: string;
  entityId?: number;
  userId?: number;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export function createAuditService(db: Db) {
  function where(filter: AuditFilter): SQL | undefined {
    return and(
      filter.action ? eq(auditLog.action, filter.action) : undefined,
      filter.entityType ? eq(auditLog.entityType, filter.entityType) : undefined,
      filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined,
      filter.userId ? eq(auditLog.userId, filter.userId) : undefined,
      filter.from ? gte(auditLog.at, filter.from) : undefined,
      filter.to ? lte(auditLog.at, `${filter.to}\uffff`) : undefined,
    );
  }

  return {
    /** An entry on its own (an export): in its own transaction, so the chain's link holds. */
    append: (actor: Actor, entry: AuditEntry) => db.transaction((tx) => appendAudit(tx, actor, entry)),
    /** The whole chain, entry by entry. */
    verify: () => verifyAudit(db),
    /** The anchors, the count and the entries added since the last check that held. */
    verifyRecent: () => verifyChain(db, { incremental: true }),

    list(filter: AuditFilter = {}) {
      const pageSize = pageSizeOf(filter.pageSize, 50, 500);
      const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where(filter)).get()?.n ?? 0;
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const page = Math.min(Math.max(filter.page ?? 1, 1), pages);
      const rows = db
        .select()
        .from(auditLog)
        .where(where(filter))
        .orderBy(desc(auditLog.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all();
      return { rows, total, page, pages, pageSize };
    },

    /** Every matching entry, oldest first, for export. */
    *iterate(filter: AuditFilter = {}) {
      let after = 0;
      for (;;) {
        const batch = db.select().from(auditLog).where(and(where(filter), sql`${auditLog.id} > ${after}`)).orderBy(asc(auditLog.id)).limit(1000).all();
        if (!batch.length) return;
        yield* batch;
        after = batch.at(-1)!.id;
      }
    },

    /** History of one record: who changed what and when. */
    /** A record's newest entries, at most `limit` (read through the entity index, never the whole history). */
    historyOf(entityType: string, entityId: number, limit: number) {
      return db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
        .orderBy(desc(auditLog.id))
        .limit(limit)
        .all();
    },

    /**
     * Removes the entries older than the retention period (never younger than 180 days: a
     * trigger forbids it), oldest first and without gaps, and moves the signed start checkpoint to
     * the last entry removed in the same transaction: the kept chain still proves where it begins.
     */
    prune(retentionDays: number, now = Date.parse(nowOf(db))): number {
      const cutoff = new Date(now - retentionDays * 86_400_000).toISOString();
      return db.transaction(
        (tx) => {
          const firstKept = tx.select({ id: auditLog.id }).from(auditLog).where(gte(auditLog.at, cutoff)).orderBy(asc(auditLog.id)).limit(1).get();
          const lastRemoved = tx
            .select({ id: auditLog.id, hash: auditLog.hash })
            .from(auditLog)
            .where(firstKept ? lt(auditLog.id, firstKept.id) : undefined)
            .orderBy(desc(auditLog.id))
            .limit(1)
            .get();
          if (!lastRemoved) return 0;
          const start = checkpointRow(tx, 'start');
          if (!start) throw new AuditKeyError('the audit log has no start checkpoint: the audit key was never attached to this database');
          const removed = tx.delete(auditLog).where(lte(auditLog.id, lastRemoved.id)).run().changes;
          writeCheckpoint(tx, { kind: 'start', entryId: lastRemoved.id, entryHash: lastRemoved.hash, count: start.count + removed, keyId: start.keyId });
          const verified = checkpointRow(tx, 'verified');
          if (verified && verified.entryId <= lastRemoved.id) tx.delete(auditCheckpoints).where(eq(auditCheckpoints.kind, 'verified')).run();
          return removed;
        },
        { behavior: 'immediate' },
      );
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

// The audit log (操作日志): every write, login, logout, failed login, permission change and export,
// appended in the same transaction as the change it records. Each entry's hash covers its content
// and the previous entry's hash, so any edit or deletion inside the chain breaks it.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, type auditActions } from '../../db/schema.js';

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

function hashOf(row: Omit<Row, 'id' | 'hash'>): string {
  const content = JSON.stringify([
    row.at,
    row.userId,
    row.username,
    row.ip,
    row.action,
    row.entityType,
    row.entityId,
    row.before,
    row.after,
    row.prevHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Appends one entry; call it inside the transaction of the change it records. */
export function appendAudit(db: DbOrTx, actor: Actor, entry: AuditEntry): void {
  const last = db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  const row = {
    at: new Date().toISOString(),
    userId: actor.userId,
    username: actor.username,
    ip: actor.ip,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    before: json(entry.before),
    after: json(entry.after),
    prevHash: last?.hash ?? GENESIS,
  };
  db.insert(auditLog).values({ ...row, hash: hashOf(row) }).run();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt: number | null;
  reason: string | null;
}

/** Walks the chain from the first kept entry (older ones may have been pruned by retention). */
export function verifyAudit(db: Db): VerifyResult {
  let previous: string | null = null;
  let checked = 0;
  for (const row of db.$client.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as Iterable<Record<string, unknown>>) {
    const entry: Row = {
      id: row.id as number,
      at: row.at as string,
      userId: row.user_id as number | null,
      username: row.username as string | null,
      ip: row.ip as string | null,
      action: row.action as AuditAction,
      entityType: row.entity_type as string | null,
      entityId: row.entity_id as number | null,
      before: row.before as string | null,
      after: row.after as string | null,
      prevHash: row.prev_hash as string,
      hash: row.hash as string,
    };
    if (previous !== null && entry.prevHash !== previous) {
      return { ok: false, checked, brokenAt: entry.id, reason: 'link to the previous entry does not match (an entry was removed or changed)' };
    }
    const { id: _id, hash, ...content } = entry;
    if (hashOf(content) !== hash) {
      return { ok: false, checked, brokenAt: entry.id, reason: 'content does not match its hash (the entry was altered)' };
    }
    previous = hash;
    checked++;
  }
  return { ok: true, checked, brokenAt: null, reason: null };
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
    verify: () => verifyAudit(db),

    list(filter: AuditFilter = {}) {
      const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 500);
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

    /** Removes entries older than the retention period (never younger than 180 days: a trigger forbids it). */
    prune(retentionDays: number): number {
      const cutoff = new Date(Date.now() - retentionDays * 86_400_000).toISOString();
      return db.transaction((tx) => tx.delete(auditLog).where(lt(auditLog.at, cutoff)).run().changes);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

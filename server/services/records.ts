// Versioned writes with their audit entries, shared by every editable record. Each update names
// the version it was based on: if the record moved on meanwhile, the write is refused (409) with
// the current record, so nobody's change is silently overwritten.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { HttpError } from '../http-errors.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { nowOf } from './now.js';

/** A table with an integer id and a version column. */
export type VersionedTable = SQLiteTable & { id: SQLiteColumn; version: SQLiteColumn };

/** Saving over a newer version: carries the record as it is now. */
export class ConflictError extends HttpError {
  constructor(readonly current: Record<string, unknown>) {
    super(409, 'conflict', 'edit.conflict');
  }
}

export const notFoundRecord = () => new HttpError(404, 'not_found', 'error.notFound.body');

type Values = Record<string, unknown>;

/** Only the fields that change, before and after, for the audit entry. */
export function changedFields(before: Values, after: Values): { before: Values; after: Values } {
  const b: Values = {};
  const a: Values = {};
  for (const [key, value] of Object.entries(after)) {
    if (key === 'updatedAt' || key === 'version') continue;
    const old = before[key];
    const same = old instanceof Object || value instanceof Object ? JSON.stringify(old) === JSON.stringify(value) : old === value;
    if (!same) {
      b[key] = old ?? null;
      a[key] = value ?? null;
    }
  }
  return { before: b, after: a };
}

export function readRecord<T extends VersionedTable>(db: DbOrTx, table: T, id: number): Values | undefined {
  return db.select().from(table as SQLiteTable).where(eq(table.id, id)).get() as Values | undefined;
}

export function insertRecord<T extends VersionedTable>(tx: DbOrTx, table: T, values: Values, actor: Actor, entityType: string): number {
  const now = nowOf(tx);
  const has = (column: string) => column in (table as unknown as Record<string, unknown>);
  const stamped = { ...(has('createdAt') ? { createdAt: now } : {}), ...(has('updatedAt') ? { updatedAt: now } : {}), ...values };
  const row = tx.insert(table as SQLiteTable).values(stamped as never).returning().get() as Values;
  appendAudit(tx, actor, { action: 'create', entityType, entityId: row.id as number, after: row });
  return row.id as number;
}

/**
 * Updates a record if it is still at `expectedVersion`, bumping the version; audits the fields
 * that changed. Returns the record after the change.
 */
export function updateRecord<T extends VersionedTable>(
  tx: DbOrTx,
  table: T,
  id: number,
  expectedVersion: number,
  changes: Values,
  actor: Actor,
  entityType: string,
): Values {
  const before = readRecord(tx, table, id);
  if (!before) throw notFoundRecord();
  if (before.version !== expectedVersion) throw new ConflictError(before);
  const stamp = 'updatedAt' in (table as unknown as Record<string, unknown>) ? { updatedAt: nowOf(tx) } : {};
  const after = tx
    .update(table as SQLiteTable)
    .set({ ...changes, ...stamp, version: sql`${table.version} + 1` } as never)
    .where(eq(table.id, id))
    .returning()
    .get() as Values;
  const diff = changedFields(before, after);
  appendAudit(tx, actor, { action: 'update', entityType, entityId: id, ...diff });
  return after;
}

/** Deletes a record at the expected version; audits what it held. */
export function deleteRecord<T extends VersionedTable>(tx: DbOrTx, table: T, id: number, expectedVersion: number | null, actor: Actor, entityType: string) {
  const before = readRecord(tx, table, id);
  if (!before) throw notFoundRecord();
  if (expectedVersion !== null && before.version !== expectedVersion) throw new ConflictError(before);
  tx.delete(table as SQLiteTable).where(eq(table.id, id)).run();
  appendAudit(tx, actor, { action: 'delete', entityType, entityId: id, before });
}

/** One page of a table's rows for the API: filters are equality on columns. */
export function pageOf<T extends VersionedTable>(
  db: DbOrTx,
  table: T,
  filter: Record<string, unknown>,
  page: number,
  pageSize: number,
): { rows: Values[]; total: number; page: number; pageSize: number } {
  const columns = table as unknown as Record<string, SQLiteColumn>;
  const conditions = Object.entries(filter)
    .filter(([key, value]) => value !== undefined && value !== null && key in columns)
    .map(([key, value]) => eq(columns[key]!, value));
  const where = conditions.length ? and(...conditions) : undefined;
  const total = (db.select({ n: count() }).from(table as SQLiteTable).where(where).get() as { n: number } | undefined)?.n ?? 0;
  const rows = db
    .select()
    .from(table as SQLiteTable)
    .where(where)
    .orderBy(asc(table.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all() as Values[];
  return { rows, total, page, pageSize };
}

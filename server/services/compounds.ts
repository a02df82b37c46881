// Compounds (职工家属区): an enterprise's family compounds with their figures. A compound's
// enterprise may change only while no handover refers to it (the handovers would point at
// another enterprise's compound otherwise).
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { compounds, enterprises, handovers } from '../../db/schema.js';
import { decimal, flag, int, line, note, parseInput, ref, ValidationError, versionField, type FieldErrors } from '../forms.js';
import type { Actor, DbOrTx } from './audit.js';
import { ConflictError, deleteRecord, insertRecord, notFoundRecord, readRecord, updateRecord } from './records.js';

/** A compound as forms and the API write it (GLOSSARY names). */
export const compoundInput = z.object({
  enterpriseId: ref(),
  name: line(100),
  address: note(200),
  street: note(100),
  community: note(100),
  buildings: int(0, 100_000),
  floorArea: decimal(0, 100_000_000),
  households: int(0, 10_000_000),
  waterCustomers: int(0, 10_000_000),
  isSample: flag(),
});
export const compoundPatch = compoundInput.partial().extend({ version: versionField() });

type CompoundRow = typeof compounds.$inferSelect;
type CompoundValues = z.infer<typeof compoundInput>;

export function createCompoundService(db: Db) {
  function check(tx: DbOrTx, values: CompoundValues, id: number | null, before: CompoundRow | null) {
    const errors: FieldErrors = {};
    if (!tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, values.enterpriseId)).get()) {
      errors.enterpriseId = { key: 'plan.reference' };
    } else {
      const same = tx
        .select({ id: compounds.id })
        .from(compounds)
        .where(and(eq(compounds.enterpriseId, values.enterpriseId), eq(compounds.name, values.name), id === null ? undefined : sql`${compounds.id} <> ${id}`))
        .get();
      if (same) errors.name = { key: 'plan.compoundExists' };
    }
    if (before && before.enterpriseId !== values.enterpriseId) {
      const used = tx.select({ n: sql<number>`count(*)` }).from(handovers).where(eq(handovers.compoundId, before.id)).get()?.n ?? 0;
      if (used) errors.enterpriseId = { key: 'plan.compoundHasHandovers' };
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }

  function create(actor: Actor, input: unknown): number {
    const values = parseInput(compoundInput, input);
    return db.transaction((tx) => {
      check(tx, values, null, null);
      return insertRecord(tx, compounds, values, actor, 'compound');
    });
  }

  function update(actor: Actor, id: number, input: unknown) {
    const { version, ...patch } = parseInput(compoundPatch, input);
    return db.transaction((tx) => {
      const before = readRecord(tx, compounds, id) as CompoundRow | undefined;
      if (!before) throw notFoundRecord();
      if (before.version !== version) throw new ConflictError(before);
      const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...current } = before;
      const merged = { ...current, ...patch };
      check(tx, merged, id, before);
      return updateRecord(tx, compounds, id, version, merged, actor, 'compound');
    });
  }

  function remove(actor: Actor, id: number, version: number) {
    db.transaction((tx) => deleteRecord(tx, compounds, id, version, actor, 'compound'));
  }

  function record(id: number) {
    return db.select().from(compounds).where(eq(compounds.id, id)).get() ?? null;
  }

  /** Compounds for a select, labelled with their enterprise (one enterprise's when given). */
  function options(enterpriseId?: number | null) {
    return db
      .select({ id: compounds.id, name: compounds.name, enterpriseId: compounds.enterpriseId, enterpriseName: enterprises.shortName })
      .from(compounds)
      .innerJoin(enterprises, eq(enterprises.id, compounds.enterpriseId))
      .where(enterpriseId ? eq(compounds.enterpriseId, enterpriseId) : undefined)
      .orderBy(asc(enterprises.id), asc(compounds.id))
      .all();
  }

  /** Every enterprise for a select, in the order of the enterprise list. */
  function enterpriseOptions() {
    return db
      .select({ id: enterprises.id, shortName: enterprises.shortName })
      .from(enterprises)
      .orderBy(sql`CASE ${enterprises.level} WHEN 'central' THEN 1 WHEN 'provincial' THEN 2 WHEN 'municipal' THEN 3 ELSE 4 END`, asc(enterprises.id))
      .all();
  }

  return { create, update, remove, record, options, enterpriseOptions };
}

export type CompoundService = ReturnType<typeof createCompoundService>;

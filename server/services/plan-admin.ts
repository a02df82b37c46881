// The office's reference lists: documents issued (已出台文件) and the policy deadlines the dashboard
// counts down to (政策时限). Documents carry a version like every editable record; the policy
// deadlines table has none, so its "version" is a fingerprint of the row's content: a save based
// on a row that has changed meanwhile is refused the same way (409).
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { documents, documentStatuses, groups, policyDeadlines } from '../../db/schema.js';
import { day, enumOf, flag, int, line, note, optionalDay, optionalRef, parseInput, ValidationError, versionField } from '../forms.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { ConflictError, changedFields, deleteRecord, insertRecord, notFoundRecord, updateRecord } from './records.js';

export const documentInput = z.object({
  title: line(200),
  docNumber: note(100),
  issuer: note(200),
  groupId: optionalRef(),
  status: enumOf(documentStatuses),
  issuedOn: optionalDay(),
  summary: note(2000),
  isSample: flag(),
});
export const documentPatch = documentInput.partial().extend({ version: versionField() });

export const policyDeadlineInput = z.object({
  name: line(100),
  nameEn: note(100),
  dueDate: day(),
  basis: note(2000),
  sortOrder: int(0, 10_000),
});
export const policyDeadlinePatch = policyDeadlineInput.partial().extend({ version: versionField() });

type DeadlineRow = typeof policyDeadlines.$inferSelect;

/** A positive whole number that changes whenever the row's content does. */
export function fingerprint(row: DeadlineRow): number {
  const digest = createHash('sha256').update(JSON.stringify([row.name, row.nameEn, row.dueDate, row.basis, row.sortOrder])).digest();
  return digest.readUInt32BE(0) + 1;
}

export function createPlanAdminService(db: Db) {
  const checkGroup = (tx: DbOrTx, groupId: number | null) => {
    if (groupId !== null && !tx.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId)).get()) {
      throw new ValidationError({ groupId: { key: 'plan.reference' } });
    }
  };

  const documentService = {
    record: (id: number) => db.select().from(documents).where(eq(documents.id, id)).get() ?? null,
    create(actor: Actor, input: unknown): number {
      const values = parseInput(documentInput, input);
      return db.transaction((tx) => {
        checkGroup(tx, values.groupId);
        return insertRecord(tx, documents, values, actor, 'document');
      });
    },
    update(actor: Actor, id: number, input: unknown) {
      const { version, ...values } = parseInput(documentPatch, input);
      return db.transaction((tx) => {
        if (values.groupId !== undefined) checkGroup(tx, values.groupId);
        return updateRecord(tx, documents, id, version, values, actor, 'document');
      });
    },
    remove(actor: Actor, id: number, version: number) {
      db.transaction((tx) => deleteRecord(tx, documents, id, version, actor, 'document'));
    },
    /** Links an uploaded file to the document (inside the upload's transaction). */
    setAttachment(tx: DbOrTx, actor: Actor, id: number, attachmentId: number) {
      const row = tx.select().from(documents).where(eq(documents.id, id)).get();
      if (!row) throw notFoundRecord();
      updateRecord(tx, documents, id, row.version, { attachmentId }, actor, 'document');
    },
  };

  const withVersion = (row: DeadlineRow) => ({ ...row, version: fingerprint(row) });

  const deadlineService = {
    list: () => db.select().from(policyDeadlines).orderBy(asc(policyDeadlines.sortOrder), asc(policyDeadlines.dueDate)).all().map(withVersion),
    record(id: number) {
      const row = db.select().from(policyDeadlines).where(eq(policyDeadlines.id, id)).get();
      return row ? withVersion(row) : null;
    },
    create(actor: Actor, input: unknown): number {
      const values = parseInput(policyDeadlineInput, input);
      return db.transaction((tx) => {
        const row = tx.insert(policyDeadlines).values(values).returning().get();
        appendAudit(tx, actor, { action: 'create', entityType: 'policyDeadline', entityId: row.id, after: row });
        return row.id;
      });
    },
    update(actor: Actor, id: number, input: unknown) {
      const { version, ...values } = parseInput(policyDeadlinePatch, input);
      return db.transaction((tx) => {
        const before = tx.select().from(policyDeadlines).where(eq(policyDeadlines.id, id)).get();
        if (!before) throw notFoundRecord();
        if (fingerprint(before) !== version) throw new ConflictError(withVersion(before));
        const after = tx.update(policyDeadlines).set(values).where(eq(policyDeadlines.id, id)).returning().get();
        appendAudit(tx, actor, { action: 'update', entityType: 'policyDeadline', entityId: id, ...changedFields(before, after) });
        return withVersion(after);
      });
    },
    remove(actor: Actor, id: number, version: number) {
      db.transaction((tx) => {
        const before = tx.select().from(policyDeadlines).where(eq(policyDeadlines.id, id)).get();
        if (!before) throw notFoundRecord();
        if (fingerprint(before) !== version) throw new ConflictError(withVersion(before));
        tx.delete(policyDeadlines).where(eq(policyDeadlines.id, id)).run();
        appendAudit(tx, actor, { action: 'delete', entityType: 'policyDeadline', entityId: id, before });
      });
    },
  };

  return { documents: documentService, deadlines: deadlineService };
}

export type PlanAdminService = ReturnType<typeof createPlanAdminService>;

// Agreements (协议): framework, implementation and supplementary, with the handovers each covers.
//
// Rules chosen here:
// - Status flow 起草 → 协商 → 已签订 → 履行中 → 已完结: any step forward; a step back needs a reason
//   (statusReason), kept in the audit entry. From 已签订 on, the signed date is required (the
//   database requires it too) and may not be later than today.
// - The handovers covered must be the agreement's enterprise's.
// - Saving an implementation (or framework) agreement as signed with `completeStages` marks the
//   'implementation' ('framework') stage of each covered handover done on the signed date, in the
//   same transaction; stages already done keep their date.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import {
  agreementHandovers,
  agreementKinds,
  agreementStatuses,
  agreements,
  compounds,
  enterprises,
  groups,
  handovers,
  type AgreementKind,
  type AgreementStatus,
  type EnterpriseLevel,
  type ServiceLine,
  type Stage,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { enumOf, flag, line, note, optionalDay, optionalInt, optionalRef, parseInput, ref, refList, ValidationError, versionField, type FieldErrors } from '../forms.js';
import { firstDayOf, lastDayOf } from './figures.js';
import { keysetPage, pageSizeOf } from './keyset.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import type { HandoverService } from './handovers.js';
import { ConflictError, deleteRecord, insertRecord, notFoundRecord, readRecord, updateRecord } from './records.js';

/** An agreement as forms and the API write it (GLOSSARY names); handoverIds are the handovers it covers. */
export const agreementInput = z.object({
  kind: enumOf(agreementKinds),
  enterpriseId: ref(),
  parentAgreementId: optionalRef(),
  title: line(200),
  number: note(100),
  partyA: note(200),
  partyB: note(200),
  status: enumOf(agreementStatuses),
  signedOn: optionalDay(),
  cutoffDate: optionalDay(),
  standard: note(2000),
  timeframe: note(2000),
  method: note(2000),
  scope: note(2000),
  /** 元 */
  amount: optionalInt(0, 1_000_000_000_000),
  groupId: optionalRef(),
  handoverIds: refList(),
  isSample: flag(),
  /** When signed: also mark the matching stage of the covered handovers done on the signed date. */
  completeStages: flag().optional(),
  /** Why the status moves back (required then). */
  statusReason: note(500).optional(),
});
export const agreementPatch = agreementInput.partial().extend({ version: versionField() });

const signedStatuses: readonly AgreementStatus[] = ['signed', 'inForce', 'completed'];
/** The stage an agreement of each kind completes when signed. */
export const stageSignedBy: Partial<Record<AgreementKind, Stage>> = { implementation: 'implementation', framework: 'framework' };

type AgreementRow = typeof agreements.$inferSelect;
type AgreementValues = Omit<AgreementRow, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'attachmentId' | 'serviceLines'>;

export interface AgreementFilter {
  kind?: AgreementKind;
  status?: AgreementStatus;
  enterpriseId?: number;
  level?: EnterpriseLevel;
  /** Agreements covering a handover of this service line. */
  serviceLine?: ServiceLine;
  /** Signed in this month ('YYYY-MM'): the agreements behind the dashboard's figure. */
  signedIn?: string;
}

export function createAgreementService(db: Db, clock: Clock, handoverService: HandoverService) {
  function conditions(filter: AgreementFilter) {
    const parts = [
      filter.kind ? sql`${agreements.kind} = ${filter.kind}` : undefined,
      filter.status ? sql`${agreements.status} = ${filter.status}` : undefined,
      filter.enterpriseId ? sql`${agreements.enterpriseId} = ${filter.enterpriseId}` : undefined,
      filter.level ? sql`${enterprises.level} = ${filter.level}` : undefined,
      filter.serviceLine
        ? sql`EXISTS (SELECT 1 FROM agreement_handovers ah JOIN handovers h ON h.id = ah.handover_id
            WHERE ah.agreement_id = ${agreements.id} AND h.service_line = ${filter.serviceLine})`
        : undefined,
      filter.signedIn ? sql`${agreements.signedOn} >= ${firstDayOf(filter.signedIn)} AND ${agreements.signedOn} <= ${lastDayOf(filter.signedIn)}` : undefined,
    ].filter((p) => p !== undefined);
    return parts.length ? sql.join(parts, sql` AND `) : sql`1 = 1`;
  }

  /** One page of agreements, by enterprise and as entered (keyset), and how many match. */
  function list(filter: AgreementFilter = {}, request: { after?: string; before?: string; pageSize?: number } = {}) {
    const where = conditions(filter);
    const select = () =>
      db
        .select({
          agreement: agreements,
          enterpriseName: enterprises.shortName,
          handoverCount: sql<number>`(SELECT count(*) FROM agreement_handovers ah WHERE ah.agreement_id = agreements.id)`,
        })
        .from(agreements)
        .innerJoin(enterprises, eq(enterprises.id, agreements.enterpriseId));
    const page = keysetPage(
      {
        segments: [where],
        keys: [sql`${agreements.enterpriseId}`, sql`${agreements.id}`],
        fetch: (condition, order, limit) => select().where(condition).orderBy(order).limit(limit).all(),
        keyOf: (r) => [r.agreement.enterpriseId, r.agreement.id],
      },
      { size: pageSizeOf(request.pageSize), after: request.after, before: request.before },
    );
    const total = db.select({ n: sql<number>`count(*)` }).from(agreements).innerJoin(enterprises, eq(enterprises.id, agreements.enterpriseId)).where(where).get()?.n ?? 0;
    return { ...page, total };
  }

  function get(id: number) {
    const row = db
      .select({ agreement: agreements, enterpriseName: enterprises.name })
      .from(agreements)
      .innerJoin(enterprises, eq(enterprises.id, agreements.enterpriseId))
      .where(eq(agreements.id, id))
      .get();
    if (!row) return null;
    const covered = db
      .select({ id: handovers.id, serviceLine: handovers.serviceLine, compoundName: compounds.name, receiver: handovers.receiver })
      .from(agreementHandovers)
      .innerJoin(handovers, eq(handovers.id, agreementHandovers.handoverId))
      .leftJoin(compounds, eq(compounds.id, handovers.compoundId))
      .where(eq(agreementHandovers.agreementId, id))
      .orderBy(asc(handovers.id))
      .all();
    return { ...row, handovers: covered };
  }

  const coveredIds = (tx: DbOrTx, id: number): number[] =>
    tx.select({ id: agreementHandovers.handoverId }).from(agreementHandovers).where(eq(agreementHandovers.agreementId, id)).orderBy(asc(agreementHandovers.handoverId)).all().map((r) => r.id);

  /** The rules of the header comment; throws one ValidationError naming every field at fault. */
  function check(tx: DbOrTx, values: AgreementValues, handoverIds: number[], before: AgreementRow | null, statusReason: string | null | undefined, id: number | null) {
    const errors: FieldErrors = {};
    if (!tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, values.enterpriseId)).get()) errors.enterpriseId = { key: 'plan.reference' };
    if (values.groupId !== null && !tx.select({ id: groups.id }).from(groups).where(eq(groups.id, values.groupId)).get()) errors.groupId = { key: 'plan.reference' };
    if (values.parentAgreementId !== null) {
      const parent = tx.select({ enterpriseId: agreements.enterpriseId }).from(agreements).where(eq(agreements.id, values.parentAgreementId)).get();
      if (!parent || values.parentAgreementId === id) errors.parentAgreementId = { key: 'plan.reference' };
      else if (parent.enterpriseId !== values.enterpriseId) errors.parentAgreementId = { key: 'plan.notOfEnterprise' };
    }
    if (signedStatuses.includes(values.status) && !values.signedOn) errors.signedOn = { key: 'plan.signedOnRequired' };
    if (values.signedOn && values.signedOn > clock.today()) errors.signedOn = { key: 'plan.futureDate' };
    if (before && agreementStatuses.indexOf(values.status) < agreementStatuses.indexOf(before.status) && !statusReason) {
      errors.statusReason = { key: 'plan.statusBackReason' };
    }
    if (handoverIds.length) {
      const found = tx.select({ id: handovers.id, enterpriseId: handovers.enterpriseId }).from(handovers).where(inArray(handovers.id, handoverIds)).all();
      if (found.length !== new Set(handoverIds).size) errors.handoverIds = { key: 'plan.reference' };
      else if (found.some((h) => h.enterpriseId !== values.enterpriseId)) errors.handoverIds = { key: 'plan.notOfEnterprise' };
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }

  function setCovered(tx: DbOrTx, id: number, handoverIds: number[]) {
    tx.delete(agreementHandovers).where(eq(agreementHandovers.agreementId, id)).run();
    const unique = [...new Set(handoverIds)].sort((a, b) => a - b);
    if (unique.length) tx.insert(agreementHandovers).values(unique.map((handoverId) => ({ agreementId: id, handoverId }))).run();
    return unique;
  }

  function completeStages(tx: DbOrTx, actor: Actor, values: AgreementValues, handoverIds: number[], wanted: boolean | undefined) {
    const stage = stageSignedBy[values.kind];
    if (!wanted || !stage || !signedStatuses.includes(values.status) || !values.signedOn) return;
    handoverService.completeStageOf(tx, actor, handoverIds, stage, values.signedOn);
  }

  function create(actor: Actor, input: unknown): number {
    const { handoverIds, completeStages: wanted, statusReason: _r, ...values } = parseInput(agreementInput, input);
    return db.transaction((tx) => {
      check(tx, values, handoverIds, null, null, null);
      const id = insertRecord(tx, agreements, values, actor, 'agreement');
      const covered = setCovered(tx, id, handoverIds);
      if (covered.length) appendAudit(tx, actor, { action: 'update', entityType: 'agreement', entityId: id, before: { handoverIds: [] }, after: { handoverIds: covered } });
      completeStages(tx, actor, values, covered, wanted);
      return id;
    });
  }

  function update(actor: Actor, id: number, input: unknown) {
    const { version, handoverIds, completeStages: wanted, statusReason, ...patch } = parseInput(agreementPatch, input);
    return db.transaction((tx) => {
      const before = readRecord(tx, agreements, id) as AgreementRow | undefined;
      if (!before) throw notFoundRecord();
      const coveredBefore = coveredIds(tx, id);
      if (before.version !== version) throw new ConflictError({ ...before, handoverIds: coveredBefore });
      const { id: _i, version: _v, createdAt: _c, updatedAt: _u, attachmentId: _a, serviceLines: _s, ...current } = before;
      const merged = { ...current, ...patch };
      const wantedIds = handoverIds ?? coveredBefore;
      check(tx, merged, wantedIds, before, statusReason, id);
      const after = updateRecord(tx, agreements, id, version, merged, actor, 'agreement');
      const covered = setCovered(tx, id, wantedIds);
      const statusBack = agreementStatuses.indexOf(merged.status) < agreementStatuses.indexOf(before.status);
      if (covered.join() !== coveredBefore.join() || statusBack) {
        appendAudit(tx, actor, {
          action: 'update',
          entityType: 'agreement',
          entityId: id,
          before: covered.join() !== coveredBefore.join() ? { handoverIds: coveredBefore } : {},
          after: { ...(covered.join() !== coveredBefore.join() ? { handoverIds: covered } : {}), ...(statusBack ? { statusReason } : {}) },
        });
      }
      completeStages(tx, actor, merged, covered, wanted);
      return after;
    });
  }

  function remove(actor: Actor, id: number, version: number) {
    db.transaction((tx) => deleteRecord(tx, agreements, id, version, actor, 'agreement'));
  }

  /** The agreement row with the handovers it covers, as forms and the API see it. */
  function record(id: number) {
    const row = db.select().from(agreements).where(eq(agreements.id, id)).get();
    return row ? { ...row, handoverIds: coveredIds(db, id) } : null;
  }

  /** Links an uploaded attachment as the agreement's signed scan (inside the upload's transaction). */
  function setAttachment(tx: DbOrTx, actor: Actor, id: number, attachmentId: number) {
    const row = readRecord(tx, agreements, id) as AgreementRow | undefined;
    if (!row) throw notFoundRecord();
    updateRecord(tx, agreements, id, row.version, { attachmentId }, actor, 'agreement');
  }

  /** Handover ids covered by each agreement of a page of rows, for the API. */
  function coveredByMany(ids: number[]): Map<number, number[]> {
    const map = new Map<number, number[]>(ids.map((id) => [id, []]));
    if (!ids.length) return map;
    for (const r of db.select().from(agreementHandovers).where(inArray(agreementHandovers.agreementId, ids)).orderBy(asc(agreementHandovers.handoverId)).all()) {
      map.get(r.agreementId)?.push(r.handoverId);
    }
    return map;
  }

  /** The enterprise's handovers, for the "covers" checkboxes. */
  function handoverOptions(enterpriseId: number) {
    return db
      .select({ id: handovers.id, serviceLine: handovers.serviceLine, compoundName: compounds.name })
      .from(handovers)
      .leftJoin(compounds, eq(compounds.id, handovers.compoundId))
      .where(eq(handovers.enterpriseId, enterpriseId))
      .orderBy(asc(handovers.id))
      .all();
  }

  /** The enterprise's other agreements, for the parent of a supplementary agreement. */
  function parentOptions(enterpriseId: number, exceptId: number | null) {
    return db
      .select({ id: agreements.id, title: agreements.title })
      .from(agreements)
      .where(and(eq(agreements.enterpriseId, enterpriseId), exceptId ? sql`${agreements.id} <> ${exceptId}` : undefined))
      .orderBy(asc(agreements.id))
      .all();
  }

  return { list, get, record, create, update, remove, setAttachment, coveredByMany, handoverOptions, parentOptions };
}

export type AgreementService = ReturnType<typeof createAgreementService>;

// Handovers (compound × service line) and their stages: summaries built by one aggregate query,
// the full record of one handover with its timeline, money, agreements and items, and the writes:
// create (with the standard stage plan, dates adjustable), edit, delete, the stage plan, and
// marking a stage done or undoing it.
//
// Rules chosen here (stated in the forms' hints too):
// - A new handover gets the standard plan of its mode (stage-plan.ts) from a start date; any planned
//   date may be given instead. Planned dates stay editable on the stage-plan form.
// - Changing the mode re-orders the stages to the new mode's order, keeping every planned and
//   actual date; stages the new mode adds get standard-plan dates; stages it drops are removed —
//   which is refused while one of them is done (its record would be lost).
// - A stage is marked done with an actual date (default today, never in the future), recording who
//   and when; undoing clears all three. Both are audited on the handover, so its history shows them.
// - Stages are done in their order: marking one done while an earlier one is not is refused until
//   the user confirms it (`confirmOutOfOrder`) and says why (`reason`); the reason goes into the
//   audit entry, so the handover's history shows it beside the date.
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import {
  agreementHandovers,
  agreements,
  compounds,
  enterprises,
  fundingShares,
  groups,
  handoverFunding,
  handoverStages,
  handovers,
  items,
  users,
  enterpriseWideServiceLines,
  handoverModes,
  serviceLines,
  stages as allStages,
  type EnterpriseLevel,
  type HandoverMode,
  type ServiceLine,
  type Stage,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween, isDay, plusMonths } from '../dates.js';
import { enumOf, flag, note, optionalDay, optionalRef, parseInput, ref, ValidationError, versionField, type FieldErrors } from '../forms.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { handoverScopeSql, stagesDoneSql } from './figures.js';
import { keysetPage, pageSizeOf } from './keyset.js';
import { ConflictError, deleteRecord, insertRecord, notFoundRecord, readRecord, updateRecord } from './records.js';
import { isStageOverdue, standardPlan, stageOrder, summariseStages } from './stage-plan.js';

/** A handover as forms and the API write it (GLOSSARY names). */
export const handoverInput = z.object({
  enterpriseId: ref(),
  /** Required unless the service line is handed over per enterprise (municipal, community). */
  compoundId: optionalRef(),
  serviceLine: enumOf(serviceLines),
  receiver: note(200),
  coordinatingDepartment: note(200),
  mode: enumOf(handoverModes),
  groupId: optionalRef(),
  leadUnit: note(200),
  owner: note(100),
  issuesSummary: note(2000),
  nextSteps: note(2000),
  isSample: flag(),
});
export const handoverPatch = handoverInput.partial().extend({ version: versionField() });

/** Planned dates by stage: any stage may be given; blank means "the standard plan's date". */
const plannedDay = () => optionalDay().optional();
export const plannedDatesInput = z
  .object(Object.fromEntries(allStages.map((s) => [s, plannedDay()])) as Record<Stage, ReturnType<typeof plannedDay>>)
  .partial()
  .strict();

/** Creating a handover: its fields, the start of its stage plan (default today) and adjusted dates. */
export const handoverCreateInput = handoverInput.extend({
  startDate: optionalDay().optional(),
  plannedDates: plannedDatesInput.optional(),
});

/** The stage-plan form: planned dates of the stages, at the handover's version. */
export const stagePlanInput = z.object({ plannedDates: plannedDatesInput, version: versionField() });

/** Marking a stage done: the actual date (default today) and, optionally, the stage's version. */
export const stageDoneInput = z.object({
  actualDate: optionalDay().optional(),
  version: z.preprocess((v) => (v === '' || v === null ? undefined : v), versionField().optional()),
  /** Done although an earlier stage is not: needs a reason. */
  confirmOutOfOrder: flag().optional(),
  reason: note(500).optional(),
});
export const stageUndoInput = stageDoneInput.pick({ version: true });

/** Marking a stage done while earlier stages are not: the form asks to confirm, with a reason. */
export class StageOrderError extends ValidationError {
  constructor(
    fields: FieldErrors,
    /** The earlier stages not done, in order. */
    readonly pending: Stage[],
  ) {
    super(fields);
  }
}

const isEnterpriseWide = (line: ServiceLine) => (enterpriseWideServiceLines as readonly string[]).includes(line);
type HandoverRow = typeof handovers.$inferSelect;
type HandoverValues = z.infer<typeof handoverInput>;
type StageRow = typeof handoverStages.$inferSelect;

export interface HandoverFilter {
  enterpriseId?: number;
  serviceLine?: ServiceLine;
  groupId?: number;
  compoundId?: number;
  level?: EnterpriseLevel;
  /** With a stage past its planned date. */
  late?: boolean;
  /** Whose functions were taken over (the takeover stage done). */
  takenOver?: boolean;
  /** With a stage done in this month ('YYYY-MM'). */
  stageDoneIn?: string;
  /** Whose given stage is not done (a policy deadline's unfinished work). */
  notDone?: Stage;
}

export interface HandoverSummary {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  compoundId: number | null;
  compoundName: string | null;
  households: number;
  serviceLine: ServiceLine;
  receiver: string | null;
  mode: string;
  groupId: number | null;
  total: number;
  done: number;
  percent: number;
  /** The last stage done (已完成阶段) and the stage it is at now (当前所处阶段). */
  reached: Stage | null;
  reachedPosition: number;
  nextStage: Stage | null;
  nextPlanned: string | null;
  /** A stage is past its planned date: since how many days. */
  late: boolean;
  lateDays: number;
}

/** Conditions on handovers aliased `h` (the progress columns are kept by triggers; see schema.ts). */
function where(filter: HandoverFilter, today: string): SQL {
  const parts: SQL[] = [handoverScopeSql(filter)];
  if (filter.compoundId) parts.push(sql`h.compound_id = ${filter.compoundId}`);
  if (filter.late) parts.push(sql`h.first_due < ${today}`);
  if (filter.takenOver) parts.push(sql`h.takeover_on IS NOT NULL`);
  if (filter.stageDoneIn) parts.push(sql`EXISTS (SELECT 1 FROM handover_stages s WHERE s.handover_id = h.id AND ${stagesDoneSql(filter.stageDoneIn)})`);
  if (filter.notDone) {
    parts.push(
      filter.notDone === 'takeover'
        ? sql`h.takeover_on IS NULL`
        : sql`NOT EXISTS (SELECT 1 FROM handover_stages s WHERE s.handover_id = h.id AND s.stage = ${filter.notDone} AND s.actual_date IS NOT NULL)`,
    );
  }
  return sql.join(parts, sql` AND `);
}

export function createHandoverService(db: Db, clock: Clock) {
  const summaryColumns = (today: string) => sql`h.id AS id, h.enterprise_id AS enterpriseId, e.short_name AS enterpriseName,
    h.compound_id AS compoundId, c.name AS compoundName, coalesce(c.households, 0) AS households,
    h.service_line AS serviceLine, h.receiver AS receiver, h.mode AS mode, h.group_id AS groupId,
    h.stages_total AS total, h.stages_done AS done, h.reached_position AS reachedPosition, h.reached_stage AS reached,
    h.next_stage AS nextStage, h.next_planned AS nextPlanned, h.first_due AS firstDue, h.first_due < ${today} AS late`;
  type Row = Omit<HandoverSummary, 'percent' | 'late' | 'lateDays'> & { firstDue: string | null; late: number };
  const summary = (today: string) => (r: Row): HandoverSummary => {
    const { firstDue, late, ...rest } = r;
    return { ...rest, percent: r.total ? Math.round((r.done * 100) / r.total) : 0, late: !!late, lateDays: late && firstDue ? daysBetween(firstDue, today) : 0 };
  };

  /** Handover summaries in list order (enterprise, then as entered), at most `limit`. */
  function summaries(filter: HandoverFilter = {}, limit = 200): HandoverSummary[] {
    const today = clock.today();
    return db
      .all<Row>(sql`SELECT ${summaryColumns(today)} FROM handovers h JOIN enterprises e ON e.id = h.enterprise_id LEFT JOIN compounds c ON c.id = h.compound_id
        WHERE ${where(filter, today)} ORDER BY h.enterprise_id, h.id LIMIT ${limit}`)
      .map(summary(today));
  }

  /** How many handovers a filter matches (through an index). */
  function count(filter: HandoverFilter = {}): number {
    return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM handovers h WHERE ${where(filter, clock.today())}`)!.n;
  }

  /** One page of the list, read after (or before) a cursor in (enterprise, id) order. */
  function page(filter: HandoverFilter, request: { after?: string; before?: string; pageSize?: number } = {}) {
    const today = clock.today();
    const result = keysetPage(
      {
        segments: [where(filter, today)],
        keys: [sql`h.enterprise_id`, sql`h.id`],
        fetch: (condition, order, limit) =>
          db.all<Row>(sql`SELECT ${summaryColumns(today)} FROM handovers h JOIN enterprises e ON e.id = h.enterprise_id LEFT JOIN compounds c ON c.id = h.compound_id
            WHERE ${condition} ORDER BY ${order} LIMIT ${limit}`),
        keyOf: (r) => [r.enterpriseId, r.id],
      },
      { size: pageSizeOf(request.pageSize), after: request.after, before: request.before },
    );
    return { rows: result.rows.map(summary(today)), total: count(filter), next: result.next, prev: result.prev };
  }

  function get(id: number) {
    const today = clock.today();
    const handover = db
      .select({
        handover: handovers,
        enterpriseName: enterprises.name,
        enterpriseShortName: enterprises.shortName,
        compoundName: compounds.name,
        households: compounds.households,
        floorArea: compounds.floorArea,
        groupName: groups.name,
      })
      .from(handovers)
      .innerJoin(enterprises, eq(enterprises.id, handovers.enterpriseId))
      .leftJoin(compounds, eq(compounds.id, handovers.compoundId))
      .leftJoin(groups, eq(groups.id, handovers.groupId))
      .where(eq(handovers.id, id))
      .get();
    if (!handover) return null;
    const stageRows = db
      .select()
      .from(handoverStages)
      .where(eq(handoverStages.handoverId, id))
      .orderBy(asc(handoverStages.position))
      .all();
    const doers = stageRows.map((s) => s.doneBy).filter((x): x is number => x !== null);
    const names = new Map(doers.length ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, doers)).all().map((u) => [u.id, u.name]) : []);
    const timeline = stageRows.map((s) => ({
      ...s,
      doneByName: s.doneBy !== null ? names.get(s.doneBy) ?? null : null,
      overdue: isStageOverdue(s, today),
      overdueDays: isStageOverdue(s, today) ? daysBetween(s.plannedDate!, today) : 0,
      late: !!(s.actualDate && s.plannedDate && s.actualDate > s.plannedDate),
    }));
    const funding = db.select().from(handoverFunding).where(eq(handoverFunding.handoverId, id)).get() ?? null;
    const shares = db.select().from(fundingShares).where(eq(fundingShares.handoverId, id)).all();
    const linked = db
      .select({ id: agreements.id, title: agreements.title, kind: agreements.kind, status: agreements.status, signedOn: agreements.signedOn })
      .from(agreementHandovers)
      .innerJoin(agreements, eq(agreements.id, agreementHandovers.agreementId))
      .where(eq(agreementHandovers.handoverId, id))
      .orderBy(asc(agreements.kind), asc(agreements.id))
      .all();
    const related = db
      .select()
      .from(items)
      .where(eq(items.handoverId, id))
      .orderBy(asc(items.dueDate))
      .all();
    const households = handover.households ?? 0;
    return {
      ...handover,
      stages: timeline,
      summary: summariseStages(stageRows, today),
      funding,
      perHousehold: funding?.estimatedCost && households ? Math.round(funding.estimatedCost / households) : null,
      shares,
      agreements: linked,
      items: related,
    };
  }

  const stagesOf = (tx: DbOrTx, handoverId: number): StageRow[] =>
    tx.select().from(handoverStages).where(eq(handoverStages.handoverId, handoverId)).orderBy(asc(handoverStages.position)).all() as StageRow[];

  /** The references and uniqueness a handover must satisfy; returns the values to store. */
  function checked(tx: DbOrTx, values: HandoverValues, id: number | null) {
    const errors: FieldErrors = {};
    const enterprise = tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, values.enterpriseId)).get();
    if (!enterprise) errors.enterpriseId = { key: 'plan.reference' };
    let compoundId = values.compoundId;
    if (isEnterpriseWide(values.serviceLine)) {
      // Municipal facilities and community administration are handed over per enterprise.
      compoundId = null;
    } else if (compoundId === null) {
      errors.compoundId = { key: 'plan.compoundRequired' };
    } else {
      const compound = tx.select({ enterpriseId: compounds.enterpriseId }).from(compounds).where(eq(compounds.id, compoundId)).get();
      if (!compound) errors.compoundId = { key: 'plan.reference' };
      else if (enterprise && compound.enterpriseId !== values.enterpriseId) errors.compoundId = { key: 'plan.compoundNotOfEnterprise' };
    }
    if (values.groupId !== null && !tx.select({ id: groups.id }).from(groups).where(eq(groups.id, values.groupId)).get()) {
      errors.groupId = { key: 'plan.reference' };
    }
    if (!errors.compoundId && !errors.enterpriseId) {
      const same = tx
        .select({ id: handovers.id })
        .from(handovers)
        .where(
          and(
            eq(handovers.serviceLine, values.serviceLine),
            compoundId === null ? and(isNull(handovers.compoundId), eq(handovers.enterpriseId, values.enterpriseId)) : eq(handovers.compoundId, compoundId),
            id === null ? undefined : sql`${handovers.id} <> ${id}`,
          ),
        )
        .get();
      if (same) errors.serviceLine = { key: 'plan.handoverExists' };
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return { ...values, compoundId };
  }

  /** The plan a new handover gets: the standard dates of its mode from `start`, with the user's dates over them. */
  function planFor(mode: HandoverMode, start: string, given: Partial<Record<Stage, string | null>> = {}) {
    return standardPlan(mode, start).map((p) => ({ ...p, plannedDate: given[p.stage] ?? p.plannedDate }));
  }

  function create(actor: Actor, input: unknown): number {
    const { startDate, plannedDates, ...values } = parseInput(handoverCreateInput, input);
    const start = startDate ?? clock.today();
    return db.transaction((tx) => {
      const row = checked(tx, values, null);
      const id = insertRecord(tx, handovers, row, actor, 'handover');
      const plan = planFor(row.mode, start, plannedDates);
      tx.insert(handoverStages).values(plan.map((p) => ({ handoverId: id, ...p }))).run();
      appendAudit(tx, actor, {
        action: 'update',
        entityType: 'handover',
        entityId: id,
        before: {},
        after: Object.fromEntries(plan.map((p) => [`plannedDate.${p.stage}`, p.plannedDate])),
      });
      return id;
    });
  }

  /**
   * Re-orders the stages for a new mode (see the rules at the top); refuses when a stage the new
   * mode drops is done. Audits each stage added, moved or removed on the handover.
   */
  function changeMode(tx: DbOrTx, actor: Actor, handoverId: number, mode: HandoverMode) {
    const current = stagesOf(tx, handoverId);
    const order = stageOrder(mode);
    const dropped = current.filter((s) => !order.includes(s.stage));
    if (dropped.some((s) => s.actualDate)) {
      throw new ValidationError({ mode: { key: 'plan.modeDropsDoneStage' } });
    }
    const byStage = new Map(current.map((s) => [s.stage, s]));
    // A start for the stages the mode adds: the survey is planned a month after the start.
    const survey = byStage.get('survey')?.plannedDate;
    const start = survey ? plusMonths(survey, -1) : clock.today();
    const standard = new Map(standardPlan(mode, start).map((p) => [p.stage, p.plannedDate]));
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const s of dropped) {
      tx.delete(handoverStages).where(eq(handoverStages.id, s.id)).run();
      before[`plannedDate.${s.stage}`] = s.plannedDate;
      after[`plannedDate.${s.stage}`] = null;
    }
    order.forEach((stage, index) => {
      const position = index + 1;
      const existing = byStage.get(stage);
      if (!existing) {
        const plannedDate = standard.get(stage) ?? null;
        tx.insert(handoverStages).values({ handoverId, stage, position, plannedDate }).run();
        before[`plannedDate.${stage}`] = null;
        after[`plannedDate.${stage}`] = plannedDate;
      } else if (existing.position !== position) {
        tx.update(handoverStages).set({ position, version: sql`${handoverStages.version} + 1` }).where(eq(handoverStages.id, existing.id)).run();
      }
    });
    if (Object.keys(after).length) appendAudit(tx, actor, { action: 'update', entityType: 'handover', entityId: handoverId, before, after });
  }

  function update(actor: Actor, id: number, input: unknown) {
    const { version, ...patch } = parseInput(handoverPatch, input);
    return db.transaction((tx) => {
      const before = readRecord(tx, handovers, id) as HandoverRow | undefined;
      if (!before) throw notFoundRecord();
      if (before.version !== version) throw new ConflictError(before);
      // Only the fields a user writes: the progress columns belong to the triggers.
      const current = Object.fromEntries(Object.keys(handoverInput.shape).map((key) => [key, before[key as keyof HandoverRow]])) as HandoverValues;
      const merged = { ...current, ...patch };
      const row = checked(tx, merged, id);
      if (row.enterpriseId !== before.enterpriseId) {
        const covered = tx.select({ n: sql<number>`count(*)` }).from(agreementHandovers).where(eq(agreementHandovers.handoverId, id)).get()?.n ?? 0;
        if (covered) throw new ValidationError({ enterpriseId: { key: 'plan.handoverCovered' } });
      }
      if (row.mode !== before.mode) changeMode(tx, actor, id, row.mode);
      return updateRecord(tx, handovers, id, version, row, actor, 'handover');
    });
  }

  function remove(actor: Actor, id: number, version: number) {
    db.transaction((tx) => deleteRecord(tx, handovers, id, version, actor, 'handover'));
  }

  function record(id: number) {
    return db.select().from(handovers).where(eq(handovers.id, id)).get() ?? null;
  }

  /** The handover with its stages (in plan order) and money, as the API returns it. */
  function full(id: number) {
    const handover = record(id);
    if (!handover) return null;
    const stageRows = stagesOf(db, id);
    const funding = db.select().from(handoverFunding).where(eq(handoverFunding.handoverId, id)).get() ?? null;
    const shares = db.select().from(fundingShares).where(eq(fundingShares.handoverId, id)).all();
    const summary = summariseStages(stageRows, clock.today());
    return {
      ...handover,
      stages: stageRows.map(({ handoverId: _h, ...s }) => s),
      currentStage: summary.reached,
      percent: summary.percent,
      funding: funding ? { ...funding, shares: shares.map(({ id: _i, handoverId: _h, ...s }) => s) } : null,
    };
  }

  /** Saves the planned dates of the stage plan (the handover's version guards it). */
  function savePlan(actor: Actor, id: number, input: unknown) {
    const { plannedDates, version } = parseInput(stagePlanInput, input);
    db.transaction((tx) => {
      const handover = readRecord(tx, handovers, id) as HandoverRow | undefined;
      if (!handover) throw notFoundRecord();
      if (handover.version !== version) throw new ConflictError({ ...handover, plannedDates: Object.fromEntries(stagesOf(tx, id).map((s) => [s.stage, s.plannedDate])) });
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const s of stagesOf(tx, id)) {
        if (!(s.stage in plannedDates)) continue;
        const next = plannedDates[s.stage] ?? null;
        if (next === s.plannedDate) continue;
        tx.update(handoverStages).set({ plannedDate: next, version: sql`${handoverStages.version} + 1` }).where(eq(handoverStages.id, s.id)).run();
        before[`plannedDate.${s.stage}`] = s.plannedDate;
        after[`plannedDate.${s.stage}`] = next;
      }
      // The plan is part of the handover: saving it moves the handover's version on.
      tx.update(handovers).set({ version: sql`${handovers.version} + 1`, updatedAt: clock.instant() }).where(eq(handovers.id, id)).run();
      if (Object.keys(after).length) appendAudit(tx, actor, { action: 'update', entityType: 'handover', entityId: id, before, after });
    });
  }

  function stageOf(tx: DbOrTx, handoverId: number, stage: string): StageRow {
    const row = (allStages as readonly string[]).includes(stage)
      ? (tx.select().from(handoverStages).where(and(eq(handoverStages.handoverId, handoverId), eq(handoverStages.stage, stage as Stage))).get() as StageRow | undefined)
      : undefined;
    if (!row) throw notFoundRecord();
    return row;
  }

  /** Sets a stage's actual date (or clears it) inside a transaction, with its audit entry on the handover. */
  function setStageDone(tx: DbOrTx, actor: Actor, s: StageRow, actualDate: string | null, outOfOrderReason: string | null = null) {
    const changes = actualDate
      ? { actualDate, doneBy: actor.userId, doneAt: clock.instant() }
      : { actualDate: null, doneBy: null, doneAt: null };
    const after = tx
      .update(handoverStages)
      .set({ ...changes, version: sql`${handoverStages.version} + 1` })
      .where(eq(handoverStages.id, s.id))
      .returning()
      .get() as StageRow;
    appendAudit(tx, actor, {
      action: 'update',
      entityType: 'handover',
      entityId: s.handoverId,
      before: { [`actualDate.${s.stage}`]: s.actualDate },
      after: { [`actualDate.${s.stage}`]: after.actualDate, ...(outOfOrderReason ? { outOfOrderReason } : {}) },
    });
    return after;
  }

  /** Marks a stage done on a day (default today; never later than today). */
  function markStageDone(actor: Actor, handoverId: number, stage: string, input: unknown) {
    const { actualDate, version, confirmOutOfOrder, reason } = parseInput(stageDoneInput, input);
    const today = clock.today();
    const day = actualDate ?? today;
    if (day > today) throw new ValidationError({ actualDate: { key: 'stageOrder.futureDate' } });
    return db.transaction((tx) => {
      const s = stageOf(tx, handoverId, stage);
      if (version !== undefined && s.version !== version) throw new ConflictError(s);
      const pending = tx
        .select({ stage: handoverStages.stage })
        .from(handoverStages)
        .where(and(eq(handoverStages.handoverId, handoverId), sql`${handoverStages.position} < ${s.position}`, isNull(handoverStages.actualDate)))
        .orderBy(asc(handoverStages.position))
        .all()
        .map((r) => r.stage);
      if (pending.length && !(confirmOutOfOrder && reason)) {
        const fields: FieldErrors = {};
        if (!confirmOutOfOrder) fields.confirmOutOfOrder = { key: 'stageOrder.confirmRequired', params: { n: pending.length } };
        if (!reason) fields.reason = { key: 'stageOrder.reasonRequired' };
        throw new StageOrderError(fields, pending);
      }
      return setStageDone(tx, actor, s, day, pending.length ? reason : null);
    });
  }

  function undoStage(actor: Actor, handoverId: number, stage: string, input: unknown) {
    const { version } = parseInput(stageUndoInput, input);
    return db.transaction((tx) => {
      const s = stageOf(tx, handoverId, stage);
      if (version !== undefined && s.version !== version) throw new ConflictError(s);
      if (!s.actualDate) return s;
      return setStageDone(tx, actor, s, null);
    });
  }

  /**
   * Completes a stage of several handovers on one day, for a signed agreement; stages already done
   * keep their date. Runs inside the caller's transaction. Returns the handovers changed.
   */
  function completeStageOf(tx: DbOrTx, actor: Actor, handoverIds: number[], stage: Stage, day: string): number[] {
    if (!handoverIds.length) return [];
    const rows = tx
      .select()
      .from(handoverStages)
      .where(and(inArray(handoverStages.handoverId, handoverIds), eq(handoverStages.stage, stage), isNull(handoverStages.actualDate)))
      .all() as StageRow[];
    return rows.map((s) => setStageDone(tx, actor, s, day).handoverId);
  }

  /** The standard plan for a mode and start, for prefilling the new-handover form. */
  function proposedPlan(mode: HandoverMode, start: string) {
    return isDay(start) ? standardPlan(mode, start) : standardPlan(mode, clock.today());
  }

  return {
    summaries,
    count,
    page,
    get,
    record,
    full,
    create,
    update,
    remove,
    savePlan,
    markStageDone,
    undoStage,
    completeStageOf,
    proposedPlan,
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;

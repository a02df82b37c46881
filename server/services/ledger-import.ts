// Importing the work ledger: the rows read from the file (ledger-read.ts) are matched with the
// records — a handover by enterprise + compound + service line — and each becomes a creation, an
// update (with the cells that change, before and after), unchanged, or a refusal with its row,
// column and reason. Nothing is written then: the plan is kept for its user for PENDING_MINUTES.
// Confirming writes the whole plan in one transaction through the same services as the forms (so
// every change is versioned and audited like any edit) or nothing: a file with a refused row is not
// imported at all, and a record that changed after the preview (its version, its stages' versions,
// its money's version) refuses the whole confirmation instead of being overwritten.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  compounds,
  enterprises,
  enterpriseWideServiceLines,
  fundingShares,
  handoverFunding,
  handoverModes,
  handovers,
  handoverStages,
  serviceLines,
  stages as allStages,
  type HandoverMode,
  type ServiceLine,
  type Stage,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { HttpError } from '../http-errors.js';
import { catalogue, translate, type Locale } from '../i18n/messages.js';
import { appendAudit, type Actor } from './audit.js';
import type { FundingService } from './funding.js';
import type { HandoverService } from './handovers.js';
import { columnName, type Parsed, type Problem, type ReadResult } from './ledger-read.js';
import { insertRecord, updateRecord } from './records.js';
import { stageOrder } from './stage-plan.js';

export const PENDING_MINUTES = 30;
const MAX_PENDING = 20;

const handoverFields = ['receiver', 'mode', 'leadUnit', 'owner', 'issuesSummary', 'nextSteps'] as const;
type HandoverField = (typeof handoverFields)[number];

export interface Change {
  column: string;
  before: Parsed;
  after: Parsed;
}

export interface PlannedRow {
  row: number;
  action: 'create' | 'update' | 'same' | 'refused';
  /** 某企业 · 某家属区 · 供水 */
  label: string;
  problems: Problem[];
  changes: Change[];
  // What to write.
  enterpriseId?: number;
  compoundKey?: string;
  serviceLine?: ServiceLine;
  handoverId?: number;
  /** Versions seen at the preview, checked again at confirmation. */
  seen?: { handover: number; stages: string; funding: number | null };
  fields?: Record<HandoverField, string | null>;
  planned?: Partial<Record<Stage, string | null>>;
  actual?: Partial<Record<Stage, string | null>>;
  money?: { estimated: number | null; approved: number | null };
}

interface CompoundPlan {
  key: string;
  enterpriseId: number;
  name: string;
  id: number | null;
  version: number | null;
  households: number;
  floorArea: number;
  change: boolean;
  row: number;
}

export interface ImportPlan {
  id: string;
  userId: number | null;
  fileName: string;
  createdAt: number;
  rows: PlannedRow[];
  compounds: CompoundPlan[];
  notices: Problem[];
  counts: { rows: number; create: number; update: number; same: number; refused: number };
}

const labelLookup = <T extends string>(group: string, values: readonly T[]) => {
  const map = new Map<string, T>();
  for (const locale of Object.keys(catalogue) as Locale[]) for (const v of values) map.set(translate(locale, `${group}.${v}`).replace(/\s+/g, ''), v);
  return (text: string) => map.get(text.replace(/\s+/g, ''));
};
const lineOf = labelLookup('serviceLine', serviceLines);
const modeOf = labelLookup('mode', handoverModes);
const isWide = (line: ServiceLine) => (enterpriseWideServiceLines as readonly string[]).includes(line);
const chunks = <T>(list: T[], size = 500): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

export function createLedgerImportService(db: Db, clock: Clock, deps: { handovers: HandoverService; funding: FundingService }) {
  const pending = new Map<string, ImportPlan>();

  function sweep() {
    const limit = Date.now() - PENDING_MINUTES * 60_000;
    for (const [id, plan] of pending) if (plan.createdAt < limit) pending.delete(id);
    while (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
  }

  /** Matches the rows with the records and decides what each would do; writes nothing. */
  function plan(read: ReadResult, fileName: string, userId: number | null): ImportPlan {
    const today = clock.today();
    const col = (key: string) => read.columns[key] ?? columnName(key, null);
    const word = (key: string) => translate('zh-CN', key);
    // Enterprises by name and short name; compounds and handovers of the enterprises named.
    const byName = new Map<string, { id: number; name: string }>();
    for (const e of db.select({ id: enterprises.id, name: enterprises.name, shortName: enterprises.shortName }).from(enterprises).all()) {
      byName.set(e.shortName.trim(), e);
      byName.set(e.name.trim(), e);
    }
    const named = [...new Set(read.rows.map((r) => byName.get(String(r.values.enterprise ?? ''))?.id).filter((x): x is number => !!x))];
    const compoundRows = named.length ? chunks(named).flatMap((ids) => db.select().from(compounds).where(inArray(compounds.enterpriseId, ids)).all()) : [];
    const compoundByKey = new Map(compoundRows.map((c) => [`${c.enterpriseId}/${c.name}`, c]));
    const handoverRows = named.length ? chunks(named).flatMap((ids) => db.select().from(handovers).where(inArray(handovers.enterpriseId, ids)).all()) : [];
    const handoverByKey = new Map(handoverRows.map((h) => [`${h.enterpriseId}/${h.compoundId ?? ''}/${h.serviceLine}`, h]));

    const planned: PlannedRow[] = [];
    const compoundPlans = new Map<string, CompoundPlan>();
    const seenKeys = new Map<string, number>();
    const matched: { row: PlannedRow; handoverId: number }[] = [];

    for (const sheetRow of read.rows) {
      const v = sheetRow.values;
      const problems = [...sheetRow.problems];
      const refuse = (key: string, column: string, params?: Record<string, unknown>) => problems.push({ row: sheetRow.row, column: col(column), key, params });
      const enterpriseText = String(v.enterprise ?? '');
      const compoundText = v.compound === null || v.compound === undefined ? '' : String(v.compound);
      const lineText = String(v.serviceLine ?? '');
      const label = [enterpriseText, compoundText, lineText].filter(Boolean).join(' · ');
      const enterprise = enterpriseText ? byName.get(enterpriseText) : undefined;
      if (!enterpriseText) refuse('ledger.error.required', 'enterprise');
      else if (!enterprise) refuse('ledger.error.unknownEnterprise', 'enterprise', { text: enterpriseText });
      const line = lineText ? lineOf(lineText) : undefined;
      if (!lineText) refuse('ledger.error.required', 'serviceLine');
      else if (!line) refuse('ledger.error.unknownServiceLine', 'serviceLine', { text: lineText, options: serviceLines.map((l) => word(`serviceLine.${l}`)).join('、') });
      const modeText = v.mode === null || v.mode === undefined ? '' : String(v.mode);
      const mode = modeText ? modeOf(modeText) : undefined;
      if (!modeText) refuse('ledger.error.required', 'mode');
      else if (!mode) refuse('ledger.error.unknownMode', 'mode', { text: modeText, options: handoverModes.map((m) => word(`mode.${m}`)).join('、') });
      if (line && isWide(line) && compoundText) refuse('ledger.error.compoundForWide', 'compound');
      if (line && !isWide(line) && !compoundText) refuse('ledger.error.required', 'compound');

      // The compound: an existing one (its figures updated when they differ) or a new one.
      let compound: CompoundPlan | undefined;
      if (enterprise && line && !isWide(line) && compoundText) {
        const key = `${enterprise.id}/${compoundText}`;
        const households = (v.households as number | null) ?? 0;
        const floorArea = (v.floorArea as number | null) ?? 0;
        compound = compoundPlans.get(key);
        if (compound) {
          if (compound.households !== households) refuse('ledger.error.compoundMismatch', 'households', { other: compound.row, value: compound.households });
          if (compound.floorArea !== floorArea) refuse('ledger.error.compoundMismatch', 'floorArea', { other: compound.row, value: compound.floorArea });
        } else {
          const existing = compoundByKey.get(key);
          compound = {
            key,
            enterpriseId: enterprise.id,
            name: compoundText,
            id: existing?.id ?? null,
            version: existing?.version ?? null,
            households,
            floorArea,
            change: !existing || existing.households !== households || existing.floorArea !== floorArea,
            row: sheetRow.row,
          };
          compoundPlans.set(key, compound);
        }
      }

      const order = mode ? stageOrder(mode) : [];
      const plannedDates: Partial<Record<Stage, string | null>> = {};
      const actualDates: Partial<Record<Stage, string | null>> = {};
      for (const stage of allStages) {
        const p = (v[`planned.${stage}`] as string | null) ?? null;
        const a = (v[`actual.${stage}`] as string | null) ?? null;
        if (mode && !order.includes(stage)) {
          if (p) refuse('ledger.error.stageNotInMode', `planned.${stage}`, { mode: word(`mode.${mode}`) });
          if (a) refuse('ledger.error.stageNotInMode', `actual.${stage}`, { mode: word(`mode.${mode}`) });
          continue;
        }
        if (a && a > today) refuse('ledger.error.futureDate', `actual.${stage}`, { text: a });
        plannedDates[stage] = p;
        actualDates[stage] = a;
      }

      const fields = Object.fromEntries(handoverFields.map((f) => [f, f === 'mode' ? (mode ?? null) : ((v[f] as string | null) ?? null)])) as Record<HandoverField, string | null>;
      const money = { estimated: (v.estimated as number | null) ?? null, approved: (v.approved as number | null) ?? null };
      const row: PlannedRow = { row: sheetRow.row, action: 'refused', label, problems, changes: [], fields, planned: plannedDates, actual: actualDates, money };

      if (enterprise && line) {
        const compoundId = compound?.id ?? null;
        const key = `${enterprise.id}/${isWide(line) ? '' : compoundText}/${line}`;
        const other = seenKeys.get(key);
        if (other !== undefined) refuse('ledger.error.duplicateRow', 'serviceLine', { other });
        else seenKeys.set(key, sheetRow.row);
        const existing = isWide(line) || compoundId !== null ? handoverByKey.get(`${enterprise.id}/${compoundId ?? ''}/${line}`) : undefined;
        row.enterpriseId = enterprise.id;
        row.serviceLine = line;
        row.compoundKey = compound?.key;
        if (existing) {
          row.handoverId = existing.id;
          matched.push({ row, handoverId: existing.id });
        }
      }
      if (compound?.change && !problems.length) {
        const existing = compoundByKey.get(compound.key);
        if (existing && compound.row === sheetRow.row) {
          if (existing.households !== compound.households) row.changes.push({ column: col('households'), before: existing.households, after: compound.households });
          if (existing.floorArea !== compound.floorArea) row.changes.push({ column: col('floorArea'), before: existing.floorArea, after: compound.floorArea });
        }
      }
      planned.push(row);
    }

    // The current state of the matched handovers, read in batches, to diff with the rows.
    const ids = matched.map((m) => m.handoverId);
    const stageRows = chunks(ids).flatMap((part) => db.select().from(handoverStages).where(inArray(handoverStages.handoverId, part)).all());
    const fundingRows = chunks(ids).flatMap((part) => db.select().from(handoverFunding).where(inArray(handoverFunding.handoverId, part)).all());
    const handoverById = new Map(handoverRows.map((h) => [h.id, h]));
    const stagesOf = new Map<number, typeof stageRows>();
    for (const s of stageRows) stagesOf.set(s.handoverId, [...(stagesOf.get(s.handoverId) ?? []), s]);
    const fundingOf = new Map(fundingRows.map((f) => [f.handoverId, f]));
    for (const { row, handoverId } of matched) {
      const h = handoverById.get(handoverId)!;
      const current = stagesOf.get(handoverId) ?? [];
      const funding = fundingOf.get(handoverId);
      row.seen = { handover: h.version, stages: current.map((s) => `${s.stage}:${s.version}`).sort().join(','), funding: funding?.version ?? null };
      if (row.problems.length) continue;
      for (const f of handoverFields) {
        const before = (h[f] as string | null) ?? null;
        if (before !== row.fields![f]) row.changes.push({ column: col(f), before: f === 'mode' && before ? word(`mode.${before}`) : before, after: f === 'mode' && row.fields![f] ? word(`mode.${row.fields![f]}`) : row.fields![f] });
      }
      const newOrder = stageOrder(row.fields!.mode as HandoverMode);
      for (const s of current) {
        if (!newOrder.includes(s.stage) && s.actualDate) {
          row.problems.push({ row: row.row, column: col('mode'), key: 'ledger.error.modeDropsDone', params: { mode: word(`mode.${row.fields!.mode}`), stage: word(`stage.${s.stage}`) } });
        }
      }
      for (const stage of newOrder) {
        const s = current.find((x) => x.stage === stage);
        if ((s?.plannedDate ?? null) !== (row.planned![stage] ?? null)) row.changes.push({ column: col(`planned.${stage}`), before: s?.plannedDate ?? null, after: row.planned![stage] ?? null });
        if ((s?.actualDate ?? null) !== (row.actual![stage] ?? null)) row.changes.push({ column: col(`actual.${stage}`), before: s?.actualDate ?? null, after: row.actual![stage] ?? null });
      }
      const wan = (x: number | null) => (x === null ? null : x / 10000);
      if ((funding?.estimatedCost ?? null) !== row.money!.estimated) row.changes.push({ column: col('estimated'), before: wan(funding?.estimatedCost ?? null), after: wan(row.money!.estimated) });
      if ((funding?.approvedCost ?? null) !== row.money!.approved) row.changes.push({ column: col('approved'), before: wan(funding?.approvedCost ?? null), after: wan(row.money!.approved) });
    }
    for (const row of planned) {
      if (row.problems.length) row.action = 'refused';
      else if (row.handoverId) row.action = row.changes.length ? 'update' : 'same';
      else row.action = 'create';
    }
    const count = (action: PlannedRow['action']) => planned.filter((r) => r.action === action).length;
    const result: ImportPlan = {
      id: randomBytes(12).toString('hex'),
      userId,
      fileName,
      createdAt: Date.now(),
      rows: planned,
      compounds: [...compoundPlans.values()],
      notices: read.notices,
      counts: { rows: planned.length, create: count('create'), update: count('update'), same: count('same'), refused: count('refused') },
    };
    return result;
  }

  /** Keeps a plan for its user to confirm. */
  function keep(p: ImportPlan): string {
    sweep();
    pending.set(p.id, p);
    return p.id;
  }

  /** A kept plan of this user, or null when there is none (expired, confirmed, another user's). */
  function find(id: string, userId: number | null): ImportPlan | null {
    sweep();
    const p = pending.get(id);
    return p && p.userId === userId ? p : null;
  }

  const stale = (row: number) => new HttpError(409, 'conflict', translate('zh-CN', 'ledger.import.stale', { row }));

  /** Writes a plan in one transaction through the services; returns what it created and updated. */
  function apply(actor: Actor, p: ImportPlan): { created: number; updated: number } {
    if (p.counts.refused) throw new HttpError(422, 'validation_failed', 'ledger.import.blocked');
    const result = db.transaction((tx) => {
      // Compounds first: new ones created, changed figures saved at the version seen.
      const compoundIds = new Map<string, number>();
      for (const c of p.compounds) {
        const used = p.rows.some((r) => r.compoundKey === c.key && (r.action === 'create' || r.action === 'update'));
        if (c.id !== null) compoundIds.set(c.key, c.id);
        if (!used || !c.change) continue;
        if (c.id === null) {
          if (tx.select({ id: compounds.id }).from(compounds).where(and(eq(compounds.enterpriseId, c.enterpriseId), eq(compounds.name, c.name))).get()) throw stale(c.row);
          compoundIds.set(c.key, insertRecord(tx, compounds, { enterpriseId: c.enterpriseId, name: c.name, households: c.households, floorArea: c.floorArea }, actor, 'compound'));
        } else {
          const now = tx.select({ version: compounds.version }).from(compounds).where(eq(compounds.id, c.id)).get();
          if (!now || now.version !== c.version) throw stale(c.row);
          updateRecord(tx, compounds, c.id, c.version!, { households: c.households, floorArea: c.floorArea }, actor, 'compound');
        }
      }
      let created = 0;
      let updated = 0;
      for (const row of p.rows) {
        if (row.action !== 'create' && row.action !== 'update') continue;
        const compoundId = row.compoundKey ? compoundIds.get(row.compoundKey)! : null;
        let id: number;
        if (row.action === 'create') {
          const exists = tx
            .select({ id: handovers.id })
            .from(handovers)
            .where(and(eq(handovers.enterpriseId, row.enterpriseId!), eq(handovers.serviceLine, row.serviceLine!), compoundId === null ? isNull(handovers.compoundId) : eq(handovers.compoundId, compoundId)))
            .get();
          if (exists) throw stale(row.row);
          id = deps.handovers.create(actor, { enterpriseId: row.enterpriseId, compoundId, serviceLine: row.serviceLine, ...row.fields });
          created++;
        } else {
          id = row.handoverId!;
          const h = tx.select({ version: handovers.version }).from(handovers).where(eq(handovers.id, id)).get();
          const stamp = tx.select({ stage: handoverStages.stage, version: handoverStages.version }).from(handoverStages).where(eq(handoverStages.handoverId, id)).all().map((s) => `${s.stage}:${s.version}`).sort().join(',');
          const f = tx.select({ version: handoverFunding.version }).from(handoverFunding).where(eq(handoverFunding.handoverId, id)).get();
          if (!h || h.version !== row.seen!.handover || stamp !== row.seen!.stages || (f?.version ?? null) !== row.seen!.funding) throw stale(row.row);
          const current = tx.select().from(handovers).where(eq(handovers.id, id)).get()!;
          if (handoverFields.some((k) => (current[k] ?? null) !== row.fields![k])) deps.handovers.update(actor, id, { ...row.fields, version: current.version });
          updated++;
        }
        // The stage plan and the dates done, as the row gives them (blank clears).
        const stagesNow = tx.select().from(handoverStages).where(eq(handoverStages.handoverId, id)).all();
        const plannedChange = stagesNow.filter((s) => (s.plannedDate ?? null) !== (row.planned![s.stage] ?? null));
        if (plannedChange.length) {
          const version = tx.select({ version: handovers.version }).from(handovers).where(eq(handovers.id, id)).get()!.version;
          deps.handovers.savePlan(actor, id, { plannedDates: Object.fromEntries(plannedChange.map((s) => [s.stage, row.planned![s.stage] ?? ''])), version });
        }
        for (const s of stagesNow) {
          const want = row.actual![s.stage] ?? null;
          if ((s.actualDate ?? null) === want) continue;
          if (want === null) deps.handovers.undoStage(actor, id, s.stage, {});
          else {
            // A different date: undone, then done on the sheet's day (both audited).
            if (s.actualDate) deps.handovers.undoStage(actor, id, s.stage, {});
            deps.handovers.markStageDone(actor, id, s.stage, { actualDate: want });
          }
        }
        const funding = tx.select().from(handoverFunding).where(eq(handoverFunding.handoverId, id)).get();
        if ((funding?.estimatedCost ?? null) !== row.money!.estimated || (funding?.approvedCost ?? null) !== row.money!.approved) {
          const shares = tx.select().from(fundingShares).where(eq(fundingShares.handoverId, id)).all();
          deps.funding.save(actor, id, {
            estimatedCost: row.money!.estimated ?? '',
            approvedCost: row.money!.approved ?? '',
            settlementCost: funding?.settlementCost ?? '',
            note: funding?.note ?? '',
            isSample: funding?.isSample ? '1' : undefined,
            shares: Object.fromEntries(shares.map((s) => [s.source, { committed: s.committed, disbursed: s.disbursed }])),
            version: funding?.version,
          });
        }
      }
      appendAudit(tx, actor, { action: 'create', entityType: 'ledgerImport', entityId: null, after: { file: p.fileName, rows: p.counts.rows, created, updated } });
      return { created, updated };
    });
    pending.delete(p.id);
    return result;
  }

  return { plan, keep, find, apply, forget: (id: string) => pending.delete(id) };
}

export type LedgerImportService = ReturnType<typeof createLedgerImportService>;

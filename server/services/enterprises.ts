// Enterprises: the list with their compounds, households and the stage reached per service line,
// and one enterprise with everything that hangs off it.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { agreements, compounds, enterpriseLevels, enterprises, items, serviceLines, type EnterpriseLevel, type ServiceLine, type Stage } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween } from '../dates.js';
import { enumOf, flag, line, note, parseInput, versionField } from '../forms.js';
import type { Actor } from './audit.js';
import { deleteRecord, insertRecord, updateRecord } from './records.js';
import type { HandoverService, HandoverSummary } from './handovers.js';
import { FILTER_SELECT_LIMIT } from './groups.js';
import type { Column, Light, RiskService } from './risk.js';

export interface LineStage {
  serviceLine: ServiceLine;
  /** Handovers of this line. */
  count: number;
  /** The stage reached by the least advanced handover of the line (what holds the line back). */
  reached: Stage | null;
  /** Handovers of the line with a stage overdue. */
  overdue: number;
  percent: number;
}

/** Per service line, the least advanced handover's stage, for the lines the handovers cover. */
export function stageByLine(list: HandoverSummary[]): LineStage[] {
  return serviceLines.flatMap((line) => {
    const ofLine = list.filter((h) => h.serviceLine === line);
    if (!ofLine.length) return [];
    const least = ofLine.reduce((a, b) => (b.reachedPosition < a.reachedPosition ? b : a));
    const done = ofLine.reduce((n, h) => n + h.done, 0);
    const total = ofLine.reduce((n, h) => n + h.total, 0);
    return [{
      serviceLine: line,
      count: ofLine.length,
      reached: least.reached,
      overdue: ofLine.filter((h) => h.late).length,
      percent: total ? Math.round((done * 100) / total) : 0,
    }];
  });
}

/** An enterprise as forms and the API write it (GLOSSARY names). */
export const enterpriseInput = z.object({
  name: line(100),
  shortName: line(40),
  level: enumOf(enterpriseLevels),
  parentGroup: note(100),
  formerPolicyBankrupt: flag(),
  devolvedFromCentral: flag(),
  contacts: note(500),
  notes: note(2000),
  isSample: flag(),
});
export const enterprisePatch = enterpriseInput.partial().extend({ version: versionField() });

export interface EnterpriseFilter {
  level?: EnterpriseLevel;
  serviceLine?: ServiceLine;
  groupId?: number;
  /** Part of the short name. */
  q?: string;
  /** Worst first (default: by level, then as entered). */
  sort?: 'risk';
  /** Only the enterprises with this light (of the column when one is given). */
  light?: Light;
  column?: Column;
}

/** Enterprises on one page of the list. */
export const ENTERPRISES_PER_PAGE = 50;
/** Compounds, handovers and agreements shown on an enterprise's page; the rest are on their lists. */
export const SHOWN_ON_PAGE = 100;
export const ITEMS_ON_PAGE = 20;

const levelOrder = (level: EnterpriseLevel) => enterpriseLevels.indexOf(level);

export function createEnterpriseService(db: Db, clock: Clock, handoversService: HandoverService, risk: RiskService) {
  /**
   * One page of the enterprises in scope, each with its light and its cells per service line (the
   * shared risk figures: computed once per write, whatever the number of enterprises), the number of
   * pages, and the page's compounds and households (one query for the page).
   */
  function list(filter: EnterpriseFilter = {}, pageNo = 1) {
    const scope = { level: filter.level, serviceLine: filter.serviceLine, groupId: filter.groupId };
    let rows = risk.enterprises(scope);
    if (filter.q) rows = rows.filter((e) => e.name.includes(filter.q!));
    if (filter.light) rows = rows.filter((e) => (filter.column ? e.cells.find((c) => c.column === filter.column)?.light : e.light) === filter.light);
    if (filter.sort !== 'risk') rows = [...rows].sort((a, b) => levelOrder(a.level) - levelOrder(b.level) || a.id - b.id);
    const pages = Math.max(1, Math.ceil(rows.length / ENTERPRISES_PER_PAGE));
    const page = Math.min(Math.max(pageNo, 1), pages);
    const shown = rows.slice((page - 1) * ENTERPRISES_PER_PAGE, page * ENTERPRISES_PER_PAGE);
    type Detail = { id: number; name: string; parentGroup: string | null; isSample: boolean; compoundCount: number; households: number };
    const details: Map<number, Detail> = shown.length
      ? new Map(
          db
            .select({
              id: enterprises.id,
              name: enterprises.name,
              parentGroup: enterprises.parentGroup,
              isSample: enterprises.isSample,
              compoundCount: sql<number>`(SELECT count(*) FROM compounds c WHERE c.enterprise_id = enterprises.id)`,
              households: sql<number>`(SELECT coalesce(sum(c.households), 0) FROM compounds c WHERE c.enterprise_id = enterprises.id)`,
            })
            .from(enterprises)
            .where(inArray(enterprises.id, shown.map((e) => e.id)))
            .all()
            .map((d) => [d.id, d]),
        )
      : new Map();
    return {
      rows: shown.map((e) => ({ ...e, shortName: e.name, ...details.get(e.id)! })),
      total: rows.length,
      page,
      pages,
    };
  }

  /**
   * One enterprise with the first of each list that hangs off it (the rest a click away): its
   * compounds, handovers, agreements and open items (overdue first), with how many there are.
   */
  function get(id: number) {
    const today = clock.today();
    const enterprise = db.select().from(enterprises).where(eq(enterprises.id, id)).get();
    if (!enterprise) return null;
    const totals = db.get<{ compounds: number; households: number; agreements: number; openItems: number; overdueItems: number }>(sql`SELECT
      (SELECT count(*) FROM compounds WHERE enterprise_id = ${id}) AS compounds,
      (SELECT coalesce(sum(households), 0) FROM compounds WHERE enterprise_id = ${id}) AS households,
      (SELECT count(*) FROM agreements WHERE enterprise_id = ${id}) AS agreements,
      (SELECT count(*) FROM items WHERE enterprise_id = ${id} AND status <> 'closed') AS openItems,
      (SELECT count(*) FROM items WHERE enterprise_id = ${id} AND finished = 0 AND due_date < ${today}) AS overdueItems`)!;
    const compoundList = db.select().from(compounds).where(eq(compounds.enterpriseId, id)).orderBy(asc(compounds.id)).limit(SHOWN_ON_PAGE).all();
    const handoverList = handoversService.summaries({ enterpriseId: id }, SHOWN_ON_PAGE);
    const agreementList = db.select().from(agreements).where(eq(agreements.enterpriseId, id)).orderBy(asc(agreements.kind), asc(agreements.id)).limit(SHOWN_ON_PAGE).all();
    // Open items, overdue first (oldest deadline first), then by deadline.
    const openItems = db
      .select()
      .from(items)
      .where(and(eq(items.enterpriseId, id), ne(items.status, 'closed')))
      .orderBy(sql`${items.finished}`, sql`${items.dueDate} >= ${today}`, asc(items.dueDate), asc(items.id))
      .limit(ITEMS_ON_PAGE)
      .all()
      .map((item) => {
        const overdue = !item.finished && item.dueDate < today;
        return { ...item, overdue, overdueDays: overdue ? daysBetween(item.dueDate, today) : 0 };
      });
    return {
      enterprise,
      compounds: compoundList,
      households: totals.households,
      totals,
      handovers: handoverList,
      handoverCount: handoversService.count({ enterpriseId: id }),
      lines: risk.enterprises({ enterpriseId: id })[0]?.cells ?? [],
      agreements: agreementList,
      openItems,
    };
  }

  function create(actor: Actor, input: unknown): number {
    const values = parseInput(enterpriseInput, input);
    return db.transaction((tx) => insertRecord(tx, enterprises, values, actor, 'enterprise'));
  }

  function update(actor: Actor, id: number, input: unknown) {
    const { version, ...values } = parseInput(enterprisePatch, input);
    return db.transaction((tx) => updateRecord(tx, enterprises, id, version, values, actor, 'enterprise'));
  }

  function remove(actor: Actor, id: number, version: number) {
    db.transaction((tx) => deleteRecord(tx, enterprises, id, version, actor, 'enterprise'));
  }

  function record(id: number) {
    return db.select().from(enterprises).where(eq(enterprises.id, id)).get() ?? null;
  }

  const enterpriseOrder = [sql`CASE ${enterprises.level} WHEN 'central' THEN 1 WHEN 'provincial' THEN 2 WHEN 'municipal' THEN 3 ELSE 4 END`, asc(enterprises.id)];

  /** A filter's choice of enterprise: every short name when there are few, else none (the form takes a name to search). */
  function choices(limit = FILTER_SELECT_LIMIT) {
    const few = db.select({ id: enterprises.id, name: enterprises.shortName }).from(enterprises).orderBy(...enterpriseOrder).limit(limit + 1).all();
    return few.length > limit ? null : few;
  }

  /** Enterprises whose short or full name contains the text (at most `limit`). */
  function matching(text: string, limit = 20) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return db
      .select({ id: enterprises.id, name: enterprises.shortName })
      .from(enterprises)
      .where(sql`(${enterprises.shortName} LIKE ${pattern} ESCAPE '\\' OR ${enterprises.name} LIKE ${pattern} ESCAPE '\\')`)
      .orderBy(...enterpriseOrder)
      .limit(limit)
      .all();
  }

  return { list, get, record, choices, matching, create, update, remove };
}

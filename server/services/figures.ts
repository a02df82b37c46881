// The month's figures, each defined once: what was added, closed out, became overdue, which stages
// were completed and which agreements signed in a month. The dashboard's "this month", the monthly
// minutes pack, the snapshots and the Excel reports all call these, so one month gives one number
// on every screen and in every file; the item lists behind a figure use the same conditions.
//
// Definitions (a day is a day in Asia/Shanghai; an item is overdue from the day after its deadline):
// - added: the item was entered (created_at) in the month;
// - closed: closed out (销号, closed_on) in the month;
// - became overdue: a deadline of the item passed in the month with the item unfinished, i.e. the
//   day after the deadline lies in the month and that day is not after today; the deadline is the
//   current one, or an earlier one that a delay replaced only after it had passed (a delay granted
//   in time moves the deadline before it is missed). Counted once per item and month;
// - stages completed: a handover stage's actual date lies in the month;
// - agreements signed: an agreement's signing date lies in the month.
// And the standing figures as of a day (the dashboard's totals as of today, the monthly report's
// as of the month's end): households handed over, how many handovers reached each stage, problems
// open; and the money by funding source (kept without dates: always as recorded now).
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { fundingSources, items, stages, type FundingSource, type Stage } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { plusDays, plusMonths } from '../dates.js';
import { itemScope, type ItemScope } from './items.js';

export const monthFigures = ['added', 'closed', 'becameOverdue', 'stagesDone', 'agreementsSigned'] as const;
export type MonthFigure = (typeof monthFigures)[number];
/** The figures that count items (their lists are /items?<figure>In=YYYY-MM). */
export const itemFigures = ['added', 'closed', 'becameOverdue'] as const;
export type ItemFigure = (typeof itemFigures)[number];

export type MonthCounts = Record<MonthFigure, number>;

/** 'YYYY-MM' with a real month. */
export const isMonth = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
export const monthOf = (day: string): string => day.slice(0, 7);
export const firstDayOf = (month: string): string => `${month}-01`;
export const lastDayOf = (month: string): string => plusDays(plusMonths(firstDayOf(month), 1), -1);
export const previousMonth = (month: string): string => monthOf(plusMonths(firstDayOf(month), -1));
export const nextMonth = (month: string): string => monthOf(plusMonths(firstDayOf(month), 1));

/** Midnight of a day in Asia/Shanghai as the UTC instant stored in created_at columns. */
export const shanghaiMidnight = (day: string): string => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();

/**
 * The condition on `items` (unaliased) for an item figure of a month, as of `today`. The one
 * definition: counts, lists and exports all use it.
 */
export function itemFigureSql(figure: ItemFigure, month: string, today: string): SQL {
  const first = firstDayOf(month);
  const next = plusMonths(first, 1);
  switch (figure) {
    case 'added':
      return and(gte(items.createdAt, shanghaiMidnight(first)), lt(items.createdAt, shanghaiMidnight(next)))!;
    case 'closed':
      return and(gte(items.closedOn, first), lt(items.closedOn, next))!;
    case 'becameOverdue': {
      // The deadlines whose next day falls in the month and is not after today.
      const from = plusDays(first, -1);
      const until = plusDays(next, -1) < today ? plusDays(next, -1) : today;
      const unfinishedOn = (deadline: SQL) => sql`(coalesce(${items.doneOn}, ${items.closedOn}) IS NULL OR coalesce(${items.doneOn}, ${items.closedOn}) > ${deadline})
        AND NOT (${items.finished} = 1 AND ${items.doneOn} IS NULL AND ${items.closedOn} IS NULL)`;
      return sql`((${items.dueDate} >= ${from} AND ${items.dueDate} < ${until} AND ${unfinishedOn(sql`${items.dueDate}`)})
        OR ${items.id} IN (SELECT d.item_id FROM delay_requests d JOIN items x ON x.id = d.item_id
          WHERE d.status = 'approved' AND d.previous_due_date >= ${from} AND d.previous_due_date < ${until}
            AND coalesce(d.decided_on, d.requested_on) > d.previous_due_date
            AND (coalesce(x.done_on, x.closed_on) IS NULL OR coalesce(x.done_on, x.closed_on) > d.previous_due_date)))`;
    }
  }
}

export interface HandoverScope {
  level?: ItemScope['level'];
  serviceLine?: ItemScope['serviceLine'];
  groupId?: number;
  enterpriseId?: number;
}

/** Conditions on handovers aliased `h` for a scope (level, service line, group, enterprise). */
export function handoverScopeSql(scope: HandoverScope): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (scope.enterpriseId) parts.push(sql`h.enterprise_id = ${scope.enterpriseId}`);
  if (scope.level) parts.push(sql`h.enterprise_level = ${scope.level}`);
  if (scope.serviceLine) parts.push(sql`h.service_line = ${scope.serviceLine}`);
  if (scope.groupId) parts.push(sql`h.group_id = ${scope.groupId}`);
  return sql.join(parts, sql` AND `);
}

/** Stages completed in the month: the condition on handover_stages aliased `s` (joined to `h`). */
export const stagesDoneSql = (month: string): SQL => sql`s.actual_date >= ${firstDayOf(month)} AND s.actual_date <= ${lastDayOf(month)}`;

/**
 * Households handed over (已移交户数) as of a day (none: as recorded now), as a scalar subquery: the
 * households of the compounds with a handover in scope whose every handover in scope had its
 * functions taken over (交接基准日) by then.
 */
export function handedOverHouseholdsSql(scope: HandoverScope, asOf?: string): SQL {
  const notYet = asOf ? sql`(h.takeover_on IS NULL OR h.takeover_on > ${asOf})` : sql`h.takeover_on IS NULL`;
  return sql`(SELECT coalesce(sum(c.households), 0) FROM compounds c
    WHERE EXISTS (SELECT 1 FROM handovers h WHERE h.compound_id = c.id AND ${handoverScopeSql(scope)})
      AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.compound_id = c.id AND ${handoverScopeSql(scope)} AND ${notYet}))`;
}

export interface Money {
  /** Handovers with a funding record, and their costs (元). */
  handovers: number;
  estimated: number;
  approved: number;
  settlement: number;
  /** Committed and disbursed by funding source (元). */
  bySource: { source: FundingSource; committed: number; disbursed: number }[];
}

export interface Standing {
  handovers: number;
  /** Per stage, the handovers whose plan has it, and those that reached it (it or a later stage done) by the day. */
  stages: Record<Stage, { planned: number; reached: number }>;
  handedOverHouseholds: number;
  /** Problems raised by the day and not closed out by then. */
  openProblems: number;
}

export function createFigureService(db: Db, clock: Clock) {
  /** Every figure of a month in a scope, as of today. */
  function month(scope: ItemScope, month: string): MonthCounts {
    const today = clock.today();
    const scoped = (figure: ItemFigure) => and(itemFigureSql(figure, month, today), ...itemScope(scope));
    const countItems = (figure: ItemFigure) => db.select({ n: sql<number>`count(*)` }).from(items).where(scoped(figure)).get()?.n ?? 0;
    const stagesDone = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM handover_stages s JOIN handovers h ON h.id = s.handover_id
      WHERE ${stagesDoneSql(month)} AND ${handoverScopeSql(scope)}`)!.n;
    // An agreement is in scope when it is the enterprise's (level, enterprise) and covers a handover of the line or group.
    const agreementScope = sql.join(
      [
        sql`1 = 1`,
        ...(scope.enterpriseId ? [sql`a.enterprise_id = ${scope.enterpriseId}`] : []),
        ...(scope.level ? [sql`a.enterprise_id IN (SELECT e.id FROM enterprises e WHERE e.level = ${scope.level})`] : []),
        ...(scope.serviceLine || scope.groupId
          ? [sql`EXISTS (SELECT 1 FROM agreement_handovers ah JOIN handovers h ON h.id = ah.handover_id WHERE ah.agreement_id = a.id AND ${handoverScopeSql({ serviceLine: scope.serviceLine, groupId: scope.groupId })})`]
          : []),
      ],
      sql` AND `,
    );
    const agreementsSigned = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM agreements a
      WHERE a.signed_on >= ${firstDayOf(month)} AND a.signed_on <= ${lastDayOf(month)} AND ${agreementScope}`)!.n;
    return { added: countItems('added'), closed: countItems('closed'), becameOverdue: countItems('becameOverdue'), stagesDone, agreementsSigned };
  }

  /** Problems raised and closed out in a month (the item figures, for problems only). */
  function problemsOf(scope: ItemScope, monthValue: string): { raised: number; closed: number } {
    const today = clock.today();
    const count = (figure: ItemFigure) =>
      db.select({ n: sql<number>`count(*)` }).from(items).where(and(itemFigureSql(figure, monthValue, today), eq(items.kind, 'problem'), ...itemScope(scope))).get()?.n ?? 0;
    return { raised: count('added'), closed: count('closed') };
  }

  /** The standing figures of a scope at the end of `asOf` (a day). */
  function standing(scope: HandoverScope, asOf: string): Standing {
    const handoverCount = db.get<{ n: number; households: number }>(sql`SELECT
      (SELECT count(*) FROM handovers h WHERE ${handoverScopeSql(scope)}) AS n, ${handedOverHouseholdsSql(scope, asOf)} AS households`)!;
    // A handover reached a stage by the day when that stage, or one after it in its own plan, was done by then.
    const reach = db.all<{ stage: Stage; planned: number; reached: number }>(sql`
      WITH r AS (SELECT h.id AS id, coalesce((SELECT max(s.position) FROM handover_stages s WHERE s.handover_id = h.id AND s.actual_date <= ${asOf}), 0) AS pos
        FROM handovers h WHERE ${handoverScopeSql(scope)})
      SELECT x.stage AS stage, count(*) AS planned, sum(r.pos >= x.position) AS reached
      FROM r JOIN handover_stages x ON x.handover_id = r.id GROUP BY x.stage`);
    const stageCounts = Object.fromEntries(
      stages.map((stage) => {
        const found = reach.find((r) => r.stage === stage);
        return [stage, { planned: found?.planned ?? 0, reached: found?.reached ?? 0 }];
      }),
    ) as Standing['stages'];
    const openProblems =
      db
        .select({ n: sql<number>`count(*)` })
        .from(items)
        .where(
          and(
            eq(items.kind, 'problem'),
            lt(items.createdAt, shanghaiMidnight(plusDays(asOf, 1))),
            sql`(${items.closedOn} IS NULL OR ${items.closedOn} > ${asOf})`,
            ...itemScope(scope),
          ),
        )
        .get()?.n ?? 0;
    return { handovers: handoverCount.n, stages: stageCounts, handedOverHouseholds: handoverCount.households, openProblems };
  }

  /** Estimated, approved and settled costs; committed and disbursed by funding source (元), as recorded now. */
  function money(scope: HandoverScope): Money {
    const costs = db.get<{ handovers: number; estimated: number; approved: number; settlement: number }>(sql`
      SELECT count(*) AS handovers, coalesce(sum(fd.estimated_cost), 0) AS estimated,
        coalesce(sum(fd.approved_cost), 0) AS approved, coalesce(sum(fd.settlement_cost), 0) AS settlement
      FROM handover_funding fd JOIN handovers h ON h.id = fd.handover_id WHERE ${handoverScopeSql(scope)}`)!;
    const shares = db.all<{ source: FundingSource; committed: number; disbursed: number }>(sql`
      SELECT fs.source AS source, sum(fs.committed) AS committed, sum(fs.disbursed) AS disbursed
      FROM funding_shares fs JOIN handovers h ON h.id = fs.handover_id WHERE ${handoverScopeSql(scope)}
      GROUP BY fs.source`);
    const bySource = fundingSources.map((source) => {
      const s = shares.find((r) => r.source === source);
      return { source, committed: s?.committed ?? 0, disbursed: s?.disbursed ?? 0 };
    });
    return { ...costs, bySource };
  }

  /** Whether a month may be asked for: not before the programme's records, not after this month. */
  const knownMonth = (value: string) => isMonth(value) && value <= monthOf(clock.today()) && value >= '2000-01';

  return { month, knownMonth, problemsOf, standing, money };
}

export type FigureService = ReturnType<typeof createFigureService>;

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
import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { items } from '../../db/schema.js';
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

  /** Whether a month may be asked for: not before the programme's records, not after this month. */
  const knownMonth = (value: string) => isMonth(value) && value <= monthOf(clock.today()) && value >= '2000-01';

  return { month, knownMonth };
}

export type FigureService = ReturnType<typeof createFigureService>;

// Where every enterprise stands, per service line: the least advanced handover's stage, what is late
// (handovers with a stage past its planned date, items past their deadline) and what falls due
// soon, and from these the traffic light. Items with no service line (neither their handover nor
// their working group has one) form a column of their own, 综合 ('general'), so every overdue item
// shows in some cell. Two aggregate queries over indexed, trigger-kept columns whatever the size,
// reused until a handover, stage or item changes. The dashboard and the enterprise list share it.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { serviceLines, type EnterpriseLevel, type ServiceLine, type Stage } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween, plusDays } from '../dates.js';
import { handoverScopeSql } from './figures.js';
import { itemScope, type ItemScope } from './items.js';
import type { Memo } from './memo.js';

/** The traffic-light rule, stated on the page from these same numbers. */
export const RULES = {
  /** Off track: an item or a stage overdue by more than this many days. */
  offTrackDays: 30,
  /** At risk: anything overdue, or an item or stage due within this many days. */
  atRiskDays: 7,
  /** The "due soon" list: open items due within this many days. */
  dueSoonDays: 30,
} as const;

export type Light = 'onTrack' | 'atRisk' | 'offTrack';
export const lights: readonly Light[] = ['onTrack', 'atRisk', 'offTrack'];
export const worse = (a: Light, b: Light): Light => (lights.indexOf(a) >= lights.indexOf(b) ? a : b);

/** Off track past `offTrackDays` overdue; at risk when anything is overdue or due within `atRiskDays`. */
export function lightOf(maxOverdueDays: number, dueSoon: number): Light {
  if (maxOverdueDays > RULES.offTrackDays) return 'offTrack';
  if (maxOverdueDays > 0 || dueSoon > 0) return 'atRisk';
  return 'onTrack';
}

/** A column of the matrix: a service line, or 'general' for items of no line. */
export type Column = ServiceLine | 'general';
export const columns: readonly Column[] = [...serviceLines, 'general'];

export interface Cell {
  column: Column;
  /** Handovers of the line (0 in the general column). */
  handovers: number;
  /** The least advanced handover's last stage done (null: none done yet). */
  stage: Stage | null;
  /** Handovers with a stage past its planned date, and the oldest such date. */
  lateHandovers: number;
  /** Open items past their deadline, and the oldest deadline among them. */
  overdueItems: number;
  /** Days since the oldest missed date (stage or item); 0 when nothing is late. */
  maxOverdueDays: number;
  /** Stages and items due within `atRiskDays`. */
  dueSoon: number;
  light: Light;
}

export interface EnterpriseRisk {
  id: number;
  name: string;
  level: EnterpriseLevel;
  light: Light;
  cells: Cell[];
  overdueItems: number;
  lateHandovers: number;
  maxOverdueDays: number;
  /** Stages and items due within `atRiskDays`. */
  dueSoon: number;
  /** Days overdue added up over the overdue items (累计逾期天数). */
  overdueItemDays: number;
}

const severity = (light: Light) => lights.indexOf(light);

/** Worst first: the light, then how much is late and for how long, then the name. */
export function byRisk(a: EnterpriseRisk, b: EnterpriseRisk): number {
  return (
    severity(b.light) - severity(a.light) ||
    b.overdueItems + b.lateHandovers - (a.overdueItems + a.lateHandovers) ||
    b.maxOverdueDays - a.maxOverdueDays ||
    a.name.localeCompare(b.name, 'zh-CN') ||
    a.id - b.id
  );
}

export function createRiskService(db: Db, clock: Clock, memo: Memo) {
  function compute(scope: ItemScope, today: string): EnterpriseRisk[] {
    const soon = plusDays(today, RULES.atRiskDays);
    const enterprises = db.all<{ id: number; name: string; level: EnterpriseLevel }>(sql`
      SELECT e.id AS id, e.short_name AS name, e.level AS level FROM enterprises e
      WHERE ${sql.join(
        [
          sql`1 = 1`,
          ...(scope.enterpriseId ? [sql`e.id = ${scope.enterpriseId}`] : []),
          ...(scope.level ? [sql`e.level = ${scope.level}`] : []),
          ...(scope.serviceLine || scope.groupId ? [sql`EXISTS (SELECT 1 FROM handovers h WHERE h.enterprise_id = e.id AND ${handoverScopeSql(scope)})`] : []),
        ],
        sql` AND `,
      )}`);
    // Handovers per enterprise and line: the least advanced ("position:stage", positions are 0–9),
    // those late, the oldest missed planned date, those with a stage due soon.
    const handoverCells = db.all<{ e: number; line: ServiceLine; n: number; least: string; late: number; oldest: string | null; soon: number }>(sql`
      SELECT h.enterprise_id AS e, h.service_line AS line, count(*) AS n,
        min(h.reached_position || ':' || coalesce(h.reached_stage, '')) AS least,
        sum(h.first_due < ${today}) AS late,
        min(CASE WHEN h.first_due < ${today} THEN h.first_due END) AS oldest,
        sum(h.first_due >= ${today} AND h.first_due <= ${soon}) AS soon
      FROM handovers h WHERE ${handoverScopeSql(scope)}
      GROUP BY h.enterprise_id, h.service_line`);
    const itemCells = db.all<{ e: number; line: ServiceLine | null; overdue: number; oldest: string | null; soon: number; days: number }>(sql`
      SELECT items.enterprise_id AS e, items.service_line AS line,
        sum(items.due_date < ${today}) AS overdue,
        min(CASE WHEN items.due_date < ${today} THEN items.due_date END) AS oldest,
        sum(items.due_date >= ${today}) AS soon,
        coalesce(sum(CASE WHEN items.due_date < ${today} THEN julianday(${today}) - julianday(items.due_date) END), 0) AS days
      FROM items
      WHERE items.finished = 0 AND items.due_date <= ${soon} AND items.enterprise_id IS NOT NULL
        ${sql.join(itemScope(scope).map((c) => sql` AND ${c}`), sql``)}
      GROUP BY items.enterprise_id, items.service_line`);

    const key = (e: number, column: Column) => `${e}/${column}`;
    const handoverMap = new Map(handoverCells.map((c) => [key(c.e, c.line), c]));
    const itemMap = new Map(itemCells.map((c) => [key(c.e, c.line ?? 'general'), c]));
    const ago = (day: string | null | undefined) => (day ? daysBetween(day, today) : 0);
    return enterprises.map((e) => {
      let light: Light = 'onTrack';
      let overdueItems = 0;
      let lateHandovers = 0;
      let maxOverdueDays = 0;
      let overdueItemDays = 0;
      let dueSoonAll = 0;
      const cells: Cell[] = [];
      for (const column of columns) {
        const h = column === 'general' ? undefined : handoverMap.get(key(e.id, column));
        const it = itemMap.get(key(e.id, column));
        if (!h && !it) continue;
        const days = Math.max(ago(h?.oldest), ago(it?.oldest));
        const dueSoon = (h?.soon ?? 0) + (it?.soon ?? 0);
        const cellLight = lightOf(days, dueSoon);
        const stage = h ? (h.least.split(':')[1] || null) as Stage | null : null;
        cells.push({
          column,
          handovers: h?.n ?? 0,
          stage,
          lateHandovers: h?.late ?? 0,
          overdueItems: it?.overdue ?? 0,
          maxOverdueDays: days,
          dueSoon,
          light: cellLight,
        });
        light = worse(light, cellLight);
        overdueItems += it?.overdue ?? 0;
        lateHandovers += h?.late ?? 0;
        maxOverdueDays = Math.max(maxOverdueDays, days);
        overdueItemDays += it?.days ?? 0;
        dueSoonAll += dueSoon;
      }
      return { ...e, light, cells, overdueItems, lateHandovers, maxOverdueDays, dueSoon: dueSoonAll, overdueItemDays: Math.round(overdueItemDays) };
    });
  }

  /** Every enterprise in scope with its cells and light, worst first. */
  function enterprises(scope: ItemScope): EnterpriseRisk[] {
    const today = clock.today();
    const key = `risk:${JSON.stringify([scope.level ?? '', scope.serviceLine ?? '', scope.groupId ?? 0, scope.enterpriseId ?? 0])}`;
    return memo.cached(key, ['plan', 'items'], memo.versions(), today, () => compute(scope, today).sort(byRisk));
  }

  return { enterprises };
}

export type RiskService = ReturnType<typeof createRiskService>;

// The leaders' dashboard: where every enterprise and service line stands, built from a fixed
// handful of aggregate queries (GROUP BY over indexed columns), never one query per enterprise,
// handover or item, whatever the data's size. Every figure honours the same scope (enterprise
// level, service line, working group, enterprise) and carries the link to the list behind it.
import { asc, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  enterpriseLevels,
  policyDeadlines,
  problemCategories,
  problemLevels,
  serviceLines,
  stages,
  type EnterpriseLevel,
  type FundingSource,
  fundingSources,
  type ItemKind,
  type ItemStatus,
  type ServiceLine,
  type Stage,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween, plusDays, plusMonths } from '../dates.js';
import { itemScope, type ItemScope } from './items.js';
import type { createMeetingService } from './meetings.js';
import { firstDayOf, monthOf, previousMonth, unfinishedSql, type SnapshotService } from './snapshots.js';

export type DashboardFilter = ItemScope;

/** The traffic-light rule, stated on the page from these same numbers. */
export const RULES = {
  /** Off track: an item or a stage overdue by more than this many days. */
  offTrackDays: 30,
  /** At risk: anything overdue, or an item or stage due within this many days. */
  atRiskDays: 7,
  /** The "due soon" list: open items due within this many days. */
  dueSoonDays: 30,
  /** Items shown under each lead unit (the rest are one click away). */
  itemsPerUnit: 5,
  /** Rows of each ranking. */
  rankingSize: 10,
  /** Months in the trend of completed stages. */
  trendMonths: 12,
} as const;

export type Light = 'onTrack' | 'atRisk' | 'offTrack';
export const lights: readonly Light[] = ['onTrack', 'atRisk', 'offTrack'];

/** Off track past `offTrackDays` overdue; at risk when anything is overdue or due within `atRiskDays`. */
export function lightOf(maxOverdueDays: number, dueSoon: number): Light {
  if (maxOverdueDays > RULES.offTrackDays) return 'offTrack';
  if (maxOverdueDays > 0 || dueSoon > 0) return 'atRisk';
  return 'onTrack';
}

const worse = (a: Light, b: Light): Light => (lights.indexOf(a) >= lights.indexOf(b) ? a : b);

/** A list URL with its query; empty values are left out. */
export function link(path: string, params: Record<string, string | number | boolean | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    query.set(key, value === true ? '1' : String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

const percent = (part: number, whole: number) => (whole ? Math.round((part * 100) / whole) : 0);
const lineOrder = (line: ServiceLine) => serviceLines.indexOf(line);

interface MeetingsDep {
  seriesList: ReturnType<typeof createMeetingService>['seriesList'];
}

export interface DashboardOptions {
  /** Take last month's snapshot on the first build of a month (default true). */
  autoSnapshot?: boolean;
}

export function createDashboardService(
  db: Db,
  clock: Clock,
  deps: { meetings: MeetingsDep; snapshots: SnapshotService },
  settings: DashboardOptions = {},
) {
  /** Conditions on handovers aliased `h`. */
  function handoverScope(f: DashboardFilter): SQL {
    const parts: SQL[] = [sql`1 = 1`];
    if (f.enterpriseId) parts.push(sql`h.enterprise_id = ${f.enterpriseId}`);
    if (f.level) parts.push(sql`h.enterprise_id IN (SELECT e2.id FROM enterprises e2 WHERE e2.level = ${f.level})`);
    if (f.serviceLine) parts.push(sql`h.service_line = ${f.serviceLine}`);
    if (f.groupId) parts.push(sql`h.group_id = ${f.groupId}`);
    return sql.join(parts, sql` AND `);
  }

  /** Conditions on `items` (unaliased) for the scope; shared with the /items list. */
  function itemWhere(f: DashboardFilter, ...more: SQL[]): SQL {
    return sql.join([sql`1 = 1`, ...itemScope(f), ...more], sql` AND `);
  }

  /** Enterprises aliased `e` in scope: by level and id, and when a line or group is chosen, those with a handover in it. */
  function enterpriseScope(f: DashboardFilter): SQL {
    const parts: SQL[] = [sql`1 = 1`];
    if (f.enterpriseId) parts.push(sql`e.id = ${f.enterpriseId}`);
    if (f.level) parts.push(sql`e.level = ${f.level}`);
    if (f.serviceLine || f.groupId) parts.push(sql`EXISTS (SELECT 1 FROM handovers h WHERE h.enterprise_id = e.id AND ${handoverScope(f)})`);
    return sql.join(parts, sql` AND `);
  }

  /** Compounds aliased `c` in scope, likewise. */
  function compoundScope(f: DashboardFilter): SQL {
    const parts: SQL[] = [sql`c.enterprise_id IN (SELECT e.id FROM enterprises e WHERE ${enterpriseScope(f)})`];
    if (f.serviceLine || f.groupId) parts.push(sql`EXISTS (SELECT 1 FROM handovers h WHERE h.compound_id = c.id AND ${handoverScope(f)})`);
    return sql.join(parts, sql` AND `);
  }

  const listParams = (f: DashboardFilter) => ({ level: f.level, enterpriseId: f.enterpriseId, serviceLine: f.serviceLine, groupId: f.groupId });

  function totals(f: DashboardFilter, today: string) {
    const row = db.get<{
      enterprises: number;
      compounds: number;
      households: number;
      handovers: number;
      handedOverHouseholds: number;
      openItems: number;
      overdueItems: number;
    }>(sql`SELECT
        (SELECT count(*) FROM enterprises e WHERE ${enterpriseScope(f)}) AS enterprises,
        (SELECT count(*) FROM compounds c WHERE ${compoundScope(f)}) AS compounds,
        (SELECT coalesce(sum(c.households), 0) FROM compounds c WHERE ${compoundScope(f)}) AS households,
        (SELECT count(*) FROM handovers h WHERE ${handoverScope(f)}) AS handovers,
        (SELECT coalesce(sum(c.households), 0) FROM compounds c WHERE ${compoundScope(f)}
          AND EXISTS (SELECT 1 FROM handovers h WHERE h.compound_id = c.id AND ${handoverScope(f)})
          AND NOT EXISTS (SELECT 1 FROM handovers h
            LEFT JOIN handover_stages s ON s.handover_id = h.id AND s.stage = 'takeover'
            WHERE h.compound_id = c.id AND ${handoverScope(f)} AND s.actual_date IS NULL)) AS handedOverHouseholds,
        (SELECT count(*) FROM items WHERE ${itemWhere(f, sql`items.status <> 'closed'`)}) AS openItems,
        (SELECT count(*) FROM items WHERE ${itemWhere(f, sql`items.status IN ${unfinishedSql}`, sql`items.due_date < ${today}`)}) AS overdueItems`)!;
    const p = listParams(f);
    return {
      ...row,
      links: {
        enterprises: f.enterpriseId ? `/enterprises/${f.enterpriseId}` : link('/enterprises', { level: f.level }),
        handovers: link('/handovers', p),
        openItems: link('/items', { ...p, open: true }),
        overdueItems: link('/items', { ...p, overdue: true }),
      },
    };
  }

  /** Per service line: handovers, agreement coverage, and per stage how many reached at least it. */
  function lines(f: DashboardFilter) {
    const counts = db.all<{ serviceLine: ServiceLine; handovers: number; framework: number; implementation: number }>(sql`
      SELECT h.service_line AS serviceLine, count(*) AS handovers,
        sum(EXISTS (SELECT 1 FROM agreement_handovers ah JOIN agreements a ON a.id = ah.agreement_id
          WHERE ah.handover_id = h.id AND a.kind = 'framework' AND a.status IN ('signed','inForce','completed'))) AS framework,
        sum(EXISTS (SELECT 1 FROM agreement_handovers ah JOIN agreements a ON a.id = ah.agreement_id
          WHERE ah.handover_id = h.id AND a.kind = 'implementation' AND a.status IN ('signed','inForce','completed'))) AS implementation
      FROM handovers h WHERE ${handoverScope(f)}
      GROUP BY h.service_line`);
    // A handover has reached at least a stage when that stage, or one after it in its own plan, is done.
    const reach = db.all<{ serviceLine: ServiceLine; stage: Stage; planned: number; reached: number }>(sql`
      WITH hs AS (SELECT h.id, h.service_line FROM handovers h WHERE ${handoverScope(f)}),
      r AS (SELECT s.handover_id, max(CASE WHEN s.actual_date IS NOT NULL THEN s.position ELSE 0 END) AS pos
            FROM handover_stages s JOIN hs ON hs.id = s.handover_id GROUP BY s.handover_id)
      SELECT hs.service_line AS serviceLine, x.stage AS stage, count(*) AS planned, sum(r.pos >= x.position) AS reached
      FROM hs JOIN handover_stages x ON x.handover_id = hs.id JOIN r ON r.handover_id = hs.id
      GROUP BY hs.service_line, x.stage`);
    const p = listParams(f);
    const ordered = counts.sort((a, b) => lineOrder(a.serviceLine) - lineOrder(b.serviceLine));
    const funnel = ordered.map((l) => ({
      serviceLine: l.serviceLine,
      handovers: l.handovers,
      href: link('/handovers', { ...p, serviceLine: l.serviceLine }),
      stages: stages.map((stage) => {
        const found = reach.find((r) => r.serviceLine === l.serviceLine && r.stage === stage);
        const reached = found?.reached ?? 0;
        return { stage, planned: found?.planned ?? 0, reached, percent: percent(reached, l.handovers) };
      }),
    }));
    const signing = ordered.map((l) => ({
      serviceLine: l.serviceLine,
      handovers: l.handovers,
      framework: l.framework,
      implementation: l.implementation,
      frameworkRate: percent(l.framework, l.handovers),
      implementationRate: percent(l.implementation, l.handovers),
      frameworkHref: link('/agreements', { kind: 'framework', level: f.level, enterpriseId: f.enterpriseId, serviceLine: l.serviceLine }),
      implementationHref: link('/agreements', { kind: 'implementation', level: f.level, enterpriseId: f.enterpriseId, serviceLine: l.serviceLine }),
    }));
    const all = ordered.reduce((n, l) => ({ handovers: n.handovers + l.handovers, framework: n.framework + l.framework, implementation: n.implementation + l.implementation }), {
      handovers: 0,
      framework: 0,
      implementation: 0,
    });
    const signingTotal = {
      ...all,
      frameworkRate: percent(all.framework, all.handovers),
      implementationRate: percent(all.implementation, all.handovers),
      frameworkHref: link('/agreements', { kind: 'framework', level: f.level, enterpriseId: f.enterpriseId, serviceLine: f.serviceLine }),
      implementationHref: link('/agreements', { kind: 'implementation', level: f.level, enterpriseId: f.enterpriseId, serviceLine: f.serviceLine }),
    };
    return { lines: ordered.map((l) => l.serviceLine), funnel, signing, signingTotal };
  }

  /** Enterprise × service line: the least advanced handover's stage, and the traffic light. */
  function matrix(f: DashboardFilter, lineList: ServiceLine[], today: string) {
    const soon = plusDays(today, RULES.atRiskDays);
    const enterpriseRows = db.all<{ id: number; name: string; level: EnterpriseLevel }>(sql`
      SELECT e.id AS id, e.short_name AS name, e.level AS level FROM enterprises e WHERE ${enterpriseScope(f)}
      ORDER BY CASE e.level WHEN 'central' THEN 1 WHEN 'provincial' THEN 2 WHEN 'municipal' THEN 3 ELSE 4 END, e.id`);
    // Per handover: the stage reached ("position||stage", positions are 1–9) and its late stages.
    const cells = db.all<{
      enterpriseId: number;
      serviceLine: ServiceLine;
      handovers: number;
      least: string;
      overdueStages: number;
      maxStageDays: number | null;
      stageDays: number;
      stagesDueSoon: number;
    }>(sql`
      WITH per AS (
        SELECT h.enterprise_id AS enterpriseId, h.service_line AS serviceLine,
          coalesce(max(CASE WHEN s.actual_date IS NOT NULL THEN s.position || s.stage END), '0') AS reached,
          coalesce(sum(s.actual_date IS NULL AND s.planned_date < ${today}), 0) AS overdueStages,
          max(CASE WHEN s.actual_date IS NULL AND s.planned_date < ${today} THEN julianday(${today}) - julianday(s.planned_date) END) AS maxStageDays,
          coalesce(sum(CASE WHEN s.actual_date IS NULL AND s.planned_date < ${today} THEN julianday(${today}) - julianday(s.planned_date) END), 0) AS stageDays,
          coalesce(sum(s.actual_date IS NULL AND s.planned_date >= ${today} AND s.planned_date <= ${soon}), 0) AS stagesDueSoon
        FROM handovers h LEFT JOIN handover_stages s ON s.handover_id = h.id
        WHERE ${handoverScope(f)}
        GROUP BY h.id)
      SELECT enterpriseId, serviceLine, count(*) AS handovers, min(reached) AS least,
        sum(overdueStages) AS overdueStages, max(maxStageDays) AS maxStageDays, sum(stageDays) AS stageDays,
        sum(stagesDueSoon) AS stagesDueSoon
      FROM per GROUP BY enterpriseId, serviceLine`);
    const itemLine = sql`coalesce((SELECT sh.service_line FROM handovers sh WHERE sh.id = items.handover_id),
      (SELECT sg.service_line FROM groups sg WHERE sg.id = items.group_id))`;
    const itemCells = db.all<{
      enterpriseId: number;
      serviceLine: ServiceLine | null;
      overdueItems: number;
      maxItemDays: number | null;
      itemDays: number;
      itemsDueSoon: number;
    }>(sql`
      SELECT items.enterprise_id AS enterpriseId, ${itemLine} AS serviceLine,
        sum(items.due_date < ${today}) AS overdueItems,
        max(CASE WHEN items.due_date < ${today} THEN julianday(${today}) - julianday(items.due_date) END) AS maxItemDays,
        coalesce(sum(CASE WHEN items.due_date < ${today} THEN julianday(${today}) - julianday(items.due_date) END), 0) AS itemDays,
        sum(items.due_date >= ${today}) AS itemsDueSoon
      FROM items
      WHERE ${itemWhere(f, sql`items.status IN ${unfinishedSql}`, sql`items.due_date <= ${soon}`, sql`items.enterprise_id IS NOT NULL`)}
      GROUP BY items.enterprise_id, serviceLine`);

    const key = (e: number, l: ServiceLine | null) => `${e}/${l ?? ''}`;
    const cellMap = new Map(cells.map((c) => [key(c.enterpriseId, c.serviceLine), c]));
    const itemMap = new Map(itemCells.map((c) => [key(c.enterpriseId, c.serviceLine), c]));
    const p = listParams(f);

    const rows = enterpriseRows.map((e) => {
      let rowLight: Light = 'onTrack';
      let overdueItems = 0;
      let itemDays = 0;
      let overdueStages = 0;
      let stageDays = 0;
      const lineCells = lineList.map((line) => {
        const c = cellMap.get(key(e.id, line));
        const it = itemMap.get(key(e.id, line));
        if (!c) return { serviceLine: line, empty: true as const };
        const maxDays = Math.max(c.maxStageDays ?? 0, it?.maxItemDays ?? 0);
        const light = lightOf(maxDays, c.stagesDueSoon + (it?.itemsDueSoon ?? 0));
        rowLight = worse(rowLight, light);
        return {
          serviceLine: line,
          empty: false as const,
          handovers: c.handovers,
          stage: c.least === '0' ? null : (c.least.slice(1) as Stage),
          light,
          overdueStages: c.overdueStages,
          overdueItems: it?.overdueItems ?? 0,
          overdue: c.overdueStages + (it?.overdueItems ?? 0),
          maxOverdueDays: maxDays,
          href: link('/handovers', { enterpriseId: e.id, serviceLine: line, groupId: f.groupId }),
        };
      });
      // Every stage and item of the enterprise counts in its row, including items of no line.
      for (const c of cells.filter((c) => c.enterpriseId === e.id)) {
        overdueStages += c.overdueStages;
        stageDays += c.stageDays;
      }
      for (const it of itemCells.filter((c) => c.enterpriseId === e.id)) {
        overdueItems += it.overdueItems;
        itemDays += it.itemDays;
        const own = it.serviceLine === null || !lineList.includes(it.serviceLine) || !cellMap.has(key(e.id, it.serviceLine));
        if (own) rowLight = worse(rowLight, lightOf(it.maxItemDays ?? 0, it.itemsDueSoon));
      }
      return {
        enterpriseId: e.id,
        name: e.name,
        level: e.level,
        href: `/enterprises/${e.id}`,
        itemsHref: link('/items', { ...p, enterpriseId: e.id, overdue: true }),
        light: rowLight,
        cells: lineCells,
        overdueItems,
        itemDays,
        overdueStages,
        stageDays,
        totalDays: itemDays + stageDays,
      };
    });
    const lightCounts = Object.fromEntries(lights.map((l) => [l, rows.filter((r) => r.light === l).length])) as Record<Light, number>;
    return { lines: lineList, rows, lightCounts };
  }

  /** Overdue items and items due within `dueSoonDays`, by lead unit, with the first few of each. */
  function units(f: DashboardFilter, today: string) {
    const soon = plusDays(today, RULES.dueSoonDays);
    const where = itemWhere(f, sql`items.status IN ${unfinishedSql}`, sql`items.due_date <= ${soon}`);
    const groups = db.all<{
      leadUnit: string;
      overdue: number;
      dueSoon: number;
      overdueDays: number;
      maxOverdueDays: number | null;
      delays: number;
      delayedItems: number;
    }>(sql`
      SELECT items.lead_unit AS leadUnit,
        sum(items.due_date < ${today}) AS overdue,
        sum(items.due_date >= ${today}) AS dueSoon,
        coalesce(sum(CASE WHEN items.due_date < ${today} THEN julianday(${today}) - julianday(items.due_date) END), 0) AS overdueDays,
        max(CASE WHEN items.due_date < ${today} THEN julianday(${today}) - julianday(items.due_date) END) AS maxOverdueDays,
        sum(items.delay_count) AS delays,
        sum(items.delay_count > 0) AS delayedItems
      FROM items WHERE ${where}
      GROUP BY items.lead_unit
      ORDER BY overdue DESC, overdueDays DESC, dueSoon DESC, items.lead_unit`);
    const firstItems = db.all<{
      id: number;
      kind: ItemKind;
      title: string;
      leadUnit: string;
      dueDate: string;
      delayCount: number;
      status: ItemStatus;
      isSample: number;
    }>(sql`
      SELECT id, kind, title, leadUnit, dueDate, delayCount, status, isSample FROM (
        SELECT items.id AS id, items.kind AS kind, items.title AS title, items.lead_unit AS leadUnit,
          items.due_date AS dueDate, items.delay_count AS delayCount, items.status AS status, items.is_sample AS isSample,
          row_number() OVER (PARTITION BY items.lead_unit ORDER BY items.due_date, items.id) AS rn
        FROM items WHERE ${where})
      WHERE rn <= ${RULES.itemsPerUnit}
      ORDER BY leadUnit, dueDate, id`);
    const p = listParams(f);
    const list = groups.map((g) => ({
      ...g,
      maxOverdueDays: g.maxOverdueDays ?? 0,
      overdueHref: link('/items', { ...p, leadUnit: g.leadUnit, overdue: true }),
      dueSoonHref: link('/items', { ...p, leadUnit: g.leadUnit, dueWithin: RULES.dueSoonDays }),
      more: Math.max(0, g.overdue + g.dueSoon - RULES.itemsPerUnit),
      items: firstItems
        .filter((i) => i.leadUnit === g.leadUnit)
        .map((i) => {
          const overdue = i.dueDate < today;
          return {
            ...i,
            isSample: !!i.isSample,
            overdue,
            overdueDays: overdue ? daysBetween(i.dueDate, today) : 0,
            daysLeft: overdue ? 0 : daysBetween(today, i.dueDate),
            dueToday: i.dueDate === today,
            href: `/items/${i.id}`,
          };
        }),
    }));
    const total = list.reduce((n, g) => ({ overdue: n.overdue + g.overdue, dueSoon: n.dueSoon + g.dueSoon, delays: n.delays + g.delays }), {
      overdue: 0,
      dueSoon: 0,
      delays: 0,
    });
    return {
      units: list,
      unitTotals: { ...total, overdueHref: link('/items', { ...p, overdue: true }), dueSoonHref: link('/items', { ...p, dueWithin: RULES.dueSoonDays }) },
    };
  }

  /** Open problems by category and coordination level; the median days from raised to first answer. */
  function problems(f: DashboardFilter) {
    const open = db.all<{ category: string | null; level: string | null; n: number }>(sql`
      SELECT items.category AS category, items.level AS level, count(*) AS n FROM items
      WHERE ${itemWhere(f, sql`items.kind = 'problem'`, sql`items.status <> 'closed'`)}
      GROUP BY items.category, items.level`);
    const answered = itemWhere(f, sql`items.kind = 'problem'`, sql`items.raised_on IS NOT NULL`, sql`items.first_response_on IS NOT NULL`);
    const n = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items WHERE ${answered}`)!.n;
    let median: number | null = null;
    if (n > 0) {
      // The middle one (odd count) or the middle two (even count), without reading the rest.
      const middle = db.all<{ d: number }>(sql`
        SELECT julianday(items.first_response_on) - julianday(items.raised_on) AS d FROM items WHERE ${answered}
        ORDER BY d LIMIT ${n % 2 ? 1 : 2} OFFSET ${Math.floor((n - 1) / 2)}`);
      median = middle.reduce((s, r) => s + r.d, 0) / middle.length;
    }
    const unanswered = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM items
      WHERE ${itemWhere(f, sql`items.kind = 'problem'`, sql`items.status <> 'closed'`, sql`items.first_response_on IS NULL`)}`)!.n;
    const p = { ...listParams(f), kind: 'problem', open: true };
    const count = (c: string | null, l: string | null) => open.filter((r) => (c === null || r.category === c) && (l === null || r.level === l)).reduce((s, r) => s + r.n, 0);
    const uncategorised = open.filter((r) => r.category === null || r.level === null).reduce((s, r) => s + r.n, 0);
    return {
      levels: problemLevels.map((level) => ({ level, total: count(null, level), href: link('/items', { ...p, problemLevel: level }) })),
      categories: problemCategories.map((category) => ({
        category,
        total: count(category, null),
        href: link('/items', { ...p, category }),
        cells: problemLevels.map((level) => ({ level, n: count(category, level), href: link('/items', { ...p, category, problemLevel: level }) })),
      })),
      uncategorised,
      total: open.reduce((s, r) => s + r.n, 0),
      href: link('/items', p),
      median: median === null ? null : { days: median, digits: Number.isInteger(median) ? 0 : 1, n },
      unanswered,
    };
  }

  /** Estimated, approved and settled costs; committed and disbursed by funding source (元). */
  function money(f: DashboardFilter) {
    const costs = db.get<{ handovers: number; estimated: number; approved: number; settlement: number }>(sql`
      SELECT count(*) AS handovers, coalesce(sum(fd.estimated_cost), 0) AS estimated,
        coalesce(sum(fd.approved_cost), 0) AS approved, coalesce(sum(fd.settlement_cost), 0) AS settlement
      FROM handover_funding fd JOIN handovers h ON h.id = fd.handover_id WHERE ${handoverScope(f)}`)!;
    const shares = db.all<{ source: FundingSource; committed: number; disbursed: number }>(sql`
      SELECT fs.source AS source, sum(fs.committed) AS committed, sum(fs.disbursed) AS disbursed
      FROM funding_shares fs JOIN handovers h ON h.id = fs.handover_id WHERE ${handoverScope(f)}
      GROUP BY fs.source`);
    const bySource = fundingSources.map((source) => {
      const s = shares.find((r) => r.source === source);
      return { source, committed: s?.committed ?? 0, disbursed: s?.disbursed ?? 0, disbursedRate: percent(s?.disbursed ?? 0, s?.committed ?? 0) };
    });
    const committed = bySource.reduce((n, s) => n + s.committed, 0);
    const disbursed = bySource.reduce((n, s) => n + s.disbursed, 0);
    return { ...costs, committed, disbursed, disbursedRate: percent(disbursed, committed), bySource, href: link('/handovers', listParams(f)) };
  }

  interface MonthFigures {
    month: string;
    source: 'snapshot' | 'records';
    closed: number;
    added: number;
    becameOverdue: number;
    stagesDone: number;
  }

  /** Stages completed in a month (always from the stages' actual dates). */
  function stagesDoneIn(f: DashboardFilter, month: string): number {
    const from = firstDayOf(month);
    const to = plusMonths(from, 1);
    return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM handover_stages s JOIN handovers h ON h.id = s.handover_id
      WHERE ${handoverScope(f)} AND s.actual_date >= ${from} AND s.actual_date < ${to}`)!.n;
  }

  /** A month's changes from the records' dates (closed on, created on, deadline passed unfinished). */
  function fromRecords(f: DashboardFilter, month: string, today: string): MonthFigures {
    const from = firstDayOf(month);
    const to = plusMonths(from, 1);
    // Overdue from the day after the deadline: deadlines from the day before the month to the
    // day before its end, already passed today, not finished by the deadline.
    const r = db.get<{ closed: number; added: number; becameOverdue: number }>(sql`SELECT
      (SELECT count(*) FROM items WHERE ${itemWhere(f, sql`items.closed_on >= ${from}`, sql`items.closed_on < ${to}`)}) AS closed,
      (SELECT count(*) FROM items WHERE ${itemWhere(f, sql`date(items.created_at, '+8 hours') >= ${from}`, sql`date(items.created_at, '+8 hours') < ${to}`)}) AS added,
      (SELECT count(*) FROM items WHERE ${itemWhere(
        f,
        sql`items.due_date >= ${plusDays(from, -1)}`,
        sql`items.due_date < ${plusDays(to, -1)}`,
        sql`items.due_date < ${today}`,
        sql`(items.status IN ${unfinishedSql} OR coalesce(items.done_on, items.closed_on) > items.due_date)`,
      )}) AS becameOverdue`)!;
    return { month, source: 'records', ...r, stagesDone: stagesDoneIn(f, month) };
  }

  /** Changes between two states: `now` (live when null) against the snapshot `before`. */
  function fromSnapshots(f: DashboardFilter, month: string, now: string | null, before: string, today: string): MonthFigures {
    const r = now
      ? db.get<{ closed: number; added: number; becameOverdue: number }>(sql`SELECT
          coalesce(sum(c.status = 'closed' AND coalesce(b.status, '') <> 'closed'), 0) AS closed,
          coalesce(sum(b.item_id IS NULL), 0) AS added,
          coalesce(sum(c.overdue = 1 AND coalesce(b.overdue, 0) = 0), 0) AS becameOverdue
        FROM snapshot_items c JOIN items ON items.id = c.item_id
        LEFT JOIN snapshot_items b ON b.month = ${before} AND b.item_id = c.item_id
        WHERE c.month = ${now} AND ${itemWhere(f)}`)!
      : db.get<{ closed: number; added: number; becameOverdue: number }>(sql`SELECT
          coalesce(sum(items.status = 'closed' AND coalesce(b.status, '') <> 'closed'), 0) AS closed,
          coalesce(sum(b.item_id IS NULL), 0) AS added,
          coalesce(sum(items.status IN ${unfinishedSql} AND items.due_date < ${today} AND coalesce(b.overdue, 0) = 0), 0) AS becameOverdue
        FROM items LEFT JOIN snapshot_items b ON b.month = ${before} AND b.item_id = items.id
        WHERE ${itemWhere(f)}`)!;
    return { month, source: 'snapshot', ...r, stagesDone: stagesDoneIn(f, month) };
  }

  /** This month against last month: from snapshots where present, else from the records' dates. */
  function changes(f: DashboardFilter, today: string) {
    const current = monthOf(today);
    const last = previousMonth(current);
    const beforeLast = previousMonth(last);
    const has = (m: string) => deps.snapshots.get(m) !== null;
    const thisMonth = has(last) ? fromSnapshots(f, current, null, last, today) : fromRecords(f, current, today);
    const lastMonth = has(last) && has(beforeLast) ? fromSnapshots(f, last, last, beforeLast, today) : fromRecords(f, last, today);
    const p = listParams(f);
    const row = (key: 'closed' | 'added' | 'becameOverdue' | 'stagesDone', href: string) => ({
      key,
      thisMonth: thisMonth[key],
      lastMonth: lastMonth[key],
      delta: thisMonth[key] - lastMonth[key],
      deltaText: thisMonth[key] > lastMonth[key] ? `+${thisMonth[key] - lastMonth[key]}` : thisMonth[key] < lastMonth[key] ? `−${lastMonth[key] - thisMonth[key]}` : '0',
      up: thisMonth[key] > lastMonth[key],
      down: thisMonth[key] < lastMonth[key],
      href,
    });
    return {
      thisMonth,
      lastMonth,
      rows: [
        row('closed', link('/items', { ...p, status: 'closed' })),
        row('added', link('/items', p)),
        row('becameOverdue', link('/items', { ...p, overdue: true })),
        row('stagesDone', link('/handovers', p)),
      ],
    };
  }

  /** Stages completed per month, the last `trendMonths` months up to this one. */
  function trend(f: DashboardFilter, today: string) {
    const current = monthOf(today);
    const months: string[] = [];
    for (let i = RULES.trendMonths - 1; i >= 0; i--) months.push(monthOf(plusMonths(firstDayOf(current), -i)));
    const from = firstDayOf(months[0]!);
    const to = plusMonths(firstDayOf(current), 1);
    const rows = db.all<{ month: string; n: number }>(sql`
      SELECT substr(s.actual_date, 1, 7) AS month, count(*) AS n
      FROM handover_stages s JOIN handovers h ON h.id = s.handover_id
      WHERE ${handoverScope(f)} AND s.actual_date >= ${from} AND s.actual_date < ${to}
      GROUP BY month`);
    return months.map((month) => ({ month, n: rows.find((r) => r.month === month)?.n ?? 0 }));
  }

  function deadlines(today: string) {
    return db
      .select()
      .from(policyDeadlines)
      .orderBy(asc(policyDeadlines.sortOrder), asc(policyDeadlines.dueDate))
      .all()
      .map((d) => {
        const days = daysBetween(today, d.dueDate);
        return { ...d, daysLeft: Math.max(days, 0), daysPast: Math.max(-days, 0), past: days < 0, dueToday: days === 0 };
      });
  }

  /** The choices of the filter form, each marked when chosen. */
  function options(f: DashboardFilter) {
    const groupRows = db.all<{ id: number; name: string }>(sql`SELECT id, name FROM groups
      ORDER BY CASE kind WHEN 'leading' THEN 1 WHEN 'coordination' THEN 2 ELSE 3 END, sort_order, id`);
    const enterpriseList = db.all<{ id: number; name: string }>(sql`SELECT id, short_name AS name FROM enterprises
      ORDER BY CASE level WHEN 'central' THEN 1 WHEN 'provincial' THEN 2 WHEN 'municipal' THEN 3 ELSE 4 END, id`);
    return {
      groupName: groupRows.find((g) => g.id === f.groupId)?.name ?? null,
      enterpriseName: enterpriseList.find((e) => e.id === f.enterpriseId)?.name ?? null,
      levels: enterpriseLevels.map((value) => ({ value, selected: value === f.level })),
      serviceLines: serviceLines.map((value) => ({ value, selected: value === f.serviceLine })),
      groups: groupRows.map((g) => ({ ...g, selected: g.id === f.groupId })),
      enterprises: enterpriseList.map((e) => ({ ...e, selected: e.id === f.enterpriseId })),
    };
  }

  /** The whole dashboard for a scope. Takes last month's snapshot first if it is still missing. */
  function build(f: DashboardFilter = {}) {
    const today = clock.today();
    if (settings.autoSnapshot !== false) deps.snapshots.ensureFinal(previousMonth(monthOf(today)));
    const byLine = lines(f);
    const grid = matrix(f, byLine.lines, today);
    const unitData = units(f, today);
    const ranking = {
      enterprises: grid.rows
        .filter((r) => r.totalDays > 0)
        .sort((a, b) => b.totalDays - a.totalDays || a.name.localeCompare(b.name))
        .slice(0, RULES.rankingSize)
        .map((r, i) => ({ ...r, rank: i + 1 })),
      units: unitData.units
        .filter((u) => u.overdue > 0)
        .sort((a, b) => b.overdueDays - a.overdueDays || b.overdue - a.overdue || a.leadUnit.localeCompare(b.leadUnit))
        .slice(0, RULES.rankingSize)
        .map((u, i) => ({ ...u, rank: i + 1 })),
    };
    return {
      today,
      month: monthOf(today),
      filter: f,
      filtered: !!(f.level || f.serviceLine || f.groupId || f.enterpriseId),
      rules: RULES,
      stageList: stages,
      totals: totals(f, today),
      ...byLine,
      matrix: grid,
      ...unitData,
      ranking,
      meetings: deps.meetings.seriesList(f.groupId ? { groupId: f.groupId } : {}),
      problems: problems(f),
      money: money(f),
      changes: changes(f, today),
      trend: trend(f, today),
      deadlines: deadlines(today),
      options: options(f),
    };
  }

  return { build };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
export type Dashboard = ReturnType<DashboardService['build']>;

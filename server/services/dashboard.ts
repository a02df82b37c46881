// The leaders' dashboard, designed for a portfolio of thousands of enterprises: totals, the policy
// deadlines, the month's changes, a roll-up by enterprise level and service line, the worst
// enterprises and lead units (the full rankings are paged lists one click away), stage funnels and
// signing rates per line, the trend of completed stages, the meeting series, problems and money.
// Every figure honours the same scope (enterprise level, service line, working group, enterprise)
// and carries the link to exactly the records behind it. Each section is a handful of aggregate
// queries over indexed, trigger-kept columns, reused until the data it reads changes (memo.ts):
// the cost never grows with a list's length on the page, and a write is seen on the next request.
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
  type ItemKind,
  type ItemStatus,
  type ServiceLine,
  type Stage,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween, plusDays, plusMonths } from '../dates.js';
import { firstDayOf, handedOverHouseholdsSql, handoverScopeSql, monthOf, previousMonth, type FigureService, type MonthCounts } from './figures.js';
import { itemScope, type ItemScope } from './items.js';
import type { createMeetingService } from './meetings.js';
import type { Domain, Memo, Versions } from './memo.js';
import { columns, lights, RULES, type Column, type EnterpriseRisk, type Light, type RiskService } from './risk.js';

export { lightOf, RULES } from './risk.js';
export type DashboardFilter = ItemScope;

/** How much of each list the dashboard shows; the rest is a click away on a paged list. */
export const SHOWN = {
  /** Enterprises in the matrix (worst first) and in the ranking. */
  enterprises: 12,
  /** Lead units with their items, and in the ranking. */
  units: 8,
  /** Items shown under each lead unit. */
  itemsPerUnit: 5,
  /** Meeting series behind their cadence. */
  series: 8,
  /** Months in the trend of completed stages. */
  trendMonths: 12,
} as const;

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

export function createDashboardService(db: Db, clock: Clock, deps: { meetings: MeetingsDep; figures: FigureService; risk: RiskService; memo: Memo }) {
  const { memo } = deps;

  /** Conditions on `items` (unaliased) for the scope and more. */
  const itemWhere = (f: DashboardFilter, ...more: SQL[]): SQL => sql.join([sql`1 = 1`, ...itemScope(f), ...more], sql` AND `);
  const listParams = (f: DashboardFilter) => ({ level: f.level, enterpriseId: f.enterpriseId, serviceLine: f.serviceLine, groupId: f.groupId });
  const scopeKey = (f: DashboardFilter) => JSON.stringify([f.level ?? '', f.serviceLine ?? '', f.groupId ?? 0, f.enterpriseId ?? 0]);

  /** Enterprises aliased `e` in scope: by level and id, and with a handover of the chosen line or group. */
  function enterpriseScope(f: DashboardFilter): SQL {
    const parts: SQL[] = [sql`1 = 1`];
    if (f.enterpriseId) parts.push(sql`e.id = ${f.enterpriseId}`);
    if (f.level) parts.push(sql`e.level = ${f.level}`);
    if (f.serviceLine || f.groupId) parts.push(sql`EXISTS (SELECT 1 FROM handovers h WHERE h.enterprise_id = e.id AND ${handoverScopeSql(f)})`);
    return sql.join(parts, sql` AND `);
  }

  /** Compounds aliased `c` in scope: of an enterprise in scope, with a handover in scope when a line or group is chosen. */
  function compoundScope(f: DashboardFilter): SQL {
    const parts: SQL[] = [sql`c.enterprise_id IN (SELECT e.id FROM enterprises e WHERE ${enterpriseScope(f)})`];
    if (f.serviceLine || f.groupId) parts.push(sql`EXISTS (SELECT 1 FROM handovers h WHERE h.compound_id = c.id AND ${handoverScopeSql(f)})`);
    return sql.join(parts, sql` AND `);
  }

  function totals(f: DashboardFilter, today: string) {
    const plan = db.get<{ enterprises: number; compounds: number; households: number; handovers: number; handedOverHouseholds: number }>(sql`SELECT
        (SELECT count(*) FROM enterprises e WHERE ${enterpriseScope(f)}) AS enterprises,
        (SELECT count(*) FROM compounds c WHERE ${compoundScope(f)}) AS compounds,
        (SELECT coalesce(sum(c.households), 0) FROM compounds c WHERE ${compoundScope(f)}) AS households,
        (SELECT count(*) FROM handovers h WHERE ${handoverScopeSql(f)}) AS handovers,
        ${handedOverHouseholdsSql(f)} AS handedOverHouseholds`)!;
    const work = db.get<{ openItems: number; overdueItems: number; lateHandovers: number }>(sql`SELECT
        (SELECT count(*) FROM items WHERE ${itemWhere(f, sql`items.status <> 'closed'`)}) AS openItems,
        (SELECT count(*) FROM items WHERE ${itemWhere(f, sql`items.finished = 0`, sql`items.due_date < ${today}`)}) AS overdueItems,
        (SELECT count(*) FROM handovers h WHERE ${handoverScopeSql(f)} AND h.first_due < ${today}) AS lateHandovers`)!;
    const p = listParams(f);
    return {
      ...plan,
      ...work,
      links: {
        enterprises: f.enterpriseId ? `/enterprises/${f.enterpriseId}` : link('/enterprises', { level: f.level, serviceLine: f.serviceLine, groupId: f.groupId }),
        handovers: link('/handovers', p),
        handedOver: link('/handovers', { ...p, takenOver: true }),
        lateHandovers: link('/handovers', { ...p, late: true }),
        openItems: link('/items', { ...p, open: true }),
        overdueItems: link('/items', { ...p, overdue: true }),
      },
    };
  }

  /** Per service line: handovers, agreement coverage, and per stage how many reached at least it. */
  function lines(f: DashboardFilter) {
    const counts = db.all<{ serviceLine: ServiceLine; handovers: number }>(sql`
      SELECT h.service_line AS serviceLine, count(*) AS handovers FROM handovers h WHERE ${handoverScopeSql(f)} GROUP BY h.service_line`);
    const signed = db.all<{ serviceLine: ServiceLine; kind: 'framework' | 'implementation'; n: number }>(sql`
      SELECT h.service_line AS serviceLine, a.kind AS kind, count(DISTINCT ah.handover_id) AS n
      FROM agreements a JOIN agreement_handovers ah ON ah.agreement_id = a.id JOIN handovers h ON h.id = ah.handover_id
      WHERE a.kind IN ('framework', 'implementation') AND a.status IN ('signed', 'inForce', 'completed') AND ${handoverScopeSql(f)}
      GROUP BY h.service_line, a.kind`);
    // A handover has reached a stage when that stage, or one after it in its own plan, is done.
    const reach = db.all<{ serviceLine: ServiceLine; stage: Stage; planned: number; reached: number }>(sql`
      SELECT h.service_line AS serviceLine, x.stage AS stage, count(*) AS planned, sum(h.reached_position >= x.position) AS reached
      FROM handovers h JOIN handover_stages x ON x.handover_id = h.id
      WHERE ${handoverScopeSql(f)}
      GROUP BY h.service_line, x.stage`);
    const p = listParams(f);
    const ordered = counts.sort((a, b) => lineOrder(a.serviceLine) - lineOrder(b.serviceLine));
    const signedOf = (line: ServiceLine, kind: string) => signed.find((s) => s.serviceLine === line && s.kind === kind)?.n ?? 0;
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
    const signing = ordered.map((l) => {
      const framework = signedOf(l.serviceLine, 'framework');
      const implementation = signedOf(l.serviceLine, 'implementation');
      return {
        serviceLine: l.serviceLine,
        handovers: l.handovers,
        framework,
        implementation,
        frameworkRate: percent(framework, l.handovers),
        implementationRate: percent(implementation, l.handovers),
        frameworkHref: link('/agreements', { kind: 'framework', level: f.level, enterpriseId: f.enterpriseId, serviceLine: l.serviceLine }),
        implementationHref: link('/agreements', { kind: 'implementation', level: f.level, enterpriseId: f.enterpriseId, serviceLine: l.serviceLine }),
      };
    });
    const all = signing.reduce((n, l) => ({ handovers: n.handovers + l.handovers, framework: n.framework + l.framework, implementation: n.implementation + l.implementation }), {
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

  /** A matrix cell or an enterprise, with the links to the records behind its light. */
  function cellLinks(f: DashboardFilter, enterpriseId: number, column: Column | null) {
    const where = { level: f.level, groupId: f.groupId, enterpriseId, ...(column && column !== 'general' ? { serviceLine: column } : { serviceLine: f.serviceLine }) };
    return {
      href: column === 'general' ? link('/items', { ...where, open: true, noLine: true }) : link('/handovers', where),
      overdueHref: link('/items', { ...where, overdue: true, ...(column === 'general' ? { noLine: true } : {}) }),
      lateHref: link('/handovers', { ...where, late: true }),
      dueSoonHref: link('/items', { ...where, dueWithin: RULES.atRiskDays, ...(column === 'general' ? { noLine: true } : {}) }),
    };
  }

  /** The worst enterprises with every column, the roll-up by level and line, the light counts. */
  function portfolio(f: DashboardFilter) {
    const all = deps.risk.enterprises(f);
    const shownColumns = columns.filter((c) => (c === 'general' ? all.some((e) => e.cells.some((x) => x.column === 'general')) : all.some((e) => e.cells.some((x) => x.column === c))));
    const row = (e: EnterpriseRisk, rank: number) => ({
      ...e,
      rank,
      ...cellLinks(f, e.id, null),
      href: `/enterprises/${e.id}`,
      cells: shownColumns.map((column) => {
        const cell = e.cells.find((c) => c.column === column);
        return cell ? { ...cell, empty: false as const, ...cellLinks(f, e.id, column) } : { column, empty: true as const };
      }),
    });
    const lightCounts = Object.fromEntries(lights.map((l) => [l, all.filter((e) => e.light === l).length])) as Record<Light, number>;
    const listLink = (extra: Record<string, string | number | boolean | undefined>) => link('/enterprises', { level: f.level, serviceLine: f.serviceLine, groupId: f.groupId, sort: 'risk', ...extra });
    // Roll-up: per enterprise level and service line, the enterprises by the light of that line's cell.
    const rollup = enterpriseLevels
      .map((level) => {
        const ofLevel = all.filter((e) => e.level === level);
        return {
          level,
          enterprises: ofLevel.length,
          href: listLink({ level }),
          cells: shownColumns.map((column) => {
            const cells = ofLevel.flatMap((e) => e.cells.filter((c) => c.column === column));
            const byLight = Object.fromEntries(lights.map((l) => [l, cells.filter((c) => c.light === l).length])) as Record<Light, number>;
            return {
              column,
              enterprises: cells.length,
              handovers: cells.reduce((n, c) => n + c.handovers, 0),
              byLight,
              lightLinks: Object.fromEntries(lights.map((l) => [l, listLink({ level, column, light: l })])) as Record<Light, string>,
            };
          }),
        };
      })
      .filter((r) => r.enterprises > 0);
    return {
      columns: shownColumns,
      rows: all.slice(0, SHOWN.enterprises).map((e, i) => row(e, i + 1)),
      total: all.length,
      lightCounts,
      lightLinks: Object.fromEntries(lights.map((l) => [l, listLink({ light: l })])) as Record<Light, string>,
      fullHref: listLink({}),
      rollup,
      ranking: all
        .filter((e) => e.overdueItems + e.lateHandovers > 0)
        .slice(0, SHOWN.enterprises)
        .map((e, i) => row(e, i + 1)),
      rankedTotal: all.filter((e) => e.overdueItems + e.lateHandovers > 0).length,
    };
  }

  /** Lead units with overdue or soon-due items: totals, the worst few with their first items. */
  function units(f: DashboardFilter, today: string) {
    const soon = plusDays(today, RULES.dueSoonDays);
    const ranked = unitRanking(f, today);
    const shown = ranked.slice(0, SHOWN.units);
    const firstItems = shown.length
      ? db.all<{ id: number; kind: ItemKind; title: string; leadUnit: string; dueDate: string; delayCount: number; status: ItemStatus; isSample: number }>(sql`
          SELECT id, kind, title, leadUnit, dueDate, delayCount, status, isSample FROM (
            SELECT items.id AS id, items.kind AS kind, items.title AS title, items.lead_unit AS leadUnit,
              items.due_date AS dueDate, items.delay_count AS delayCount, items.status AS status, items.is_sample AS isSample,
              row_number() OVER (PARTITION BY items.lead_unit ORDER BY items.due_date, items.id) AS rn
            FROM items
            WHERE ${itemWhere(f, sql`items.finished = 0`, sql`items.due_date <= ${soon}`)}
              AND items.lead_unit IN (${sql.join(shown.map((u) => sql`${u.leadUnit}`), sql`, `)}))
          WHERE rn <= ${SHOWN.itemsPerUnit}
          ORDER BY leadUnit, dueDate, id`)
      : [];
    const p = listParams(f);
    const totals = ranked.reduce((n, u) => ({ overdue: n.overdue + u.overdue, dueSoon: n.dueSoon + u.dueSoon, delays: n.delays + u.delays }), { overdue: 0, dueSoon: 0, delays: 0 });
    return {
      units: shown.map((u) => ({
        ...u,
        more: Math.max(0, u.overdue + u.dueSoon - SHOWN.itemsPerUnit),
        items: firstItems
          .filter((i) => i.leadUnit === u.leadUnit)
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
      })),
      unitCount: ranked.length,
      unitTotals: { ...totals, overdueHref: link('/items', { ...p, overdue: true }), dueSoonHref: link('/items', { ...p, dueWithin: RULES.dueSoonDays }) },
      unitsHref: link('/lead-units', p),
    };
  }

  /**
   * Every lead unit with overdue or soon-due items in scope, worst first: most overdue, then the
   * longest overdue, then the most due soon. The dashboard shows the first few; /lead-units pages
   * through all of them.
   */
  function unitRanking(f: DashboardFilter, today: string = clock.today()) {
    const key = `units:${scopeKey(f)}`;
    return memo.cached(key, ['items'], memo.versions(), today, () => {
      const soon = plusDays(today, RULES.dueSoonDays);
      const rows = db.all<{ leadUnit: string; overdue: number; dueSoon: number; overdueDays: number; maxOverdueDays: number | null; delays: number; delayedItems: number }>(sql`
        SELECT items.lead_unit AS leadUnit,
          sum(items.due_date < ${today}) AS overdue,
          sum(items.due_date >= ${today}) AS dueSoon,
          coalesce(sum(CASE WHEN items.due_date < ${today} THEN julianday(${today}) - julianday(items.due_date) END), 0) AS overdueDays,
          max(CASE WHEN items.due_date < ${today} THEN julianday(${today}) - julianday(items.due_date) END) AS maxOverdueDays,
          sum(items.delay_count) AS delays,
          sum(items.delay_count > 0) AS delayedItems
        FROM items WHERE ${itemWhere(f, sql`items.finished = 0`, sql`items.due_date <= ${soon}`)}
        GROUP BY items.lead_unit`);
      const p = listParams(f);
      return rows
        .map((u) => ({
          ...u,
          overdueDays: Math.round(u.overdueDays),
          maxOverdueDays: Math.round(u.maxOverdueDays ?? 0),
          overdueHref: link('/items', { ...p, leadUnit: u.leadUnit, overdue: true }),
          dueSoonHref: link('/items', { ...p, leadUnit: u.leadUnit, dueWithin: RULES.dueSoonDays }),
        }))
        .sort((a, b) => b.overdue - a.overdue || b.maxOverdueDays - a.maxOverdueDays || b.dueSoon - a.dueSoon || a.leadUnit.localeCompare(b.leadUnit, 'zh-CN'))
        .map((u, i) => ({ ...u, rank: i + 1 }));
    });
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
      // The middle one (odd count) or the middle two (even count).
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
    const { bySource: shares, ...costs } = deps.figures.money(f);
    const bySource = shares.map((s) => ({ ...s, disbursedRate: percent(s.disbursed, s.committed) }));
    const committed = bySource.reduce((n, s) => n + s.committed, 0);
    const disbursed = bySource.reduce((n, s) => n + s.disbursed, 0);
    return { ...costs, committed, disbursed, disbursedRate: percent(disbursed, committed), bySource, href: link('/handovers', listParams(f)) };
  }

  /** A month against the month before, from the one definition of each figure (figures.ts). */
  function changes(f: DashboardFilter, month: string) {
    const last = previousMonth(month);
    const thisMonth: MonthCounts = deps.figures.month(f, month);
    const lastMonth: MonthCounts = deps.figures.month(f, last);
    const p = listParams(f);
    const hrefs: Record<keyof MonthCounts, string> = {
      added: link('/items', { ...p, addedIn: month }),
      closed: link('/items', { ...p, closedIn: month }),
      becameOverdue: link('/items', { ...p, becameOverdueIn: month }),
      stagesDone: link('/handovers', { ...p, stageDoneIn: month }),
      agreementsSigned: link('/agreements', { level: f.level, enterpriseId: f.enterpriseId, serviceLine: f.serviceLine, signedIn: month }),
    };
    return {
      month,
      lastMonth: last,
      rows: (Object.keys(hrefs) as (keyof MonthCounts)[]).map((key) => ({
        key,
        thisMonth: thisMonth[key],
        lastMonth: lastMonth[key],
        deltaText: thisMonth[key] > lastMonth[key] ? `+${thisMonth[key] - lastMonth[key]}` : thisMonth[key] < lastMonth[key] ? `−${lastMonth[key] - thisMonth[key]}` : '0',
        up: thisMonth[key] > lastMonth[key],
        down: thisMonth[key] < lastMonth[key],
        href: hrefs[key],
        lastHref: hrefs[key].replace(`In=${month}`, `In=${last}`),
      })),
    };
  }

  /** Stages completed per month, the last `trendMonths` months up to this one. */
  function trend(f: DashboardFilter, today: string) {
    const current = monthOf(today);
    const months: string[] = [];
    for (let i = SHOWN.trendMonths - 1; i >= 0; i--) months.push(monthOf(plusMonths(firstDayOf(current), -i)));
    const from = firstDayOf(months[0]!);
    const to = plusMonths(firstDayOf(current), 1);
    const scoped = f.level || f.serviceLine || f.groupId || f.enterpriseId;
    const rows = db.all<{ month: string; n: number }>(
      scoped
        ? sql`SELECT substr(s.actual_date, 1, 7) AS month, count(*) AS n
            FROM handover_stages s JOIN handovers h ON h.id = s.handover_id
            WHERE ${handoverScopeSql(f)} AND s.actual_date >= ${from} AND s.actual_date < ${to} GROUP BY month`
        : sql`SELECT substr(s.actual_date, 1, 7) AS month, count(*) AS n FROM handover_stages s
            WHERE s.actual_date >= ${from} AND s.actual_date < ${to} GROUP BY month`,
    );
    const p = listParams(f);
    return months.map((month) => ({ month, n: rows.find((r) => r.month === month)?.n ?? 0, href: link('/handovers', { ...p, stageDoneIn: month }) }));
  }

  /**
   * The policy deadlines with the work each is about: handovers of its service lines (all when none
   * is named) whose takeover, or given stage, is not done. A deadline passed with work unfinished is
   * overdue; one passed with the work done is met.
   */
  function deadlines(f: DashboardFilter, today: string) {
    return db
      .select()
      .from(policyDeadlines)
      .orderBy(asc(policyDeadlines.sortOrder), asc(policyDeadlines.dueDate))
      .all()
      .map((d) => {
        const lineList = parseLines(d.serviceLines);
        const stage = (d.stage ?? 'takeover') as Stage;
        const lineCondition = lineList.length ? sql`h.service_line IN (${sql.join(lineList.map((l) => sql`${l}`), sql`, `)})` : sql`1 = 1`;
        const notDone =
          stage === 'takeover'
            ? sql`h.takeover_on IS NULL`
            : sql`NOT EXISTS (SELECT 1 FROM handover_stages s WHERE s.handover_id = h.id AND s.stage = ${stage} AND s.actual_date IS NOT NULL)`;
        const work = db.get<{ total: number; unfinished: number }>(sql`SELECT count(*) AS total, coalesce(sum(${notDone}), 0) AS unfinished
          FROM handovers h WHERE ${handoverScopeSql(f)} AND ${lineCondition}`)!;
        const days = daysBetween(today, d.dueDate);
        const past = days < 0;
        return {
          ...d,
          stage,
          serviceLineList: lineList,
          daysLeft: Math.max(days, 0),
          daysPast: Math.max(-days, 0),
          past,
          dueToday: days === 0,
          total: work.total,
          unfinished: work.unfinished,
          overdue: past && work.unfinished > 0,
          met: past && work.total > 0 && work.unfinished === 0,
          unfinishedHref: link('/handovers', { ...listParams(f), notDone: stage, serviceLine: lineList.length === 1 ? lineList[0] : f.serviceLine }),
        };
      });
  }

  /** The meeting series: how many, how many behind their cadence, the most behind first. */
  function meetings(f: DashboardFilter) {
    const all = deps.meetings.seriesList(f.groupId ? { groupId: f.groupId } : {}).filter((s) => s.series.active);
    const behind = all.filter((s) => s.behind).sort((a, b) => b.daysLate - a.daysLate);
    return { series: all.length, behindCount: behind.length, behind: behind.slice(0, SHOWN.series), href: link('/meetings', { groupId: f.groupId, behind: true }) };
  }

  /** Section by section, each reused until a domain it reads changes. */
  const sections: { [name: string]: { uses: Domain[] } } = {
    totals: { uses: ['plan', 'items'] },
    lines: { uses: ['plan'] },
    portfolio: { uses: ['plan', 'items'] },
    units: { uses: ['items'] },
    problems: { uses: ['items'] },
    money: { uses: ['plan'] },
    changes: { uses: ['plan', 'items'] },
    trend: { uses: ['plan'] },
    deadlines: { uses: ['plan'] },
    meetings: { uses: ['meetings', 'groups'] },
  };

  /** The whole dashboard for a scope; `month` picks the month whose changes are shown (default: this month). */
  function build(f: DashboardFilter = {}, options: { month?: string } = {}) {
    const today = clock.today();
    const month = options.month && deps.figures.knownMonth(options.month) ? options.month : monthOf(today);
    const v: Versions = memo.versions();
    const key = scopeKey(f);
    const part = <T>(name: keyof typeof sections, compute: () => T): T =>
      memo.cached(`dash:${name}:${key}${name === 'changes' ? `:${month}` : ''}`, sections[name]!.uses, v, today, compute);
    const byLine = part('lines', () => lines(f));
    return {
      today,
      month: monthOf(today),
      filter: f,
      filtered: !!(f.level || f.serviceLine || f.groupId || f.enterpriseId),
      rules: RULES,
      shown: SHOWN,
      stageList: stages,
      totals: part('totals', () => totals(f, today)),
      ...byLine,
      portfolio: part('portfolio', () => portfolio(f)),
      ...part('units', () => units(f, today)),
      meetings: part('meetings', () => meetings(f)),
      problems: part('problems', () => problems(f)),
      money: part('money', () => money(f)),
      changes: part('changes', () => changes(f, month)),
      trend: part('trend', () => trend(f, today)),
      deadlines: part('deadlines', () => deadlines(f, today)),
    };
  }

  return { build, unitRanking };
}

/** A policy deadline's service lines: stored as a JSON list, none for "all". */
export function parseLines(value: string | null): ServiceLine[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((x): x is ServiceLine => (serviceLines as readonly string[]).includes(x as string)) : [];
  } catch {
    return [];
  }
}

export type DashboardService = ReturnType<typeof createDashboardService>;
export type Dashboard = ReturnType<DashboardService['build']>;
export type { Column, Light, EnterpriseLevel };

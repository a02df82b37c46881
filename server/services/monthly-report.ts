// The monthly progress report upward (月度进展表): per enterprise level and service line, with a
// subtotal per level and a total, the month's figures and the running totals at the month's end.
// Every number comes from the one definition in figures.ts (the month's items added, closed and
// become overdue, stages done and agreements signed; the standing figures as of a day; the money),
// asked for the row's own scope: a subtotal is the level's figure, never a sum made here, so every
// cell equals what the dashboard shows for the same scope and month.
import { enterpriseLevels, fundingSources, serviceLines, type EnterpriseLevel, type ServiceLine, type Stage } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { lastDayOf, monthOf, type FigureService, type MonthCounts, type Money } from './figures.js';

export interface ReportRow {
  level: EnterpriseLevel | null;
  serviceLine: ServiceLine | null;
  /** 'line' (a level × line cell), 'subtotal' (a level), 'total'. */
  kind: 'line' | 'subtotal' | 'total';
  handovers: number;
  reached: Record<Stage, number>;
  month: MonthCounts;
  handedOverHouseholds: number;
  money: Money['bySource'];
  problems: { raised: number; closed: number; open: number };
}

export interface MonthlyReport {
  month: string;
  /** The running totals are as of this day: the month's last day, or today for this month. */
  asOf: string;
  today: string;
  rows: ReportRow[];
}

export function createMonthlyReportService(figures: FigureService, clock: Clock) {
  function row(kind: ReportRow['kind'], level: EnterpriseLevel | null, serviceLine: ServiceLine | null, month: string, asOf: string): ReportRow {
    const scope = { ...(level ? { level } : {}), ...(serviceLine ? { serviceLine } : {}) };
    const standing = figures.standing(scope, asOf);
    const problems = figures.problemsOf(scope, month);
    return {
      level,
      serviceLine,
      kind,
      handovers: standing.handovers,
      reached: Object.fromEntries(Object.entries(standing.stages).map(([stage, s]) => [stage, s.reached])) as Record<Stage, number>,
      month: figures.month(scope, month),
      handedOverHouseholds: standing.handedOverHouseholds,
      money: figures.money(scope).bySource,
      problems: { ...problems, open: standing.openProblems },
    };
  }

  /** The report of a month (one not after this month: see figures.knownMonth). */
  function build(month: string): MonthlyReport {
    const today = clock.today();
    const asOf = month === monthOf(today) ? today : lastDayOf(month);
    const rows: ReportRow[] = [];
    for (const level of enterpriseLevels) {
      for (const line of serviceLines) rows.push(row('line', level, line, month, asOf));
      rows.push(row('subtotal', level, null, month, asOf));
    }
    rows.push(row('total', null, null, month, asOf));
    return { month, asOf, today, rows };
  }

  return { build, sources: fundingSources };
}

export type MonthlyReportService = ReturnType<typeof createMonthlyReportService>;

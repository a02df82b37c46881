// When a meeting series is next due, and whether it is behind, from its cadence. date-fns does
// the calendar arithmetic; a custom cadence is an RFC 5545 RRULE read by the rrule library.
import rrulePkg from 'rrule';
import { daysBetween, parseDay, plusDays, plusMonths } from '../dates.js';
import type { Cadence } from '../../db/schema.js';

const { rrulestr } = rrulePkg;

export interface CadenceInput {
  cadence: Cadence;
  rrule: string | null;
  graceDays: number;
  startedOn: string;
}

export interface CadenceState {
  /** The day by which the next meeting is due. */
  nextDue: string;
  /** No meeting held within the cadence (past the due date plus the grace days). */
  behind: boolean;
  /** Days past the due date (0 when not overdue). */
  daysLate: number;
}

/** The next occurrence of a custom rule strictly after `after`, as a day. */
function nextByRule(rule: string, startedOn: string, after: string): string {
  const start = parseDay(startedOn) ?? new Date();
  const parsed = rrulestr(rule.replace(/^RRULE:/i, ''), { dtstart: new Date(Date.UTC(start.getFullYear(), start.getMonth(), start.getDate())) });
  const afterDay = parseDay(after) ?? start;
  const next = parsed.after(new Date(Date.UTC(afterDay.getFullYear(), afterDay.getMonth(), afterDay.getDate(), 23, 59)), false);
  return next ? next.toISOString().slice(0, 10) : plusMonths(after, 1);
}

export function nextDueAfter(series: CadenceInput, lastHeld: string | null): string {
  if (!lastHeld) return series.startedOn;
  switch (series.cadence) {
    case 'weekly':
      return plusDays(lastHeld, 7);
    case 'monthly':
      return plusMonths(lastHeld, 1);
    case 'bimonthly':
      return plusMonths(lastHeld, 2);
    case 'quarterly':
      return plusMonths(lastHeld, 3);
    case 'custom':
      return series.rrule ? nextByRule(series.rrule, series.startedOn, lastHeld) : plusMonths(lastHeld, 1);
  }
}

export function cadenceState(series: CadenceInput, lastHeld: string | null, today: string): CadenceState {
  const nextDue = nextDueAfter(series, lastHeld);
  const limit = plusDays(nextDue, series.graceDays);
  const behind = today > limit;
  return { nextDue, behind, daysLate: behind ? daysBetween(nextDue, today) : 0 };
}

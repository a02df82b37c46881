// When a meeting series is next due, and whether it is behind, from its cadence. date-fns does
// the calendar arithmetic; a custom cadence is an RFC 5545 RRULE read by the rrule library.
import { daysBetween, plusDays, plusMonths } from '../dates.js';
import { nextRuleDay } from './recurrence.js';
import type { Cadence } from '../../db/schema.js';

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

/** How far ahead the next date of a custom rule is looked for. */
const RULE_LOOKAHEAD_YEARS = 10;

/** The next occurrence of a custom rule strictly after `after`, as a day; a month later when the rule gives none. */
function nextByRule(rule: string, startedOn: string, after: string): string {
  return nextRuleDay(rule, startedOn, after, plusMonths(after, 12 * RULE_LOOKAHEAD_YEARS)) ?? plusMonths(after, 1);
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

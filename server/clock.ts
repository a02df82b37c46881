// The one clock: every "today" in the app (overdue, due soon, next meeting due, default dates)
// comes from here. Configuration may pin it to a day (TODAY=2018-04-25); otherwise it is the real
// date in Asia/Shanghai, where the programme runs.
import { formatInTimeZone } from './dates.js';

export interface Clock {
  /** Today as 'YYYY-MM-DD'. */
  today(): string;
  /** Whether today is pinned by configuration or by the demo data. */
  readonly pinned: boolean;
  /**
   * The instant now, for stored times of day (a delivery's next attempt): the machine's time, or
   * the source a test gives. Stored days come from `today()`, which a pin moves.
   */
  now(): Date;
}

/** `now` is the machine's time unless a test gives another source. */
export function createClock(pinnedDay?: string | null, now: () => Date = () => new Date()): Clock {
  if (pinnedDay) return { today: () => pinnedDay, pinned: true, now };
  return { today: () => formatInTimeZone(now()), pinned: false, now };
}

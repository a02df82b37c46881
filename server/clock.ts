// The one clock: every "today" in the app (overdue, due soon, next meeting due, default dates)
// comes from here. Configuration may pin it to a day (TODAY=2018-04-25); otherwise it is the real
// date in Asia/Shanghai, where the programme runs.
import { formatInTimeZone } from './dates.js';

export interface Clock {
  /** Today as 'YYYY-MM-DD'. */
  today(): string;
  /** Whether today is pinned by configuration or by the demo data. */
  readonly pinned: boolean;
}

/** `now` is the machine's time unless a test gives another source. */
export function createClock(pinnedDay?: string | null, now: () => Date = () => new Date()): Clock {
  if (pinnedDay) return { today: () => pinnedDay, pinned: true };
  return { today: () => formatInTimeZone(now()), pinned: false };
}

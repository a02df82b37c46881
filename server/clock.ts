// The one clock: every "today" in the app (overdue, due soon, next meeting due, default dates) and
// every time an operation stores or shows (created, updated, audit, exports, DTSTAMP) comes from
// here. Configuration may pin it to a day (TODAY=2018-04-25): the day is then that day and the time
// of day the real one, in Asia/Shanghai, so a record made "today" is dated on the pinned day and
// records keep their order. Otherwise it is the real date and time.
//
// The one exception, on purpose: sign-in throttling, session expiry and token last-use are measured
// in real elapsed time (accounts.ts), since a pinned day must not keep sessions alive for ever.
import { formatInTimeZone } from './dates.js';

export interface Clock {
  /** Today as 'YYYY-MM-DD'. */
  today(): string;
  /** The instant to store on records (created, updated, audit): on the pinned day when pinned, as an ISO string (UTC). */
  instant(): string;
  /** Whether today is pinned by configuration or by the demo data. */
  readonly pinned: boolean;
  /**
   * The instant now, for stored times of day (a delivery's next attempt): the machine's time, or
   * the source a test gives. Stored days come from `today()`, which a pin moves.
   */
  now(): Date;
}

const SHANGHAI_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** `now` is the machine's time unless a test gives another source. */
export function createClock(pinnedDay?: string | null, now: () => Date = () => new Date()): Clock {
  if (pinnedDay) {
    const midnight = Date.parse(`${pinnedDay}T00:00:00+08:00`);
    // The real time of day in Shanghai, on the pinned day.
    const at = () => new Date(midnight + ((((now().getTime() + SHANGHAI_MS) % DAY_MS) + DAY_MS) % DAY_MS));
    return { today: () => pinnedDay, instant: () => at().toISOString(), pinned: true, now };
  }
  return { today: () => formatInTimeZone(now()), instant: () => now().toISOString(), pinned: false, now };
}

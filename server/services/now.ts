// The app's clock on a database connection: `attachClock` gives the connection an SQL function
// `app_now()` answering the clock's instant, so any code holding a connection or a transaction —
// the generic record helpers, the audit log — stamps rows with the one clock without being handed
// it. A connection without the clock (a bare script) falls back to the machine's time.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Clock } from '../clock.js';
import type { DbOrTx } from './audit.js';

const FUNCTION = 'app_now';

export function attachClock(db: Db, clock: Clock): void {
  db.$client.function(FUNCTION, { deterministic: false, directOnly: true }, () => clock.instant());
}

/** The instant to store, as 'YYYY-MM-DDTHH:mm:ss.sssZ', from the connection's clock. */
export function nowOf(db: DbOrTx): string {
  try {
    return db.get<{ now: string }>(sql`SELECT ${sql.raw(FUNCTION)}() AS now`).now;
  } catch (error) {
    if (/no such function/.test(String((error as Error).message))) return new Date().toISOString();
    throw error;
  }
}

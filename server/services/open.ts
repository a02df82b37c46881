// The tracker's database, ready for use outside a request: migrated (the demo data loaded on a new
// one when configured), its audit key attached (every audit entry is signed with it), the one clock
// and the domain services. The server's db plugin and every script that writes go through here, so
// none forgets a step.
import { openDb, type Db } from '../../db/client.js';
import { createClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { auditKeyPath, useAuditKey } from './audit-key.js';
import { checkDataDir } from './data-dir.js';
import { attachClock } from './now.js';
import { createServices, type Services } from './index.js';
import { setupDatabase, type SetupResult } from './setup.js';

export interface Tracker {
  db: Db;
  setup: SetupResult;
  clock: Clock;
  services: Services;
}

/** Sets up an open database (see above). Throws, leaving it open, when a step fails. */
export function prepareTracker(db: Db, config: Config, options: { demoData?: boolean } = {}): Tracker {
  checkDataDir(config);
  const setup = setupDatabase(db, { demoData: options.demoData ?? config.DEMO_DATA });
  const clock = createClock(config.TODAY ?? setup.demoToday);
  attachClock(db, clock);
  useAuditKey(db, auditKeyPath(config));
  const services = createServices(db, clock, {
    passwordMinLength: config.PASSWORD_MIN_LENGTH,
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    sessionMaxHours: config.SESSION_MAX_HOURS,
  }, config);
  return { db, setup, clock, services };
}

/** Opens and sets up the database at DATABASE_PATH, for a script; closed again when `use` ends. */
export async function withTracker<T>(config: Config, use: (tracker: Tracker) => T | Promise<T>, options: { demoData?: boolean } = {}): Promise<T> {
  const db = openDb(config.DATABASE_PATH);
  try {
    return await use(prepareTracker(db, config, options));
  } finally {
    db.$client.close();
  }
}

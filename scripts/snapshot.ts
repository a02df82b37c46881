// Takes the monthly snapshot (the stage of every handover and the status of every item) on the
// database at DATABASE_PATH: `npm run snapshot` for this month, `npm run snapshot 2018-03` for a
// past month (rebuilt as of its last day from the dated records). Taking a month again replaces it.
// "Today" is the app's clock: TODAY if set, else the demo's day on a demo database, else the date
// in Asia/Shanghai. The dashboard also takes last month's snapshot by itself on its first build.
import { openDb } from '../db/client.js';
import { createClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { createSnapshotService, SnapshotError } from '../server/services/snapshots.js';
import { setupDatabase } from '../server/services/setup.js';

const config = loadConfig();
const month = process.argv[2];
const db = openDb(config.DATABASE_PATH);
try {
  // Migrates a database that is behind (never loads the demo into an existing one).
  const setup = setupDatabase(db, { demoData: config.DEMO_DATA });
  const clock = createClock(config.TODAY ?? setup.demoToday);
  const taken = createSnapshotService(db, clock).take(month);
  console.log(
    `${config.DATABASE_PATH}: snapshot ${taken.month} as of ${taken.asOf} — ${taken.handovers} handovers, ${taken.items} items (replaces any earlier one of that month).`,
  );
} catch (error) {
  if (error instanceof SnapshotError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  db.$client.close();
}

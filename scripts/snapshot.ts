// Takes the monthly snapshot (the stage of every handover and the status of every item) on the
// database at DATABASE_PATH: `npm run snapshot` for this month, `npm run snapshot 2018-03` for a
// past month (rebuilt as of its last day from the dated records). Taking a month again replaces it.
// "Today" is the app's clock: TODAY if set, else the demo's day on a demo database, else the date
// in Asia/Shanghai. The dashboard also takes last month's snapshot by itself on its first build.
import { prepareTracker } from '../server/services/open.js';
import { openDb } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { SnapshotError } from '../server/services/snapshots.js';

const config = loadConfig();
const month = process.argv[2];
const db = openDb(config.DATABASE_PATH);
try {
  // Migrates a database that is behind (never loads the demo into an existing one).
  const taken = prepareTracker(db, config).services.snapshots.take(month);
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

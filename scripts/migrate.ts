// npm run migrate — applies the committed migrations to DATABASE_PATH (the server also does this
// at every start). Loads the demo data on a new database when DEMO_DATA is on, like the server.
import { prepareTracker } from '../server/services/open.js';
import { openDb, StartupError } from '../db/client.js';
import { ConfigError, loadConfig } from '../server/config.js';

try {
  const config = loadConfig();
  const db = openDb(config.DATABASE_PATH);
  const result = prepareTracker(db, config).setup;
  db.$client.close();
  console.log(
    `${config.DATABASE_PATH}: ${result.migrationsApplied} migration(s) applied` +
      (result.created ? `, new database${result.demo ? ' with the demo data' : ''}` : ''),
  );
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof StartupError ? error.message : error);
  process.exit(1);
}

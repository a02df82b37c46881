// First start: migrate, and on a new database load the demo data (when configured) exactly once.
// The marker in app_meta makes a second start change nothing.
import { eq } from 'drizzle-orm';
import { migrateDb, type Db } from '../../db/client.js';
import { appMeta } from '../../db/schema.js';
import { settingsSeed } from '../../scripts/demo-content.js';
import { DEMO_TODAY, loadDemoData } from '../../scripts/demo-data.js';
import { ensureSettings, SETTINGS_DEFAULTS } from './settings.js';

export interface SetupResult {
  migrationsApplied: number;
  /** This start created the tracker (a new database). */
  created: boolean;
  /** The database holds the demo data (loaded now or on an earlier start). */
  demo: boolean;
  /** The day the demo data is set at, for the clock when TODAY is not configured. */
  demoToday: string | null;
}

export function readMeta(db: Db, key: string): string | null {
  return db.select().from(appMeta).where(eq(appMeta.key, key)).get()?.value ?? null;
}

/** Tables whose times are bookkeeping of their own (signed, or measured in real time): left as they are. */
const OWN_TIMES = new Set(['audit_log', 'audit_checkpoints', 'sessions', 'login_attempts', 'login_refusals', 'api_tokens', 'feed_tokens', 'scheduled_runs', 'app_meta']);
const TIME_COLUMNS = new Set(['created_at', 'updated_at', 'at', 'uploaded_at', 'done_at', 'acknowledged_at']);

/**
 * The demo is a district as of its own day (DEMO_TODAY): the records its loading stamped with the
 * machine's time are dated on that day instead, as the one clock would have (clock.ts).
 */
function dateDemoRecords(db: Db): void {
  const instant = new Date(Date.parse(`${DEMO_TODAY}T09:00:00+08:00`)).toISOString();
  const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'").pluck().all() as string[];
  for (const table of tables) {
    if (OWN_TIMES.has(table)) continue;
    const columns = (db.$client.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) => TIME_COLUMNS.has(c));
    for (const column of columns) db.$client.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE "${column}" > ?`).run(instant, instant);
  }
}

export function setupDatabase(db: Db, options: { demoData: boolean }): SetupResult {
  const migrationsApplied = migrateDb(db);
  // Statistics for the query planner (an index it does not know it ignores, or misuses): on open,
  // SQLite analyses the tables that need it, reading at most a thousand rows of each index.
  db.$client.pragma('analysis_limit = 1000');
  db.$client.pragma('optimize = 0x10002');
  let created = false;
  db.transaction((tx) => {
    if (tx.select().from(appMeta).where(eq(appMeta.key, 'initializedAt')).get()) return;
    created = true;
    if (options.demoData) {
      loadDemoData(tx as unknown as Db);
      tx.insert(appMeta).values({ key: 'demoToday', value: DEMO_TODAY }).run();
    }
    tx.insert(appMeta).values({ key: 'initializedAt', value: new Date().toISOString() }).run();
  }, { behavior: 'immediate' });
  // The organisation's settings: the demo's words on the demo database (also one made before
  // settings existed), neutral defaults on an empty one, for the admin to fill in.
  db.transaction((tx) => {
    const demo = !!tx.select().from(appMeta).where(eq(appMeta.key, 'demoToday')).get();
    ensureSettings(tx, demo ? settingsSeed : SETTINGS_DEFAULTS);
    if (demo && created) dateDemoRecords(db);
  }, { behavior: 'immediate' });
  const demoToday = readMeta(db, 'demoToday');
  return { migrationsApplied, created, demo: demoToday !== null, demoToday };
}

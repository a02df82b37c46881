// Upgrades: a database made with the first committed migration only, holding data, migrates to the
// latest with its data intact; a migration that fails part-way leaves the database exactly as it
// was (all pending migrations are one transaction), and the start names the migration that failed.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { migrateDb, MigrationError, migrationsFolder, openDb, readMigrations } from '../db/client.js';
import { build, get, loginAs } from './helper.js';

interface Journal {
  entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[];
}
const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;

/** A migrations folder holding the first `count` committed migrations, plus `extra` ones. */
function migrationsFolderWith(dir: string, count: number, extra: { tag: string; sql: string }[] = []): string {
  const folder = join(dir, `migrations-${count}-${extra.length}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, count);
  for (const entry of entries) copyFileSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  let when = entries.at(-1)!.when;
  for (const [i, migration] of extra.entries()) {
    writeFileSync(join(folder, `${migration.tag}.sql`), migration.sql);
    entries.push({ idx: entries.length, version: '6', when: (when += 1000), tag: migration.tag, breakpoints: true });
    void i;
  }
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

/** Everything in the database: its schema and every row of every table. */
function dump(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string }[];
    const rows = schema.filter((s) => s.type === 'table').map((s) => [s.name, db.prepare(`SELECT * FROM "${s.name}"`).all()]);
    return JSON.stringify({ schema, rows });
  } finally {
    db.close();
  }
}

t.test('a database of the first migration, with data, migrates to the latest and keeps its data', async (t) => {
  // Not t.testdir(): build() below makes its own, which would empty that one.
  const dir = mkdtempSync(join(tmpdir(), 'sgyy-upgrade-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'tracker.db');
  const old = openDb(path);
  t.equal(migrateDb(old, migrationsFolderWith(dir, 1)), 1, 'the first migration only');
  // Rows written with the first schema's own columns, as the first release would have.
  old.$client.exec(`
    INSERT INTO app_meta (key, value) VALUES ('initializedAt', '2018-01-02T00:00:00.000Z');
    INSERT INTO enterprises (id, name, short_name, level) VALUES (1, '升级测试石化公司', '升级石化', 'central');
    INSERT INTO compounds (id, enterprise_id, name, households) VALUES (1, 1, '升级新村', 640);
    INSERT INTO groups (id, name, kind) VALUES (1, '升级测试工作组', 'special');
    INSERT INTO handovers (id, enterprise_id, compound_id, service_line, mode) VALUES (1, 1, 1, 'water', 'handoverFirst');
    INSERT INTO items (id, kind, title, lead_unit, due_date, original_due_date, group_id, status) VALUES (1, 'milestone', '升级前的督办事项', '区住建局', '2018-06-30', '2018-06-30', 1, 'inProgress');
    INSERT INTO item_updates (item_id, on_date, from_status, to_status, note) VALUES (1, '2018-04-20', 'notStarted', 'inProgress', '升级前的进展');
  `);
  old.$client.close();

  const db = openDb(path);
  const applied = migrateDb(db);
  t.equal(applied, journal.entries.length - 1, 'every later migration applied');
  t.equal(migrateDb(db), 0, 'and only once');
  const q = db.$client;
  t.same(q.prepare('SELECT name, short_name AS shortName, level FROM enterprises').all(), [{ name: '升级测试石化公司', shortName: '升级石化', level: 'central' }]);
  t.equal(q.prepare('SELECT households FROM compounds WHERE id = 1').pluck().get(), 640);
  t.same(q.prepare('SELECT title, status, due_date AS dueDate FROM items').all(), [{ title: '升级前的督办事项', status: 'inProgress', dueDate: '2018-06-30' }]);
  t.equal(q.prepare('SELECT note FROM item_updates WHERE item_id = 1').pluck().get(), '升级前的进展');
  t.equal((q.pragma('foreign_key_check') as unknown[]).length, 0);
  t.equal(q.pragma('integrity_check', { simple: true }), 'ok');
  t.equal(q.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get(), journal.entries.length);
  db.$client.close();

  // And the app runs on it.
  const app = await build(t, { demo: false, env: { DATABASE_PATH: path } });
  const office = await loginAs(app, 'office');
  const page = await get(app, '/items/1', { cookie: office.cookie });
  t.equal(page.status, 200);
  t.match(page.body, '升级前的督办事项');
  t.match(page.body, '升级前的进展');
});

t.test('a migration that fails part-way leaves the database exactly as it was', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'tracker.db');
  const count = journal.entries.length;
  const db = openDb(path);
  migrateDb(db, migrationsFolderWith(dir, count - 1));
  db.$client.exec("INSERT INTO app_meta (key, value) VALUES ('initializedAt', '2018-01-02T00:00:00.000Z'); INSERT INTO enterprises (name, short_name, level) VALUES ('不应改变', '不变', 'district');");
  db.$client.close();
  const before = dump(path);

  const broken = migrationsFolderWith(dir, count, [
    { tag: '9000_half_good', sql: 'CREATE TABLE `upgrade_probe` (`id` integer PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO `upgrade_probe` (`id`) VALUES (1);\n--> statement-breakpoint\nUPDATE `enterprises` SET `name` = \'被改掉了\';' },
    { tag: '9001_broken', sql: 'ALTER TABLE `enterprises` ADD `probe` text;\n--> statement-breakpoint\nINSERT INTO `no_such_table` VALUES (1);' },
  ]);
  const again = openDb(path);
  let failure: unknown;
  try {
    migrateDb(again, broken);
  } catch (error) {
    failure = error;
  }
  again.$client.close();
  t.ok(failure instanceof MigrationError, 'a MigrationError');
  t.equal((failure as MigrationError).tag, '9001_broken', 'naming the migration that failed');
  t.match((failure as MigrationError).message, /^migration 9001_broken failed: no such table: no_such_table; no migration was applied, the database is as it was$/);
  t.equal(dump(path), before, 'schema and rows exactly as before: the last committed migration and the good one before the failure were rolled back too');
  t.equal(readMigrations(broken).length, count + 2);
});

t.test('the start says which migration failed, with exit code 1, and changes nothing', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'tracker.db');
  const tag = journal.entries.find((e) => readFileSync(join(migrationsFolder, `${e.tag}.sql`), 'utf8').includes('CREATE TABLE `scheduled_runs`'))!.tag;
  const index = journal.entries.findIndex((e) => e.tag === tag);
  const db = openDb(path);
  migrateDb(db, migrationsFolderWith(dir, index));
  // Someone made a table of that name by hand: the migration that creates it cannot run.
  db.$client.exec("INSERT INTO app_meta (key, value) VALUES ('initializedAt', '2018-01-02T00:00:00.000Z'); CREATE TABLE scheduled_runs (note text);");
  db.$client.close();
  const before = dump(path);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/server.ts'], { env: { ...process.env, DATABASE_PATH: path, PORT: '0', LOG_LEVEL: 'warn', DEMO_DATA: 'false' }, encoding: 'utf8', timeout: 120_000 });
  t.equal(run.status, 1);
  t.same(run.stderr.trim().split('\n'), [`migration ${tag} failed: table \`scheduled_runs\` already exists; no migration was applied, the database is as it was`]);
  t.equal(dump(path), before, 'nothing changed');
});

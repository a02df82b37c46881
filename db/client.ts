// Opens the SQLite database with the pragmas the app relies on and applies the committed migrations.
//
// Every write transaction begins IMMEDIATE (it takes the write lock first, waiting up to the busy
// timeout for another writer — another process, a backup, the CLI — to finish): a deferred
// transaction that reads and then writes would fail at once with SQLITE_BUSY_SNAPSHOT when another
// connection wrote in between, and no timeout can help it. `db.transaction(fn)` is immediate by
// default here, so no call site has to remember it.
//
// A database that cannot be opened stops the start with one line naming DATABASE_PATH and the
// reason (DatabaseOpenError); a migration that fails is rolled back whole and named (MigrationError).
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';
import { storageReason } from './storage-errors.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** How long a write waits for another writer's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/** Why the start cannot go on, in one line naming the variable and the reason (no stack trace). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The database cannot be opened or used. */
export class DatabaseOpenError extends StartupError {
  override name = 'DatabaseOpenError';
}

/** A migration failed; the database was left as it was before the start. */
export class MigrationError extends StartupError {
  override name = 'MigrationError';
  constructor(
    readonly tag: string,
    readonly reason: string,
  ) {
    super(`migration ${tag} failed: ${reason}`);
  }
}

export interface OpenOptions {
  /** The variable that named the path, for messages ("DATABASE_PATH"). */
  variable?: string;
  readonly?: boolean;
}

const plain = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** Why a file-system or SQLite error happened, in plain words. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  const storage = storageReason(error);
  if (storage) return storage;
  if (code === 'SQLITE_NOTADB') return 'is not an SQLite database (the file was left untouched)';
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) return 'is a damaged SQLite database (restore it from a backup: npm run restore)';
  if (code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_CANTOPEN')) return 'cannot be opened: no permission to read and write it or its folder';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'lies under a file, not a folder';
  return plain(error);
}

export function openDb(path: string, options: OpenOptions = {}): Db {
  const variable = options.variable ?? 'DATABASE_PATH';
  const fail = (reason: string): never => {
    throw new DatabaseOpenError(`Cannot open the database: ${variable}=${path} ${reason}`);
  };
  if (path !== ':memory:') {
    const full = resolve(path);
    const stat = existsSync(full) ? statSync(full) : null;
    if (stat?.isDirectory()) fail('is a folder, not a database file');
    if (stat && !stat.isFile()) fail('is not a regular file');
    if (!stat && !options.readonly) {
      try {
        mkdirSync(dirname(full), { recursive: true });
      } catch (error) {
        fail(`cannot be created: ${reasonOf(error)}`);
      }
    }
  }
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    // Reads the header first, so a file that is no database is refused before anything is written.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    if (!options.readonly && isForeign(sqlite)) {
      sqlite.close();
      sqlite = null;
      return fail('is an SQLite database of another application (the file was left untouched)');
    }
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readonly) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    if (sqlite?.open) sqlite.close();
    if (error instanceof DatabaseOpenError) throw error;
    fail(reasonOf(error));
  }
  const db = drizzle(sqlite!, { schema, casing: 'snake_case' }) as Db;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) => transaction(fn, { behavior: 'immediate', ...config })) as Db['transaction'];
  return db;
}

interface JournalEntry {
  tag: string;
  when: number;
}

/** The committed migrations, in order, with their names. */
export function readMigrations(folder = migrationsFolder) {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  const files = readMigrationFiles({ migrationsFolder: folder });
  return files.map((file, i) => ({ ...file, tag: journal.entries[i]!.tag }));
}

/** A database that holds tables but none of the tracker's: another application's. */
function isForeign(client: Database.Database): boolean {
  const names = client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return names.length > 0 && !names.includes('__drizzle_migrations') && !names.includes('app_meta');
}

/**
 * Applies every migration not yet applied, all in one IMMEDIATE transaction: if one fails, none is
 * applied and the database is exactly as it was (MigrationError names the one that failed).
 * Foreign keys are off meanwhile, as SQLite requires for rebuilding a table (otherwise dropping
 * the old table would delete or refuse the rows that point at it), and checked before commit.
 * Compatible with drizzle's own migrator (same `__drizzle_migrations` table). Returns how many
 * were new.
 */
export function migrateDb(db: Db, folder = migrationsFolder): number {
  const client = db.$client;
  const migrations = readMigrations(folder);
  let applied = 0;
  let current = '';
  client.pragma('foreign_keys = OFF');
  try {
    client.exec('BEGIN IMMEDIATE');
    try {
      client.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
      const last = client.prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1').pluck().get() as number | undefined;
      const insert = client.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
      for (const migration of migrations) {
        if (last !== undefined && Number(last) >= migration.folderMillis) continue;
        current = migration.tag;
        for (const statement of migration.sql) if (statement.trim()) client.exec(statement);
        insert.run(migration.hash, migration.folderMillis);
        applied++;
      }
      const violations = client.pragma('foreign_key_check') as unknown[];
      if (violations.length) throw new Error(`${violations.length} row(s) would point at missing rows`);
      client.exec('COMMIT');
    } catch (error) {
      if (client.inTransaction) client.exec('ROLLBACK');
      if (!current) throw new DatabaseOpenError(`Cannot open the database: DATABASE_PATH=${client.name} ${reasonOf(error)}`);
      throw new MigrationError(current, `${reasonOf(error)}; no migration was applied, the database is as it was`);
    }
  } finally {
    client.pragma('foreign_keys = ON');
  }
  return applied;
}

/** Writes the WAL back into the database file and closes it, leaving one file behind. */
export function closeDb(db: Db): void {
  const client = db.$client;
  if (!client.open) return;
  try {
    if (!client.readonly) client.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A full disk or a busy reader: the WAL stays and SQLite replays it on the next open.
  }
  client.close();
}

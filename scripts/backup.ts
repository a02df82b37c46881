// npm run backup [TARGET_DIR] — a consistent copy of the database (SQLite's online backup, safe
// while the server runs) and of the attachments, into <DATA_DIR>/backups/<timestamp>/ by default.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../server/config.js';

async function main() {
  const config = loadConfig();
  const dataDir = resolve(config.DATA_DIR ?? dirname(config.DATABASE_PATH));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const target = resolve(process.argv[2] ?? join(dataDir, 'backups', stamp));
  mkdirSync(target, { recursive: true });
  const db = new Database(config.DATABASE_PATH, { readonly: true, fileMustExist: true });
  try {
    await db.backup(join(target, 'tracker.db'));
  } finally {
    db.close();
  }
  const attachments = join(dataDir, 'attachments');
  if (existsSync(attachments)) cpSync(attachments, join(target, 'attachments'), { recursive: true });
  console.log(`backup written to ${target}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});

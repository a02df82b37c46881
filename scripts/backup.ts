// npm run backup [TARGET_DIR] — a consistent copy of the database (SQLite's online backup, safe
// while the server runs) and of the attachment files it names, into <DATA_DIR>/backups/<timestamp>/
// by default. The server also takes one by itself every day (BACKUP_HOUR, BACKUP_KEEP_DAYS).
import { join, resolve } from 'node:path';
import { openDb } from '../db/client.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { attachmentsDir } from '../server/plugins/attachments.js';
import { backupsDirOf, takeBackup } from '../server/services/backups.js';

async function main() {
  const config = loadConfig();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const target = resolve(process.argv[2] ?? join(backupsDirOf(config), stamp));
  const db = openDb(config.DATABASE_PATH, { readonly: true });
  try {
    const backup = await takeBackup(db, { attachmentsDir: attachmentsDir(config), target });
    console.log(`backup written to ${backup.target} (${backup.attachments} attachments${backup.missing ? `, ${backup.missing} missing from the data folder` : ''})`);
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});

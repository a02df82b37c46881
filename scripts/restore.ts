// npm run restore -- BACKUP_DIR — puts a backup (from `npm run backup` or the daily backup) back
// in place of DATABASE_PATH and the attachments folder.
//
// 1. Verifies the backup first: integrity check, the audit log's hash chain, every attachment
//    present with the content its hash names. A backup that fails is refused; nothing is touched.
// 2. Refuses while a server runs on the database (its lock, `<DATABASE_PATH>.lock`), and holds the
//    lock itself meanwhile, so no server starts half-way.
// 3. Keeps what it replaces: the database (checkpointed into one file) and the attachments folder
//    move to <DATA_DIR>/replaced/<timestamp>/.
// 4. Copies the backup in (under a temporary name, then renamed) and checks the result opens.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../server/config.js';
import { acquireLock } from '../server/lock.js';
import { attachmentsDir } from '../server/plugins/attachments.js';
import { auditKeyPath, readAuditKey } from '../server/services/audit-key.js';
import { BACKUP_DB, dataDirOf, verifyBackup } from '../server/services/backups.js';

async function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: npm run restore -- BACKUP_DIR');
  const from = resolve(source);
  const config = loadConfig();
  const databasePath = resolve(config.DATABASE_PATH);

  const check = await verifyBackup(from, readAuditKey(auditKeyPath(config)));
  if (!check.ok) {
    console.error(`refused: ${from} is not a sound backup; nothing was changed:\n  ${check.problems.slice(0, 20).join('\n  ')}`);
    process.exit(1);
  }
  console.log(`backup ${from} verified: integrity ok, audit chain intact (${check.auditEntries} entries), ${check.attachments} attachments present`);

  const release = acquireLock(databasePath, 'restore');
  try {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const aside = join(dataDirOf(config), 'replaced', stamp);
    const files = attachmentsDir(config);
    mkdirSync(aside, { recursive: true });
    if (existsSync(databasePath)) {
      // Fold the WAL into the file, so that one file holds everything that is kept aside.
      try {
        const current = new Database(databasePath);
        current.pragma('wal_checkpoint(TRUNCATE)');
        current.close();
      } catch {
        // A damaged database is kept aside as it is, WAL and all.
      }
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(databasePath + suffix)) renameSync(databasePath + suffix, join(aside, BACKUP_DB + suffix));
      }
    }
    if (existsSync(files)) renameSync(files, join(aside, 'attachments'));

    const temp = `${databasePath}.restoring`;
    cpSync(join(from, BACKUP_DB), temp);
    if (existsSync(join(from, 'attachments'))) cpSync(join(from, 'attachments'), files, { recursive: true });
    else mkdirSync(files, { recursive: true });
    renameSync(temp, databasePath);

    const restored = new Database(databasePath);
    const quick = restored.pragma('quick_check', { simple: true });
    restored.close();
    if (quick !== 'ok') throw new Error(`the restored database does not check out (${String(quick)}); the replaced one is in ${aside}`);
    console.log(`restored ${databasePath} and ${files} from ${from}`);
    console.log(`the replaced database and attachments are kept in ${aside}`);
  } finally {
    release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

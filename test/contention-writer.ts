// A second process writing to the tracker's database every 20 ms, as `npm run user`, a backup or
// `npm run daily` would while the server runs: each write reads the audit chain's last entry and
// appends one (read, then write) in a transaction. Used by test/contention.test.ts.
//   node --import tsx test/contention-writer.ts DATABASE_PATH MILLISECONDS
import { openDb } from '../db/client.js';
import { dirname, join } from 'node:path';
import { appendAudit } from '../server/services/audit.js';
import { AUDIT_KEY_FILE_NAME, useAuditKey } from '../server/services/audit-key.js';

const [path, duration] = process.argv.slice(2);
const db = openDb(path!);
// Every audit entry is signed with the database's key (services/audit-key.ts), kept beside it.
useAuditKey(db, join(dirname(path!), AUDIT_KEY_FILE_NAME));
const end = Date.now() + Number(duration);
let writes = 0;
const errors: string[] = [];
const timer = setInterval(() => {
  if (Date.now() >= end) {
    clearInterval(timer);
    db.$client.close();
    console.log(JSON.stringify({ writes, errors }));
    return;
  }
  try {
    db.transaction((tx) => appendAudit(tx, { userId: null, username: 'second-process', ip: null }, { action: 'export', entityType: 'contention', after: { n: writes } }));
    writes++;
  } catch (error) {
    errors.push(`${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
  }
}, 20);

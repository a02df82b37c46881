// npm run audit:verify — walks the whole audit chain with the audit key and reports, in plain
// words, every kind of failure it finds: an altered entry, a chain re-computed without the key,
// entries removed at the start, in the middle or at the end, a missing or forged checkpoint.
// Exit code 0 when the chain holds, 1 when it does not (or cannot be checked).
import { openDb } from '../db/client.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { attachAuditKey, AuditKeyError, describeAuditFailure, verifyAudit } from '../server/services/audit.js';
import { auditKeyPath, readAuditKey } from '../server/services/audit-key.js';

try {
  const config = loadConfig();
  const db = openDb(config.DATABASE_PATH);
  const keyPath = auditKeyPath(config);
  const key = readAuditKey(keyPath);
  if (key) attachAuditKey(db, key);
  else console.log(`no audit key at ${keyPath}: signatures cannot be checked`);
  const result = verifyAudit(db);
  db.$client.close();
  if (result.ok) {
    console.log(`audit log OK: ${result.checked} entries, chain intact, signed from end to end`);
  } else {
    const first = result.brokenAt === null ? 'BROKEN' : `BROKEN at entry ${result.brokenAt}`;
    console.log(`audit log ${first}: ${result.failures.length + result.moreFailures} problem(s), ${result.checked} entries verified before the first one`);
    for (const failure of result.failures) console.log(`  - ${describeAuditFailure(failure, 'en')}`);
    if (result.moreFailures) console.log(`  - and ${result.moreFailures} more`);
    process.exit(1);
  }
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof AuditKeyError || error instanceof Error ? error.message : error);
  process.exit(1);
}

// npm run audit:verify — walks the audit log's hash chain and reports the first broken link.
// Exit code 0 when the chain holds, 1 when it does not.
import { openDb } from '../db/client.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { verifyAudit } from '../server/services/audit.js';

try {
  const config = loadConfig();
  const db = openDb(config.DATABASE_PATH);
  const result = verifyAudit(db);
  db.$client.close();
  if (result.ok) {
    console.log(`audit log OK: ${result.checked} entries, chain intact`);
  } else {
    console.log(`audit log BROKEN at entry ${result.brokenAt}: ${result.reason} (${result.checked} entries verified before it)`);
    process.exit(1);
  }
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
}

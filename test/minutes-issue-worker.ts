// A separate process that issues minutes on a shared database file, for the concurrency test
// (test/minutes-concurrency.test.ts). Argument: JSON { dbPath, ids }. Prints "ready", waits for
// "go" on stdin so that every worker starts at the same moment, issues its meetings, prints the
// numbers it got as JSON, and exits.
import { dirname, join } from 'node:path';
import { openDb } from '../db/client.js';
import { useAuditKey } from '../server/services/audit-key.js';
import { createClock } from '../server/clock.js';
import { createMinutesService } from '../server/services/minutes.js';

const { dbPath, ids } = JSON.parse(process.argv[2] ?? '{}') as { dbPath: string; ids: number[] };
const db = openDb(dbPath);
useAuditKey(db, join(dirname(dbPath), 'audit.key'));
const minutes = createMinutesService(db, createClock('2018-04-25'));
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const numbers = ids.map((id) => {
    const m = minutes.issue(id, { userId: null, username: `worker-${process.pid}`, ip: null });
    return { id, year: m.issueYear, number: m.issueNumber };
  });
  db.$client.close();
  process.stdout.write(`${JSON.stringify(numbers)}\n`);
  process.exit(0);
});

// No write is refused for contention: 16 concurrent API writers on the real server while a second
// OS process writes to the same database every 20 ms. Every answer is 2xx — not one 500 from
// SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT — and the audit chain, written by both, still holds.
// (The full run is 30 s; the suite runs a few seconds of it.)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import t from 'tap';
import { openDb } from '../db/client.js';
import { discoverTargets, newItemBody, statusUpdateBody, type OwnedItem } from '../scripts/lib/load-mix.js';
import { prepareDatabase, spawnScript, startServer } from '../scripts/lib/server-process.js';
import { verifyAudit } from '../server/services/audit.js';
import { AUDIT_KEY_FILE_NAME, useAuditKey } from '../server/services/audit-key.js';

const WRITERS = 16;
const SECONDS = Number(process.env.CONTENTION_SECONDS ?? 6);

t.test(`${WRITERS} API writers and a second process writing every 20 ms: no answer ≥ 500`, async (t) => {
  const env = { DATABASE_PATH: join(t.testdir(), 'tracker.db'), TODAY: '2018-04-25', LOG_LEVEL: 'warn' };
  const { token } = await prepareDatabase(env);
  const server = await startServer(env);
  t.teardown(() => server.stop('SIGKILL'));
  const targets = await discoverTargets(server.url, token);
  t.ok(targets.openItems.length >= WRITERS, 'enough open items for one per writer');

  const second = spawnScript('test/contention-writer.ts', [env.DATABASE_PATH, String(SECONDS * 1000)], {});
  let secondOut = '';
  second.stdout!.on('data', (c: Buffer) => (secondOut += c.toString()));
  const secondDone = new Promise<number | null>((done) => second.once('exit', done));

  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const end = Date.now() + SECONDS * 1000;
  let created = 0;
  const writer = async (n: number) => {
    const item: OwnedItem = targets.openItems[n]!;
    for (let i = 0; Date.now() < end; i++) {
      if (i % 3 === 2) {
        const res = await fetch(`${server.url}/api/v1/items`, { method: 'POST', headers, body: newItemBody(targets.groupId, `并发写入 ${n}-${i}`) });
        count(res.status);
        if (res.status === 201) created++;
        await res.arrayBuffer();
      } else {
        const res = await fetch(`${server.url}/api/v1/items/${item.id}/status`, { method: 'POST', headers, body: statusUpdateBody(item, i) });
        count(res.status);
        const body = (await res.json()) as { version?: number };
        if (res.status === 200) item.version = body.version!;
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n)));
  t.equal(await secondDone, 0, 'the second process ran to its end');
  const second$ = JSON.parse(secondOut) as { writes: number; errors: string[] };

  const answers = [...statuses.values()].reduce((a, b) => a + b, 0);
  const failures = [...statuses].filter(([status]) => status >= 500);
  t.same(failures, [], 'no answer ≥ 500');
  t.same([...statuses.keys()].sort(), [200, 201], 'every answer is 200 or 201');
  t.same(second$.errors, [], 'the second process had no write refused either');
  t.ok(second$.writes > 0, 'the second process wrote meanwhile');
  t.comment(`${answers} API writes (${created} new items) and ${second$.writes} writes from the second process in ${SECONDS} s`);

  const stopped = await server.stop('SIGTERM');
  t.equal(stopped.code, 0);
  const db = openDb(env.DATABASE_PATH);
  useAuditKey(db, join(dirname(env.DATABASE_PATH), AUDIT_KEY_FILE_NAME));
  t.equal(db.$client.prepare("SELECT count(*) FROM items WHERE title LIKE '并发写入 %'").pluck().get(), created, 'every acknowledged new item is there');
  t.equal(db.$client.prepare("SELECT count(*) FROM audit_log WHERE username = 'second-process'").pluck().get(), second$.writes, 'and every write of the second process');
  t.equal(verifyAudit(db).ok, true, 'the audit chain written by both processes holds');
  db.$client.close();
  t.equal(spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { env: { ...process.env, ...env }, encoding: 'utf8' }).status, 0, 'npm run audit:verify passes');
});

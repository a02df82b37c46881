// SIGTERM: the server stops accepting connections, lets a request in flight finish, cuts one that
// hangs after SHUTDOWN_GRACE_SECONDS, checkpoints the WAL and closes the database, exits 0.
import { existsSync, statSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import t from 'tap';
import { openDb } from '../db/client.js';
import { prepareDatabase, startServer } from '../scripts/lib/server-process.js';

/** A POST whose body is sent in two halves, the second when asked. */
function slowPost(port: number, path: string, token: string, body: string) {
  const data = Buffer.from(body);
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; body: string } | { error: string }>((done) => {
    req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': data.length } }, (res: IncomingMessage) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => done({ status: res.statusCode!, body: text }));
      res.on('error', (e) => done({ error: e.message }));
    });
    req.on('error', (e) => done({ error: e.message }));
  });
  const half = Math.floor(data.length / 2);
  req.write(data.subarray(0, half));
  return { answer, finish: () => req.end(data.subarray(half)) };
}

t.test('SIGTERM lets the request in flight finish, cuts a hanging one after the grace period, closes the database cleanly', async (t) => {
  const env = { DATABASE_PATH: join(t.testdir(), 'tracker.db'), TODAY: '2018-04-25', LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: '3' };
  const { token } = await prepareDatabase(env);
  const server = await startServer(env);
  t.teardown(() => server.stop('SIGKILL'));

  const title = '停机时仍在提交的事项';
  const inFlight = slowPost(server.port, '/api/v1/items', token, JSON.stringify({ kind: 'milestone', title, leadUnit: '区住建局', groupId: 3, dueDate: '2018-06-30' }));
  const hanging = slowPost(server.port, '/api/v1/items', token, JSON.stringify({ kind: 'milestone', title: '永远发不完的事项', leadUnit: '区住建局', groupId: 3, dueDate: '2018-06-30' }));
  // A request answered after both were sent: the server has taken both connections by then.
  t.equal((await fetch(`${server.url}/healthz`)).status, 200);

  server.child.kill('SIGTERM');
  await server.waitFor(/SIGTERM received: no new requests/);
  const refused = await fetch(`${server.url}/healthz`).then(
    (res) => `answered ${res.status}`,
    () => 'refused',
  );
  t.equal(refused, 'refused', 'no new connection is accepted');

  inFlight.finish();
  const done = await inFlight.answer;
  t.equal('status' in done ? done.status : done.error, 201, 'the request in flight finished');
  const cut = await hanging.answer;
  t.ok('error' in cut, `the hanging request was cut off after the grace period (${JSON.stringify(cut)})`);

  const exit = await server.exited;
  t.same(exit, { code: 0, signal: null }, 'exit code 0');
  t.match(server.output(), 'closed: database checkpointed and closed');
  const wal = `${env.DATABASE_PATH}-wal`;
  t.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL was checkpointed into the database');
  t.equal(existsSync(`${env.DATABASE_PATH}.lock`), false, 'the lock is released');
  const db = openDb(env.DATABASE_PATH, { readonly: true });
  t.equal(db.$client.prepare('SELECT count(*) FROM items WHERE title = ?').pluck().get(title), 1, 'the finished request’s item is stored');
  t.equal(db.$client.pragma('integrity_check', { simple: true }), 'ok');
  db.$client.close();
});

// A backup taken while the server writes restores, starts and verifies; `npm run restore` checks a
// backup before it replaces anything, refuses while a server runs on the database, and keeps what
// it replaced.
import Database from 'better-sqlite3';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { newItemBody } from '../scripts/lib/load-mix.js';
import { prepareDatabase, startServer } from '../scripts/lib/server-process.js';

const script = (name: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 180_000 });

t.test('a backup taken during writes restores, starts and verifies', async (t) => {
  const dir = t.testdir();
  const env = { DATABASE_PATH: join(dir, 'data', 'tracker.db'), TODAY: '2018-04-25', LOG_LEVEL: 'warn' };
  const { token } = await prepareDatabase(env);
  let server = await startServer(env);
  t.teardown(() => server.stop('SIGKILL'));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // Writers run all through the backup.
  const acknowledged: string[] = [];
  let writing = true;
  const writer = async (n: number) => {
    for (let i = 0; writing; i++) {
      const title = `备份期间写入 ${n}-${i}`;
      const res = await fetch(`${server.url}/api/v1/items`, { method: 'POST', headers, body: newItemBody(3, title) });
      await res.arrayBuffer();
      if (res.status === 201) acknowledged.push(title);
      else throw new Error(`write answered ${res.status}`);
    }
  };
  const writers = [writer(1), writer(2), writer(3)];
  while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 50));
  const beforeBackup = [...acknowledged];
  const target = join(dir, 'backup-under-load');
  // Not spawnSync: the writers go on while the backup runs.
  const backup = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) =>
    execFile(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', target], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
  const duringBackup = acknowledged.length - beforeBackup.length;
  writing = false;
  await Promise.all(writers);
  t.equal(backup.status, 0, backup.stderr);
  t.match(backup.stdout, `backup written to ${target}`);
  t.ok(duringBackup > 0, `writes went on while the backup ran (${duringBackup})`);

  // While the server runs, a restore is refused and changes nothing.
  const live = readFileSync(env.DATABASE_PATH);
  const busy = script('restore', [target], env);
  t.equal(busy.status, 1);
  t.match(busy.stderr, `DATABASE_PATH=${env.DATABASE_PATH} is in use by a running server, process ${server.child.pid}; stop it first`);
  t.same(readFileSync(env.DATABASE_PATH), live, 'the live database is untouched');

  // A damaged backup is refused before anything is replaced.
  const tampered = join(dir, 'tampered');
  cpSync(target, tampered, { recursive: true });
  const raw = new Database(join(tampered, 'tracker.db'));
  raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = '{\"forged\":true}' WHERE id = 2;");
  raw.close();

  t.equal((await server.stop('SIGTERM')).code, 0);
  const refused = script('restore', [tampered], env);
  t.equal(refused.status, 1);
  t.match(refused.stderr, `refused: ${tampered} is not a sound backup; nothing was changed`);
  t.match(refused.stderr, 'audit chain broken at entry 2');
  t.match(script('restore', [join(dir, 'nowhere')], env).stderr, 'tracker.db is missing');

  const replaced = new Database(env.DATABASE_PATH, { readonly: true });
  const replacedCount = replaced.prepare("SELECT count(*) FROM items WHERE title LIKE '备份期间写入 %'").pluck().get() as number;
  replaced.close();
  const restore = script('restore', [target], env);
  t.equal(restore.status, 0, restore.stderr);
  t.match(restore.stdout, /backup .* verified: integrity ok, audit chain intact \(\d+ entries\), 0 attachments present/);
  const aside = /kept in (\S+)/.exec(restore.stdout)![1]!;
  t.same(readdirSync(aside).sort(), ['attachments', 'tracker.db'], 'the replaced database and attachments are kept aside');
  const kept = new Database(join(aside, 'tracker.db'), { readonly: true });
  t.equal(kept.prepare("SELECT count(*) FROM items WHERE title LIKE '备份期间写入 %'").pluck().get(), replacedCount, 'the kept database holds everything it held');
  kept.close();
  t.equal(existsSync(`${env.DATABASE_PATH}-wal`), false, 'no stale WAL beside the restored database');

  server = await startServer(env);
  t.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the restored database starts');
  const first = beforeBackup[0]!;
  const api = await fetch(`${server.url}/api/v1/items?pageSize=1&page=1`, { headers });
  t.equal(api.status, 200, 'and serves the API');
  t.equal((await server.stop('SIGTERM')).code, 0);
  const restored = new Database(env.DATABASE_PATH, { readonly: true });
  const titles = new Set(restored.prepare("SELECT title FROM items WHERE title LIKE '备份期间写入 %'").pluck().all() as string[]);
  restored.close();
  t.ok(titles.has(first), first);
  t.same(beforeBackup.filter((title) => !titles.has(title)), [], 'every write acknowledged before the backup began is in it');
  t.equal(script('audit-verify', [], env).status, 0, 'npm run audit:verify passes on the restored database');
});

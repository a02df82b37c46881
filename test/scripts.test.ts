// The command-line scripts: user administration and audit verification, run as a user would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { openDb } from '../db/client.js';
import { verifyPassword } from '../server/auth/passwords.js';

const run = (script: string, args: string[], env: Record<string, string>, input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8', input });

t.test('npm run user: add, passwd, disable, token; audit:verify', async (t) => {
  const env = { DATABASE_PATH: join(t.testdir(), 'cli.db'), DEMO_DATA: 'false' };
  const add = run('scripts/user.ts', ['add', 'wang', 'office', '王××'], env);
  t.equal(add.status, 0, add.stderr);
  t.match(add.stdout, /created wang \(office\); password: \S{16}/);
  const bad = run('scripts/user.ts', ['add', 'li', 'emperor'], env);
  t.equal(bad.status, 1);
  t.match(bad.stderr, 'role: Choose one of the options');
  // The password comes from standard input (or a prompt), never from the command line.
  const passwd = run('scripts/user.ts', ['passwd', 'wang'], env, 'a-new-long-password\n');
  t.equal(passwd.status, 0, passwd.stderr);
  t.match(passwd.stdout, 'password of wang set; their sessions were ended');
  t.notMatch(passwd.stdout, 'a-new-long-password', 'not echoed');
  const check = openDb(env.DATABASE_PATH);
  t.ok(await verifyPassword('a-new-long-password', check.$client.prepare("SELECT password_hash FROM users WHERE username = 'wang'").pluck().get() as string), 'the password read from standard input is the one set');
  check.$client.close();
  const short = run('scripts/user.ts', ['passwd', 'wang'], env, 'short\n');
  t.equal(short.status, 1);
  t.match(short.stderr, 'At least 10 characters');
  const onCommandLine = run('scripts/user.ts', ['passwd', 'wang', 'another-long-password'], env);
  t.equal(onCommandLine.status, 2, 'a password on the command line is refused');
  t.match(onCommandLine.stderr, 'not taken on the command line');
  const nothing = run('scripts/user.ts', ['passwd', 'wang'], env, '');
  t.equal(nothing.status, 2);
  t.match(nothing.stderr, 'no password on standard input');
  const generated = run('scripts/user.ts', ['passwd', 'wang', '--generate'], env);
  t.equal(generated.status, 0);
  t.match(generated.stdout, /password of wang set: \S{16}/);
  const token = run('scripts/user.ts', ['token', 'wang', 'oa'], env);
  t.match(token.stdout, /^sgyy_[A-Za-z0-9_-]{40}\n$/, 'the token: a prefix and 30 random bytes');
  const disable = run('scripts/user.ts', ['disable', 'wang'], env);
  t.equal(disable.status, 0);
  const missing = run('scripts/user.ts', ['disable', 'nobody'], env);
  t.equal(missing.status, 1);
  t.match(missing.stderr, 'no user named nobody');

  const db = openDb(env.DATABASE_PATH);
  t.equal(db.$client.prepare("SELECT disabled FROM users WHERE username = 'wang'").pluck().get(), 1);
  t.same(
    db.$client.prepare("SELECT action || ' ' || entity_type FROM audit_log WHERE username = 'cli' ORDER BY id").pluck().all(),
    ['permission user', 'permission user', 'permission user', 'create apiToken', 'permission user'],
    'the CLI is on record: add, passwd (typed), passwd (generated), token, disable (refusals change nothing)',
  );
  db.$client.close();

  const ok = run('scripts/audit-verify.ts', [], env);
  t.equal(ok.status, 0);
  t.match(ok.stdout, /audit log OK: \d+ entries/);
  const tamper = openDb(env.DATABASE_PATH);
  tamper.$client.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = '{}' WHERE id = 3;");
  tamper.$client.close();
  const broken = run('scripts/audit-verify.ts', [], env);
  t.equal(broken.status, 1);
  t.match(broken.stdout, 'BROKEN at entry 3');
});

t.test('npm run backup writes a consistent copy that opens', async (t) => {
  const dir = t.testdir();
  const env = { DATABASE_PATH: join(dir, 'live.db'), DEMO_DATA: 'true' };
  t.equal(run('scripts/migrate.ts', [], env).status, 0);
  const target = join(dir, 'copy');
  const result = run('scripts/backup.ts', [target], env);
  t.equal(result.status, 0, result.stderr);
  t.match(result.stdout, `backup written to ${target}`);
  const copy = openDb(join(target, 'tracker.db'));
  const live = openDb(env.DATABASE_PATH);
  const content = (db: ReturnType<typeof openDb>) => db.$client.prepare("SELECT group_concat(name, '|') FROM (SELECT name FROM enterprises ORDER BY id)").pluck().get();
  t.equal(content(copy), content(live), 'the copy holds the same enterprises');
  t.equal(copy.$client.prepare('SELECT count(*) FROM items').pluck().get(), live.$client.prepare('SELECT count(*) FROM items').pluck().get(), 'and the same items');
  live.$client.close();
  copy.$client.close();
});

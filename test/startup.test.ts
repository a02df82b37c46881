// A start that cannot go on says why in one line naming DATABASE_PATH or DATA_DIR and the reason
// in plain words, exits with code 1, and leaves the file it was given untouched.
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startServer } from '../scripts/lib/server-process.js';

/** The environment without tap's coverage hooks, which another user could not write. */
const plainEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.startsWith('TAP') && !key.startsWith('_TAPJS')));

function start(env: Record<string, string>, options: { uid?: number } = {}) {
  // Another user could not write tap's coverage files: its hook (NODE_OPTIONS) is taken off there.
  const command = options.uid !== undefined ? ['/usr/bin/env', '-u', 'NODE_OPTIONS', process.execPath] : [process.execPath];
  const run = spawnSync(command[0]!, [...command.slice(1), '--import', 'tsx', 'server/server.ts'], {
    env: { ...(options.uid !== undefined ? plainEnv() : process.env), PORT: '0', LOG_LEVEL: 'warn', DEMO_DATA: 'false', ...env },
    encoding: 'utf8',
    timeout: 120_000,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  return { status: run.status, lines: run.stderr.trim().split('\n'), stdout: run.stdout };
}

function oneLine(t: Test, run: ReturnType<typeof start>, pattern: string | RegExp) {
  t.equal(run.status, 1, 'exit code 1');
  t.equal(run.lines.length, 1, `one line: ${run.lines.join(' | ')}`);
  t.match(run.lines[0], pattern);
  t.notMatch(run.lines[0], /\bat \S+ \(|Error:/, 'no stack trace');
}

t.test('DATABASE_PATH is a folder', async (t) => {
  const dir = t.testdir({ folder: {} });
  oneLine(t, start({ DATABASE_PATH: join(dir, 'folder') }), `Cannot open the database: DATABASE_PATH=${join(dir, 'folder')} is a folder, not a database file`);
  t.same(readdirSync(join(dir, 'folder')), [], 'nothing created in it');
});

t.test('DATABASE_PATH is not a database, or another application’s: untouched', async (t) => {
  const dir = t.testdir({ 'notes.db': '会议记录，不是数据库\n'.repeat(200) });
  const notes = join(dir, 'notes.db');
  const before = readFileSync(notes);
  oneLine(t, start({ DATABASE_PATH: notes }), `DATABASE_PATH=${notes} is not an SQLite database (the file was left untouched)`);
  t.same(readFileSync(notes), before, 'the file is byte for byte the same');

  const other = join(dir, 'other.db');
  const foreign = new Database(other);
  foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices (amount) VALUES (12.5);');
  foreign.close();
  const otherBefore = readFileSync(other);
  oneLine(t, start({ DATABASE_PATH: other }), `DATABASE_PATH=${other} is an SQLite database of another application (the file was left untouched)`);
  t.same(readFileSync(other), otherBefore, 'the other application’s database is byte for byte the same');
  t.same(readdirSync(dir).sort(), ['notes.db', 'other.db'], 'no journal, WAL or lock file left beside them');
});

t.test('DATABASE_PATH under a file, DATA_DIR a file', async (t) => {
  const dir = t.testdir({ plain: 'x' });
  oneLine(t, start({ DATABASE_PATH: join(dir, 'plain', 'tracker.db') }), `DATABASE_PATH=${join(dir, 'plain', 'tracker.db')} cannot be created: lies under a file, not a folder`);
  oneLine(t, start({ DATABASE_PATH: join(dir, 'tracker.db'), DATA_DIR: join(dir, 'plain') }), `Cannot use the data folder: DATA_DIR=${join(dir, 'plain')} is a file, not a folder`);
});

const isRoot = process.getuid?.() === 0;
t.test('no permission to write the database’s folder', { skip: isRoot ? false : 'needs root, to start the server as another user' }, async (t) => {
  // A folder of root's that the unprivileged user "nobody" (65534) may read but not write.
  const dir = mkdtempSync(join(tmpdir(), 'sgyy-perm-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);
  const path = join(dir, 'tracker.db');
  oneLine(t, start({ DATABASE_PATH: path }, { uid: 65534 }), new RegExp(`DATABASE_PATH=${path} .*no permission`));
  t.equal(existsSync(path), false, 'nothing created');
});

t.test('a full disk at start', async (t) => {
  const disk = mkdtempSync(join(tmpdir(), 'sgyy-start-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk], { stdio: 'pipe' });
  } catch {
    rmSync(disk, { recursive: true, force: true });
    t.comment('this machine does not allow mounting a tmpfs (it needs root): the full-disk start was not tried');
    t.pass('skipped: no tmpfs');
    return;
  }
  t.teardown(() => {
    execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
    rmSync(disk, { recursive: true, force: true });
  });
  mkdirSync(join(disk, 'attachments'));
  const fd = openSync(join(disk, 'filler'), 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(4096, 1));
  } catch {
    // full
  } finally {
    closeSync(fd);
  }
  oneLine(t, start({ DATABASE_PATH: join(disk, 'tracker.db') }), new RegExp(`DATABASE_PATH=${join(disk, 'tracker.db')} .*the disk is full`));
});

t.test('a second server on the same database is refused while the first runs', async (t) => {
  const dir = t.testdir();
  const env = { DATABASE_PATH: join(dir, 'tracker.db'), LOG_LEVEL: 'warn', DEMO_DATA: 'false' };
  const first = await startServer(env);
  t.teardown(() => first.stop('SIGKILL'));
  oneLine(t, start(env), `Cannot open the database: DATABASE_PATH=${env.DATABASE_PATH} is in use by a running server, process ${first.child.pid}; stop it first`);
  t.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the first goes on serving');
});

t.test('a stale lock (the server was killed, its pid reused) does not stop the next start', async (t) => {
  const dir = t.testdir();
  const env = { DATABASE_PATH: join(dir, 'tracker.db'), LOG_LEVEL: 'warn', DEMO_DATA: 'false' };
  writeFileSync(`${env.DATABASE_PATH}.lock`, '999999 server\n');
  const server = await startServer(env);
  t.equal((await fetch(`${server.url}/healthz`)).status, 200);
  t.equal((await server.stop()).code, 0);
  // After a reboot another process may have the dead server's pid: its start time tells them apart.
  writeFileSync(`${env.DATABASE_PATH}.lock`, `${process.pid} server 1\n`);
  const again = await startServer(env);
  t.equal((await fetch(`${again.url}/healthz`)).status, 200, 'a live process with the pid but another start time holds nothing');
  t.equal((await again.stop()).code, 0);
  t.equal(existsSync(`${env.DATABASE_PATH}.lock`), false, 'the lock is gone after a clean stop');
});

t.test('backup and shutdown settings: defaults and refusals', async (t) => {
  const { loadConfig } = await import('../server/config.js');
  const config = loadConfig({});
  t.same([config.BACKUP_HOUR, config.BACKUP_KEEP_DAYS, config.SHUTDOWN_GRACE_SECONDS], [2, 14, 20]);
  t.equal(loadConfig({ BACKUP_HOUR: '0', BACKUP_KEEP_DAYS: '0' }).BACKUP_HOUR, 0);
  t.throws(() => loadConfig({ BACKUP_HOUR: '24' }), { message: /BACKUP_HOUR="24" must be an hour from 0 to 23/ });
  t.throws(() => loadConfig({ BACKUP_KEEP_DAYS: '-1' }), { message: /BACKUP_KEEP_DAYS="-1" must be 0 \(keep all\) or more/ });
  t.throws(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: '0' }), { message: /SHUTDOWN_GRACE_SECONDS="0" must be at least 1/ });
});

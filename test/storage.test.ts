// A full or read-only disk: writes answer 503 with a Retry-After and the plain Chinese message,
// nothing is half-written, signed-in users go on reading (session and token touches are skipped),
// and writes work again by themselves once the disk has room.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { storageProblem } from '../db/storage-errors.js';
import { build, get, loginAs, postForm } from './helper.js';

const FULL = '存储空间不足，暂时无法保存，请稍后再试';
const SUPPLEMENT = '炼化新村供水维修改造方案补充测算';

t.test('storage errors are recognised by their codes', async (t) => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  t.equal(storageProblem(err('SQLITE_FULL')), 'full');
  t.equal(storageProblem(err('ENOSPC')), 'full');
  t.equal(storageProblem(err('SQLITE_READONLY')), 'readonly');
  t.equal(storageProblem(err('SQLITE_READONLY_DBMOVED')), 'readonly');
  t.equal(storageProblem(err('EROFS')), 'readonly');
  t.equal(storageProblem(err('SQLITE_IOERR_WRITE')), 'io');
  t.equal(storageProblem(err('SQLITE_BUSY')), 'busy');
  t.equal(storageProblem(err('SQLITE_CONSTRAINT_CHECK')), null);
  t.equal(storageProblem(new Error('plain')), null);
});

t.test('SQLITE_FULL, SQLITE_READONLY and SQLITE_IOERR become 503 pages and API answers with Retry-After', async (t) => {
  const app = await build(t, {
    extend: (server) => {
      const fail = async (request: { params: unknown }) => {
        throw Object.assign(new Error('simulated'), { code: (request.params as { code: string }).code });
      };
      server.post('/simulate/:code', { config: { access: 'public' } }, fail);
      server.post('/api/v1/simulate/:code', { config: { access: 'public' } }, fail);
    },
  });
  const pre = await app.inject({ method: 'GET', url: '/login' });
  const csrf = /csrf_pre=([^;]+)/.exec(String(pre.headers['set-cookie']))![1]!;
  const form = (code: string) => app.inject({ method: 'POST', url: `/simulate/${code}`, headers: { cookie: `csrf_pre=${csrf}` }, payload: { _csrf: csrf } });

  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'ENOSPC']) {
    const page = await form(code);
    t.equal(page.statusCode, 503, `${code}: 503`);
    t.equal(page.headers['retry-after'], '60');
    t.match(page.body, FULL, `${code}: the plain message`);
    t.match(page.body, '已有的数据没有受影响');
    t.notMatch(page.body, 'simulated', 'no error details shown');
  }
  const readonly = await form('SQLITE_READONLY');
  t.equal(readonly.statusCode, 503);
  t.match(readonly.body, '数据暂时只能查看、不能保存，请稍后再试');

  const api = await app.inject({ method: 'POST', url: '/api/v1/simulate/SQLITE_FULL' });
  t.equal(api.statusCode, 503);
  t.equal(api.headers['retry-after'], '60');
  t.same(api.json(), { error: 'storage_unavailable', message: FULL, issues: [] });
  const other = await app.inject({ method: 'POST', url: '/api/v1/simulate/EWHATEVER' });
  t.equal(other.statusCode, 500, 'other errors stay 500');
});

t.test('a read-only database: reading goes on (touches skipped), writes answer 503 and change nothing, and work again after', async (t) => {
  const app = await build(t);
  const client = app.db.$client;
  const staff = await loginAs(app, 'staff');
  const id = client.prepare('SELECT id FROM items WHERE title = ?').pluck().get(SUPPLEMENT) as number;
  const token = app.services.accounts.createToken({ userId: null, username: 'test', ip: null }, staff.userId, 'api');
  // The session was last seen ten minutes ago: reading it would normally write its idle timer.
  client.prepare("UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes')").run();
  const count = () => client.prepare('SELECT (SELECT count(*) FROM item_updates) || \'/\' || (SELECT count(*) FROM audit_log) || \'/\' || (SELECT version FROM items WHERE id = ?)').pluck().get(id);
  const before = count();

  client.pragma('query_only = ON');
  t.teardown(() => client.pragma('query_only = OFF'));
  t.equal((await get(app, `/items/${id}`, { cookie: staff.cookie })).status, 200, 'a page reads');
  t.equal((await get(app, '/items', { cookie: staff.cookie })).status, 200, 'a list reads');
  const apiRead = await get(app, `/api/v1/items/${id}`, { authorization: `Bearer ${token}` });
  t.equal(apiRead.status, 200, 'the API reads with a token (its last use is not written)');

  const refused = await postForm(app, staff, `/items/${id}/status`, { status: 'done', note: '只读时提交', version: String(apiRead.json().version) });
  t.equal(refused.statusCode, 503);
  t.match(refused.body, '数据暂时只能查看、不能保存');
  const apiWrite = await app.inject({ method: 'POST', url: `/api/v1/items/${id}/status`, headers: { authorization: `Bearer ${token}` }, payload: { status: 'done', note: '只读时提交', version: apiRead.json().version } });
  t.equal(apiWrite.statusCode, 503);
  t.equal(apiWrite.headers['retry-after'], '60');
  client.pragma('query_only = OFF');
  t.equal(count(), before, 'nothing was written: no update, no audit entry, same version');

  const saved = await postForm(app, staff, `/items/${id}/status`, { status: 'done', note: '恢复后提交', version: String(apiRead.json().version) });
  t.equal(saved.statusCode, 303, 'writes work again');
  t.equal(client.prepare('SELECT status FROM items WHERE id = ?').pluck().get(id), 'done');
});

/** Mounts a small tmpfs at `dir`; false when this machine does not allow it. */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Fills the disk under `dir` with one file until it is full; returns the file. */
function fillDisk(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial blocks: single bytes until not even one fits.
  const small = openSync(path, 'a');
  try {
    for (;;) writeSync(small, Buffer.alloc(1, 1));
  } catch {
    // full
  } finally {
    closeSync(small);
  }
  return path;
}

const disk = mkdtempSync(join(tmpdir(), 'sgyy-full-disk-'));
const mounted = mountTmpfs(disk, '24m');
if (!mounted) rmSync(disk, { recursive: true, force: true });
const cannotMount = 'this machine does not allow mounting a tmpfs (it needs root): the full-disk test did not run; the mapping of SQLITE_FULL, SQLITE_READONLY and SQLITE_IOERR is covered above';

t.test('a full disk (a small tmpfs): 503 for writes, reading goes on, nothing half-written, and it recovers by itself', { skip: mounted ? false : cannotMount }, async (t) => {
  t.teardown(() => {
    try {
      execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
      rmSync(disk, { recursive: true, force: true });
    } catch {
      // already gone
    }
  });
  const app = await build(t, { env: { DATABASE_PATH: join(disk, 'tracker.db') } });
  const client = app.db.$client;
  const office = await loginAs(app, 'office');
  const token = app.services.accounts.createToken({ userId: null, username: 'test', ip: null }, office.userId, 'api');
  const id = client.prepare('SELECT id FROM items WHERE title = ?').pluck().get(SUPPLEMENT) as number;
  const version = () => client.prepare('SELECT version FROM items WHERE id = ?').pluck().get(id) as number;
  const docId = client.prepare('SELECT id FROM documents ORDER BY id LIMIT 1').pluck().get() as number;
  client.prepare("UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes')").run();
  // An empty WAL: every write now needs new blocks on the disk.
  client.pragma('wal_checkpoint(TRUNCATE)');
  const counts = () => client.prepare('SELECT (SELECT count(*) FROM items) || \'/\' || (SELECT count(*) FROM audit_log) || \'/\' || (SELECT count(*) FROM attachments)').pluck().get();
  const before = counts();
  const filler = fillDisk(disk);

  t.equal((await get(app, `/items/${id}`, { cookie: office.cookie })).status, 200, 'pages read on a full disk');
  t.equal((await get(app, `/api/v1/items?pageSize=5`, { authorization: `Bearer ${token}` })).status, 200, 'the API reads on a full disk');

  const form = await postForm(app, office, `/items/${id}/status`, { status: 'done', note: '磁盘已满时提交', version: String(version()) });
  t.equal(form.statusCode, 503);
  t.equal(form.headers['retry-after'], '60');
  t.match(form.body, FULL);
  const api = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: { authorization: `Bearer ${token}` },
    payload: { kind: 'milestone', title: '磁盘已满时新建', leadUnit: '区住建局', groupId: 3, dueDate: '2018-06-30' },
  });
  t.equal(api.statusCode, 503);
  t.equal(api.json().error, 'storage_unavailable');
  const boundary = 'x-boundary';
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200_000, 7)]);
  const multipart = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${office.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const upload = await app.inject({ method: 'POST', url: `/documents/${docId}/attachment`, headers: { cookie: office.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
  t.equal(upload.statusCode, 503, 'an upload on a full disk: 503');
  const leftovers = existsSync(join(disk, 'attachments')) ? readdirSync(join(disk, 'attachments'), { recursive: true }).map(String).filter((n) => n.includes('.part') || /[0-9a-f]{64}$/.test(n)) : [];
  t.same(leftovers, [], 'no partial file left in the attachments folder');

  rmSync(filler);
  t.equal(counts(), before, 'nothing half-written: the same items, audit entries and attachments');
  const again = await postForm(app, office, `/items/${id}/status`, { status: 'done', note: '空间恢复后提交', version: String(version()) });
  t.equal(again.statusCode, 303, 'writes work again once there is room, without a restart');
  const uploaded = await app.inject({ method: 'POST', url: `/documents/${docId}/attachment`, headers: { cookie: office.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
  t.equal(uploaded.statusCode, 303, 'uploads too');
  t.equal(client.pragma('integrity_check', { simple: true }), 'ok');
});

// The audit chain is anchored (issue 10, point 5): keyed with a secret outside the database, its
// head and start checkpointed and signed. Removing the newest or the oldest entries, or editing
// one and re-computing the following hashes with the public formula, no longer verifies;
// retention keeps the proof; a database from before the key migrates; the admin page checks
// only what is new; `npm run audit:verify` names each kind of failure.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import { migrateDb, openDb } from '../db/client.js';
import { GENESIS } from '../server/services/audit.js';
import { build, get, loginAs } from './helper.js';

const sqlOf = (app: FastifyInstance) => app.db.$client;

/** A folder of the test's own (the helper's build() empties t.testdir() each time it is called). */
function folder(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'sgyy-audit-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const kinds = (app: FastifyInstance) => app.services.audit.verify().failures.map((f) => f.kind);

/** A few entries of every kind: sign-ins and an export. */
async function someEntries(app: FastifyInstance, n: number) {
  for (let i = 0; i < n; i++) app.services.audit.append({ userId: null, username: `writer-${i}`, ip: '10.1.1.1' }, { action: 'export', entityType: 'test', entityId: i, after: { i } });
}

/** What an attacker with the database file but not the key can do: the public SHA-256 formula. */
function rechainFrom(app: FastifyInstance, fromId: number) {
  const db = sqlOf(app);
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  const rows = db.prepare('SELECT * FROM audit_log WHERE id >= ? ORDER BY id').all(fromId) as Record<string, unknown>[];
  let prev = (db.prepare('SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1').pluck().get(fromId) as string | undefined) ?? GENESIS;
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  for (const row of rows) {
    const content = JSON.stringify([row.at, row.user_id, row.username, row.ip, row.action, row.entity_type, row.entity_id, row.before, row.after, prev]);
    const hash = createHash('sha256').update(content).digest('hex');
    update.run(prev, hash, row.id);
    prev = hash;
  }
  return prev;
}

t.test('the key: generated into the data folder on first start, readable by its owner only', async (t) => {
  const dir = folder(t);
  const app = await build(t, { demo: false, env: { DATABASE_PATH: join(dir, 'db', 'tracker.db'), DATA_DIR: join(dir, 'data') } });
  const keyFile = join(dir, 'data', 'audit.key');
  t.ok(existsSync(keyFile), 'audit.key in DATA_DIR');
  t.equal(statSync(keyFile).mode & 0o777, 0o600, 'permissions 0600');
  t.match(readFileSync(keyFile, 'utf8'), /^[0-9a-f]{64}\n$/);
  const key = readFileSync(keyFile, 'utf8').trim();
  const inDb = sqlOf(app).prepare("SELECT group_concat(coalesce(value, ''), '|') FROM app_meta").pluck().get() as string;
  t.notMatch(inDb ?? '', key, 'the key is not in the database');
  await someEntries(app, 3);
  t.same(kinds(app), [], 'the chain holds');
  t.equal(sqlOf(app).prepare("SELECT entry_id FROM audit_checkpoints WHERE kind = 'head'").pluck().get(), sqlOf(app).prepare('SELECT max(id) FROM audit_log').pluck().get(), 'the head names the newest entry');
});

t.test('deleting the newest entries shows, even after new writes', async (t) => {
  const app = await build(t, { demo: false });
  await someEntries(app, 10);
  const db = sqlOf(app);
  const max = db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
  db.exec('DROP TRIGGER audit_log_no_recent_delete');
  db.prepare('DELETE FROM audit_log WHERE id > ?').run(max - 3);
  const result = app.services.audit.verify();
  t.equal(result.ok, false);
  t.same(result.failures.map((f) => f.kind), ['truncatedEnd', 'countMismatch']);
  t.match(result.failures[0]!.params, { id: max - 3, expected: max });
  await someEntries(app, 1);
  t.ok(kinds(app).includes('brokenLink'), 'the next entry chains onto the signed head and so points at the missing one');
  t.ok(kinds(app).includes('countMismatch'));
});

t.test('deleting the oldest entries shows', async (t) => {
  const app = await build(t, { demo: false });
  await someEntries(app, 60);
  const db = sqlOf(app);
  db.exec('DROP TRIGGER audit_log_no_recent_delete');
  const first = db.prepare('SELECT min(id) FROM audit_log').pluck().get() as number;
  db.prepare('DELETE FROM audit_log WHERE id < ?').run(first + 50);
  const result = app.services.audit.verify();
  t.same(result.failures.map((f) => f.kind), ['truncatedStart', 'countMismatch']);
  t.match(result.failures[0]!.params, { id: first + 50, expected: first });
});

t.test('an edited entry with the chain re-computed by the public formula shows', async (t) => {
  const app = await build(t, { demo: false });
  await someEntries(app, 10);
  const db = sqlOf(app);
  const target = (db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number) - 5;
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare("UPDATE audit_log SET username = 'someone-else' WHERE id = ?").run(target);
  rechainFrom(app, target);
  const result = app.services.audit.verify();
  t.equal(result.brokenAt, target, 'found at the edited entry');
  t.equal(result.failures[0]!.kind, 'rechained');
  t.ok(result.failures.some((f) => f.kind === 'truncatedEnd' || f.kind === 'headMismatch'), 'and the end no longer matches the signed head');

  // Forging the head too does not help without the key.
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
  db.prepare("UPDATE audit_checkpoints SET entry_id = ?, entry_hash = ? WHERE kind = 'head'").run(last.id, last.hash);
  t.ok(kinds(app).includes('checkpointForged'));
  t.throws(() => app.services.audit.append({ userId: null, username: 'x', ip: null }, { action: 'export' }), /head checkpoint is not signed/, 'and nothing chains onto a forged head');
});

t.test('retention pruning keeps the proof', async (t) => {
  const app = await build(t, { demo: false });
  await someEntries(app, 20);
  const db = sqlOf(app);
  // Everything is younger than 180 days here: let the test prune it as if a year had passed.
  db.exec('DROP TRIGGER audit_log_no_recent_delete');
  const before = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  t.ok(app.services.audit.verifyRecent().ok, 'the admin page checked it once');
  const removed = app.services.audit.prune(365, Date.now() + 366 * 86_400_000);
  t.equal(removed, before, 'all entries were older than the retention');
  t.same(kinds(app), [], 'an empty log after pruning verifies');
  await someEntries(app, 5);
  t.same(kinds(app), [], 'and the new entries chain on');
  const start = db.prepare("SELECT entry_id AS id, count FROM audit_checkpoints WHERE kind = 'start'").get() as { id: number; count: number };
  t.equal(start.count, before, 'the start checkpoint counts what was removed');
  t.equal(db.prepare('SELECT min(id) FROM audit_log').pluck().get(), start.id + 1, 'and names the entry before the first kept one');
  t.ok(app.services.audit.verifyRecent().ok, 'the admin page’s check starts again from the new start');

  const firstKept = db.prepare('SELECT min(id) FROM audit_log').pluck().get() as number;
  db.prepare('DELETE FROM audit_log WHERE id = ?').run(firstKept);
  t.same(kinds(app), ['truncatedStart', 'countMismatch'], 'removing the new first entry shows');
});

t.test('the admin page checks what is new; the whole chain on demand', async (t) => {
  const app = await build(t, { demo: false });
  const admin = await loginAs(app, 'admin');
  await someEntries(app, 30);
  const first = await get(app, '/admin/audit', { cookie: admin.cookie });
  t.match(first.body, '日志链完整');
  t.equal(app.services.audit.verifyRecent().walked, 0, 'a second view reads no entry again');
  await someEntries(app, 2);
  t.equal(app.services.audit.verifyRecent().walked, 2, 'only the two new ones');

  const db = sqlOf(app);
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare("UPDATE audit_log SET after = '{}' WHERE id = 5").run();
  const view = await get(app, '/admin/audit', { cookie: admin.cookie });
  t.match(view.body, '全面核验', 'the page offers the full check');
  const full = await get(app, '/admin/audit?verify=full', { cookie: admin.cookie });
  t.match(full.body, '日志链在第 5 条处断开');
  t.match(full.body, '第 5 条的内容与其哈希不符（记录被改动）');

  // Removing the newest entries shows at the next view, without a full walk.
  db.exec('DROP TRIGGER audit_log_no_recent_delete');
  const max = db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
  db.prepare('DELETE FROM audit_log WHERE id = ?').run(max);
  const cut = await get(app, '/admin/audit', { cookie: admin.cookie });
  t.match(cut.body, '最新的记录被删除');
});

t.test('a database from before the key migrates: old entries stay verifiable and pinned', async (t) => {
  const dir = folder(t);
  const path = join(dir, 'old.db');
  // The first version's log: unkeyed SHA-256, no checkpoints.
  const old = openDb(path);
  migrateDb(old);
  old.$client.exec("DELETE FROM audit_checkpoints; INSERT INTO app_meta (key, value) VALUES ('initializedAt', '2018-01-01T00:00:00.000Z');");
  let prev = GENESIS;
  const insert = old.$client.prepare('INSERT INTO audit_log (at, user_id, username, ip, action, entity_type, entity_id, before, after, prev_hash, hash) VALUES (?, NULL, ?, NULL, ?, NULL, NULL, NULL, NULL, ?, ?)');
  for (let i = 0; i < 8; i++) {
    const at = new Date(Date.now() - (8 - i) * 60_000).toISOString();
    const content = JSON.stringify([at, null, `old-${i}`, null, 'login', null, null, null, null, prev]);
    const hash = createHash('sha256').update(content).digest('hex');
    insert.run(at, `old-${i}`, 'login', prev, hash);
    prev = hash;
  }
  old.$client.close();
  t.notOk(existsSync(join(dir, 'audit.key')));

  const app = await build(t, { env: { DATABASE_PATH: path } });
  t.ok(existsSync(join(dir, 'audit.key')), 'the key is created on the first start of the new version');
  t.equal(sqlOf(app).prepare("SELECT entry_id FROM audit_checkpoints WHERE kind = 'keyed'").pluck().get(), 8, 'keyed entries begin after the old ones');
  await loginAs(app, 'leader');
  t.same(kinds(app), [], 'old and new entries verify together');

  // Re-writing the old entries with the formula they were made with still shows.
  sqlOf(app).exec('DROP TRIGGER audit_log_no_update');
  sqlOf(app).prepare("UPDATE audit_log SET username = 'rewritten' WHERE id = 3").run();
  const legacyEnd = sqlOf(app).prepare('SELECT id FROM audit_log WHERE id <= 8 ORDER BY id').pluck().all() as number[];
  let chain = sqlOf(app).prepare('SELECT hash FROM audit_log WHERE id = 2').pluck().get() as string;
  for (const id of legacyEnd.filter((id) => id >= 3)) {
    const row = sqlOf(app).prepare('SELECT * FROM audit_log WHERE id = ?').get(id) as Record<string, unknown>;
    const content = JSON.stringify([row.at, row.user_id, row.username, row.ip, row.action, row.entity_type, row.entity_id, row.before, row.after, chain]);
    chain = createHash('sha256').update(content).digest('hex');
    sqlOf(app).prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(row.id === 3 ? row.prev_hash : (sqlOf(app).prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(id - 1) as string), chain, id);
  }
  const result = app.services.audit.verify();
  t.equal(result.ok, false);
  t.equal(result.brokenAt, 8, 'the last old entry no longer matches the signed checkpoint');
  t.ok(result.failures.some((f) => f.kind === 'rechained' && f.entryId === 8));
  t.ok(result.failures.some((f) => f.kind === 'brokenLink' && f.entryId === 9), 'nor does the first keyed entry link to it');
});

t.test('a signed log refuses to open without its key, or with another key', async (t) => {
  const dir = folder(t);
  const env = { DATABASE_PATH: join(dir, 'tracker.db') };
  const app = await build(t, { demo: false, env });
  await app.close();
  const keyFile = join(dir, 'audit.key');
  const key = readFileSync(keyFile, 'utf8');
  unlinkSync(keyFile);
  await t.rejects(build(t, { demo: false, env }), /audit key file .*audit\.key is missing/, 'missing key: refused with its path');
  t.notOk(existsSync(keyFile), 'and no new key was made in its place');
  writeFileSync(keyFile, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  await t.rejects(build(t, { demo: false, env }), /not the one this audit log was signed with/);
  writeFileSync(keyFile, key, { mode: 0o600 });
  const again = await build(t, { demo: false, env });
  t.same(again.services.audit.verify().failures, [], 'with its own key it opens and verifies');
});

t.test('npm run audit:verify names each failure in plain words', async (t) => {
  const dir = folder(t);
  const env = { DATABASE_PATH: join(dir, 'cli.db'), DEMO_DATA: 'false' };
  const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 180_000 });
  const app = await build(t, { demo: false, env });
  await someEntries(app, 12);
  await app.close();
  const ok = run();
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /audit log OK: \d+ entries, chain intact/);

  const db = openDb(env.DATABASE_PATH);
  db.$client.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_recent_delete;');
  db.$client.prepare("UPDATE audit_log SET after = '{}' WHERE id = 4").run();
  db.$client.prepare('DELETE FROM audit_log WHERE id IN (1, (SELECT max(id) FROM audit_log))').run();
  db.$client.close();
  const broken = run();
  t.equal(broken.status, 1);
  t.match(broken.stdout, 'the oldest entries were removed');
  t.match(broken.stdout, 'entry 4 does not match its hash (it was changed)');
  t.match(broken.stdout, 'the newest entries were removed');
  t.match(broken.stdout, 'the number of entries does not match');

  unlinkSync(join(dir, 'audit.key'));
  const keyless = run();
  t.equal(keyless.status, 1);
  t.match(keyless.stdout, 'the audit key is not loaded');
});

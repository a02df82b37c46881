// Minutes numbers have no gaps and no duplicates when several processes issue at the same moment
// on the same database file: max + 1 is taken inside an IMMEDIATE transaction.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { verifyAudit } from '../server/services/audit.js';
import { build } from './helper.js';

const WORKERS = 3;
const SERIES_MEETINGS = 30;
const GROUP_MEETINGS = 12;
const worker = fileURLToPath(new URL('./minutes-issue-worker.ts', import.meta.url));

interface Issued {
  id: number;
  year: number;
  number: number;
}

function start(dbPath: string, ids: number[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify({ dbPath, ids })], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.startsWith('ready\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code} before ready: ${err}`)));
  });
  const done = new Promise<Issued[]>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.slice('ready\n'.length)) as Issued[]);
    });
  });
  return { child, ready, done };
}

t.test('concurrent issuing from several processes: numbers 1..n, no gap, no duplicate', async (t) => {
  const app = await build(t);
  const sql = app.db.$client;
  const group = Number(sql.prepare("INSERT INTO groups (name, kind) VALUES ('并发测试工作组', 'special')").run().lastInsertRowid);
  const series = Number(
    sql.prepare("INSERT INTO meeting_series (group_id, name, cadence, started_on) VALUES (?, '并发测试例会', 'weekly', '2018-01-01')").run(group).lastInsertRowid,
  );
  const insert = sql.prepare("INSERT INTO meetings (series_id, group_id, title, starts_at, status) VALUES (?, ?, ?, ?, 'held')");
  const ids: number[] = [];
  for (let i = 0; i < SERIES_MEETINGS; i++) {
    ids.push(Number(insert.run(series, group, `例会${i + 1}`, `2018-04-${String(1 + (i % 20)).padStart(2, '0')}T09:00`).lastInsertRowid));
  }
  for (let i = 0; i < GROUP_MEETINGS; i++) {
    ids.push(Number(insert.run(null, group, `座谈会${i + 1}`, `2018-04-${String(1 + (i % 20)).padStart(2, '0')}T15:00`).lastInsertRowid));
  }
  const dbPath = sql.name;
  const auditBefore = sql.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

  // Each worker takes every WORKERS-th meeting, so all of them compete for both sequences.
  const workers = Array.from({ length: WORKERS }, (_, w) => start(dbPath, ids.filter((_, i) => i % WORKERS === w)));
  t.teardown(() => workers.forEach((w) => w.child.kill()));
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.child.stdin.write('go\n');
  const results = (await Promise.all(workers.map((w) => w.done))).flat();
  t.equal(results.length, ids.length, 'every meeting issued');

  const rows = sql
    .prepare('SELECT series_id AS seriesId, issue_year AS year, issue_number AS number FROM meetings WHERE group_id = ? ORDER BY issue_number')
    .all(group) as { seriesId: number | null; year: number; number: number }[];
  const seriesNumbers = rows.filter((r) => r.seriesId === series).map((r) => r.number);
  const groupNumbers = rows.filter((r) => r.seriesId === null).map((r) => r.number);
  t.same(seriesNumbers, Array.from({ length: SERIES_MEETINGS }, (_, i) => i + 1), 'the series: 1..n');
  t.same(groupNumbers, Array.from({ length: GROUP_MEETINGS }, (_, i) => i + 1), 'the group’s meetings without a series: 1..n');
  t.ok(rows.every((r) => r.year === 2018));
  t.same(
    results.map((r) => r.number).sort((a, b) => a - b),
    [...seriesNumbers, ...groupNumbers].sort((a, b) => a - b),
    'each worker saw the number that was stored',
  );
  t.equal(sql.prepare('SELECT count(*) FROM audit_log').pluck().get(), auditBefore + ids.length, 'one audit entry per issue');
  t.ok(verifyAudit(app.db).ok, 'the audit chain is unbroken');
  const perWorker = new Set(
    sql.prepare("SELECT username FROM audit_log WHERE username LIKE 'worker-%'").pluck().all() as string[],
  );
  t.equal(perWorker.size, WORKERS, 'all workers issued');
});

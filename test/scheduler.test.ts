// The daily scheduler: once per job and day at its hour (Asia/Shanghai), following the app's clock,
// recorded in scheduled_runs, catching up missed days in order, retrying a failure an hour later;
// the real jobs (sweep, monthly snapshot, backup with retention) and `npm run daily`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import t from 'tap';
import { createClock } from '../server/clock.js';
import { createScheduler, shanghaiHour, type Job } from '../server/scheduler.js';
import { AUDIT_KEY_FILE_NAME, readAuditKey } from '../server/services/audit-key.js';
import { verifyBackup } from '../server/services/backups.js';
import { build } from './helper.js';

/** An instant at `hour` o'clock in Asia/Shanghai on 2018-04-25's calendar (the hour is what counts). */
const at = (hour: number) => new Date(Date.UTC(2018, 3, 25, hour - 8 < 0 ? hour + 16 : hour - 8));

function recorder() {
  const calls: string[] = [];
  const job = (name: string, hour: number, fail = false): Job => ({
    name,
    hour,
    run: (day, { latest }) => {
      calls.push(`${name} ${day}${latest ? '' : ' (caught up)'}`);
      if (fail) throw new Error(`${name} could not finish`);
      return `${name} did ${day}`;
    },
  });
  return { calls, job };
}

t.test('shanghaiHour reads the hour in Asia/Shanghai', async (t) => {
  t.equal(shanghaiHour(new Date('2018-04-24T17:30:00Z')), 1);
  t.equal(shanghaiHour(new Date('2018-04-25T15:59:00Z')), 23);
  t.equal(shanghaiHour(at(2)), 2);
});

t.test('each job runs once a day, at or after its hour, on the app clock’s day', async (t) => {
  const app = await build(t, { today: '2018-04-25' });
  const { calls, job } = recorder();
  const scheduler = createScheduler(app.db, createClock('2018-04-25'), [job('sweep', 0), job('backup', 2)]);

  t.same((await scheduler.runDue(at(1))).map((r) => `${r.job} ${r.status}`), ['sweep done'], 'at 01:00 only the midnight job');
  t.same((await scheduler.runDue(at(3))).map((r) => `${r.job} ${r.status}`), ['backup done'], 'at 03:00 the backup');
  t.same(await scheduler.runDue(at(23)), [], 'nothing more that day');
  t.same(calls, ['sweep 2018-04-25', 'backup 2018-04-25']);
  const rows = app.db.$client.prepare('SELECT job, day, status, outcome, finished_at IS NOT NULL AS finished FROM scheduled_runs ORDER BY id').all();
  t.same(rows, [
    { job: 'sweep', day: '2018-04-25', status: 'done', outcome: 'sweep did 2018-04-25', finished: 1 },
    { job: 'backup', day: '2018-04-25', status: 'done', outcome: 'backup did 2018-04-25', finished: 1 },
  ]);

  // The server was off for three days: each missed day runs once, in order.
  const later = createScheduler(app.db, createClock('2018-04-28'), [job('sweep', 0), job('backup', 2)]);
  const caught = await later.runDue(at(3));
  t.same(caught.map((r) => `${r.job} ${r.day}`), ['sweep 2018-04-26', 'backup 2018-04-26', 'sweep 2018-04-27', 'backup 2018-04-27', 'sweep 2018-04-28', 'backup 2018-04-28']);
  t.same(calls.slice(2), [
    'sweep 2018-04-26 (caught up)',
    'backup 2018-04-26 (caught up)',
    'sweep 2018-04-27 (caught up)',
    'backup 2018-04-27 (caught up)',
    'sweep 2018-04-28',
    'backup 2018-04-28',
  ], 'only the last day of a catch-up is the latest');
  t.same(await later.runDue(at(3)), [], 'and once only');

  // By hand: skipped when done, run again with force.
  t.same((await later.runDay('2018-04-28')).map((r) => r.status), ['skipped', 'skipped']);
  t.match((await later.runDay('2018-04-28'))[0]!.outcome, 'already done: sweep did 2018-04-28');
  t.same((await later.runDay('2018-04-28', { force: true, only: ['backup'] })).map((r) => `${r.job} ${r.status}`), ['backup done']);
  t.equal(app.db.$client.prepare('SELECT count(*) FROM scheduled_runs').pluck().get(), 8, 'one row per job and day');
});

t.test('a clock pinned by TODAY: the scheduler follows it, and a clock moved back runs nothing', async (t) => {
  const app = await build(t, { today: '2018-04-25' });
  const { calls, job } = recorder();
  t.same((await createScheduler(app.db, app.clock, [job('sweep', 0)]).runDue(at(5))).map((r) => r.day), ['2018-04-25'], 'the day is the app clock’s');
  t.same(await createScheduler(app.db, createClock('2018-04-20'), [job('sweep', 0)]).runDue(at(5)), [], 'an earlier day than the last run: nothing');
  t.same(calls, ['sweep 2018-04-25']);
});

t.test('a failed run is recorded, not repeated at once, and tried again an hour after it started', async (t) => {
  const app = await build(t, { today: '2018-04-25' });
  const { calls, job } = recorder();
  const failing = createScheduler(app.db, app.clock, [job('backup', 2, true)]);
  const [report] = await failing.runDue(at(3));
  t.same(report, { job: 'backup', day: '2018-04-25', status: 'failed', outcome: 'backup could not finish' });
  t.same(await failing.runDue(at(4)), [], 'not again within the hour');
  app.db.$client.prepare("UPDATE scheduled_runs SET started_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours')").run();
  const healed = createScheduler(app.db, app.clock, [job('backup', 2)]);
  t.same((await healed.runDue(at(5))).map((r) => `${r.job} ${r.day} ${r.status}`), ['backup 2018-04-25 done'], 'retried and done');
  t.same(calls, ['backup 2018-04-25', 'backup 2018-04-25']);

  // A run another process holds (started, not finished, within the hour) is left to it.
  app.db.$client.prepare("INSERT INTO scheduled_runs (job, day, started_at, status) VALUES ('sweep', '2018-04-25', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'running')").run();
  t.same((await createScheduler(app.db, app.clock, [job('sweep', 0)]).runDay('2018-04-25')).map((r) => `${r.status}: ${r.outcome}`), ['skipped: running in another process']);
});

t.test('the real daily jobs: sweep, last month’s final snapshot, and a verified backup with retention', async (t) => {
  const app = await build(t, { today: '2018-04-25', env: { BACKUP_KEEP_DAYS: '3' } });
  const dataDir = join(app.db.$client.name, '..');
  const backups = join(dataDir, 'backups');
  mkdirSync(join(backups, 'daily-2018-04-01'), { recursive: true });
  mkdirSync(join(backups, 'daily-2018-04-23'), { recursive: true });
  mkdirSync(join(backups, 'by-hand'), { recursive: true });
  const actor = { userId: null, username: 'test', ip: null };
  const documentId = app.db.$client.prepare('SELECT id FROM documents ORDER BY id LIMIT 1').pluck().get() as number;
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(1000, 3)]);
  app.attachments.store(actor, 'document', documentId, { fileName: 'scan.png', declaredType: 'image/png', data: png }, 'file', (tx, id) =>
    app.services.planAdmin.documents.setAttachment(tx, actor, documentId, id),
  );

  t.same(app.scheduler.jobs.map((j) => `${j.name}@${j.hour}`), ['sweep@0', 'snapshot@0', 'notify@7', 'backup@2']);
  const reports = await app.scheduler.runDay('2018-04-25');
  t.same(reports.map((r) => `${r.job} ${r.status}`), ['sweep done', 'snapshot done', 'notify done', 'backup done'], reports.map((r) => r.outcome).join('\n'));
  t.match(reports[2]!.outcome, 'ladder: 2 reminders, 10 urging notices, 6 raised to leaders');
  reports.splice(2, 1);
  t.match(reports[1]!.outcome, 'final snapshot of 2018-03 taken');
  t.equal(app.db.$client.prepare("SELECT as_of FROM snapshots WHERE month = '2018-03'").pluck().get(), '2018-03-31');
  t.match(reports[2]!.outcome, `backup written to ${join(backups, 'daily-2018-04-25')}`);
  t.match(reports[2]!.outcome, /, 1 attachments\); removed daily-2018-04-01$/);
  t.same(readdirSync(backups).sort(), ['by-hand', 'daily-2018-04-23', 'daily-2018-04-25'], 'older than three days removed; others kept');
  const key = readAuditKey(join(dirname(app.db.$client.name), AUDIT_KEY_FILE_NAME));
  const check = await verifyBackup(join(backups, 'daily-2018-04-25'), key);
  t.same({ ok: check.ok, problems: check.problems, attachments: check.attachments }, { ok: true, problems: [], attachments: 1 });
  const keyless = await verifyBackup(join(backups, 'daily-2018-04-25'), null);
  t.equal(keyless.ok, false, 'without the audit key the chain cannot be proven, and the backup is not taken for good');
  t.equal(existsSync(join(backups, 'daily-2018-04-25.partial')), false, 'no partial folder left');
});

t.test('npm run daily -- --date runs one day’s jobs by hand and prints what it did', async (t) => {
  const dir = t.testdir();
  const env = { ...process.env, DATABASE_PATH: join(dir, 'tracker.db'), TODAY: '2018-04-25', LOG_LEVEL: 'silent' };
  const daily = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/daily.ts', ...args], { env, encoding: 'utf8', timeout: 180_000 });
  const first = daily('--date', '2018-05-02');
  t.equal(first.status, 0, first.stderr);
  const lines = first.stdout.trim().split('\n');
  t.equal(lines.length, 4);
  t.match(lines[0], /^2018-05-02 {2}sweep {5}done {4}expired sessions removed; 0 audit entries older than 365 days pruned$/);
  t.match(lines[1], /^2018-05-02 {2}snapshot {2}done {4}no snapshot to take \(2018-04 is final or not over\)$/, 'April is not over on the app clock (TODAY)');
  t.match(lines[2], /^2018-05-02 {2}notify {4}done {4}ladder: \d+ reminders, \d+ urging notices/);
  t.match(lines[3], `backup written to ${join(dir, 'backups', 'daily-2018-05-02')}`);
  const again = daily('--date', '2018-05-02');
  t.match(again.stdout, /sweep {5}skipped already done/);
  const forced = daily('--date', '2018-05-02', '--force', '--job', 'sweep');
  t.equal(forced.stdout.trim().split('\n').length, 1);
  t.match(forced.stdout, /sweep {5}done/);
  const bad = daily('--date', '2018-02-30');
  t.equal(bad.status, 1);
  t.match(bad.stderr, '--date must be a day like 2018-04-25, not 2018-02-30');
});

// Monthly snapshots: taking a month twice replaces it (same rows, no duplicates); a past month is
// rebuilt as of its last day from the dated records; the daily job makes last month final; the
// month's figures come from their one definition (figures.ts), whatever a snapshot holds;
// `npm run snapshot` does the same as the service.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { lastDayOf, previousMonth } from '../server/services/snapshots.js';
import { loadFixture, TODAY } from './dashboard-fixture.js';
import { build } from './helper.js';

const rows = (app: Awaited<ReturnType<typeof build>>, month: string) => ({
  snapshots: app.db.$client.prepare('SELECT count(*) FROM snapshots WHERE month = ?').pluck().get(month) as number,
  handovers: app.db.$client.prepare('SELECT handover_id AS id, stage, stages_done AS done FROM snapshot_handovers WHERE month = ? ORDER BY handover_id').all(month) as {
    id: number;
    stage: string | null;
    done: number;
  }[],
  items: app.db.$client.prepare('SELECT item_id AS id, status, overdue FROM snapshot_items WHERE month = ? ORDER BY item_id').all(month) as {
    id: number;
    status: string;
    overdue: number;
  }[],
});

t.test('month arithmetic', async (t) => {
  t.equal(lastDayOf('2018-02'), '2018-02-28');
  t.equal(lastDayOf('2016-02'), '2016-02-29');
  t.equal(lastDayOf('2018-12'), '2018-12-31');
  t.equal(previousMonth('2018-01'), '2017-12');
});

t.test('this month: the live state; taken twice, replaced and never duplicated', async (t) => {
  const app = await build(t, { demo: false, today: TODAY });
  const ids = loadFixture(app);
  const first = app.services.snapshots.take();
  t.match(first, { month: '2018-04', asOf: TODAY, handovers: 5, items: 10 });
  const before = rows(app, '2018-04');
  t.equal(before.snapshots, 1);
  const item = (key: string) => before.items.find((r) => r.id === ids.i[key])!;
  t.match(item('i1'), { status: 'inProgress', overdue: 1 });
  t.match(item('i2'), { status: 'inProgress', overdue: 1 });
  t.match(item('i5'), { status: 'closed', overdue: 0 });
  t.match(item('i7'), { status: 'done', overdue: 0 }, 'a done item is not overdue');
  t.same(
    before.handovers.map((h) => [h.stage, h.done]),
    [
      ['implementation', 4],
      ['survey', 1],
      ['framework', 2],
      ['takeover', 4],
      ['survey', 1],
    ],
  );

  const second = app.services.snapshots.take('2018-04');
  t.same(app.db.$client.prepare("SELECT taken_at FROM snapshots WHERE month = '2018-04'").pluck().all(), [second.takenAt], 'taken again: one snapshot of the month, the new one');
  t.same(rows(app, '2018-04'), before, 'the same rows, once each');
  t.equal(app.db.$client.prepare('SELECT count(*) FROM snapshots').pluck().get(), 1);

  // A change, then the month again: the new state replaces the old, still once per record.
  app.db.$client.prepare("UPDATE items SET status = 'closed', closed_on = '2018-04-25' WHERE id = ?").run(ids.i[`i1`]);
  app.services.snapshots.take('2018-04');
  const after = rows(app, '2018-04');
  t.equal(after.items.length, 10);
  t.match(after.items.find((r) => r.id === ids.i.i1), { status: 'closed', overdue: 0 });
});

t.test('a past month is rebuilt as of its last day from the records', async (t) => {
  const app = await build(t, { demo: false, today: TODAY });
  const ids = loadFixture(app);
  // Item I1's status history: in progress from 03-05, so on 03-31 it was in progress.
  app.db.$client.prepare("INSERT INTO item_updates (item_id, on_date, from_status, to_status) VALUES (?, '2018-03-05', 'notStarted', 'inProgress')").run(ids.i.i1);
  const taken = app.services.snapshots.take('2018-03');
  t.match(taken, { month: '2018-03', asOf: '2018-03-31', handovers: 5, items: 8 }, 'items added in April are not in March');
  const march = rows(app, '2018-03');
  const item = (key: string) => march.items.find((r) => r.id === ids.i[key]);
  t.match(item('i1'), { status: 'inProgress', overdue: 1 }, 'from its history; overdue since 03-10');
  t.match(item('i2'), { status: 'notStarted', overdue: 0 }, 'its deadline then was 03-31 (moved in April), not yet passed');
  t.match(item('i5'), { status: 'notStarted', overdue: 0 }, 'closed only in April');
  t.match(item('i7'), { status: 'done', overdue: 0 });
  t.match(item('i8'), { status: 'closed', overdue: 0 });
  t.match(item('i9'), { status: 'notStarted', overdue: 0 }, 'due on the last day: not yet overdue');
  t.equal(item('i3'), undefined);
  t.equal(item('i6'), undefined);
  t.same(
    march.handovers.map((h) => [h.stage, h.done]),
    [
      ['plan', 3],
      ['survey', 1],
      ['framework', 2],
      ['takeover', 4],
      ['survey', 1],
    ],
    'stages done by 03-31 only (H1 signed its implementation agreement in April)',
  );
});

t.test('what cannot be taken', async (t) => {
  const app = await build(t, { demo: false, today: TODAY });
  t.throws(() => app.services.snapshots.take('2018-05'), /has not begun/);
  t.throws(() => app.services.snapshots.take('2018-13'), /not a month/);
  t.throws(() => app.services.snapshots.take('April'), /not a month/);
  t.equal(app.db.$client.prepare('SELECT count(*) FROM snapshots').pluck().get(), 0);
});

t.test('last month is made final once, on the first build of the month', async (t) => {
  const app = await build(t, { demo: false, today: TODAY });
  loadFixture(app);
  const snapshots = app.services.snapshots;
  t.equal(snapshots.ensureFinal('2018-04'), null, 'the current month is never final');
  // Taken during March (as of 03-20): not final, so it is taken again as of 03-31.
  app.db.$client.prepare("INSERT INTO snapshots (month, taken_at, as_of) VALUES ('2018-03', '2018-03-20T10:00:00.000Z', '2018-03-20')").run();
  const retaken = snapshots.ensureFinal('2018-03');
  t.match(retaken, { month: '2018-03', asOf: '2018-03-31' });
  t.equal(snapshots.ensureFinal('2018-03'), null, 'a final snapshot is left alone');
  t.equal(app.db.$client.prepare("SELECT count(*) FROM snapshot_items WHERE month = '2018-03'").pluck().get(), 8);

  // The daily job takes a missing one.
  app.db.$client.prepare("DELETE FROM snapshots WHERE month = '2018-03'").run();
  t.equal(app.db.$client.prepare("SELECT count(*) FROM snapshot_items WHERE month = '2018-03'").pluck().get(), 0, 'rows go with their snapshot');
  const reports = await app.scheduler.runDay('2018-04-25', { only: ['snapshot'] });
  t.same(reports.map((r) => r.status), ['done']);
  t.match(snapshots.get('2018-03'), { asOf: '2018-03-31' });
});

t.test('the month’s figures come from their one definition, whatever a snapshot holds', async (t) => {
  const app = await build(t, { demo: false, today: TODAY });
  const ids = loadFixture(app);
  const figures = (scope = {}) => app.services.dashboard.build(scope).changes.rows.map((r) => [r.key, r.thisMonth, r.lastMonth]);
  const before = figures();
  t.same(before, [
    ['added', 2, 4],
    ['closed', 1, 2],
    ['becameOverdue', 2, 1],
    ['stagesDone', 1, 3],
    ['agreementsSigned', 1, 1],
  ]);
  t.equal(app.services.snapshots.get('2018-03'), null, 'the dashboard takes no snapshot');
  // A February snapshot that says I1 was already overdue, and a final March snapshot: the figures
  // stay those of the records, so the dashboard, the minutes pack and the reports agree.
  const db = app.db.$client;
  db.prepare("INSERT INTO snapshots (month, taken_at, as_of) VALUES ('2018-02', '2018-02-28T16:00:00.000Z', '2018-02-28')").run();
  db.prepare("INSERT INTO snapshot_items (month, item_id, status, overdue) VALUES ('2018-02', ?, 'inProgress', 1)").run(ids.i.i1);
  app.services.snapshots.take('2018-03');
  t.same(figures(), before);

  // Scoped: the provincial enterprise only (April: I3 added, I5 closed, I9 overdue; March: I10 closed, a stage done).
  t.same(figures({ level: 'provincial' }).slice(0, 4), [
    ['added', 1, 2],
    ['closed', 1, 1],
    ['becameOverdue', 1, 0],
    ['stagesDone', 0, 1],
  ]);
});

t.test('npm run snapshot', async (t) => {
  const app = await build(t, { demo: false, today: TODAY });
  loadFixture(app);
  const path = app.db.$client.name;
  const run = promisify(execFile);
  const root = resolve(import.meta.dirname, '..');
  const env = { ...process.env, DATABASE_PATH: path, TODAY, DEMO_DATA: 'false', LOG_LEVEL: 'silent' };
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const once = await run(tsx, ['scripts/snapshot.ts', '2018-03'], { cwd: root, env });
  t.match(once.stdout, 'snapshot 2018-03 as of 2018-03-31 — 5 handovers, 8 items');
  await run(tsx, ['scripts/snapshot.ts', '2018-03'], { cwd: root, env });
  t.equal(app.db.$client.prepare("SELECT count(*) FROM snapshot_items WHERE month = '2018-03'").pluck().get(), 8, 'twice: still one row per item');
  const now = await run(tsx, ['scripts/snapshot.ts'], { cwd: root, env });
  t.match(now.stdout, 'snapshot 2018-04 as of 2018-04-25', 'the default is this month');
  const bad = await run(tsx, ['scripts/snapshot.ts', '2018-13'], { cwd: root, env }).catch((e: { code: number; stderr: string }) => e);
  t.match(bad, { code: 1, stderr: /not a month/ });
});

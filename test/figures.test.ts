// One number per fact: every monthly figure of the demo, month by month, is the same on the
// dashboard, in the monthly minutes pack and in the item list behind the figure — and equals what
// plain SQL written here (not the app's code) counts from the records.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, get, loginAs, postForm } from './helper.js';

const one = (app: FastifyInstance, query: string, ...params: unknown[]) => app.db.$client.prepare(query).pluck().get(...params) as number;

/** The months from the first recorded item to the demo's today. */
function months(from: string, to: string): string[] {
  const list: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to) return list;
    list.push(month);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/** Each figure of a month, counted with plain SQL over the records (today as given). */
function plainSql(app: FastifyInstance, month: string, today: string) {
  const first = `${month}-01`;
  const after = "date(?, '+1 month')";
  // created_at is a UTC instant; the month is a month in Asia/Shanghai (UTC+8, no summer time).
  const added = one(app, `SELECT count(*) FROM items WHERE date(created_at, '+8 hours') >= ? AND date(created_at, '+8 hours') < ${after}`, first, first);
  const closed = one(app, `SELECT count(*) FROM items WHERE closed_on >= ? AND closed_on < ${after}`, first, first);
  // An item's deadlines: its present one, and any earlier one that a delay replaced only after it
  // had passed. It became overdue in the month when the day after such a deadline lies in the month,
  // that day has come, and the item was not finished by the deadline (finished with no date: not counted).
  const becameOverdue = one(
    app,
    `WITH deadlines(item_id, deadline) AS (
       SELECT id, due_date FROM items
       UNION
       SELECT item_id, previous_due_date FROM delay_requests
        WHERE status = 'approved' AND coalesce(decided_on, requested_on) > previous_due_date)
     SELECT count(DISTINCT i.id) FROM items i JOIN deadlines d ON d.item_id = i.id
      WHERE date(d.deadline, '+1 day') >= ? AND date(d.deadline, '+1 day') < ${after} AND date(d.deadline, '+1 day') <= ?
        AND (coalesce(i.done_on, i.closed_on) IS NULL OR coalesce(i.done_on, i.closed_on) > d.deadline)
        AND NOT (i.status IN ('done', 'closed') AND i.done_on IS NULL AND i.closed_on IS NULL)`,
    first,
    first,
    today,
  );
  const stagesDone = one(app, `SELECT count(*) FROM handover_stages WHERE actual_date >= ? AND actual_date < ${after}`, first, first);
  const agreementsSigned = one(app, `SELECT count(*) FROM agreements WHERE signed_on >= ? AND signed_on < ${after}`, first, first);
  return { added, closed, becameOverdue, stagesDone, agreementsSigned };
}

t.test('every monthly figure of the demo: the same on every surface, and as plain SQL counts it', async (t) => {
  const app = await build(t);
  const today = app.clock.today();
  const first = app.db.$client.prepare("SELECT min(substr(date(created_at, '+8 hours'), 1, 7)) FROM items").pluck().get() as string;
  const all = months(first, today.slice(0, 7));
  t.ok(all.length >= 6, `the demo spans ${all.length} months (${all[0]} … ${all.at(-1)})`);
  const { cookie } = await loginAs(app, 'leader');

  let nonZero = 0;
  for (const month of all) {
    const sqlCounts = plainSql(app, month, today);
    const dashboard = Object.fromEntries(app.services.dashboard.build({}, { month }).changes.rows.map((r) => [r.key, r.thisMonth]));
    t.same(dashboard, sqlCounts, `${month}: the dashboard's figures are what plain SQL counts`);

    // The item lists behind the figures (the dashboard links to them) count the same items.
    for (const [figure, param] of [['added', 'addedIn'], ['closed', 'closedIn'], ['becameOverdue', 'becameOverdueIn']] as const) {
      const listed = app.services.items.list({ [param]: month }).total;
      t.equal(listed, sqlCounts[figure], `${month}: the list /items?${param}=${month} holds ${sqlCounts[figure]}`);
    }

    // The monthly pack, where the month had meetings.
    const held = one(app, "SELECT count(*) FROM meetings WHERE status = 'held' AND substr(starts_at, 1, 7) = ?", month);
    if (held) {
      const pack = app.services.minutes.monthlyPack(month);
      t.same(
        Object.fromEntries(pack.changes.map((c) => [c.figure, c.total])),
        { added: sqlCounts.added, closed: sqlCounts.closed, becameOverdue: sqlCounts.becameOverdue },
        `${month}: the monthly pack says the same`,
      );
    }
    if (Object.values(sqlCounts).some((n) => n > 0)) nonZero += 1;
  }
  t.ok(nonZero >= 4, `figures were compared on ${nonZero} months that had any (not only zeros)`);

  // The month picker on the page shows the service's numbers.
  const month = '2018-03';
  const counts = plainSql(app, month, today);
  const res = await get(app, `/?month=${month}`, { cookie });
  t.equal(res.status, 200, `the dashboard of ${month}`);
  const changes = res.body.slice(res.body.indexOf('aria-labelledby="dash-changes-h"'));
  t.match(changes.replace(/\s+/g, ' '), new RegExp(`新增逾期.*?>${counts.becameOverdue}<`), 'the page shows March’s “became overdue”');
});

t.test('a new item counts in the month of the app’s clock, on every surface', async (t) => {
  const app = await build(t);
  const today = app.clock.today();
  const month = today.slice(0, 7);
  const before = app.services.figures.month({}, month).added;
  const office = await loginAs(app, 'office');
  const group = one(app, "SELECT id FROM groups WHERE kind = 'coordination'");
  const res = await postForm(app, office, '/items', { kind: 'milestone', title: '核对移交台账', groupId: group, leadUnit: '区住建局', dueDate: today });
  t.equal(res.statusCode, 303, `created (${res.statusCode}: ${res.body.slice(0, 300)})`);
  t.equal(app.services.figures.month({}, month).added, before + 1, `counted as added in ${month}, the app's month, not the machine's`);
  t.equal(plainSql(app, month, today).added, before + 1, 'and plain SQL agrees');
});

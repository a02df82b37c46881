// One clock: with the day pinned (the demo's 2018-04-25), every time a write stores — created,
// updated, progress notes, audit entries, tokens, snapshots, settings, the demo data itself — lies
// on the pinned day or before, never on the machine's date; and the pages show that day.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, get, loginAs } from './helper.js';

const PINNED = '2018-04-25';
/** The end of the pinned day in Asia/Shanghai, as a stored instant. */
const END = new Date(Date.parse(`${PINNED}T23:59:59.999+08:00`)).toISOString();
/** Times measured in real elapsed time on purpose (sign-in throttling, session expiry, token last use; clock.ts). */
const REAL_TIME = new Set(['sessions', 'login_attempts', 'login_refusals', 'scheduled_runs', 'app_meta']);
const REAL_COLUMNS = new Set(['api_tokens.last_used_at', 'feed_tokens.last_used_at']);

/** Every time column of every table, with how many of its values lie after the pinned day. */
function afterThePinnedDay(app: FastifyInstance) {
  const found: string[] = [];
  // (Meetings' starts_at/ends_at are planned times, not stamps.)
  const tables = app.db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'").pluck().all() as string[];
  for (const table of tables) {
    if (REAL_TIME.has(table)) continue;
    const columns = (app.db.$client.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).filter((c) => /(_at|^at)$/.test(c) && !/^(starts|ends)_at$/.test(c));
    for (const column of columns) {
      if (REAL_COLUMNS.has(`${table}.${column}`)) continue;
      const n = app.db.$client.prepare(`SELECT count(*) FROM "${table}" WHERE "${column}" > ?`).pluck().get(END) as number;
      if (n) found.push(`${table}.${column}: ${n}`);
    }
  }
  return found;
}

t.test('with the day pinned, every stored time lies on the pinned day', async (t) => {
  const app = await build(t);
  t.equal(app.clock.today(), PINNED);
  t.equal(app.clock.instant().slice(0, 10) <= PINNED && app.clock.instant() > new Date(Date.parse(`${PINNED}T00:00:00+08:00`)).toISOString(), true, `now is on ${PINNED}`);
  t.same(afterThePinnedDay(app), [], 'the demo data carries no machine date');

  const office = await loginAs(app, 'office');
  const token = app.services.accounts.createToken({ userId: office.userId, username: 'office', ip: null }, office.userId, 'clock');
  const call = (method: string, url: string, body?: unknown) =>
    app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> | undefined });
  const group = app.db.$client.prepare("SELECT id FROM groups WHERE kind = 'coordination'").pluck().get() as number;

  const created = await call('POST', '/api/v1/items', { kind: 'milestone', title: '核对移交台账', groupId: group, leadUnit: '区住建局', dueDate: '2018-05-10' });
  t.equal(created.statusCode, 201);
  const item = created.json();
  t.equal(item.createdAt.slice(0, 10) <= PINNED && item.createdAt > '2018-04-24T16:00:00.000Z', true, `the item is created on ${PINNED} (${item.createdAt})`);
  const moved = await call('POST', `/api/v1/items/${item.id}/status`, { status: 'inProgress', note: '已开始核对', version: item.version });
  t.equal(moved.statusCode, 200);
  const stage = app.db.$client.prepare("SELECT handover_id AS id, stage FROM handover_stages WHERE actual_date IS NULL ORDER BY handover_id, position LIMIT 1").get() as { id: number; stage: string };
  // The handover's first open stage: nothing before it is open, so no confirmation is asked.
  const done = await call('POST', `/api/v1/handovers/${stage.id}/stages/${stage.stage}/done`, { actualDate: PINNED });
  t.equal(done.statusCode, 200, `a stage marked done (${done.body.slice(0, 200)})`);
  const doneAt = app.db.$client.prepare('SELECT done_at FROM handover_stages WHERE handover_id = ? AND stage = ?').pluck().get(stage.id, stage.stage) as string;
  t.ok(doneAt > '2018-04-24T16:00:00.000Z' && doneAt <= END, `recorded as done on the pinned day (${doneAt})`);
  const compound = await call('POST', '/api/v1/compounds', { enterpriseId: 1, name: '时钟小区', buildings: 1, floorArea: 100, households: 10, waterCustomers: 10 });
  t.equal(compound.statusCode, 201);
  app.services.snapshots.take();

  t.same(afterThePinnedDay(app), [], 'no stored time after the pinned day, whatever was written');
  const updates = app.db.$client.prepare('SELECT at FROM item_updates WHERE item_id = ?').pluck().all(item.id) as string[];
  t.equal(updates.length, 1);
  t.equal(new Date(updates[0]!).getTime() >= Date.parse(`${PINNED}T00:00:00+08:00`), true, 'the progress note is of the pinned day');
  const audited = app.db.$client.prepare("SELECT at FROM audit_log WHERE entity_type = 'item' AND entity_id = ? ORDER BY id").pluck().all(item.id) as string[];
  t.equal(audited.length, 2, 'created and moved, on record');
  t.ok(audited.every((at) => at > '2018-04-24T16:00:00.000Z' && at <= END), 'on the pinned day');

  // The item page shows both its progress and its audit trail on the pinned day.
  const page = await get(app, `/items/${item.id}`, { cookie: office.cookie });
  t.equal(page.status, 200);
  t.match(page.body, '2018年4月25日', 'the page dates the item on the pinned day');
  t.notMatch(page.body, new RegExp(new Date().getFullYear() === 2018 ? '$^' : `${new Date().getFullYear()}年`), 'and never the machine’s year');
});

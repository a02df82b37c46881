// The groups area of the JSON API: working groups (with their contacts), meeting series (with
// next due date and behind flag) and meetings (filters, nested attendance, agenda, decisions;
// 201, PATCH with version → 409, 422 body, issued minutes refuse changes, delete rules).
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, loginAs } from './helper.js';

async function tokenFor(app: FastifyInstance, role: 'admin' | 'office' | 'leader' | 'staff') {
  const session = await loginAs(app, role);
  return app.services.accounts.createToken({ userId: session.userId, username: role, ip: null }, session.userId, 'test');
}

function caller(app: FastifyInstance, token: string) {
  return (method: string, url: string, body?: unknown, as = token) =>
    app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${as}` }, payload: body as Record<string, unknown> | undefined });
}

t.test('working groups over the API', async (t) => {
  const app = await build(t);
  const call = caller(app, await tokenFor(app, 'office'));
  const coord = app.db.$client.prepare("SELECT id FROM groups WHERE kind = 'coordination'").pluck().get() as number;

  const specials = await call('GET', `/api/v1/groups?kind=special&parentId=${coord}`);
  t.equal(specials.statusCode, 200);
  t.equal(specials.json().total, 4, 'the four special groups under the coordination group');
  t.ok(specials.json().rows.every((g: { kind: string; parentId: number }) => g.kind === 'special' && g.parentId === coord));
  t.equal((await call('GET', '/api/v1/groups?kind=galactic')).statusCode, 422);

  const water = specials.json().rows.find((g: { serviceLine: string }) => g.serviceLine === 'water');
  const one = await call('GET', `/api/v1/groups/${water.id}`);
  t.equal(one.statusCode, 200);
  t.ok(one.json().members.length > 0, 'with its contact directory');
  t.match(one.json().members[0], { groupId: water.id, name: String, unit: String, version: Number });

  const created = await call('POST', '/api/v1/groups', { name: '某企业领导小组', kind: 'leading', leadDepartment: '某企业办公室' });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { name: '某企业领导小组', kind: 'leading', sortOrder: 0, version: 1, members: [] });
  const id = created.json().id;

  const invalid = await call('POST', '/api/v1/groups', { name: '', kind: 'coordination', serviceLine: 'water', establishedOn: '2018-02-30' });
  t.equal(invalid.statusCode, 422);
  t.same(Object.keys(invalid.json()).sort(), ['error', 'issues', 'message']);
  t.ok(invalid.json().issues.some((i: { path: string }) => i.path === 'establishedOn'));
  const rule = await call('POST', '/api/v1/groups', { name: '某组', kind: 'coordination', serviceLine: 'water' });
  t.equal(rule.statusCode, 422);
  t.same(rule.json().issues, [{ path: 'serviceLine', message: '只有专项工作组填写负责专业' }]);

  const patched = await call('PATCH', `/api/v1/groups/${id}`, { description: '新的说明', version: 1 });
  t.equal(patched.statusCode, 200);
  t.match(patched.json(), { description: '新的说明', version: 2, kind: 'leading' });
  const stale = await call('PATCH', `/api/v1/groups/${id}`, { description: '旧', version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().current.description, '新的说明');

  const staff = await tokenFor(app, 'staff');
  t.equal((await call('POST', '/api/v1/groups', { name: 'x', kind: 'leading' }, staff)).statusCode, 403);
  t.equal((await call('PATCH', `/api/v1/groups/${id}`, { name: 'x', version: 2 }, staff)).statusCode, 403);
  t.equal((await call('GET', `/api/v1/groups/${id}`, undefined, staff)).statusCode, 200);
  t.equal((await call('DELETE', `/api/v1/groups/${water.id}?version=${water.version}`)).statusCode, 409, 'a group in use stays');
  t.equal((await call('DELETE', `/api/v1/groups/${id}?version=2`)).statusCode, 204);
  t.equal((await call('GET', `/api/v1/groups/${id}`)).statusCode, 404);
});

t.test('meeting series over the API', async (t) => {
  const app = await build(t);
  const call = caller(app, await tokenFor(app, 'office'));
  const water = app.db.$client.prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;

  const ofWater = await call('GET', `/api/v1/meeting-series?groupId=${water}`);
  t.equal(ofWater.statusCode, 200);
  t.equal(ofWater.json().total, 1);
  const series = ofWater.json().rows[0];
  t.match(series, { groupId: water, cadence: 'monthly', lastHeld: '2018-04-18', nextDue: '2018-05-18', behind: false });

  const coordSeries = app.db.$client.prepare("SELECT s.id FROM meeting_series s JOIN groups g ON g.id = s.group_id WHERE g.kind = 'coordination'").pluck().get() as number;
  const coord = await call('GET', `/api/v1/meeting-series/${coordSeries}`);
  // Last held 2018-03-29, every two months: due 2018-05-29, not behind on 2018-04-25.
  t.match(coord.json(), { cadence: 'bimonthly', lastHeld: '2018-03-29', nextDue: '2018-05-29', behind: false });

  const bad = await call('POST', '/api/v1/meeting-series', { groupId: water, name: '调度会', kind: 'dispatch', cadence: 'custom', rrule: 'FREQ=MONTHLY;BYMONTHDAY=40', startedOn: '2018-04-01' });
  t.equal(bad.statusCode, 422);
  t.equal(bad.json().issues[0].path, 'rrule');
  const made = await call('POST', '/api/v1/meeting-series', { groupId: water, name: '调度会', kind: 'dispatch', cadence: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=FR', startedOn: '2018-04-27' });
  t.equal(made.statusCode, 201);
  t.match(made.json(), { active: true, graceDays: 0, rrule: 'FREQ=WEEKLY;BYDAY=FR', nextDue: '2018-04-27', behind: false, version: 1 });
  const stale = await call('PATCH', `/api/v1/meeting-series/${made.json().id}`, { graceDays: 2, version: 2 });
  t.equal(stale.statusCode, 409);
  const negative = await call('PATCH', `/api/v1/meeting-series/${made.json().id}`, { graceDays: -1, version: 1 });
  t.equal(negative.statusCode, 422);
  t.equal((await call('DELETE', `/api/v1/meeting-series/${made.json().id}?version=1`)).statusCode, 204, 'a series without meetings can go');
});

t.test('meetings over the API', async (t) => {
  const app = await build(t);
  const call = caller(app, await tokenFor(app, 'office'));
  const db = app.db.$client;
  const water = db.prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;
  const series = db.prepare('SELECT id FROM meeting_series WHERE group_id = ?').pluck().get(water) as number;

  const april = await call('GET', `/api/v1/meetings?month=2018-04&groupId=${water}`);
  t.equal(april.statusCode, 200);
  t.equal(april.json().total, 1);
  t.match(april.json().rows[0], { startsAt: /^2018-04-/, groupId: water });
  const planned = await call('GET', '/api/v1/meetings?status=planned');
  t.ok(planned.json().total >= 1 && planned.json().rows.every((m: { status: string }) => m.status === 'planned'));
  const ofSeries = await call('GET', `/api/v1/meetings?seriesId=${series}&pageSize=2`);
  t.equal(ofSeries.json().rows.length, 2);
  t.ok(ofSeries.json().rows.every((m: { seriesId: number }) => m.seriesId === series));
  t.equal((await call('GET', '/api/v1/meetings?month=2018-13')).statusCode, 422);

  const heldId = db.prepare("SELECT id FROM meetings WHERE series_id = ? AND minutes_status = 'issued' ORDER BY starts_at DESC LIMIT 1").pluck().get(series) as number;
  const nested = await call('GET', `/api/v1/meetings/${heldId}`);
  t.equal(nested.statusCode, 200);
  t.ok(Array.isArray(nested.json().attendance) && nested.json().attendance.length > 0, 'attendance');
  t.ok(Array.isArray(nested.json().agenda), 'agenda');
  t.ok(nested.json().decisions.length > 0, 'decisions');
  t.match(nested.json().decisions[0], { kind: 'decision', meetingId: heldId, leadUnit: String, supportUnits: Array });

  const created = await call('POST', '/api/v1/meetings', {
    seriesId: series,
    title: '供水专项工作组专题会',
    startsAt: '2018-04-24T09:00',
    endsAt: '2018-04-24T11:00',
    status: 'held',
    attendance: [
      { kind: 'present', name: '陈××', unit: '区水利局' },
      { kind: 'excused', name: '吴××', unit: '区财政局', standIn: '委托张××参会' },
    ],
    agenda: [{ title: '听取资产清查汇报', presenter: '镇海炼化' }],
  });
  t.equal(created.statusCode, 201);
  const m = created.json();
  t.match(m, { groupId: water, kind: 'regular', status: 'held', minutesStatus: 'draft', version: 1 });
  t.equal(m.attendance.length, 2);
  t.equal(m.attendance[1].standIn, '委托张××参会');
  t.match(m.agenda, [{ position: 1, title: '听取资产清查汇报' }]);

  const invalid = await call('POST', '/api/v1/meetings', { title: '', startsAt: '2018-04-31T25:00', attendance: [{ kind: 'present', name: 'x', unit: 'y', standIn: 'z' }] });
  t.equal(invalid.statusCode, 422);
  t.ok(invalid.json().issues.some((i: { path: string }) => i.path === 'startsAt'));

  const patched = await call('PATCH', `/api/v1/meetings/${m.id}`, { place: '区水利局', version: 1 });
  t.equal(patched.statusCode, 200);
  t.match(patched.json(), { place: '区水利局', version: 2, title: '供水专项工作组专题会' });
  t.equal(patched.json().attendance.length, 2, 'the lists stay when not sent');
  const stale = await call('PATCH', `/api/v1/meetings/${m.id}`, { place: '旧', version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().current.place, '区水利局');

  // Issued minutes refuse changes; a meeting whose minutes were numbered is not deleted.
  app.services.minutes.issue(m.id, { userId: null, username: 'office', ip: null });
  const refused = await call('PATCH', `/api/v1/meetings/${m.id}`, { place: '别处', version: 3 });
  t.equal(refused.statusCode, 409);
  t.equal(refused.json().error, 'minutes_issued');
  t.match(refused.json().message, '纪要已印发');
  t.equal(db.prepare('SELECT place FROM meetings WHERE id = ?').pluck().get(m.id), '区水利局');
  t.equal((await call('DELETE', `/api/v1/meetings/${m.id}?version=3`)).statusCode, 409);
  app.services.minutes.reopen(m.id, { userId: null, username: 'office', ip: null, role: 'office' });
  t.equal((await call('PATCH', `/api/v1/meetings/${m.id}`, { place: '别处', version: 4 })).statusCode, 200, 'after reopening');
  t.equal((await call('DELETE', `/api/v1/meetings/${m.id}?version=5`)).statusCode, 409, 'numbered once: stays');

  const draft = await call('POST', '/api/v1/meetings', { groupId: water, title: '临时碰头会', kind: 'briefing', startsAt: '2018-05-03T09:00' });
  t.equal(draft.statusCode, 201);
  t.equal(draft.json().status, 'planned');
  t.equal((await call('DELETE', `/api/v1/meetings/${draft.json().id}?version=1`)).statusCode, 204, 'never issued: deleted');
  t.equal(db.prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'meeting' AND entity_id = ? AND action = 'delete'").pluck().get(draft.json().id), 1);

  const leader = await tokenFor(app, 'leader');
  t.equal((await call('POST', '/api/v1/meetings', { groupId: water, title: 'x', startsAt: '2018-05-03T09:00' }, leader)).statusCode, 403);
  t.equal((await call('GET', `/api/v1/meetings/${heldId}`, undefined, leader)).statusCode, 200);
});

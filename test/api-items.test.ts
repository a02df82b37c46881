// Tracked items over the JSON API: list with filters and paging, read, create, update with its
// version, delete while nothing is recorded, and the workflow — status with a note, delay request
// and decision, close-out and reopening — with the same rules as the forms.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, ensureUser, signIn } from './helper.js';

const WATER = 3;
const POWER = 4;

async function tokenFor(app: FastifyInstance, role: 'admin' | 'office' | 'leader' | 'staff', groupIds?: number[]) {
  const session = await signIn(app, await ensureUser(app, role, groupIds));
  return app.services.accounts.createToken({ userId: session.userId, username: role, ip: null }, session.userId, 'test');
}

function caller(app: FastifyInstance) {
  return (token: string, method: string, url: string, body?: unknown) =>
    app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> | undefined });
}

t.test('listing and reading items', async (t) => {
  const app = await build(t);
  const call = caller(app);
  const leader = await tokenFor(app, 'leader');

  const overdue = await call(leader, 'GET', `/api/v1/items?groupId=${WATER}&overdue=true`);
  t.equal(overdue.statusCode, 200);
  const body = overdue.json();
  t.ok(body.total > 0);
  for (const row of body.rows) {
    t.equal(row.groupId, WATER);
    t.ok(row.overdue && row.dueDate < '2018-04-25', `${row.title} is overdue`);
    t.ok(Array.isArray(row.supportUnits), 'units as a list');
  }
  const problems = await call(leader, 'GET', '/api/v1/items?kind=problem&pageSize=2&page=2');
  t.equal(problems.json().rows.length, 2);
  t.equal(problems.json().page, 2);
  t.ok(problems.json().rows.every((r: { kind: string }) => r.kind === 'problem'));
  const byUnit = await call(leader, 'GET', `/api/v1/items?leadUnit=${encodeURIComponent('区财政局')}`);
  t.ok(byUnit.json().rows.length >= 2 && byUnit.json().rows.every((r: { leadUnit: string }) => r.leadUnit === '区财政局'));
  t.equal((await call(leader, 'GET', '/api/v1/items?kind=galactic')).statusCode, 422, 'a bad filter is refused');

  const one = await call(leader, 'GET', '/api/v1/items/13');
  t.equal(one.statusCode, 200);
  t.ok('version' in one.json() && 'originalDueDate' in one.json() && 'delayCount' in one.json(), 'GLOSSARY names with version');
  t.ok(Array.isArray(one.json().delayRequests) && one.json().delayRequests.length === 1, 'with its delay requests');
  t.equal((await call(leader, 'GET', '/api/v1/items/999999')).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/items' })).statusCode, 401);
});

t.test('create, update with version, delete', async (t) => {
  const app = await build(t);
  const call = caller(app);
  const staff = await tokenFor(app, 'staff');
  const office = await tokenFor(app, 'office');
  const leader = await tokenFor(app, 'leader');

  const invalid = await call(staff, 'POST', '/api/v1/items', { kind: 'milestone', title: '', leadUnit: '区水利局', groupId: WATER, dueDate: '2018-02-30', category: 'money' });
  t.equal(invalid.statusCode, 422);
  t.same(Object.keys(invalid.json()).sort(), ['error', 'issues', 'message']);
  const paths = invalid.json().issues.map((i: { path: string }) => i.path).sort();
  t.same(paths, ['category', 'dueDate', 'title']);
  t.equal(invalid.json().issues.find((i: { path: string }) => i.path === 'dueDate').message, '请填写有效日期，如 2018-04-25', 'in the user’s language');

  t.equal((await call(staff, 'POST', '/api/v1/items', { kind: 'problem', title: '别组', leadUnit: 'x', groupId: POWER, dueDate: '2018-06-01' })).statusCode, 403, 'staff: own groups only');
  t.equal((await call(leader, 'POST', '/api/v1/items', { kind: 'problem', title: '领导', leadUnit: 'x', groupId: WATER, dueDate: '2018-06-01' })).statusCode, 403, 'leaders create no item');
  t.equal((await call(staff, 'POST', '/api/v1/items', { kind: 'problem', title: '引用', leadUnit: 'x', groupId: WATER, dueDate: '2018-06-01', handoverId: 999999 })).statusCode, 422, 'references must exist');

  const created = await call(staff, 'POST', '/api/v1/items', {
    kind: 'problem',
    title: '二次供水泵房产权不清',
    leadUnit: '镇海炼化',
    supportUnits: ['区水利局', '镇海自来水公司'],
    groupId: WATER,
    dueDate: '2018-06-01',
    category: 'assets',
    level: 'district',
  });
  t.equal(created.statusCode, 201);
  const item = created.json();
  t.equal(created.headers.location, `/api/v1/items/${item.id}`);
  t.same(item.supportUnits, ['区水利局', '镇海自来水公司']);
  t.equal(item.raisedOn, '2018-04-25');
  t.equal(item.originalDueDate, '2018-06-01');
  t.equal(item.version, 1);

  const patched = await call(staff, 'PATCH', `/api/v1/items/${item.id}`, { owner: '张××', version: 1 });
  t.equal(patched.statusCode, 200);
  t.equal(patched.json().owner, '张××');
  t.equal(patched.json().category, 'assets', 'PATCH leaves other fields alone');
  t.equal(patched.json().version, 2);
  const stale = await call(staff, 'PATCH', `/api/v1/items/${item.id}`, { owner: '李××', version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().error, 'conflict');
  t.equal(stale.json().current.owner, '张××', 'their values come back');
  t.equal((await call(staff, 'PATCH', `/api/v1/items/${item.id}`, { owner: 'x' })).statusCode, 422, 'the version is required');

  t.equal((await call(staff, 'DELETE', `/api/v1/items/${item.id}?version=2`)).statusCode, 403, 'staff do not delete');
  t.equal((await call(office, 'DELETE', `/api/v1/items/${item.id}?version=1`)).statusCode, 409, 'stale');
  t.equal((await call(office, 'DELETE', '/api/v1/items/13?version=1')).statusCode, 409, 'an item with history stays');
  t.equal((await call(office, 'DELETE', `/api/v1/items/${item.id}?version=2`)).statusCode, 204);
  t.equal((await call(office, 'GET', `/api/v1/items/${item.id}`)).statusCode, 404);
});

t.test('the workflow: status, delay, closure', async (t) => {
  const app = await build(t);
  const call = caller(app);
  const one = (query: string, ...args: unknown[]) => app.db.$client.prepare(query).pluck().get(...args) as unknown;
  const staff = await tokenFor(app, 'staff');
  const powerStaff = await tokenFor(app, 'staff', [POWER]);
  const office = await tokenFor(app, 'office');
  const leader = await tokenFor(app, 'leader');
  const id = one("SELECT id FROM items WHERE title = '炼化新村供水维修改造方案补充测算'") as number;

  t.equal((await call(leader, 'POST', `/api/v1/items/${id}/status`, { status: 'done', note: 'x', version: 1 })).statusCode, 403, 'leaders: 403');
  t.equal((await call(powerStaff, 'POST', `/api/v1/items/${id}/status`, { status: 'done', note: 'x', version: 1 })).statusCode, 403, 'another group: 403');
  const noNote = await call(staff, 'POST', `/api/v1/items/${id}/status`, { status: 'inProgress', version: 1 });
  t.equal(noNote.statusCode, 422);
  t.same(noNote.json().issues, [{ path: 'note', message: '状态未变时请填写进展情况' }]);
  const changed = await call(staff, 'POST', `/api/v1/items/${id}/status`, { status: 'done', note: '测算完成', version: 1 });
  t.equal(changed.statusCode, 200);
  t.equal(changed.json().status, 'done');
  t.equal(changed.json().doneOn, '2018-04-25');
  t.equal(changed.json().updates.at(-1).note, '测算完成');
  const stale = await call(staff, 'POST', `/api/v1/items/${id}/status`, { status: 'inProgress', note: '旧', version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().current.status, 'done');

  const finished = await call(staff, 'POST', `/api/v1/items/${id}/delay-requests`, { newDueDate: '2018-07-01', reason: '等待' });
  t.equal(finished.statusCode, 422, 'no delay for a done item');
  await call(staff, 'POST', `/api/v1/items/${id}/status`, { status: 'inProgress', note: '退回补充', version: 2 });
  const asked = await call(staff, 'POST', `/api/v1/items/${id}/delay-requests`, { newDueDate: '2018-07-01', reason: '造价审核未完成' });
  t.equal(asked.statusCode, 201);
  t.equal(asked.json().status, 'pending');
  t.equal(asked.json().previousDueDate, '2018-05-15');
  const requestId = asked.json().id;
  t.equal((await call(staff, 'POST', `/api/v1/items/${id}/delay-requests/${requestId}/decision`, { approve: true })).statusCode, 403, 'staff do not decide');
  t.equal((await call(office, 'POST', `/api/v1/items/${id}/delay-requests/${requestId}/decision`, {})).statusCode, 422, 'approve must be given');
  const decided = await call(office, 'POST', `/api/v1/items/${id}/delay-requests/${requestId}/decision`, { approve: true });
  t.equal(decided.statusCode, 200);
  t.equal(decided.json().delayRequest.status, 'approved');
  t.same(
    { due: decided.json().item.dueDate, original: decided.json().item.originalDueDate, n: decided.json().item.delayCount, status: decided.json().item.status },
    { due: '2018-07-01', original: '2018-05-15', n: 1, status: 'delayed' },
  );
  t.equal((await call(office, 'POST', `/api/v1/items/${id}/delay-requests/${requestId}/decision`, { approve: false, note: 'x' })).statusCode, 422, 'decided once');

  const version = decided.json().item.version;
  t.equal((await call(staff, 'POST', `/api/v1/items/${id}/close`, { note: 'x', version })).statusCode, 403, 'staff do not close');
  t.equal((await call(office, 'POST', `/api/v1/items/${id}/close`, { version })).statusCode, 422, 'a note is required');
  t.equal((await call(office, 'POST', `/api/v1/items/${id}/close`, { note: 'x', version: version - 1 })).statusCode, 409, 'stale');
  const closed = await call(office, 'POST', `/api/v1/items/${id}/close`, { note: '已办结', version });
  t.equal(closed.statusCode, 200);
  t.equal(closed.json().status, 'closed');
  t.equal(closed.json().closedOn, '2018-04-25');
  t.equal(closed.json().closeNote, '已办结');
  const reopened = await call(office, 'POST', `/api/v1/items/${id}/reopen`, { note: '重新办理', version: closed.json().version });
  t.equal(reopened.statusCode, 200);
  t.equal(reopened.json().status, 'inProgress');
  t.equal(reopened.json().closedOn, null);
  t.equal(
    one("SELECT count(*) FROM audit_log WHERE entity_type = 'item' AND entity_id = ? AND action = 'update'", id),
    5,
    'every change audited: done, back in progress, delayed, closed, reopened',
  );
});

t.test('the OpenAPI document lists the item workflow', async (t) => {
  const app = await build(t);
  const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const path of ['/api/v1/items', '/api/v1/items/{id}', '/api/v1/items/{id}/status', '/api/v1/items/{id}/delay-requests', '/api/v1/items/{id}/delay-requests/{requestId}/decision', '/api/v1/items/{id}/close', '/api/v1/items/{id}/reopen']) {
    t.ok(spec.paths[path], path);
  }
  const status = spec.paths['/api/v1/items/{id}/status'].post.requestBody.content['application/json'].schema;
  t.ok(status.properties.status && status.properties.note && status.properties.version, 'generated from the zod schema');
});

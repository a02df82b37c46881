// The plan over the JSON API: compounds, handovers (with stages, marking them done, the plan and
// the money) and agreements (with the handovers they cover): filters, 201, 409, 422, 403.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, loginAs } from './helper.js';

async function tokenFor(app: FastifyInstance, role: 'admin' | 'office' | 'leader' | 'staff', groupIds?: number[]) {
  const session = await loginAs(app, role, groupIds);
  return app.services.accounts.createToken({ userId: session.userId, username: role, ip: null }, session.userId, 'test');
}

const caller = (app: FastifyInstance, token: string) => (method: string, url: string, body?: unknown) =>
  app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> | undefined });

t.test('compounds', async (t) => {
  const app = await build(t);
  const call = caller(app, await tokenFor(app, 'office'));
  const list = await call('GET', '/api/v1/compounds?enterpriseId=1');
  t.equal(list.statusCode, 200);
  t.equal(list.json().total, 4);
  t.ok(list.json().rows.every((c: { enterpriseId: number }) => c.enterpriseId === 1));
  t.ok(['households', 'waterCustomers', 'floorArea', 'version'].every((k) => k in list.json().rows[0]), 'GLOSSARY names');

  const created = await call('POST', '/api/v1/compounds', { enterpriseId: 4, name: '港埠二村', buildings: 6, floorArea: 15000.5, households: 220, waterCustomers: 220 });
  t.equal(created.statusCode, 201);
  const compound = created.json();
  t.match(compound, { enterpriseId: 4, name: '港埠二村', floorArea: 15000.5, version: 1 });

  const invalid = await call('POST', '/api/v1/compounds', { enterpriseId: 4, name: 'x'.repeat(500), households: -1, buildings: 'many' });
  t.equal(invalid.statusCode, 422);
  t.same(Object.keys(invalid.json()).sort(), ['error', 'issues', 'message']);
  t.same(invalid.json().issues.map((i: { path: string }) => i.path).sort(), ['buildings', 'households', 'name', 'waterCustomers']);

  const patched = await call('PATCH', `/api/v1/compounds/${compound.id}`, { households: 230, version: 1 });
  t.equal(patched.statusCode, 200);
  t.equal(patched.json().households, 230);
  const stale = await call('PATCH', `/api/v1/compounds/${compound.id}`, { households: 240, version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().current.households, 230);
  t.equal((await call('DELETE', '/api/v1/compounds/1?version=1')).statusCode, 409, 'a compound with handovers stays');
  t.equal((await call('DELETE', `/api/v1/compounds/${compound.id}?version=2`)).statusCode, 204);
});

t.test('handovers with their stages', async (t) => {
  const app = await build(t);
  const call = caller(app, await tokenFor(app, 'office'));
  const water = app.db.$client.prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;

  const byLine = await call('GET', '/api/v1/handovers?serviceLine=gas&pageSize=2');
  t.equal(byLine.json().total, 8);
  t.equal(byLine.json().rows.length, 2);
  t.equal((await call('GET', `/api/v1/handovers?groupId=${water}&enterpriseId=2`)).json().total, 2);
  t.equal((await call('GET', '/api/v1/handovers?compoundId=7')).json().total, 4);
  t.equal((await call('GET', '/api/v1/handovers?serviceLine=steam')).statusCode, 422);

  const one = await call('GET', '/api/v1/handovers/1');
  t.equal(one.statusCode, 200);
  t.equal(one.json().stages.length, 9);
  t.match(one.json().stages[0], { stage: 'survey', position: 1, plannedDate: '2017-06-30', actualDate: '2017-06-28' });
  t.equal(one.json().currentStage, 'plan');
  t.equal(one.json().funding.estimatedCost, 8816000);

  const created = await call('POST', '/api/v1/handovers', { enterpriseId: 4, compoundId: 8, serviceLine: 'heat', mode: 'renovateFirst', startDate: '2018-05-01', plannedDates: { survey: '2018-05-15' } });
  t.equal(created.statusCode, 201);
  const h = created.json();
  t.equal(h.stages.length, 9);
  t.equal(h.stages[0].plannedDate, '2018-05-15');
  t.equal(h.stages[6].stage, 'takeover', 'renovate first: takeover after acceptance');

  const bad = await call('POST', '/api/v1/handovers', { enterpriseId: 4, compoundId: 1, serviceLine: 'heat', mode: 'sideways', plannedDates: { survey: '2018-02-30' } });
  t.equal(bad.statusCode, 422);
  const paths = bad.json().issues.map((i: { path: string }) => i.path);
  t.ok(paths.includes('mode') && paths.includes('plannedDates.survey'), paths.join());

  const done = await call('POST', `/api/v1/handovers/${h.id}/stages/survey/done`, { actualDate: '2018-04-20' });
  t.equal(done.statusCode, 200);
  t.equal(done.json().stages[0].actualDate, '2018-04-20');
  t.equal(done.json().currentStage, 'survey');
  const today = await call('POST', `/api/v1/handovers/${h.id}/stages/framework/done`, {});
  t.equal(today.json().stages[1].actualDate, '2018-04-25', 'today by default');
  const staleStage = await call('POST', `/api/v1/handovers/${h.id}/stages/framework/undo`, { version: 1 });
  t.equal(staleStage.statusCode, 409);
  const undone = await call('POST', `/api/v1/handovers/${h.id}/stages/framework/undo`, { version: 2 });
  t.equal(undone.json().stages[1].actualDate, null);
  t.equal((await call('POST', `/api/v1/handovers/${h.id}/stages/nothing/done`, {})).statusCode, 404);

  // Out of order: refused until confirmed with a reason; a future date is refused.
  const early = await call('POST', `/api/v1/handovers/${h.id}/stages/plan/done`, { actualDate: '2018-04-22' });
  t.equal(early.statusCode, 422, 'framework is not done');
  t.same(early.json().issues.map((i: { path: string }) => i.path).sort(), ['confirmOutOfOrder', 'reason']);
  t.match(early.json().issues.find((i: { path: string }) => i.path === 'confirmOutOfOrder').message, '前面还有 1 个阶段未完成');
  const confirmed = await call('POST', `/api/v1/handovers/${h.id}/stages/plan/done`, { actualDate: '2018-04-22', confirmOutOfOrder: true, reason: '方案已先行编制' });
  t.equal(confirmed.statusCode, 200);
  t.equal(confirmed.json().stages[2].actualDate, '2018-04-22');
  t.equal(app.db.$client.prepare("SELECT json_extract(after, '$.outOfOrderReason') FROM audit_log WHERE entity_type = 'handover' AND entity_id = ? ORDER BY id DESC LIMIT 1").pluck().get(h.id), '方案已先行编制');
  const future = await call('POST', `/api/v1/handovers/${h.id}/stages/framework/done`, { actualDate: '2018-04-26' });
  t.equal(future.statusCode, 422, 'the day after today');
  t.same(future.json().issues, [{ path: 'actualDate', message: '实际完成日期不能晚于今天：尚未完成的阶段不能预先标记' }]);

  const planned = await call('PUT', `/api/v1/handovers/${h.id}/plan`, { plannedDates: { audit: '2020-01-31' }, version: 1 });
  t.equal(planned.statusCode, 200);
  t.equal(planned.json().stages[8].plannedDate, '2020-01-31');
  t.equal((await call('PUT', `/api/v1/handovers/${h.id}/plan`, { plannedDates: { audit: '2020-02-29' }, version: 1 })).statusCode, 409);

  const money = await call('PUT', `/api/v1/handovers/${h.id}/funding`, { estimatedCost: 6000000, shares: { central: { committed: 3000000, disbursed: 0 } } });
  t.equal(money.statusCode, 200);
  t.match(money.json().funding, { estimatedCost: 6000000, version: 1, shares: [{ source: 'central', committed: 3000000 }] });
  t.equal((await call('PUT', `/api/v1/handovers/${h.id}/funding`, { estimatedCost: -1, version: 1 })).statusCode, 422);

  const patched = await call('PATCH', `/api/v1/handovers/${h.id}`, { receiver: '宁波某热力公司', version: 2 });
  t.equal(patched.statusCode, 200);
  t.equal(patched.json().receiver, '宁波某热力公司');
  t.equal((await call('PATCH', `/api/v1/handovers/${h.id}`, { receiver: 'x', version: 2 })).statusCode, 409);

  // Staff: stages of their own group's handovers only; never the plan itself.
  const power = app.db.$client.prepare("SELECT id FROM groups WHERE service_line = 'power'").pluck().get() as number;
  const staff = caller(app, await tokenFor(app, 'staff', [power]));
  t.equal((await staff('POST', '/api/v1/handovers/1/stages/implementation/done', {})).statusCode, 403);
  t.equal((await staff('POST', '/api/v1/handovers/5/stages/plan/done', { actualDate: '2018-04-01' })).statusCode, 200, 'handover 5 is the power group’s');
  t.equal((await staff('PATCH', '/api/v1/handovers/5', { receiver: 'x', version: 1 })).statusCode, 403);
  t.equal(app.db.$client.prepare("SELECT actual_date FROM handover_stages WHERE handover_id = 1 AND stage = 'implementation'").pluck().get(), null);
});

t.test('agreements with the handovers they cover', async (t) => {
  const app = await build(t);
  const call = caller(app, await tokenFor(app, 'office'));
  const signed = await call('GET', '/api/v1/agreements?enterpriseId=1&kind=framework&status=signed');
  t.equal(signed.json().total, 4);
  t.same(signed.json().rows.find((a: { id: number }) => a.id === 2).handoverIds, [1, 2, 3, 4], 'handoverIds out');

  const created = await call('POST', '/api/v1/agreements', { kind: 'implementation', enterpriseId: 3, title: '浙能电厂供水实施协议', status: 'negotiating', handoverIds: [27] });
  t.equal(created.statusCode, 201);
  t.same(created.json().handoverIds, [27], 'handoverIds in');

  const missingDate = await call('PATCH', `/api/v1/agreements/${created.json().id}`, { status: 'signed', version: 1 });
  t.equal(missingDate.statusCode, 422);
  t.same(missingDate.json().issues.map((i: { path: string }) => i.path), ['signedOn']);

  const signing = await call('PATCH', `/api/v1/agreements/${created.json().id}`, { status: 'signed', signedOn: '2018-04-25', completeStages: true, version: 1 });
  t.equal(signing.statusCode, 200);
  t.equal(signing.json().status, 'signed');
  t.equal(app.db.$client.prepare("SELECT actual_date FROM handover_stages WHERE handover_id = 27 AND stage = 'implementation'").pluck().get(), '2018-04-25');

  const foreign = await call('PATCH', `/api/v1/agreements/${created.json().id}`, { handoverIds: [1], version: 2 });
  t.equal(foreign.statusCode, 422, 'another enterprise’s handover');
  const stale = await call('PATCH', `/api/v1/agreements/${created.json().id}`, { title: 'x', version: 1 });
  t.equal(stale.statusCode, 409);
  t.same(stale.json().current.handoverIds, [27]);
  t.equal((await call('DELETE', `/api/v1/agreements/${created.json().id}?version=2`)).statusCode, 204);

  const leader = caller(app, await tokenFor(app, 'leader'));
  t.equal((await leader('GET', '/api/v1/agreements/5')).statusCode, 200);
  t.equal((await leader('POST', '/api/v1/agreements', { kind: 'framework', enterpriseId: 1, title: 'x', status: 'drafting' })).statusCode, 403);
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  t.ok(doc.paths['/api/v1/handovers/{id}/stages/{stage}/done'].post, 'documented');
  t.ok(doc.paths['/api/v1/agreements'].post.requestBody.content['application/json'].schema.properties.handoverIds);
});

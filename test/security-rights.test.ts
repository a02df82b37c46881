// Decisions and an item's links follow the writer's rights (issue 10, point 1): a decision, or a
// link to a meeting, is written only by those who may edit meetings and only while the minutes
// are a draft — through the API and the forms alike; staff link only records of their groups.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { build, ensureUser, get, loginAs, postForm, signIn } from './helper.js';

const COORDINATION = 2;
const WATER = 3;
const POWER = 4;
/** Issued minutes of the coordination group (第1期), with decisions. */
const ISSUED_OTHER_GROUP = 1;
/** Issued minutes of the water group's 2018 3rd meeting. */
const ISSUED_WATER = 17;
/** The water group's 2018 4th meeting: minutes still a draft. */
const DRAFT_WATER = 18;

async function tokenFor(app: FastifyInstance, role: 'office' | 'staff', groupIds?: number[]) {
  const session = await signIn(app, await ensureUser(app, role, groupIds));
  return app.services.accounts.createToken({ userId: session.userId, username: role, ip: null }, session.userId, 'test');
}

function api(app: FastifyInstance) {
  return (token: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: Record<string, unknown>) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: body });
}

function sql(app: FastifyInstance) {
  const one = (query: string, ...args: unknown[]) => app.db.$client.prepare(query).pluck().get(...args) as unknown;
  const count = (query: string, ...args: unknown[]) => one(query, ...args) as number;
  const decisionOf = (meetingId: number) => one("SELECT id FROM items WHERE kind = 'decision' AND meeting_id = ? ORDER BY position LIMIT 1", meetingId) as number;
  const row = (id: number) => app.db.$client.prepare('SELECT title, meeting_id AS meetingId, version FROM items WHERE id = ?').get(id) as { title: string; meetingId: number | null; version: number };
  return { one, count, decisionOf, row };
}

const decision = (meetingId: number, groupId = WATER) => ({ kind: 'decision', title: '伪造的议定事项', leadUnit: '区水利局', groupId, dueDate: '2018-06-30', meetingId });

t.test('staff add or rewrite no decision, in another group’s minutes or their own', async (t) => {
  const app = await build(t);
  const call = api(app);
  const db = sql(app);
  const staff = await tokenFor(app, 'staff');
  const decisionsBefore = db.count("SELECT count(*) FROM items WHERE kind = 'decision'");

  const intoIssued = await call(staff, 'POST', '/api/v1/items', decision(ISSUED_OTHER_GROUP, WATER));
  t.equal(intoIssued.statusCode, 403, 'a decision in another group’s issued minutes');
  t.match(intoIssued.json().message, '专班办公室');
  const intoOwnDraft = await call(staff, 'POST', '/api/v1/items', decision(DRAFT_WATER));
  t.equal(intoOwnDraft.statusCode, 403, 'a decision in the draft minutes of their own group');
  const linked = await call(staff, 'POST', '/api/v1/items', { ...decision(DRAFT_WATER), kind: 'problem' });
  t.equal(linked.statusCode, 403, 'a problem linked to a meeting');
  t.equal(db.count("SELECT count(*) FROM items WHERE kind = 'decision'"), decisionsBefore, 'no decision was added');

  const own = db.decisionOf(DRAFT_WATER);
  const before = db.row(own);
  const rewrite = await call(staff, 'PATCH', `/api/v1/items/${own}`, { title: '改写的议定事项', version: before.version });
  t.equal(rewrite.statusCode, 403, 'a decision of their own group is not theirs to rewrite');
  t.same(db.row(own), before, 'unchanged');

  // The same through the forms.
  const session = await loginAs(app, 'staff');
  const form = await postForm(app, session, '/items', { ...decision(ISSUED_OTHER_GROUP), groupId: String(WATER), meetingId: String(ISSUED_OTHER_GROUP) });
  t.equal(form.statusCode, 403);
  const problemId = db.one("SELECT id FROM items WHERE kind = 'problem' AND group_id = ? ORDER BY id LIMIT 1", WATER) as number;
  const problem = db.row(problemId);
  const moveIn = await postForm(app, session, `/items/${problemId}`, { meetingId: String(DRAFT_WATER), version: String(problem.version) });
  t.equal(moveIn.statusCode, 403, 'staff cannot put their item into a meeting’s minutes');
  t.same(db.row(problemId), problem);
  t.equal(db.count("SELECT count(*) FROM items WHERE kind = 'decision'"), decisionsBefore);
});

t.test('issued minutes are read-only for the office too, through the API and the forms', async (t) => {
  const app = await build(t);
  const call = api(app);
  const db = sql(app);
  const office = await tokenFor(app, 'office');
  const session = await loginAs(app, 'office');

  const issued = db.decisionOf(ISSUED_WATER);
  const before = db.row(issued);
  const patch = await call(office, 'PATCH', `/api/v1/items/${issued}`, { title: '印发后改写', version: before.version });
  t.equal(patch.statusCode, 409, 'PATCH of a decision of issued minutes');
  t.match(patch.json().message, '已印发');
  const form = await postForm(app, session, `/items/${issued}`, { title: '印发后改写', version: String(before.version) });
  t.equal(form.statusCode, 409, 'the edit form agrees');
  const removed = await call(office, 'DELETE', `/api/v1/items/${issued}?version=${before.version}`);
  t.equal(removed.statusCode, 409, 'nor removed');
  t.same(db.row(issued), before, 'the decision is as issued');

  const created = await call(office, 'POST', '/api/v1/items', decision(ISSUED_WATER));
  t.equal(created.statusCode, 409, 'no new decision in issued minutes');
  const milestone = db.one("SELECT id FROM items WHERE kind = 'milestone' AND meeting_id IS NULL ORDER BY id LIMIT 1") as number;
  const m = db.row(milestone);
  const moved = await call(office, 'PATCH', `/api/v1/items/${milestone}`, { meetingId: ISSUED_WATER, version: m.version });
  t.equal(moved.statusCode, 409, 'no item moved into issued minutes');
  const draft = db.decisionOf(DRAFT_WATER);
  const d = db.row(draft);
  const out = await call(office, 'PATCH', `/api/v1/items/${draft}`, { meetingId: ISSUED_WATER, version: d.version });
  t.equal(out.statusCode, 409, 'nor a decision moved from a draft into issued minutes');
  t.same(db.row(draft), d);

  // Draft minutes stay the office's to write.
  const ok = await call(office, 'PATCH', `/api/v1/items/${draft}`, { title: '草稿纪要中的修改', version: d.version });
  t.equal(ok.statusCode, 200);
  t.equal(db.row(draft).title, '草稿纪要中的修改');
  const added = await call(office, 'POST', '/api/v1/items', decision(DRAFT_WATER));
  t.equal(added.statusCode, 201, 'a decision in draft minutes');
  t.equal(added.json().meetingId, DRAFT_WATER);
});

t.test('staff link an item only to handovers, agreements and groups of their own', async (t) => {
  const app = await build(t);
  const call = api(app);
  const db = sql(app);
  const staff = await tokenFor(app, 'staff');
  const powerHandover = db.one('SELECT id FROM handovers WHERE group_id = ? ORDER BY id LIMIT 1', POWER) as number;
  const waterHandover = db.one('SELECT id FROM handovers WHERE group_id = ? ORDER BY id LIMIT 1', WATER) as number;
  const powerAgreement = db.one('SELECT id FROM agreements WHERE group_id = ? ORDER BY id LIMIT 1', POWER) as number;
  const base = { kind: 'problem', title: '关联测试', leadUnit: '区水利局', groupId: WATER, dueDate: '2018-06-30' };
  const items = () => db.count('SELECT count(*) FROM items');
  const before = items();

  const handover = await call(staff, 'POST', '/api/v1/items', { ...base, handoverId: powerHandover });
  t.equal(handover.statusCode, 422);
  t.same(handover.json().issues, [{ path: 'handoverId', message: '只能关联本工作组的记录' }]);
  const agreement = await call(staff, 'POST', '/api/v1/items', { ...base, agreementId: powerAgreement });
  t.equal(agreement.statusCode, 422);
  t.equal(agreement.json().issues[0].path, 'agreementId');
  const group = await call(staff, 'POST', '/api/v1/items', { ...base, groupId: COORDINATION });
  t.equal(group.statusCode, 403, 'nor an item of another group');
  t.equal(items(), before, 'nothing was created');

  const own = await call(staff, 'POST', '/api/v1/items', { ...base, handoverId: waterHandover });
  t.equal(own.statusCode, 201, 'a handover of their own group');
  const id = own.json().id as number;
  const relink = await call(staff, 'PATCH', `/api/v1/items/${id}`, { handoverId: powerHandover, enterpriseId: null, version: 1 });
  t.equal(relink.statusCode, 422, 'nor re-linked to another group’s handover later');
  t.equal(db.one('SELECT handover_id FROM items WHERE id = ?', id), waterHandover);
});

t.test('staff open the edit form of their own groups’ items only', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');
  const office = await loginAs(app, 'office');
  const powerItem = db.one("SELECT id FROM items WHERE group_id = ? AND kind <> 'decision' ORDER BY id LIMIT 1", POWER) as number;
  const waterItem = db.one("SELECT id FROM items WHERE group_id = ? AND kind <> 'decision' ORDER BY id LIMIT 1", WATER) as number;
  const refused = await get(app, `/items/${powerItem}/edit`, { cookie: staff.cookie });
  t.equal(refused.status, 403);
  t.match(refused.body, '只有本工作组人员和专班办公室可以修改这个事项');
  t.equal((await get(app, `/items/${waterItem}/edit`, { cookie: staff.cookie })).status, 200);
  t.equal((await get(app, `/items/${powerItem}/edit`, { cookie: office.cookie })).status, 200);

  // Nor the form of a decision of their own group, and the forms offer no decision or meeting.
  const ownDecision = db.decisionOf(DRAFT_WATER);
  const decisionForm = await get(app, `/items/${ownDecision}/edit`, { cookie: staff.cookie });
  t.equal(decisionForm.status, 403);
  t.match(decisionForm.body, '专班办公室');
  t.notMatch((await get(app, `/items/${ownDecision}`, { cookie: staff.cookie })).body, `href="/items/${ownDecision}/edit"`, 'no edit link on the decision');
  const blank = await get(app, '/items/new', { cookie: staff.cookie });
  t.notMatch(blank.body, 'value="decision"');
  t.notMatch(blank.body, 'name="meetingId"');
  const officeForm = await get(app, '/items/new', { cookie: office.cookie });
  t.match(officeForm.body, 'value="decision"', 'the office is offered both');
  t.match(officeForm.body, 'name="meetingId"');
  t.equal((await get(app, `/items/${ownDecision}/edit`, { cookie: office.cookie })).status, 200);
});

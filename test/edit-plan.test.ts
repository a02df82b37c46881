// Editing the plan through the forms: handovers with their stage plan, marking stages done and
// undoing them (by role and working group), agreements (signed date, status flow, completing the
// covered handovers' stage on signing), compounds, money, documents and policy deadlines, the
// conflict case and the history shown on the pages.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, get, loginAs, postForm } from './helper.js';

const one = (app: FastifyInstance, sql: string, ...args: unknown[]) => app.db.$client.prepare(sql).pluck().get(...args) as unknown;
const row = (app: FastifyInstance, sql: string, ...args: unknown[]) => app.db.$client.prepare(sql).get(...args) as Record<string, unknown>;
const groupOf = (app: FastifyInstance, line: string) => one(app, "SELECT id FROM groups WHERE kind = 'special' AND service_line = ?", line) as number;

t.test('the office creates a handover and gets the standard stage plan with the dates they adjusted', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const heat = { enterpriseId: '2', compoundId: '5', serviceLine: 'heat', mode: 'direct', receiver: '宁波某热力公司', groupId: '' };

  const form = await get(app, '/handovers/new?enterpriseId=2', { cookie: office.cookie });
  t.equal(form.status, 200);
  t.match(form.body, 'name="plannedDates.survey" value="2018-05-25"', 'prefilled from today with the standard plan');
  t.match(form.body, 'name="plannedDates.audit"');

  const replanned = await postForm(app, office, '/handovers', { ...heat, mode: 'renovateFirst', startDate: '2018-01-01', _action: 'replan' });
  t.equal(replanned.statusCode, 200, 're-planning shows the form again');
  t.match(replanned.body, 'name="plannedDates.survey" value="2018-02-01"');
  t.match(replanned.body, /7\. 职能交接/, 'in the order of the chosen mode');
  t.match(replanned.body, 'value="宁波某热力公司"', 'input kept');
  t.equal(one(app, "SELECT count(*) FROM handovers WHERE service_line = 'heat'"), 0, 'nothing saved');

  const bad = await postForm(app, office, '/handovers', { ...heat, startDate: '2018-05-01', 'plannedDates.survey': '2018-02-30', receiver: 'x'.repeat(201) });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="f-plannedDates.survey-error">请填写有效日期/);
  t.match(bad.body, /id="f-receiver-error">最多 200 个字符</);
  t.match(bad.body, 'value="2018-02-30"', 'the wrong date is kept for correction');
  const foreign = await postForm(app, office, '/handovers', { ...heat, compoundId: '1' });
  t.equal(foreign.statusCode, 422);
  t.match(foreign.body, /id="f-compoundId-error">这个家属区不属于所选企业</);

  const made = await postForm(app, office, '/handovers', { ...heat, startDate: '2018-05-01', 'plannedDates.survey': '2018-05-20', 'plannedDates.takeover': '2018-12-01' });
  t.equal(made.statusCode, 303);
  const id = one(app, "SELECT id FROM handovers WHERE service_line = 'heat' AND compound_id = 5") as number;
  t.equal(made.headers.location, `/handovers/${id}`);
  const plan = app.db.$client.prepare('SELECT stage, position, planned_date AS planned FROM handover_stages WHERE handover_id = ? ORDER BY position').all(id);
  t.same(plan, [
    { stage: 'survey', position: 1, planned: '2018-05-20' },
    { stage: 'framework', position: 2, planned: '2018-08-01' },
    { stage: 'implementation', position: 3, planned: '2018-12-01' },
    { stage: 'takeover', position: 4, planned: '2018-12-01' },
    { stage: 'assets', position: 5, planned: '2019-08-01' },
    { stage: 'audit', position: 6, planned: '2019-11-01' },
  ], 'the direct mode’s stages, standard dates from the start, the adjusted ones as given');
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'handover' AND entity_id = ? AND action = 'create'", id), 1);

  const page = await get(app, `/handovers/${id}`, { cookie: office.cookie });
  t.match(page.body, '2018年5月20日');
  t.match(page.body, '尚未开始');

  const twice = await postForm(app, office, '/handovers', { ...heat });
  t.equal(twice.statusCode, 422, 'one handover per compound and service line');
  t.match(twice.body, /id="f-serviceLine-error">这个家属区（企业）的这一专业已有移交项目</);

  const wide = await postForm(app, office, '/handovers', { enterpriseId: '2', compoundId: '5', serviceLine: 'municipal', mode: 'direct' });
  t.equal(wide.statusCode, 303, 'municipal facilities are handed over per enterprise');
  t.equal(one(app, "SELECT compound_id FROM handovers WHERE enterprise_id = 2 AND service_line = 'municipal'"), null);

  const noCompound = await postForm(app, office, '/handovers', { enterpriseId: '2', serviceLine: 'heat', mode: 'direct' });
  t.match(noCompound.body, /id="f-compoundId-error">请选择家属区/);

  // The stage plan stays editable.
  const planForm = await get(app, `/handovers/${id}/plan`, { cookie: office.cookie });
  t.match(planForm.body, 'name="plannedDates.framework" value="2018-08-01"');
  const version = one(app, 'SELECT version FROM handovers WHERE id = ?', id) as number;
  const saved = await postForm(app, office, `/handovers/${id}/plan`, { 'plannedDates.framework': '2018-09-15', 'plannedDates.survey': '2018-05-20', version: String(version) });
  t.equal(saved.statusCode, 303);
  t.equal(one(app, "SELECT planned_date FROM handover_stages WHERE handover_id = ? AND stage = 'framework'", id), '2018-09-15');
  const stalePlan = await postForm(app, office, `/handovers/${id}/plan`, { 'plannedDates.framework': '2018-10-01', version: String(version) });
  t.equal(stalePlan.statusCode, 409);
  t.match(stalePlan.body, '2018-09-15', 'their date is shown');
  t.match(stalePlan.body, 'value="2018-10-01"', 'and mine is kept');
  const history = await get(app, `/handovers/${id}`, { cookie: office.cookie });
  t.match(history.body, /框架协议签订 · 计划日期<\/th><td>2018年8月1日<\/td><td>2018年9月15日/, 'the history shows the change readably');
});

t.test('marking a stage done and undoing it', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const before = await get(app, '/handovers/1', { cookie: office.cookie });
  t.match(before.body, /<dt>已完成阶段<\/dt><dd><span class="stage">维修改造方案及费用测算/);
  t.match(before.body, 'action="/handovers/1/stages/implementation/done"', 'one click from the timeline');
  t.match(before.body, 'name="actualDate" value="2018-04-25"', 'today by default');

  const future = await postForm(app, office, '/handovers/1/stages/implementation/done', { actualDate: '2018-05-01' });
  t.equal(future.statusCode, 422);
  t.match(future.body, /id="done-implementation-error">实际完成日期不能晚于今天/);
  const invalid = await postForm(app, office, '/handovers/1/stages/implementation/done', { actualDate: '2018-02-30' });
  t.equal(invalid.statusCode, 422);
  t.match(invalid.body, 'value="2018-02-30"');
  t.equal(one(app, "SELECT actual_date FROM handover_stages WHERE handover_id = 1 AND stage = 'implementation'"), null, 'nothing changed');

  const done = await postForm(app, office, '/handovers/1/stages/implementation/done', { actualDate: '2018-04-23' });
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, '/handovers/1#stage-implementation');
  const stage = row(app, "SELECT actual_date, done_by, done_at FROM handover_stages WHERE handover_id = 1 AND stage = 'implementation'");
  t.equal(stage.actual_date, '2018-04-23');
  t.equal(stage.done_by, office.userId, 'who');
  t.ok(stage.done_at, 'when');
  const audit = row(app, "SELECT before, after FROM audit_log WHERE entity_type = 'handover' AND entity_id = 1 ORDER BY id DESC LIMIT 1");
  t.same(JSON.parse(audit.before as string), { 'actualDate.implementation': null });
  t.same(JSON.parse(audit.after as string), { 'actualDate.implementation': '2018-04-23' });
  const after = await get(app, '/handovers/1', { cookie: office.cookie });
  t.match(after.body, /<dt>已完成阶段<\/dt><dd><span class="stage">实施协议（移交协议）签订/, 'the current stage follows');
  t.match(after.body, '4/9 (44%)', 'and the progress');
  t.match(after.body, /实施协议（移交协议）签订 · 实际日期<\/th><td>—<\/td><td>2018年4月23日/, 'history');

  const staleVersion = one(app, "SELECT version FROM handover_stages WHERE handover_id = 1 AND stage = 'implementation'") as number;
  const undone = await postForm(app, office, '/handovers/1/stages/implementation/undo', { version: String(staleVersion) });
  t.equal(undone.statusCode, 303);
  t.same(row(app, "SELECT actual_date, done_by, done_at FROM handover_stages WHERE handover_id = 1 AND stage = 'implementation'"), { actual_date: null, done_by: null, done_at: null });
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'handover' AND entity_id = 1 AND after LIKE '%actualDate.implementation\":null%'"), 1, 'the undo is audited');
  const back = await get(app, '/handovers/1', { cookie: office.cookie });
  t.match(back.body, /<dt>已完成阶段<\/dt><dd><span class="stage">维修改造方案及费用测算/);

  const stale = await postForm(app, office, '/handovers/1/stages/implementation/done', { version: String(staleVersion) });
  t.equal(stale.statusCode, 409, 'a click on a stale page is refused');
  t.match(stale.body, '已被他人修改');
  t.equal((await postForm(app, office, '/handovers/1/stages/nonsense/done', {})).statusCode, 404);
  t.equal((await postForm(app, office, '/handovers/17/stages/works/done', {})).statusCode, 404, 'a stage the mode does not have');
});

t.test('staff mark the stages of their own groups’ handovers only', async (t) => {
  const app = await build(t);
  const power = await loginAs(app, 'staff', [groupOf(app, 'power')]);
  const refused = await postForm(app, power, '/handovers/1/stages/implementation/done', { actualDate: '2018-04-20' });
  t.equal(refused.statusCode, 403, 'handover 1 belongs to the water group');
  t.equal(one(app, "SELECT actual_date FROM handover_stages WHERE handover_id = 1 AND stage = 'implementation'"), null, 'nothing changed');
  t.equal((await postForm(app, power, '/handovers/1/stages/survey/undo', {})).statusCode, 403);
  t.equal(one(app, "SELECT actual_date FROM handover_stages WHERE handover_id = 1 AND stage = 'survey'"), '2017-06-28');
  const page = await get(app, '/handovers/1', { cookie: power.cookie });
  t.notMatch(page.body, '/stages/implementation/done', 'no buttons they cannot use');

  const water = await loginAs(app, 'staff');
  const own = await get(app, '/handovers/1', { cookie: water.cookie });
  t.match(own.body, 'action="/handovers/1/stages/implementation/done"');
  t.notMatch(own.body, 'href="/handovers/1/edit"', 'staff do not edit the plan');
  const done = await postForm(app, water, '/handovers/1/stages/implementation/done', { actualDate: '2018-04-20' });
  t.equal(done.statusCode, 303);
  t.equal(one(app, "SELECT done_by FROM handover_stages WHERE handover_id = 1 AND stage = 'implementation'"), water.userId);
  t.equal((await postForm(app, water, '/handovers/1', { receiver: 'x', version: '1' })).statusCode, 403);

  const leader = await loginAs(app, 'leader');
  t.equal((await postForm(app, leader, '/handovers/1/stages/works/done', {})).statusCode, 403);
});

t.test('editing a handover: conflict, mode change, delete', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const edit = await get(app, '/handovers/2/edit', { cookie: office.cookie });
  t.match(edit.body, 'name="version" value="1"');
  const base = { enterpriseId: '1', compoundId: '2', serviceLine: 'water', mode: 'handoverFirst', version: '1' };
  const first = await postForm(app, office, '/handovers/2', { ...base, receiver: '镇海自来水（新）' });
  t.equal(first.statusCode, 303);
  const second = await postForm(app, office, '/handovers/2', { ...base, receiver: '别的水司' });
  t.equal(second.statusCode, 409, 'the second save with the same version');
  t.match(second.body, '已被他人修改');
  t.match(second.body, /<td>镇海自来水（新）<\/td><td>别的水司<\/td>/, 'theirs vs yours');
  t.equal(one(app, 'SELECT receiver FROM handovers WHERE id = 2'), '镇海自来水（新）');

  // Handover 1 (hand over first) has "plan" done: the direct mode has no such stage.
  const dropping = await postForm(app, office, '/handovers/1', { enterpriseId: '1', compoundId: '1', serviceLine: 'water', mode: 'direct', version: '1' });
  t.equal(dropping.statusCode, 422);
  t.match(dropping.body, /id="f-mode-error">新模式没有的阶段中有已完成的/);
  t.equal(one(app, 'SELECT mode FROM handovers WHERE id = 1'), 'handoverFirst');

  const reorder = await postForm(app, office, '/handovers/2', { ...base, receiver: '镇海自来水（新）', mode: 'renovateFirst', version: '2' });
  t.equal(reorder.statusCode, 303, 'renovate first: same stages, another order');
  const order = app.db.$client.prepare('SELECT stage FROM handover_stages WHERE handover_id = 2 ORDER BY position').pluck().all();
  t.same(order, ['survey', 'framework', 'plan', 'implementation', 'works', 'acceptance', 'takeover', 'assets', 'audit']);
  t.equal(one(app, "SELECT actual_date FROM handover_stages WHERE handover_id = 2 AND stage = 'survey'"), '2017-06-28', 'actual dates kept');

  const made = await postForm(app, office, '/handovers', { enterpriseId: '3', compoundId: '7', serviceLine: 'heat', mode: 'handoverFirst' });
  const id = Number(made.headers.location!.split('/').pop());
  const gone = await postForm(app, office, `/handovers/${id}/delete`, { version: '1' });
  t.equal(gone.statusCode, 303);
  t.equal(one(app, 'SELECT count(*) FROM handover_stages WHERE handover_id = ?', id), 0, 'its stages go with it');
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'handover' AND entity_id = ? AND action = 'delete'", id), 1);
});

t.test('agreements: signed date, status flow, covered handovers, completing their stage on signing', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  // Agreement 5: 镇海炼化's water implementation agreement, being negotiated, covers handovers 1–4.
  const edit = await get(app, '/agreements/5/edit', { cookie: office.cookie });
  t.match(edit.body, '同时将所涵盖移交项目的“实施协议（移交协议）签订”阶段标记为完成');
  t.match(edit.body, /name="handoverIds" value="1" checked/);
  const base = { kind: 'implementation', enterpriseId: '1', title: '中国石化镇海炼化分公司职工家属区供水分离移交实施协议', status: 'signed', handoverIds: ['1', '2', '3', '4'], version: '1' };

  const noDate = await postForm(app, office, '/agreements/5', { ...base, signedOn: '' });
  t.equal(noDate.statusCode, 422);
  t.match(noDate.body, /id="f-signedOn-error">已签订的协议须填写签订日期</, 'the error beside the field');
  t.match(noDate.body, /<option value="signed" selected>/, 'input kept');
  t.equal(one(app, 'SELECT status FROM agreements WHERE id = 5'), 'negotiating');

  const otherEnterprise = await postForm(app, office, '/agreements/5', { ...base, signedOn: '2018-04-24', handoverIds: ['1', '19'] });
  t.equal(otherEnterprise.statusCode, 422);
  t.match(otherEnterprise.body, /id="f-handoverIds-error">必须是同一移交企业的</);

  const signed = await postForm(app, office, '/agreements/5', { ...base, signedOn: '2018-04-24', completeStages: ['0', '1'] });
  t.equal(signed.statusCode, 303);
  t.same(
    app.db.$client.prepare("SELECT handover_id, actual_date FROM handover_stages WHERE stage = 'implementation' AND handover_id IN (1,2,3,4) ORDER BY handover_id").all(),
    [1, 2, 3, 4].map((h) => ({ handover_id: h, actual_date: '2018-04-24' })),
    'the covered handovers’ stage is done on the signed date',
  );
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'handover' AND after LIKE '%actualDate.implementation\":\"2018-04-24%'"), 4, 'each audited');
  const handover = await get(app, '/handovers/3', { cookie: office.cookie });
  t.match(handover.body, /<dt>已完成阶段<\/dt><dd><span class="stage">实施协议（移交协议）签订/);

  const back = await postForm(app, office, '/agreements/5', { ...base, status: 'negotiating', signedOn: '2018-04-24', version: '2' });
  t.equal(back.statusCode, 422, 'moving back needs a reason');
  t.match(back.body, /id="f-statusReason-error">状态往回改时请填写原因</);
  const backed = await postForm(app, office, '/agreements/5', { ...base, status: 'negotiating', signedOn: '2018-04-24', statusReason: '对方要求重新协商外供水条款', version: '2' });
  t.equal(backed.statusCode, 303);
  const page = await get(app, '/agreements/5', { cookie: office.cookie });
  t.match(page.body, '修改记录');
  t.match(page.body, /状态<\/th><td>已签订<\/td><td>协商<\/td>/, 'history: field, before, after');
  t.match(page.body, '对方要求重新协商外供水条款');

  const created = await postForm(app, office, '/agreements', { kind: 'supplementary', enterpriseId: '2', title: '供水补充协议', status: 'drafting', parentAgreementId: '10', handoverIds: ['19'] });
  t.equal(created.statusCode, 303);
  const id = Number(created.headers.location!.split('/').pop());
  t.same(app.db.$client.prepare('SELECT handover_id FROM agreement_handovers WHERE agreement_id = ?').pluck().all(id), [19]);
  const negative = await postForm(app, office, '/agreements', { kind: 'supplementary', enterpriseId: '2', title: 'x', status: 'drafting', amount: '-5' });
  t.match(negative.body, /id="f-amount-error">不能小于 0</);
  const wrongParent = await postForm(app, office, '/agreements', { kind: 'supplementary', enterpriseId: '2', title: 'x', status: 'drafting', parentAgreementId: '5' });
  t.match(wrongParent.body, /id="f-parentAgreementId-error">必须是同一移交企业的</);
  const deleted = await postForm(app, office, `/agreements/${id}/delete`, { version: '1' });
  t.equal(deleted.statusCode, 303);
  t.equal(one(app, 'SELECT count(*) FROM agreement_handovers WHERE agreement_id = ?', id), 0);
  t.equal((await postForm(app, await loginAs(app, 'staff'), '/agreements', { kind: 'framework', enterpriseId: '1', title: 'x', status: 'drafting' })).statusCode, 403);
});

t.test('compounds, money, documents and policy deadlines', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');

  const badCompound = await postForm(app, office, '/compounds', { enterpriseId: '3', name: '电厂新村', buildings: '-1', floorArea: 'abc', households: '12.5', waterCustomers: '0' });
  t.equal(badCompound.statusCode, 422);
  t.match(badCompound.body, /id="f-buildings-error">不能小于 0</);
  t.match(badCompound.body, /id="f-floorArea-error">请填写数字</);
  t.match(badCompound.body, /id="f-households-error">请填写整数</);
  const compound = await postForm(app, office, '/compounds', { enterpriseId: '3', name: '电厂新村', street: '招宝山街道', buildings: '12', floorArea: '35000.5', households: '400', waterCustomers: '410' });
  t.equal(compound.statusCode, 303);
  const cid = one(app, "SELECT id FROM compounds WHERE name = '电厂新村'") as number;
  t.equal(compound.headers.location, `/enterprises/3#compound-${cid}`);
  const dup = await postForm(app, office, '/compounds', { enterpriseId: '3', name: '电厂新村', buildings: '1', floorArea: '1', households: '1', waterCustomers: '1' });
  t.match(dup.body, /id="f-name-error">这家企业已有同名的家属区</);
  const moved = await postForm(app, office, '/compounds/7', { enterpriseId: '4', name: '电厂生活区', buildings: '1', floorArea: '1', households: '1', waterCustomers: '1', version: '1' });
  t.match(moved.body, /id="f-enterpriseId-error">家属区已有移交项目/);
  const enterprise = await get(app, '/enterprises/3', { cookie: office.cookie });
  t.match(enterprise.body, `href="/compounds/${cid}/edit"`);
  t.match(enterprise.body, 'href="/handovers/new?enterpriseId=3"');
  t.match(enterprise.body, 'href="/agreements/new?enterpriseId=3"');
  t.match(enterprise.body, 'href="/compounds/new?enterpriseId=3"');

  // Money: handover 34 (港埠 property) has no funding yet.
  const fundingForm = await get(app, '/handovers/34/funding', { cookie: office.cookie });
  t.equal(fundingForm.status, 200);
  t.notMatch(fundingForm.body, 'name="version"', 'no version before the first save');
  const negative = await postForm(app, office, '/handovers/34/funding', { estimatedCost: '-1', 'shares.central.committed': '-5' });
  t.equal(negative.statusCode, 422);
  t.match(negative.body, /id="f-estimatedCost-error">不能小于 0</);
  t.match(negative.body, /id="f-shares.central.committed-error">不能小于 0</);
  const saved = await postForm(app, office, '/handovers/34/funding', { estimatedCost: '9450000', approvedCost: '', 'shares.central.committed': '4725000', 'shares.central.disbursed': '1000000', 'shares.local.committed': '0', 'shares.local.disbursed': '' });
  t.equal(saved.statusCode, 303);
  t.same(row(app, 'SELECT estimated_cost, approved_cost, version FROM handover_funding WHERE handover_id = 34'), { estimated_cost: 9450000, approved_cost: null, version: 1 });
  t.same(app.db.$client.prepare('SELECT source, committed, disbursed FROM funding_shares WHERE handover_id = 34').all(), [{ source: 'central', committed: 4725000, disbursed: 1000000 }]);
  const page = await get(app, '/handovers/34', { cookie: office.cookie });
  t.match(page.body, '9,450,000 元');
  t.match(page.body, /资金 · 中央财政 · 承担金额<\/th><td>0<\/td><td>4,725,000/, 'history');
  const stale = await postForm(app, office, '/handovers/34/funding', { estimatedCost: '1', version: '1' });
  t.equal(stale.statusCode, 303);
  const conflict = await postForm(app, office, '/handovers/34/funding', { estimatedCost: '2', version: '1' });
  t.equal(conflict.statusCode, 409);

  // Documents and policy deadlines.
  const doc = await postForm(app, office, '/documents', { title: '关于加快推进"三供一业"分离移交的通知', docNumber: '镇政办〔2018〕12号', status: 'issued', issuedOn: '2018-04-20' });
  t.equal(doc.statusCode, 303);
  const list = await get(app, '/documents', { cookie: office.cookie });
  t.match(list.body, '镇政办〔2018〕12号');
  const badDoc = await postForm(app, office, '/documents', { title: '', status: 'published', issuedOn: '2018-13-01' });
  t.match(badDoc.body, /id="f-title-error">必填</);
  t.match(badDoc.body, /id="f-status-error">请从列表中选择</);
  t.match(badDoc.body, /id="f-issuedOn-error">请填写有效日期/);

  const deadlineForm = await get(app, '/policy-deadlines/1/edit', { cookie: office.cookie });
  const version = /name="version" value="(\d+)"/.exec(deadlineForm.body)![1]!;
  const changed = await postForm(app, office, '/policy-deadlines/1', { name: '基本完成分离移交', dueDate: '2018-12-30', sortOrder: '1', version });
  t.equal(changed.statusCode, 303);
  t.equal(one(app, 'SELECT due_date FROM policy_deadlines WHERE id = 1'), '2018-12-30');
  const staleDeadline = await postForm(app, office, '/policy-deadlines/1', { name: '基本完成分离移交', dueDate: '2018-11-30', sortOrder: '1', version });
  t.equal(staleDeadline.statusCode, 409, 'a policy deadline changed meanwhile is not overwritten');
  t.equal(one(app, 'SELECT due_date FROM policy_deadlines WHERE id = 1'), '2018-12-30');
  const deadlines = await get(app, '/policy-deadlines', { cookie: office.cookie });
  t.match(deadlines.body, '2018年12月30日');

  const leader = await loginAs(app, 'leader');
  t.equal((await postForm(app, leader, '/documents', { title: 'x', status: 'issued' })).statusCode, 403);
  t.notMatch((await get(app, '/documents', { cookie: leader.cookie })).body, 'href="/documents/new"');
});

t.test('the enterprise page shows its history', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  await postForm(app, office, '/enterprises/3', { name: '浙江浙能镇海发电有限责任公司', shortName: '浙能电厂', level: 'provincial', version: '1' });
  const page = await get(app, '/enterprises/3', { cookie: office.cookie });
  t.match(page.body, '修改记录');
  t.match(page.body, /简称<\/th><td>[^<]+<\/td><td>浙能电厂<\/td>/);
  t.match(page.body, '测试office', 'who');
  const en = await get(app, '/enterprises/3', { cookie: `${office.cookie}; lang=en` });
  t.match(en.body, 'History');
});

t.test('a stage done before an earlier one asks to confirm and why; the reason is in the history', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  // Handover 1: survey, framework and plan done; implementation and takeover not yet.
  const asked = await postForm(app, office, '/handovers/1/stages/works/done', { actualDate: '2018-04-20' });
  t.equal(asked.statusCode, 422, 'not done at once');
  t.equal(one(app, "SELECT actual_date FROM handover_stages WHERE handover_id = 1 AND stage = 'works'"), null, 'nothing changed');
  t.match(asked.body, '前面的阶段尚未完成：实施协议（移交协议）签订、职能交接（交接基准日）', 'names the earlier stages not done');
  t.match(asked.body, /type="checkbox" id="confirm-works" name="confirmOutOfOrder" value="1"/, 'a box to confirm');
  t.match(asked.body, /<textarea id="reason-works" name="reason"/, 'and the reason to give');
  t.match(asked.body, 'name="actualDate" value="2018-04-20"', 'the date entered is kept');
  t.notMatch(asked.body, 'id="reason-works-error"', 'asked, not yet scolded');

  const noReason = await postForm(app, office, '/handovers/1/stages/works/done', { actualDate: '2018-04-20', confirmOutOfOrder: ['0', '1'], reason: '  ' });
  t.equal(noReason.statusCode, 422, 'confirmed without a reason');
  t.match(noReason.body, /id="reason-works-error">请写明先标记本阶段的原因</);
  t.match(noReason.body, /name="confirmOutOfOrder" value="1" checked/, 'the tick is kept');
  t.equal(one(app, "SELECT actual_date FROM handover_stages WHERE handover_id = 1 AND stage = 'works'"), null);

  const noTick = await postForm(app, office, '/handovers/1/stages/works/done', { actualDate: '2018-04-20', confirmOutOfOrder: '0', reason: '施工先行' });
  t.equal(noTick.statusCode, 422, 'a reason without the tick');
  t.match(noTick.body, /id="confirm-works-error">前面还有 2 个阶段未完成/);
  t.match(noTick.body, '>施工先行</textarea>', 'the reason is kept');

  const done = await postForm(app, office, '/handovers/1/stages/works/done', { actualDate: '2018-04-20', confirmOutOfOrder: ['0', '1'], reason: '管网抢修，施工先于协议进场' });
  t.equal(done.statusCode, 303);
  t.equal(one(app, "SELECT actual_date FROM handover_stages WHERE handover_id = 1 AND stage = 'works'"), '2018-04-20');
  const audit = row(app, "SELECT after FROM audit_log WHERE entity_type = 'handover' AND entity_id = 1 ORDER BY id DESC LIMIT 1");
  t.same(JSON.parse(audit.after as string), { 'actualDate.works': '2018-04-20', outOfOrderReason: '管网抢修，施工先于协议进场' }, 'the reason is audited');
  const page = await get(app, '/handovers/1', { cookie: office.cookie });
  t.match(page.body, /<th scope="row">提前标记的原因<\/th><td>—<\/td><td>管网抢修，施工先于协议进场<\/td>/, 'and shown in the history');

  // The next stage in order needs no confirmation.
  t.equal((await postForm(app, office, '/handovers/1/stages/implementation/done', { actualDate: '2018-04-21' })).statusCode, 303);
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'handover' AND entity_id = 1 AND after LIKE '%outOfOrderReason%'"), 1, 'no reason asked in order');
});

// Tracked items by role, through the forms: status updates with a progress note, close-out and
// reopening, "my items" (order, scope, the htmx row), delay requests, leader instructions, the
// conflict case, problems' first response, creating and editing.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, get, loginAs, postForm } from './helper.js';

const WATER = 3;
const POWER = 4;

function sql(app: FastifyInstance) {
  const one = (query: string, ...args: unknown[]) => app.db.$client.prepare(query).pluck().get(...args) as unknown;
  const row = (query: string, ...args: unknown[]) => app.db.$client.prepare(query).get(...args) as Record<string, unknown>;
  const all = (query: string, ...args: unknown[]) => app.db.$client.prepare(query).all(...args) as Record<string, unknown>[];
  const idOf = (title: string) => one('SELECT id FROM items WHERE title = ?', title) as number;
  const version = (id: number) => one('SELECT version FROM items WHERE id = ?', id) as number;
  return { one, row, all, idOf, version };
}

const SUPPLEMENT = '炼化新村供水维修改造方案补充测算'; // water group, in progress, due 2018-05-15
const PRESSURE = '炼化二村居民反映二次供水水压不足，要求移交前先行改造'; // a water group problem, in progress, due 2018-05-15

t.test('staff of the item’s group update its status with a note; others may not; the office closes out and reopens', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');
  const powerStaff = await loginAs(app, 'staff', [POWER]);
  const office = await loginAs(app, 'office');
  const leader = await loginAs(app, 'leader');
  const id = db.idOf(SUPPLEMENT);
  t.equal(db.one('SELECT group_id FROM items WHERE id = ?', id), WATER);

  const page = await get(app, `/items/${id}`, { cookie: staff.cookie });
  t.match(page.body, `action="/items/${id}/status"`, 'the item page has the status form');
  t.match(page.body, /<option value="inProgress"\s*selected>进行中<\/option>/, 'the current status is chosen');
  t.notMatch(page.body, `action="/items/${id}/close"`, 'staff see no close-out form');

  const done = await postForm(app, staff, `/items/${id}/status`, { status: 'done', note: '补充测算已完成，报区住建局审核', version: String(db.version(id)) });
  t.equal(done.statusCode, 303, 'one POST');
  t.equal(done.headers.location, `/items/${id}`);
  const item = db.row('SELECT status, done_on AS doneOn, progress FROM items WHERE id = ?', id);
  t.same(item, { status: 'done', doneOn: '2018-04-25', progress: '补充测算已完成，报区住建局审核' });
  const update = db.row('SELECT from_status AS fromStatus, to_status AS toStatus, note, on_date AS onDate, user_id AS userId, author FROM item_updates WHERE item_id = ? ORDER BY id DESC LIMIT 1', id);
  t.same(update, { fromStatus: 'inProgress', toStatus: 'done', note: '补充测算已完成，报区住建局审核', onDate: '2018-04-25', userId: staff.userId, author: '测试staff' });
  const audit = db.row("SELECT before, after FROM audit_log WHERE entity_type = 'item' AND entity_id = ? AND action = 'update' ORDER BY id DESC LIMIT 1", id);
  t.equal(JSON.parse(audit.after as string).status, 'done', 'audited with the value after');
  t.equal(JSON.parse(audit.before as string).status, 'inProgress', 'and before');
  const shown = await get(app, `/items/${id}`, { cookie: staff.cookie });
  t.match(shown.body, /class="tag status-done">已完成</, 'the page says 已完成');
  t.match(shown.body, '补充测算已完成，报区住建局审核');
  t.match(shown.body, '测试staff', 'who did it is in the history');

  const updates = db.one('SELECT count(*) FROM item_updates WHERE item_id = ?', id);
  const other = await postForm(app, powerStaff, `/items/${id}/status`, { status: 'inProgress', note: '不是我组的', version: String(db.version(id)) });
  t.equal(other.statusCode, 403, 'staff of another group are refused');
  t.match(other.body, '只有本工作组人员和专班办公室可以修改这个事项');
  t.equal(db.one('SELECT status FROM items WHERE id = ?', id), 'done', 'nothing changed');
  t.equal(db.one('SELECT count(*) FROM item_updates WHERE item_id = ?', id), updates);

  t.equal((await postForm(app, staff, `/items/${id}/close`, { note: '自己销号', version: String(db.version(id)) })).statusCode, 403, 'staff cannot close out');
  t.equal((await postForm(app, leader, `/items/${id}/status`, { status: 'inProgress', note: 'x', version: String(db.version(id)) })).statusCode, 403, 'leaders change no item');
  const selfClose = await postForm(app, staff, `/items/${id}/status`, { status: 'closed', note: '销号', version: String(db.version(id)) });
  t.equal(selfClose.statusCode, 422, 'nor through the status');
  t.match(selfClose.body, '销号由专班办公室办理');

  const noNote = await postForm(app, office, `/items/${id}/close`, { note: ' ', version: String(db.version(id)) });
  t.equal(noNote.statusCode, 422, 'a close-out needs a note');
  t.match(noNote.body, /id="f-note-error">必填</);
  const closed = await postForm(app, office, `/items/${id}/close`, { note: '经区住建局审核确认，同意销号', version: String(db.version(id)) });
  t.equal(closed.statusCode, 303);
  const office_ = db.row("SELECT id FROM users WHERE username = 'test-office'");
  t.same(db.row('SELECT status, closed_on AS closedOn, closed_by AS closedBy, close_note AS closeNote FROM items WHERE id = ?', id), {
    status: 'closed',
    closedOn: '2018-04-25',
    closedBy: office_.id,
    closeNote: '经区住建局审核确认，同意销号',
  });
  const closedPage = await get(app, `/items/${id}`, { cookie: staff.cookie });
  t.match(closedPage.body, /class="tag status-closed">已销号</, '已销号 shown');
  t.match(closedPage.body, '经区住建局审核确认，同意销号');
  t.notMatch(closedPage.body, `action="/items/${id}/status"`, 'no status form on a closed item');

  const late = await postForm(app, staff, `/items/${id}/status`, { status: 'inProgress', note: '还要补充', version: String(db.version(id)) });
  t.equal(late.statusCode, 422);
  t.match(late.body, '需由专班办公室重新打开');

  t.equal((await postForm(app, office, `/items/${id}/reopen`, { note: '', version: String(db.version(id)) })).statusCode, 422, 'reopening needs a note');
  const reopened = await postForm(app, office, `/items/${id}/reopen`, { note: '审计发现测算缺项，重新办理', version: String(db.version(id)) });
  t.equal(reopened.statusCode, 303);
  t.same(db.row('SELECT status, closed_on AS closedOn, done_on AS doneOn FROM items WHERE id = ?', id), { status: 'inProgress', closedOn: null, doneOn: null });
  t.same(db.row('SELECT from_status AS f, to_status AS t, note FROM item_updates WHERE item_id = ? ORDER BY id DESC LIMIT 1', id), { f: 'closed', t: 'inProgress', note: '审计发现测算缺项，重新办理' });
});

t.test('a stale version is refused (409) with their and your values; nothing is overwritten', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');
  const office = await loginAs(app, 'office');
  const id = db.idOf(SUPPLEMENT);
  const seen = String(db.version(id));
  t.equal((await postForm(app, office, `/items/${id}/status`, { status: 'inProgress', note: '办公室：已催办', version: seen })).statusCode, 303);
  const stale = await postForm(app, staff, `/items/${id}/status`, { status: 'done', note: '我的进展', version: seen });
  t.equal(stale.statusCode, 409);
  t.match(stale.body, '已被他人修改');
  t.match(stale.body, '办公室：已催办', 'what they wrote');
  t.match(stale.body, '我的进展', 'what I wrote, kept');
  t.match(stale.body, `name="version" value="${db.version(id)}"`, 'resubmitting is a decision on the newer version');
  t.equal(db.one('SELECT progress FROM items WHERE id = ?', id), '办公室：已催办');
  t.equal(db.one('SELECT status FROM items WHERE id = ?', id), 'inProgress');
});

t.test('a problem: created by staff in their group, its first update sets the first response', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');

  const form = await get(app, '/items/new?kind=problem', { cookie: staff.cookie });
  t.equal(form.status, 200);
  t.match(form.body, /<option value="3"\s+selected>供水专项工作组/, 'their group is chosen');
  const groupSelect = /<select id="f-groupId"[\s\S]*?<\/select>/.exec(form.body)?.[0] ?? '';
  t.notMatch(groupSelect, '供电专项工作组', 'only their groups are offered');

  const bad = await postForm(app, staff, '/items', { kind: 'milestone', title: '<b>测试</b>', leadUnit: '区水利局', groupId: String(WATER), dueDate: '2018-02-30', category: 'money' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="f-dueDate-error">请填写有效日期/, '2018-02-30 is refused beside the field');
  t.match(bad.body, /id="f-category-error">只有“问题”类事项填写此项/, 'category only for problems');
  t.match(bad.body, 'value="&lt;b&gt;测试&lt;/b&gt;"', 'input kept, escaped');

  const foreign = await postForm(app, staff, '/items', { kind: 'problem', title: '别组的问题', leadUnit: '区经信局', groupId: String(POWER), dueDate: '2018-05-31' });
  t.equal(foreign.statusCode, 403, 'not in another group');
  t.equal(db.one("SELECT count(*) FROM items WHERE title = '别组的问题'"), 0);

  const made = await postForm(app, staff, '/items', {
    kind: 'problem',
    title: '炼化二村消防水管老化',
    leadUnit: '镇海炼化',
    supportUnits: '区水利局、镇海自来水公司\n区住建局, 区水利局',
    groupId: String(WATER),
    dueDate: '2018-05-20',
    category: 'works',
    level: 'district',
  });
  t.equal(made.statusCode, 303);
  const id = db.idOf('炼化二村消防水管老化');
  const created = db.row('SELECT support_units AS units, raised_on AS raisedOn, first_response_on AS first, original_due_date AS original, status, created_by AS createdBy FROM items WHERE id = ?', id);
  t.same(JSON.parse(created.units as string), ['区水利局', '镇海自来水公司', '区住建局'], 'units split and stored as a list');
  t.equal(created.raisedOn, '2018-04-25', 'raised today by default');
  t.equal(created.first, null);
  t.equal(created.original, '2018-05-20', 'the original deadline is the deadline at creation');
  t.equal(created.status, 'notStarted');
  t.equal(created.createdBy, staff.userId);
  t.equal(db.one("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity_type = 'item' AND entity_id = ?", id), 1);

  await postForm(app, staff, `/items/${id}/status`, { status: 'inProgress', note: '已现场查看', version: '1' });
  t.equal(db.one('SELECT first_response_on FROM items WHERE id = ?', id), '2018-04-25', 'the first update is the first response');
  const page = await get(app, `/items/${id}`, { cookie: staff.cookie });
  t.match(page.body, '首次答复');
});

t.test('editing: staff edit their items but ask for a delay to move the deadline; the office corrects it', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');
  const office = await loginAs(app, 'office');
  // A problem of the water group (a decision is the minutes' and the office's: security-rights.test.ts).
  const id = db.idOf(PRESSURE);
  const edit = await get(app, `/items/${id}/edit`, { cookie: staff.cookie });
  t.equal(edit.status, 200);
  t.match(edit.body, 'name="version" value="1"');
  const base = { kind: 'problem', title: PRESSURE, leadUnit: '镇海炼化', groupId: String(WATER), dueDate: '2018-05-15' };
  const moved = await postForm(app, staff, `/items/${id}`, { ...base, dueDate: '2018-06-30', version: '1' });
  t.equal(moved.statusCode, 422);
  t.match(moved.body, '完成时限请通过延期申请调整');
  const renamed = await postForm(app, staff, `/items/${id}`, { ...base, owner: '李××', supportUnits: '区水利局，镇海炼化', version: '1' });
  t.equal(renamed.statusCode, 303);
  t.equal(db.one('SELECT owner FROM items WHERE id = ?', id), '李××');
  t.same(JSON.parse(db.one('SELECT support_units FROM items WHERE id = ?', id) as string), ['区水利局', '镇海炼化']);
  const toOther = await postForm(app, staff, `/items/${id}`, { ...base, groupId: String(POWER), version: '2' });
  t.equal(toOther.statusCode, 403, 'staff cannot hand an item to another group');

  const corrected = await postForm(app, office, `/items/${id}`, { ...base, dueDate: '2018-05-18', version: '2' });
  t.equal(corrected.statusCode, 303);
  t.same(db.row('SELECT due_date AS d, original_due_date AS o, delay_count AS n FROM items WHERE id = ?', id), { d: '2018-05-18', o: '2018-05-18', n: 0 }, 'a correction before any delay moves the original too');
  const stale = await postForm(app, staff, `/items/${id}`, { ...base, title: '旧版本上的修改', version: '2' });
  t.equal(stale.statusCode, 409);
  t.match(stale.body, '旧版本上的修改');
  t.equal(db.one('SELECT title FROM items WHERE id = ?', id), PRESSURE);

  // Deleting: only something entered by mistake, with nothing recorded on it.
  t.equal((await postForm(app, office, `/items/${id}/delete`, { version: String(db.version(id)) })).statusCode, 409, 'an item with history stays');
  await postForm(app, office, '/items', { kind: 'milestone', title: '误录的节点', leadUnit: '区发改局', groupId: '2', dueDate: '2018-06-01' });
  const mistaken = db.idOf('误录的节点');
  t.equal((await postForm(app, staff, `/items/${mistaken}/delete`, { version: '1' })).statusCode, 403, 'staff do not delete');
  t.equal((await postForm(app, office, `/items/${mistaken}/delete`, { version: '1' })).statusCode, 303);
  t.equal(db.one('SELECT count(*) FROM items WHERE id = ?', mistaken), 0);
});

t.test('"my items": my groups only, overdue first then by deadline; inline update with and without htmx', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');
  const page = await get(app, '/my', { cookie: staff.cookie });
  t.equal(page.status, 200);
  t.match(page.body, '供水专项工作组');
  const shown = [...page.body.matchAll(/<tr id="item-(\d+)"/g)].map((m) => Number(m[1]));
  const expected = db
    .all(
      `SELECT id FROM items WHERE group_id = ? AND status <> 'closed'
       ORDER BY CASE WHEN status IN ('done','closed') THEN 2 WHEN due_date < '2018-04-25' THEN 0 ELSE 1 END, due_date, id`,
      WATER,
    )
    .map((r) => r.id);
  t.same(shown, expected, 'the items of my groups in the expected order');
  const titles = shown.map((id) => db.one('SELECT title FROM items WHERE id = ?', id));
  t.same(
    titles,
    [
      // Overdue, oldest deadline first.
      '浙能镇海发电供水框架协议签订',
      '镇海炼化供水实施协议签订',
      // Open, by deadline.
      '镇海炼化供水实施协议文本报区司法局合法性审查',
      '炼化新村供水维修改造方案补充测算',
      '炼化二村居民反映二次供水水压不足，要求移交前先行改造',
      // Reported done, last.
      '镇海炼化供水实施协议文本征求各方意见',
    ],
    'overdue first (oldest deadline first), then open by deadline, done last',
  );
  t.notOk(shown.includes(db.idOf('复核物业移交摸底数据')), 'another group’s overdue item is not mine');
  t.match(page.body, /<option value="done"\s*>已完成<\/option>/, 'the status choices are named');
  t.match(page.body, '/static/htmx.min.js', 'htmx is loaded from this site');
  t.notMatch(page.body, /<script(?![^>]*\bsrc=)/, 'no inline script');
  t.notMatch(page.body, /\sstyle="/, 'no inline style');

  const id = db.idOf(SUPPLEMENT);
  // No JavaScript: a plain form that comes back to /my.
  const plain = await postForm(app, staff, `/items/${id}/status`, { status: 'inProgress', note: '方案已送审', version: '1', from: 'my' });
  t.equal(plain.statusCode, 303);
  t.equal(plain.headers.location, `/my?updated=${id}#item-${id}`);
  const back = await get(app, plain.headers.location as string, { cookie: staff.cookie });
  t.match(back.body, new RegExp(`<tr id="item-${id}"[\\s\\S]*?已更新[\\s\\S]*?</tr>`), 'the row says it was updated');

  // htmx: only the row comes back.
  const hx = await app.inject({
    method: 'POST',
    url: `/items/${id}/status`,
    headers: { cookie: staff.cookie, 'hx-request': 'true' },
    payload: { _csrf: staff.csrf, status: 'done', note: '方案审核通过', version: '2', from: 'my' },
  });
  t.equal(hx.statusCode, 200);
  t.match(hx.body.trim(), new RegExp(`^<tr id="item-${id}"`), 'the answer is the row');
  t.notMatch(hx.body, '<html', 'not a page');
  t.match(hx.body, /class="tag status-done">已完成</);
  t.match(hx.body, '已更新');
  t.match(hx.body, 'name="version" value="3"', 'the row carries the new version');
  t.equal(db.one('SELECT status FROM items WHERE id = ?', id), 'done');

  const hxBad = await app.inject({
    method: 'POST',
    url: `/items/${id}/status`,
    headers: { cookie: staff.cookie, 'hx-request': 'true' },
    payload: { _csrf: staff.csrf, status: 'done', note: '', version: '3' },
  });
  t.equal(hxBad.statusCode, 422, 'a refusal is the row with the error beside the field');
  t.match(hxBad.body, /class="field-error"[^>]*>状态未变时请填写进展情况</);
  const hxStale = await app.inject({
    method: 'POST',
    url: `/items/${id}/status`,
    headers: { cookie: staff.cookie, 'hx-request': 'true' },
    payload: { _csrf: staff.csrf, status: 'inProgress', note: '晚到的进展', version: '1' },
  });
  t.equal(hxStale.statusCode, 409);
  t.match(hxStale.body, '已被他人更新');
  t.match(hxStale.body, '方案审核通过', 'what is there now');
  t.match(hxStale.body, '晚到的进展', 'my note kept');
  t.equal(db.one('SELECT progress FROM items WHERE id = ?', id), '方案审核通过');

  const office = await loginAs(app, 'office');
  const all = await get(app, '/my', { cookie: office.cookie });
  t.match(all.body, '复核物业移交摸底数据', 'the office sees all open items');
  t.match(all.body, '全部未销号事项');
  const leader = await loginAs(app, 'leader');
  const mine = await get(app, '/my', { cookie: leader.cookie });
  const leaderRows = [...mine.body.matchAll(/<tr id="item-(\d+)"/g)].map((m) => Number(m[1]));
  const overdueNow = db
    .all(`SELECT id FROM items WHERE status NOT IN ('done','closed') AND due_date < '2018-04-25' ORDER BY due_date, id`)
    .map((r) => r.id);
  t.same(leaderRows, overdueNow.slice(0, 50), 'leaders see every overdue item, oldest deadline first');
  t.notMatch(mine.body, 'class="form inline-form status-form"', 'and no status forms');
});

t.test('delay requests: the lead unit asks, the office approves or rejects; original deadline and count kept', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');
  const office = await loginAs(app, 'office');
  const id = db.idOf(SUPPLEMENT);

  const early = await postForm(app, staff, `/items/${id}/delay-requests`, { newDueDate: '2018-05-10', reason: '等待测算' });
  t.equal(early.statusCode, 422, 'the new deadline must be later');
  t.match(early.body, /id="f-newDueDate-error">新的完成时限须晚于现在的时限/);
  t.match(early.body, '等待测算', 'input kept');

  const asked = await postForm(app, staff, `/items/${id}/delay-requests`, { newDueDate: '2018-06-15', reason: '需等待第三方造价审核' });
  t.equal(asked.statusCode, 303);
  const requestId = db.one("SELECT id FROM delay_requests WHERE item_id = ? AND status = 'pending'", id) as number;
  t.ok(requestId);
  t.equal(db.one("SELECT count(*) FROM audit_log WHERE entity_type = 'delayRequest' AND entity_id = ? AND action = 'create'", requestId), 1);
  const again = await postForm(app, staff, `/items/${id}/delay-requests`, { newDueDate: '2018-07-15', reason: '再延' });
  t.equal(again.statusCode, 422, 'one pending request at a time');
  const officeMy = await get(app, '/my', { cookie: office.cookie });
  t.match(officeMy.body, '待审批的延期申请', 'pending requests are listed for the office');
  t.match(officeMy.body, '需等待第三方造价审核');
  t.match((await get(app, `/items/${id}`, { cookie: office.cookie })).body, `action="/items/${id}/delay-requests/${requestId}/decision"`);

  t.equal((await postForm(app, staff, `/items/${id}/delay-requests/${requestId}/decision`, { approve: '1' })).statusCode, 403, 'staff do not decide');
  const approved = await postForm(app, office, `/items/${id}/delay-requests/${requestId}/decision`, { approve: '1', note: '同意' });
  t.equal(approved.statusCode, 303);
  t.same(db.row('SELECT due_date AS due, original_due_date AS original, delay_count AS n, status FROM items WHERE id = ?', id), { due: '2018-06-15', original: '2018-05-15', n: 1, status: 'delayed' });
  t.equal(db.one('SELECT status FROM delay_requests WHERE id = ?', requestId), 'approved');
  const shown = await get(app, `/items/${id}`, { cookie: staff.cookie });
  t.match(shown.body, '2018年6月15日', 'the new deadline');
  t.match(shown.body, /原定时限[\s\S]*2018年5月15日 · 延期 1 次/, 'the original deadline and the count');
  t.match(shown.body, /class="tag status-delayed">已延期</);

  await postForm(app, staff, `/items/${id}/delay-requests`, { newDueDate: '2018-08-31', reason: '再次延期' });
  const second = db.one("SELECT id FROM delay_requests WHERE item_id = ? AND status = 'pending'", id) as number;
  const noReason = await postForm(app, office, `/items/${id}/delay-requests/${second}/decision`, { approve: '0' });
  t.equal(noReason.statusCode, 422, 'a rejection needs a reason');
  t.match(noReason.body, '不予批准时请说明理由');
  const rejected = await postForm(app, office, `/items/${id}/delay-requests/${second}/decision`, { approve: '0', note: '时间节点不能再推' });
  t.equal(rejected.statusCode, 303);
  t.same(db.row('SELECT due_date AS due, delay_count AS n FROM items WHERE id = ?', id), { due: '2018-06-15', n: 1 }, 'a rejection keeps the deadline');
  t.same(db.row('SELECT status, decision_note AS note FROM delay_requests WHERE id = ?', second), { status: 'rejected', note: '时间节点不能再推' });
  t.match((await get(app, `/items/${id}`, { cookie: staff.cookie })).body, '时间节点不能再推');
});

t.test('leader instructions: prominent for the owners until acknowledged', async (t) => {
  const app = await build(t);
  const db = sql(app);
  const staff = await loginAs(app, 'staff');
  const powerStaff = await loginAs(app, 'staff', [POWER]);
  const leader = await loginAs(app, 'leader');
  const id = db.idOf(SUPPLEMENT);

  t.equal((await postForm(app, staff, '/instructions', { targetType: 'item', targetId: String(id), text: '员工不能批示' })).statusCode, 403, 'only leaders instruct');
  const empty = await postForm(app, leader, '/instructions', { targetType: 'item', targetId: String(id), text: '' });
  t.equal(empty.statusCode, 422);
  t.match(empty.body, /id="f-text-error">必填</);
  const given = await postForm(app, leader, '/instructions', { targetType: 'item', targetId: String(id), text: '请于5月10日前报送补充测算结果' });
  t.equal(given.statusCode, 303);
  t.equal(given.headers.location, `/items/${id}#instructions`);
  const row = db.row("SELECT id, author_name AS author, given_on AS givenOn FROM instructions WHERE text = '请于5月10日前报送补充测算结果'");
  t.same({ author: row.author, givenOn: row.givenOn }, { author: '测试leader', givenOn: '2018-04-25' });
  t.equal(db.one("SELECT count(*) FROM audit_log WHERE entity_type = 'instruction' AND entity_id = ? AND action = 'create'", row.id), 1);

  const my = await get(app, '/my', { cookie: staff.cookie });
  t.match(my.body, /待签收的领导批示[\s\S]*请于5月10日前报送补充测算结果/, 'at the top of my items');
  t.match(my.body, '批示 1 条待签收', 'and on the row');
  const itemPage = await get(app, `/items/${id}`, { cookie: staff.cookie });
  t.match(itemPage.body, /class="instruction unacknowledged"[^>]*>[\s\S]*?请于5月10日前报送补充测算结果/, 'prominent on the item');
  t.match(itemPage.body, `action="/instructions/${row.id}/acknowledge"`);
  t.match((await get(app, '/my', { cookie: leader.cookie })).body, /我作出的批示[\s\S]*请于5月10日前报送补充测算结果/, 'the leader sees what they gave');

  t.equal((await postForm(app, powerStaff, `/instructions/${row.id}/acknowledge`, {})).statusCode, 403, 'not for another group');
  const ack = await postForm(app, staff, `/instructions/${row.id}/acknowledge`, { back: '/my' });
  t.equal(ack.statusCode, 303);
  t.equal(ack.headers.location, '/my');
  t.same(db.row('SELECT acknowledged_by AS by, acknowledged_at IS NOT NULL AS at FROM instructions WHERE id = ?', row.id), { by: staff.userId, at: 1 });
  t.equal(db.one("SELECT count(*) FROM audit_log WHERE entity_type = 'instruction' AND entity_id = ? AND action = 'update'", row.id), 1);
  const after = await get(app, `/items/${id}`, { cookie: staff.cookie });
  t.notMatch(after.body, /class="instruction unacknowledged"[^>]*>[\s\S]*?请于5月10日前报送补充测算结果/, 'no longer prominent');
  t.match(after.body, /测试staff 已签收/, 'kept, acknowledged');
  t.notMatch((await get(app, '/my', { cookie: staff.cookie })).body, '请于5月10日前报送补充测算结果');

  // On an enterprise and a handover too.
  const enterprise = db.one("SELECT id FROM enterprises WHERE short_name = '镇海炼化'") as number;
  t.equal((await postForm(app, leader, '/instructions', { targetType: 'enterprise', targetId: String(enterprise), text: '企业层面统筹推进' })).statusCode, 303);
  t.match((await get(app, `/enterprises/${enterprise}`, { cookie: staff.cookie })).body, /class="instruction unacknowledged"[^>]*>[\s\S]*?企业层面统筹推进/);
  const handover = db.one('SELECT id FROM handovers WHERE group_id = ? ORDER BY id LIMIT 1', WATER) as number;
  t.equal((await postForm(app, leader, '/instructions', { targetType: 'handover', targetId: String(handover), text: '移交项目抓紧' })).statusCode, 303);
  const handoverPage = await get(app, `/handovers/${handover}`, { cookie: staff.cookie });
  t.match(handoverPage.body, /class="instruction unacknowledged"[^>]*>[\s\S]*?移交项目抓紧/);
  t.equal((await postForm(app, leader, '/instructions', { targetType: 'handover', targetId: '999999', text: '不存在' })).statusCode, 422, 'the target must exist');
});

// Editing enterprises through the forms: create, validation with input kept, edit, the conflict
// case, delete (refused while referenced), audit with values before and after, roles.
import t from 'tap';
import { build, fingerprint, get, loginAs, postForm } from './helper.js';

t.test('the office creates, edits and deletes an enterprise; nothing is lost', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const one = (sql: string, ...args: unknown[]) => app.db.$client.prepare(sql).pluck().get(...args) as number;

  const form = await get(app, '/enterprises/new', { cookie: office.cookie });
  t.equal(form.status, 200);
  t.match(form.body, 'name="shortName"');

  const bad = await postForm(app, office, '/enterprises', { name: '  ', shortName: '<script>alert(1)</script>', level: 'galactic' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="f-name-error">必填</);
  t.match(bad.body, /id="f-level-error">请从列表中选择</);
  t.match(bad.body, 'value="&lt;script&gt;alert(1)&lt;/script&gt;"', 'input kept, escaped');
  t.notMatch(bad.body, '<script>alert(1)', 'never rendered raw');

  const made = await postForm(app, office, '/enterprises', { name: '宁波某化工有限公司', shortName: '某化工', level: 'provincial', formerPolicyBankrupt: ['0', '1'], devolvedFromCentral: '0' });
  t.equal(made.statusCode, 303);
  const id = one("SELECT id FROM enterprises WHERE short_name = '某化工'");
  t.equal(made.headers.location, `/enterprises/${id}`);
  t.equal(one('SELECT former_policy_bankrupt FROM enterprises WHERE id = ?', id), 1);
  t.equal(one('SELECT devolved_from_central FROM enterprises WHERE id = ?', id), 0);
  t.equal(one("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity_type = 'enterprise' AND entity_id = ?", id), 1);

  const edit = await get(app, `/enterprises/${id}/edit`, { cookie: office.cookie });
  t.match(edit.body, 'name="version" value="1"');
  const saved = await postForm(app, office, `/enterprises/${id}`, { name: '宁波某化工有限公司', shortName: '某化工', level: 'municipal', version: '1' });
  t.equal(saved.statusCode, 303);
  const audit = app.db.$client.prepare("SELECT before, after FROM audit_log WHERE action = 'update' AND entity_id = ? AND entity_type = 'enterprise'").get(id) as { before: string; after: string };
  t.same(JSON.parse(audit.before).level, 'provincial', 'the value before');
  t.same(JSON.parse(audit.after).level, 'municipal', 'the value after');

  const stale = await postForm(app, office, `/enterprises/${id}`, { name: '宁波某化工有限公司', shortName: '某化工（旧）', level: 'district', version: '1' });
  t.equal(stale.statusCode, 409, 'saving over a newer version is refused');
  t.match(stale.body, '已被他人修改');
  t.match(stale.body, 'value="某化工（旧）"', 'the user sees their input');
  t.match(stale.body, '市属', 'and what changed meanwhile');
  t.match(stale.body, 'name="version" value="2"', 'saving again is a decision on the newer version');
  t.equal(one('SELECT level FROM enterprises WHERE id = ?', id) as unknown, 'municipal', 'nothing was overwritten');

  const referenced = one("SELECT id FROM enterprises WHERE short_name = '镇海炼化'");
  const version = one('SELECT version FROM enterprises WHERE id = ?', referenced);
  const refused = await postForm(app, office, `/enterprises/${referenced}/delete`, { version: String(version) });
  t.equal(refused.statusCode, 409);
  t.match(refused.body, '仍被其他记录引用');
  t.equal(one('SELECT count(*) FROM enterprises WHERE id = ?', referenced), 1);

  const gone = await postForm(app, office, `/enterprises/${id}/delete`, { version: '2' });
  t.equal(gone.statusCode, 303);
  t.equal(one('SELECT count(*) FROM enterprises WHERE id = ?', id), 0);
  t.equal(one("SELECT count(*) FROM audit_log WHERE action = 'delete' AND entity_id = ? AND before LIKE '%某化工%'", id), 1);
});

t.test('leaders and staff may not edit the plan', async (t) => {
  const app = await build(t);
  for (const role of ['leader', 'staff'] as const) {
    const session = await loginAs(app, role);
    const res = await postForm(app, session, '/enterprises', { name: '不该出现', shortName: '不该', level: 'district' });
    t.equal(res.statusCode, 403, role);
    const page = await get(app, '/enterprises', { cookie: session.cookie });
    t.notMatch(page.body, 'href="/enterprises/new"', `${role} sees no edit link`);
  }
  t.equal(app.db.$client.prepare("SELECT count(*) FROM enterprises WHERE short_name = '不该'").pluck().get(), 0);
});

t.test('a delete without the version it was shown, or with an old one, deletes nothing', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const db = app.db.$client;
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  // Records nothing refers to, one per delete route.
  const enterprise = Number((await postForm(app, office, '/enterprises', { name: '待删企业', shortName: '待删', level: 'district' })).headers.location!.split('/').pop());
  const member = one('SELECT max(id) FROM group_members');
  const memberGroup = one(`SELECT group_id FROM group_members WHERE id = ${member}`);
  const decision = one("SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.kind = 'decision' AND m.minutes_status = 'draft' AND NOT EXISTS (SELECT 1 FROM item_updates u WHERE u.item_id = i.id) ORDER BY i.id LIMIT 1");
  const decisionMeeting = one(`SELECT meeting_id FROM items WHERE id = ${decision}`);
  const targets = [
    { table: 'enterprises', id: enterprise, url: `/enterprises/${enterprise}/delete` },
    { table: 'group_members', id: member, url: `/groups/${memberGroup}/members/${member}/delete` },
    { table: 'items', id: decision, url: `/meetings/${decisionMeeting}/decisions/${decision}/delete` },
  ];
  for (const target of targets) {
    const version = one(`SELECT version FROM ${target.table} WHERE id = ${target.id}`);
    const bare = await postForm(app, office, target.url, {});
    t.equal(bare.statusCode, 422, `${target.url} without a version is refused`);
    t.match(bare.body, '删除请求缺少记录版本', 'with a plain reason');
    const stale = await postForm(app, office, target.url, { version: String(version + 1) });
    t.equal(stale.statusCode, 409, `${target.url} with another version: someone changed it meanwhile`);
    t.equal(one(`SELECT count(*) FROM ${target.table} WHERE id = ${target.id}`), 1, 'the record is still there');
    const done = await postForm(app, office, target.url, { version: String(version) });
    t.equal(done.statusCode, 303, `${target.url} with the version shown deletes`);
    t.equal(one(`SELECT count(*) FROM ${target.table} WHERE id = ${target.id}`), 0);
  }
  for (const url of ['/handovers/1/delete', '/agreements/1/delete', '/items/1/delete', '/meetings/1/delete']) {
    const before = fingerprint(app);
    const bare = await postForm(app, office, url, {});
    t.equal(bare.statusCode, 422, `${url} without a version is refused`);
    t.equal(fingerprint(app), before, `${url}: nothing changed`);
  }
});

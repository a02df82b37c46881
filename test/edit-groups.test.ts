// Editing working groups and their contact directory: the office creates a group and adds
// contacts that show on /groups; a bad phone or email is refused beside its field with the input
// kept; the rules on parent, service line and names; the conflict case; deleting; staff and
// leaders are refused and nothing changes.
import t from 'tap';
import { build, get, loginAs, postForm } from './helper.js';

const GROUP = { name: '宁波某化工"三供一业"分离移交工作领导小组', kind: 'leading', parentId: '', leadDepartment: '某化工综合办', serviceLine: '', enterpriseId: '', establishedOn: '2018-04-01', description: '企业自身的领导小组', sortOrder: '' };

t.test('the office creates a group and adds contacts; they appear on /groups', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const one = (sql: string, ...args: unknown[]) => app.db.$client.prepare(sql).pluck().get(...args);

  const list = await get(app, '/groups', { cookie: office.cookie });
  t.match(list.body, 'href="/groups/new"', 'the office sees the link to a new group');
  const form = await get(app, '/groups/new', { cookie: office.cookie });
  t.equal(form.status, 200);
  t.match(form.body, /<label for="f-name">工作组/, 'fields are labelled');
  t.match(form.body, '<option value="special" >专项工作组</option>', 'kinds by their names');

  const made = await postForm(app, office, '/groups', GROUP);
  t.equal(made.statusCode, 303);
  const id = one('SELECT id FROM groups WHERE lead_department = ?', '某化工综合办') as number;
  t.equal(made.headers.location, `/groups/${id}`);
  t.equal(one('SELECT sort_order FROM groups WHERE id = ?', id), 0, 'a blank order is 0');
  t.equal(one("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity_type = 'group' AND entity_id = ?", id), 1);

  const addForm = await get(app, `/groups/${id}/members/new`, { cookie: office.cookie });
  t.equal(addForm.status, 200);
  t.match(addForm.body, 'name="phone"');
  for (const [name, unit, duty, phone, email] of [
    ['张某某', '某化工综合办', '组长', '0574-8688 1234', 'zhang@example.com'],
    ['李某某', '区发改局', '联络员', '+86 (574) 8688-5678', ''],
  ]) {
    const res = await postForm(app, office, `/groups/${id}/members`, { name, unit, post: '主任', duty, phone, email, userId: '', sortOrder: '', isSample: '0' });
    t.equal(res.statusCode, 303, `${name} added`);
    t.equal(res.headers.location, `/groups/${id}#members`);
  }
  t.equal(one('SELECT count(*) FROM group_members WHERE group_id = ?', id), 2);
  t.equal(one("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity_type = 'groupMember'"), 2, 'each contact audited');

  const page = await get(app, '/groups', { cookie: office.cookie });
  t.match(page.body, GROUP.name.replace(/"/g, '&quot;'));
  t.match(page.body, /<th scope="row">张某某<\/th>\s*<td data-label="单位">某化工综合办<\/td>\s*<td data-label="职务">主任<\/td>\s*<td data-label="分工">组长<\/td>/, 'name, unit and duty in the directory');
  t.match(page.body, '<a href="tel:057486881234">0574-8688 1234</a>', 'the phone dials with a tap');
  t.match(page.body, '李某某');
  const show = await get(app, `/groups/${id}`, { cookie: office.cookie });
  t.match(show.body, 'mailto:zhang@example.com');
  t.match(show.body, `href="/groups/${id}/members/`, 'edit links for the office');
});

t.test('an invalid phone or email is shown beside its field with the input kept', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const water = app.db.$client.prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;
  const before = app.db.$client.prepare('SELECT count(*) FROM group_members').pluck().get();

  const bad = await postForm(app, office, `/groups/${water}/members`, { name: '王某某', unit: '区水利局', post: '', duty: '成员', phone: 'call me <b>', email: 'not-an-email', sortOrder: 'x' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="f-phone-error">请填写有效的电话号码/);
  t.match(bad.body, /id="f-email-error">请填写有效的邮箱地址/);
  t.match(bad.body, /id="f-sortOrder-error">/);
  t.match(bad.body, 'value="call me &lt;b&gt;"', 'the phone as typed, escaped');
  t.match(bad.body, 'value="not-an-email"');
  t.match(bad.body, 'value="王某某"', 'the other input kept');

  const tooLong = await postForm(app, office, `/groups/${water}/members`, { name: '王某某', unit: '区水利局', phone: '1'.repeat(31) });
  t.equal(tooLong.statusCode, 422);
  t.match(tooLong.body, /id="f-phone-error">/);
  const fewDigits = await postForm(app, office, `/groups/${water}/members`, { name: '王某某', unit: '区水利局', phone: '--' });
  t.equal(fewDigits.statusCode, 422);
  t.equal(app.db.$client.prepare('SELECT count(*) FROM group_members').pluck().get(), before, 'nothing added');

  const english = await app.inject({ method: 'POST', url: `/groups/${water}/members`, headers: { cookie: `${office.cookie}; lang=en` }, payload: { _csrf: office.csrf, name: 'x', unit: 'y', email: 'nope' } });
  t.equal(english.statusCode, 422);
  t.match(english.body, /id="f-email-error">Enter a valid email address/, 'in the user’s language');

  const masked = await postForm(app, office, `/groups/${water}/members`, { name: '王某某', unit: '区水利局', phone: '0574-8×××××××', email: '' });
  t.equal(masked.statusCode, 303, 'a masked demo number is a plausible phone');
});

t.test('group rules: parent, service line, unique name; editing, conflict, deleting', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const db = app.db.$client;
  const idOf = (line: string) => db.prepare('SELECT id FROM groups WHERE service_line = ?').pluck().get(line) as number;
  const coord = db.prepare("SELECT id FROM groups WHERE kind = 'coordination'").pluck().get() as number;
  const water = idOf('water');

  const wrongLine = await postForm(app, office, '/groups', { ...GROUP, kind: 'coordination', serviceLine: 'water' });
  t.equal(wrongLine.statusCode, 422);
  t.match(wrongLine.body, /id="f-serviceLine-error">只有专项工作组填写负责专业/);
  const taken = await postForm(app, office, '/groups', { ...GROUP, name: '供水专项工作组' });
  t.equal(taken.statusCode, 422);
  t.match(taken.body, /id="f-name-error">已有同名的工作组/);
  const noParent = await postForm(app, office, '/groups', { ...GROUP, parentId: '99999' });
  t.equal(noParent.statusCode, 422);
  t.match(noParent.body, /id="f-parentId-error">所选记录不存在/);

  const version = db.prepare('SELECT version FROM groups WHERE id = ?').pluck().get(coord) as number;
  const cycle = await postForm(app, office, `/groups/${coord}`, { name: db.prepare('SELECT name FROM groups WHERE id = ?').pluck().get(coord), kind: 'coordination', parentId: String(water), version: String(version) });
  t.equal(cycle.statusCode, 422, 'a group cannot hang under its own subgroup');
  t.match(cycle.body, /id="f-parentId-error">上级不能是它的下级工作组/);

  const edit = await get(app, `/groups/${water}/edit`, { cookie: office.cookie });
  t.match(edit.body, '<option value="water" selected>供水</option>');
  const saved = await postForm(app, office, `/groups/${water}`, { name: '供水专项工作组', kind: 'special', parentId: String(coord), leadDepartment: '镇海区水利局（新）', serviceLine: 'water', version: '1' });
  t.equal(saved.statusCode, 303);
  const stale = await postForm(app, office, `/groups/${water}`, { name: '供水专项工作组', kind: 'special', parentId: String(coord), leadDepartment: '旧的', serviceLine: 'water', version: '1' });
  t.equal(stale.statusCode, 409);
  t.match(stale.body, '镇海区水利局（新）', 'what changed meanwhile');
  t.match(stale.body, 'value="旧的"', 'and the input');
  t.equal(db.prepare('SELECT lead_department FROM groups WHERE id = ?').pluck().get(water), '镇海区水利局（新）');

  // A contact: edit with a stale version, then delete.
  const member = db.prepare('SELECT id, version FROM group_members WHERE group_id = ? ORDER BY id LIMIT 1').get(water) as { id: number; version: number };
  const renamed = await postForm(app, office, `/groups/${water}/members/${member.id}`, { name: '陈某', unit: '区水利局', duty: '组长', phone: '0574-86881234', version: String(member.version) });
  t.equal(renamed.statusCode, 303);
  const staleMember = await postForm(app, office, `/groups/${water}/members/${member.id}`, { name: '陈旧', unit: '区水利局', version: String(member.version) });
  t.equal(staleMember.statusCode, 409);
  t.equal(db.prepare('SELECT name FROM group_members WHERE id = ?').pluck().get(member.id), '陈某');
  const other = idOf('power');
  t.equal((await get(app, `/groups/${other}/members/${member.id}/edit`, { cookie: office.cookie })).status, 404, 'a contact is edited under its own group');
  const removed = await postForm(app, office, `/groups/${water}/members/${member.id}/delete`, { version: String(member.version + 1) });
  t.equal(removed.statusCode, 303);
  t.equal(db.prepare('SELECT count(*) FROM group_members WHERE id = ?').pluck().get(member.id), 0);

  // A group in use is not deleted; a new, empty one is (with its contacts).
  const inUse = await postForm(app, office, `/groups/${water}/delete`, { version: '2' });
  t.equal(inUse.statusCode, 409);
  t.match(inUse.body, '不能删除');
  t.equal(db.prepare('SELECT count(*) FROM groups WHERE id = ?').pluck().get(water), 1);
  await postForm(app, office, '/groups', GROUP);
  const fresh = db.prepare('SELECT id FROM groups WHERE lead_department = ?').pluck().get('某化工综合办') as number;
  await postForm(app, office, `/groups/${fresh}/members`, { name: '张某某', unit: '某化工' });
  const gone = await postForm(app, office, `/groups/${fresh}/delete`, { version: '1' });
  t.equal(gone.statusCode, 303);
  t.equal(db.prepare('SELECT count(*) FROM groups WHERE id = ?').pluck().get(fresh), 0);
  t.equal(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'delete' AND entity_type = 'groupMember'").pluck().get(), 2, 'the contacts went with it, audited');
});

t.test('staff and leaders may not edit groups or contacts; nothing changes', async (t) => {
  const app = await build(t);
  const db = app.db.$client;
  const water = db.prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;
  const member = db.prepare('SELECT id, version FROM group_members WHERE group_id = ? LIMIT 1').get(water) as { id: number; version: number };
  const snapshot = () => JSON.stringify([db.prepare('SELECT * FROM groups').all(), db.prepare('SELECT * FROM group_members').all()]);
  const before = snapshot();
  for (const role of ['staff', 'leader'] as const) {
    const session = await loginAs(app, role);
    t.equal((await postForm(app, session, '/groups', { ...GROUP, name: `${role} 的组` })).statusCode, 403, `${role}: new group`);
    t.equal((await postForm(app, session, `/groups/${water}`, { name: 'x', kind: 'special', version: '1' })).statusCode, 403, `${role}: edit group`);
    t.equal((await postForm(app, session, `/groups/${water}/delete`, { version: '1' })).statusCode, 403, `${role}: delete group`);
    t.equal((await postForm(app, session, `/groups/${water}/members`, { name: '不该', unit: '不该' })).statusCode, 403, `${role}: add contact`);
    t.equal((await postForm(app, session, `/groups/${water}/members/${member.id}`, { name: '不该', unit: 'x', version: String(member.version) })).statusCode, 403, `${role}: edit contact`);
    t.equal((await postForm(app, session, `/groups/${water}/members/${member.id}/delete`, { version: String(member.version) })).statusCode, 403, `${role}: remove contact`);
    t.equal((await get(app, `/groups/${water}/members/new`, { cookie: session.cookie })).status, 403);
    const page = await get(app, `/groups/${water}`, { cookie: session.cookie });
    t.equal(page.status, 200, `${role} reads the group`);
    t.notMatch(page.body, `href="/groups/${water}/edit"`, `${role} sees no edit link`);
    t.notMatch(page.body, '/members/new', `${role} sees no add link`);
  }
  t.equal(snapshot(), before, 'nothing changed');
});

// The organisation is configuration: the admin names the district or organisation, the programme
// and the issuing organ of minutes on /admin/settings (versioned, audited, errors beside the
// fields, 409 on a stale version); the header, the minutes' titles, their issuing office and the
// monthly pack's cover read them; the demo database has the seed's words, an empty one neutral
// defaults; and no code names the demo's district.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { build, get, loginAs, postForm } from './helper.js';

const row = (app: Awaited<ReturnType<typeof build>>) =>
  app.db.$client.prepare('SELECT organisation_name AS organisationName, programme_title AS programmeTitle, minutes_organ AS minutesOrgan, version FROM settings').all() as {
    organisationName: string;
    programmeTitle: string;
    minutesOrgan: string;
    version: number;
  }[];

t.test('the demo database has the seed’s words, shown in the header and the form', async (t) => {
  const app = await build(t);
  t.same(row(app), [{ organisationName: '镇海区', programmeTitle: '“三供一业”分离移交', minutesOrgan: '镇海区发展和改革局', version: 1 }]);
  const admin = await loginAs(app, 'admin');
  const home = await get(app, '/', { cookie: admin.cookie });
  t.match(home.body, '<span class="brand-district">镇海区</span>', 'the header names the district');
  t.match(home.body, '镇海区国有企业职工家属区“三供一业”', 'the home page too');
  const page = await get(app, '/admin/settings', { cookie: admin.cookie });
  t.equal(page.status, 200);
  t.match(page.body, '<h1>系统设置</h1>');
  t.match(page.body, /id="f-organisationName" name="organisationName" value="镇海区"/);
  t.match(page.body, /id="f-programmeTitle" name="programmeTitle" value="“三供一业”分离移交"/);
  t.match(page.body, /id="f-minutesOrgan" name="minutesOrgan" value="镇海区发展和改革局"/);
  t.match(page.body, '<input type="hidden" name="version" value="1">');
  t.match((await get(app, '/admin/users', { cookie: admin.cookie })).body, '<a href="/admin/settings">系统设置</a>', 'linked from the admin pages');
  const office = await loginAs(app, 'office');
  t.equal((await get(app, '/admin/settings', { cookie: office.cookie })).status, 403, 'admins only');
  t.equal((await postForm(app, office, '/admin/settings', { organisationName: '别处', programmeTitle: 'x', minutesOrgan: 'y', version: '1' })).statusCode, 403);
  t.equal(row(app)[0]!.organisationName, '镇海区', 'the refused write changed nothing');
});

t.test('saving the settings renames the organisation everywhere, with its audit entry', async (t) => {
  const app = await build(t);
  const admin = await loginAs(app, 'admin');
  const saved = await postForm(app, admin, '/admin/settings', {
    organisationName: ' 示例区 ',
    programmeTitle: '“三供一业”分离移交',
    minutesOrgan: '示例区发展和改革局',
    version: '1',
  });
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, '/admin/settings?saved=1');
  t.same(row(app), [{ organisationName: '示例区', programmeTitle: '“三供一业”分离移交', minutesOrgan: '示例区发展和改革局', version: 2 }], 'trimmed, version 2');
  t.match((await get(app, '/admin/settings?saved=1', { cookie: admin.cookie })).body, '设置已保存。');
  const audit = app.db.$client.prepare("SELECT username, before, after FROM audit_log WHERE entity_type = 'settings' AND action = 'update'").all() as Record<string, string>[];
  t.equal(audit.length, 1, 'one audit entry');
  t.equal(audit[0]!.username, 'test-admin');
  t.same(JSON.parse(audit[0]!.before!), { organisationName: '镇海区', minutesOrgan: '镇海区发展和改革局' }, 'what it was');
  t.same(JSON.parse(audit[0]!.after!), { organisationName: '示例区', minutesOrgan: '示例区发展和改革局' }, 'what it became');

  t.match((await get(app, '/', { cookie: admin.cookie })).body, '<span class="brand-district">示例区</span>', 'the header follows');
  const id = (title: string) => app.db.$client.prepare('SELECT id FROM meetings WHERE title = ?').pluck().get(title) as number;
  const water = app.services.minutes.document(id('供水专项工作组2018年第3次例会'));
  t.equal(water.title, '示例区“三供一业”分离移交供水专项工作组会议纪要', 'the minutes’ title: organisation, programme, group');
  const forum = app.services.minutes.document(id('驻镇企业职工家属区供气改造费用标准座谈会'));
  t.equal(forum.title, '示例区驻镇企业职工家属区供气改造费用标准座谈会纪要');
  const pack = app.services.minutes.monthlyPack('2018-03');
  t.equal(pack.heading, '示例区“三供一业”分离移交', 'the pack’s cover');
  t.equal(pack.compiler, '示例区发展和改革局', 'its compiling organ');

  // A meeting whose series names no issuing office, of a group without a lead department, is issued by the organ.
  const meeting = id('供水专项工作组2018年第4次例会');
  app.db.$client.prepare('UPDATE meeting_series SET issuing_office = NULL WHERE id = (SELECT series_id FROM meetings WHERE id = ?)').run(meeting);
  app.db.$client.prepare('UPDATE groups SET lead_department = NULL WHERE id = (SELECT group_id FROM meetings WHERE id = ?)').run(meeting);
  app.db.$client.prepare('UPDATE meetings SET issuing_office = NULL WHERE id = ?').run(meeting);
  t.equal(app.services.minutes.document(meeting).issuingOffice, '示例区发展和改革局', 'the issuing office when none is named');
  app.services.minutes.issue(meeting, { userId: null, username: 'test', ip: null });
  t.equal(app.db.$client.prepare('SELECT issuing_office FROM meetings WHERE id = ?').pluck().get(meeting), '示例区发展和改革局', 'and recorded when issued');
});

t.test('a bad or stale save keeps the input, shows the errors beside the fields and changes nothing', async (t) => {
  const app = await build(t);
  const admin = await loginAs(app, 'admin');
  const bad = await postForm(app, admin, '/admin/settings', { organisationName: '  ', programmeTitle: '“三供一业”分离移交', minutesOrgan: '很'.repeat(61), version: '1' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="f-organisationName"[^>]*aria-invalid="true"[\s\S]*<p class="field-error" id="f-organisationName-error">必填<\/p>/, 'the error beside the empty field');
  t.match(bad.body, /<p class="field-error" id="f-minutesOrgan-error">[^<]*60[^<]*<\/p>/, 'and beside the long one');
  t.match(bad.body, `value="${'很'.repeat(61)}"`, 'the input kept');
  t.same(row(app)[0]!.version, 1, 'nothing saved');

  const office = await postForm(app, admin, '/admin/settings', { organisationName: '甲区', programmeTitle: '“三供一业”分离移交', minutesOrgan: '甲区发改局', version: '1' });
  t.equal(office.statusCode, 303);
  const stale = await postForm(app, admin, '/admin/settings', { organisationName: '乙区', programmeTitle: '“三供一业”分离移交', minutesOrgan: '乙区发改局', version: '1' });
  t.equal(stale.statusCode, 409, 'a save over a newer version is refused');
  t.match(stale.body, '在您编辑期间，这条记录已被他人修改');
  t.match(stale.body, /<th scope="row">地区或单位名称<\/th><td>甲区<\/td><td>乙区<\/td>/, 'what changed meanwhile, beside the input');
  t.match(stale.body, 'value="乙区"', 'the input kept');
  t.match(stale.body, '<input type="hidden" name="version" value="2">', 'ready to save over it knowingly');
  t.equal(row(app)[0]!.organisationName, '甲区', 'not overwritten');
});

t.test('an empty tracker starts with neutral settings for the admin to fill in', async (t) => {
  const app = await build(t, { demo: false });
  t.same(row(app), [{ organisationName: '', programmeTitle: '“三供一业”分离移交', minutesOrgan: '', version: 1 }]);
  const admin = await loginAs(app, 'admin');
  const home = await get(app, '/', { cookie: admin.cookie });
  t.equal(home.status, 200);
  t.notMatch(home.body, 'brand-district', 'no organisation in the header yet');
  t.notMatch(home.body, '镇海', 'nor the demo’s district anywhere');
  t.match((await get(app, '/admin/settings', { cookie: admin.cookie })).body, /id="f-organisationName" name="organisationName" value=""/);
});

t.test('no code names the demo’s district: only the demo data does', async (t) => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  const code = ['server', 'views', 'public', 'db'].flatMap(files).filter((f) => /\.(ts|hbs|css|js|sql)$/.test(f));
  t.ok(code.length > 50, `${code.length} files read`);
  t.same(code.filter((f) => readFileSync(f, 'utf8').includes('镇海')), [], 'none names 镇海');
});

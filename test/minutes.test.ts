// The minutes workflow: issuing numbers them per series (or group) and year, issued minutes are
// read-only, reopening is for the office and recorded; the meeting page links the exports and
// carries the open items of earlier meetings; the meetings list links the monthly packs and feeds.
import t from 'tap';
import { build, get, loginAs, postForm } from './helper.js';

const one = <T = number>(app: Awaited<ReturnType<typeof build>>, sql: string, ...params: unknown[]) =>
  app.db.$client.prepare(sql).pluck().get(...params) as T;

const meetingRow = (app: Awaited<ReturnType<typeof build>>, id: number) =>
  app.db.$client.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as Record<string, unknown>;

t.test('issuing a held meeting numbers it next in its series and year, dated today, and records it', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const id = one(app, "SELECT id FROM meetings WHERE title = '供水专项工作组2018年第4次例会'");
  t.equal(meetingRow(app, id).minutes_status, 'draft');

  const res = await postForm(app, office, `/meetings/${id}/minutes/issue`);
  t.equal(res.statusCode, 303, 'success redirects');
  t.equal(res.headers.location, `/meetings/${id}`, 'back to the meeting');
  const m = meetingRow(app, id);
  t.equal(m.minutes_status, 'issued');
  t.equal(m.issue_year, 2018);
  t.equal(m.issue_number, 4, 'the water series issued 第1–3期 in 2018 before');
  t.equal(m.issued_on, '2018-04-25', 'dated today by default');
  t.equal(m.issuing_office, '镇海区水利局', 'issuing office from the series');
  t.match(String(m.distribution), '本专项工作组成员单位', 'distribution from the series');
  t.equal(m.issued_by, office.userId);

  const audit = app.db.$client
    .prepare("SELECT * FROM audit_log WHERE action = 'update' AND entity_type = 'meeting' AND entity_id = ? ORDER BY id DESC")
    .get(id) as Record<string, string>;
  t.ok(audit, 'the issue is in the audit log');
  t.equal(JSON.parse(audit.before).minutesStatus, 'draft');
  t.same(JSON.parse(audit.after), { ...JSON.parse(audit.after), minutesStatus: 'issued', issueNumber: 4, issueYear: 2018 });
  t.equal(audit.username, 'test-office');

  const page = await get(app, `/meetings/${id}`, { cookie: office.cookie });
  t.match(page.body, '纪要已于2018年4月25日印发（2018年第4期），内容只读。');
  t.match(page.body, `action="/meetings/${id}/minutes/reopen"`, 'the office may reopen');

  const again = await postForm(app, office, `/meetings/${id}/minutes/issue`);
  t.equal(again.statusCode, 409, 'issuing twice is refused');
  t.match(again.body, '这次会议的纪要已印发（第4期）');
});

t.test('a chosen issue date; refusals for a meeting not held and a date out of range', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const draft = one(app, "SELECT id FROM meetings WHERE title = '供水专项工作组2018年第4次例会'");

  const early = await postForm(app, office, `/meetings/${draft}/minutes/issue`, { issuedOn: '2018-04-01' });
  t.equal(early.statusCode, 400, 'before the meeting');
  t.match(early.body, '印发日期应在会议召开之日（2018年4月18日）至今天（2018年4月25日）之间');
  const bad = await postForm(app, office, `/meetings/${draft}/minutes/issue`, { issuedOn: '2018-02-30' });
  t.equal(bad.statusCode, 400, 'not a day');
  t.match(bad.body, '印发日期应写成');
  t.equal(meetingRow(app, draft).minutes_status, 'draft', 'nothing changed');

  const ok = await postForm(app, office, `/meetings/${draft}/minutes/issue`, { issuedOn: '2018-04-20' });
  t.equal(ok.statusCode, 303);
  t.equal(meetingRow(app, draft).issued_on, '2018-04-20');

  for (const status of ['planned', 'cancelled']) {
    const id = one(app, 'SELECT id FROM meetings WHERE status = ? LIMIT 1', status);
    const res = await postForm(app, office, `/meetings/${id}/minutes/issue`);
    t.equal(res.statusCode, 409, `${status}: refused`);
    t.match(res.body, '会议尚未召开或已取消，不能印发纪要。');
    t.equal(meetingRow(app, id).minutes_status, 'draft');
  }
  const missing = await postForm(app, office, '/meetings/999999/minutes/issue');
  t.equal(missing.statusCode, 404);
});

t.test('issued minutes are read-only: assertEditable refuses, a draft passes', async (t) => {
  const app = await build(t);
  const issued = app.db.$client.prepare("SELECT * FROM meetings WHERE minutes_status = 'issued' LIMIT 1").get() as { minutes_status: 'issued'; issue_number: number };
  const meeting = { minutesStatus: issued.minutes_status, issueNumber: issued.issue_number };
  t.throws(() => app.services.minutes.assertEditable(meeting), { statusCode: 409, code: 'minutes_issued', message: /内容只读/ });
  t.throws(() => app.services.minutes.assertEditable(meeting, 'en'), { message: /read-only/ });
  t.doesNotThrow(() => app.services.minutes.assertEditable({ minutesStatus: 'draft', issueNumber: null }));
  t.equal(app.services.minutes.isEditable(meeting), false);
  const shown = app.services.meetings.get(one(app, "SELECT id FROM meetings WHERE minutes_status = 'issued' LIMIT 1"));
  t.equal(shown?.editable, false, 'the meeting view model says so too');
});

t.test('reopening: office and admin only, recorded, keeps the number; re-issuing keeps it too', async (t) => {
  const app = await build(t);
  const id = one(app, "SELECT id FROM meetings WHERE title = '政企协作小组2017年第3次例会'");
  t.equal(meetingRow(app, id).issue_number, 3);

  const staff = await loginAs(app, 'staff');
  const leader = await loginAs(app, 'leader');
  for (const session of [staff, leader]) {
    const refused = await postForm(app, session, `/meetings/${id}/minutes/reopen`);
    t.equal(refused.statusCode, 403, 'not for staff or leaders');
  }
  t.equal(meetingRow(app, id).minutes_status, 'issued', 'still issued');
  t.throws(
    () => app.services.minutes.reopen(id, { userId: null, username: 'x', ip: null, role: 'staff' }),
    { statusCode: 403, message: '只有专班办公室或系统管理员可以撤回已印发的纪要。' },
    'the service refuses too',
  );

  const office = await loginAs(app, 'office');
  const noToken = await app.inject({ method: 'POST', url: `/meetings/${id}/minutes/reopen`, headers: { cookie: office.cookie }, payload: {} });
  t.equal(noToken.statusCode, 403, 'a form without its CSRF token is refused');
  const res = await postForm(app, office, `/meetings/${id}/minutes/reopen`);
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `/meetings/${id}`);
  const reopened = meetingRow(app, id);
  t.equal(reopened.minutes_status, 'draft');
  t.equal(reopened.issue_number, 3, 'the number stays');
  t.equal(reopened.issue_year, 2017);
  t.doesNotThrow(() => app.services.minutes.assertEditable({ minutesStatus: 'draft', issueNumber: 3 }), 'editable again');

  const entry = app.db.$client
    .prepare("SELECT * FROM audit_log WHERE action = 'update' AND entity_type = 'meeting' AND entity_id = ? ORDER BY id DESC")
    .get(id) as Record<string, string>;
  t.equal(JSON.parse(entry.before).minutesStatus, 'issued');
  t.equal(JSON.parse(entry.after).minutesStatus, 'draft');
  t.equal(JSON.parse(entry.after).issueNumber, 3);
  t.equal(entry.username, 'test-office', 'who reopened it');
  t.ok(app.services.audit.verify().ok, 'the audit chain holds');

  const twice = await postForm(app, office, `/meetings/${id}/minutes/reopen`);
  t.equal(twice.statusCode, 409, 'a draft cannot be reopened');
  t.match(twice.body, '纪要尚未印发，无需撤回。');

  const page = await get(app, `/meetings/${id}`, { cookie: office.cookie });
  t.match(page.body, '保留原编号2017年第3期', 'the issue form says the number stays');

  const reissue = await postForm(app, office, `/meetings/${id}/minutes/issue`);
  t.equal(reissue.statusCode, 303);
  const after = meetingRow(app, id);
  t.equal(after.issue_number, 3, 're-issued under its number');
  t.equal(after.issued_on, '2018-04-25');
  t.equal(one(app, "SELECT max(issue_number) FROM meetings WHERE series_id = ? AND issue_year = 2017", after.series_id), 4, 'no number consumed');
});

t.test('meetings without a series are numbered per working group and year', async (t) => {
  const app = await build(t);
  const newMeeting = (group: number, title: string) =>
    Number(
      app.db.$client
        .prepare("INSERT INTO meetings (group_id, title, starts_at, status) VALUES (?, ?, '2018-04-20T09:00', 'held')")
        .run(group, title).lastInsertRowid,
    );
  const leading = one(app, "SELECT id FROM groups WHERE kind = 'leading' AND enterprise_id IS NULL");
  const gas = one(app, "SELECT id FROM groups WHERE service_line = 'gas'");
  const actor = { userId: null, username: 'test', ip: null };

  const l2 = app.services.minutes.issue(newMeeting(leading, '领导小组第二次会议'), actor);
  t.equal(l2.issueNumber, 2, 'after the leading group meeting of March (2018 第1期)');
  t.equal(l2.issueYear, 2018);
  t.equal(l2.issuingOffice, '镇海区发展和改革局', 'the group’s lead department when there is no series');
  const forum = app.services.minutes.issue(newMeeting(gas, '供气改造施工协调座谈会'), actor);
  t.equal(forum.issueNumber, 1, 'the gas group’s own sequence for 2018, apart from its series (第1–3期 in 2018)');
  const forum2 = app.services.minutes.issue(newMeeting(gas, '供气改造施工协调座谈会（二）'), actor);
  t.equal(forum2.issueNumber, 2);
  const seriesNumbers = app.db.$client
    .prepare("SELECT issue_number FROM meetings WHERE series_id = (SELECT id FROM meeting_series WHERE group_id = ?) AND issue_year = 2018 ORDER BY 1")
    .pluck()
    .all(gas);
  t.same(seriesNumbers, [1, 2, 3], 'the series sequence is untouched');
});

t.test('the meeting page links the exports and shows issue forms to the office only', async (t) => {
  const app = await build(t);
  const id = one(app, "SELECT id FROM meetings WHERE title = '供水专项工作组2018年第4次例会'");
  const office = await loginAs(app, 'office');
  const page = await get(app, `/meetings/${id}`, { cookie: office.cookie });
  t.equal(page.status, 200);
  for (const href of [`/meetings/${id}/minutes.docx`, `/meetings/${id}/print`, `/meetings/${id}/minutes.md`]) t.match(page.body, `href="${href}"`);
  t.match(page.body, `<form method="post" action="/meetings/${id}/minutes/issue"`);
  t.match(page.body, `<input type="hidden" name="_csrf" value="${office.csrf}">`);
  t.match(page.body, 'name="issuedOn" value="2018-04-25"');

  const leader = await loginAs(app, 'leader');
  const seen = await get(app, `/meetings/${id}`, { cookie: leader.cookie });
  t.match(seen.body, `/meetings/${id}/minutes.docx`, 'leaders download');
  t.notMatch(seen.body, '/minutes/issue', 'but see no issue form');

  const planned = one(app, "SELECT id FROM meetings WHERE status = 'planned' LIMIT 1");
  const ahead = await get(app, `/meetings/${planned}`, { cookie: office.cookie });
  t.notMatch(ahead.body, 'minutes.docx', 'a planned meeting has no minutes to download');
  t.match(ahead.body, '会议召开后才能形成和印发纪要。');
});

t.test('open items of the series’ earlier meetings are carried to the next meeting until closed', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const next = one(app, "SELECT id FROM meetings WHERE title = '政企协作小组2018年第3次例会'");
  const open = app.db.$client
    .prepare("SELECT i.id, i.title FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE m.series_id = 1 AND i.status <> 'closed' AND i.kind = 'decision'")
    .all() as { id: number; title: string }[];
  const closed = app.db.$client
    .prepare("SELECT i.title FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE m.series_id = 1 AND i.status = 'closed'")
    .pluck()
    .all() as string[];
  t.ok(open.length >= 3 && closed.length >= 3);

  const carried = app.services.minutes.carriedOver(app.services.meetings.get(next)!.meeting);
  t.same(carried.items.filter((i) => i.kind === 'decision').map((i) => i.id).sort(), open.map((o) => o.id).sort(), 'exactly the open decisions');
  t.equal(carried.previous?.issueNumber, 2, 'the previous meeting is 第2期');

  const page = await get(app, `/meetings/${next}`, { cookie: office.cookie });
  t.match(page.body, '上次会议议定事项落实情况');
  const esc = (s: string) => s.replace(/"/g, '&quot;');
  for (const o of open) t.match(page.body, `<a href="/items/${o.id}">${esc(o.title)}</a>`, o.title);
  for (const title of closed) t.notMatch(page.body, `>${esc(title)}</a>`, `closed: ${title}`);

  // Closing one out takes it off the next meeting's list.
  const first = open[0]!;
  app.db.$client.prepare("UPDATE items SET status = 'closed', closed_on = '2018-04-25' WHERE id = ?").run(first.id);
  const later = app.services.minutes.carriedOver(app.services.meetings.get(next)!.meeting);
  t.notOk(later.items.some((i) => i.id === first.id), 'closed out: no longer carried');

  // Read as of its day, an earlier meeting shows what was open then, not now.
  const past = one(app, "SELECT id FROM meetings WHERE title = '政企协作小组2018年第1次例会'");
  const then = app.services.minutes.carriedOver(app.services.meetings.get(past)!.meeting);
  t.equal(then.asOf, '2018-01-25');
  t.ok(then.items.every((i) => i.sourceTitle !== '政企协作小组2018年第1次例会'), 'nothing from itself');
  t.same(then.previous, { ...then.previous, issueNumber: 4, total: 3 }, 'the 2017 第4期 decisions');
});

t.test('the meetings list links each month’s pack and the calendar feeds', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const res = await get(app, '/meetings', { cookie: leader.cookie });
  t.equal(res.status, 200);
  t.match(res.body, 'href="/minutes/monthly/2018-04.docx"');
  t.match(res.body, 'href="/minutes/monthly/2017-09.docx"');
  t.notMatch(res.body, 'href="/minutes/monthly/2018-05.docx"', 'May has only planned meetings: no pack');
  // The feeds' full addresses, ready to copy into a calendar app (the request's origin here).
  t.match(res.body, 'value="http://localhost:80/calendar/planned.ics"');
  const series = app.db.$client.prepare('SELECT id FROM meeting_series').pluck().all() as number[];
  for (const id of series) t.match(res.body, `value="http://localhost:80/calendar/series/${id}.ics"`);
  const group = one(app, "SELECT id FROM groups WHERE kind = 'coordination'");
  const filtered = await get(app, `/meetings?groupId=${group}`, { cookie: leader.cookie });
  t.match(filtered.body, `href="/minutes/monthly/2018-03.docx?groupId=${group}"`, 'a group’s list links the group’s pack');
});

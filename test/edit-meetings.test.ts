// Meeting series and meeting records through the forms: the cadence chosen in words (the rule
// stays internal) and its next due date shows on /meetings; scheduling the next meeting on its due date; recording a
// meeting with attendance and decisions (each a tracked item); issued minutes freeze all of it
// until reopened; stale versions are refused; staff and leaders may not write.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, get, loginAs, postForm, type Session } from './helper.js';

const one = (app: FastifyInstance, sql: string, ...args: unknown[]) => app.db.$client.prepare(sql).pluck().get(...args);
const waterGroup = (app: FastifyInstance) => one(app, "SELECT id FROM groups WHERE service_line = 'water'") as number;
const waterSeries = (app: FastifyInstance) => one(app, 'SELECT id FROM meeting_series WHERE group_id = ?', waterGroup(app)) as number;

const SERIES = { name: '供水移交调度会', kind: 'dispatch', schedule: 'monthlyNth', nth: '1', weekday: 'MO', dates: '', graceDays: '3', startedOn: '2018-03-01', active: ['0', '1'], issuingOffice: '', distribution: '' };

t.test('the series form offers its cadence in words; the rule stays internal; the next due date shows on /meetings', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const group = String(waterGroup(app));
  const count = () => one(app, 'SELECT count(*) FROM meeting_series');
  const before = count();

  const form = await get(app, '/meeting-series/new', { cookie: office.cookie });
  t.equal(form.status, 200);
  for (const choice of ['每周', '每月（上次开会后一个月内）', '每月第N个星期X', '每两月', '每季度', '自定义日期']) t.match(form.body, `>${choice}</option>`, choice);
  t.match(form.body, '<option value="-1" >最后一个</option>');
  t.match(form.body, '<option value="FR" >星期五</option>');
  t.notMatch(form.body, /RRULE|FREQ=/, 'no rule syntax on the form');

  const noDates = await postForm(app, office, '/meeting-series', { ...SERIES, groupId: group, schedule: 'dates', dates: '' });
  t.equal(noDates.statusCode, 422);
  t.match(noDates.body, /id="f-dates-error">选“自定义日期”时请至少填一个日期/);
  const badDate = await postForm(app, office, '/meeting-series', { ...SERIES, groupId: group, schedule: 'dates', dates: '2018年5月15日\n2018年2月30日' });
  t.equal(badDate.statusCode, 422);
  t.match(badDate.body, /id="f-dates-error">“2018年2月30日”不是有效的日期/);
  t.match(badDate.body, '2018年5月15日\n2018年2月30日</textarea>', 'the dates as typed');
  t.match(badDate.body, 'value="供水移交调度会"', 'the other input kept');
  t.match(badDate.body, '<option value="dates" selected>自定义日期</option>', 'and the choice');
  const early = await postForm(app, office, '/meeting-series', { ...SERIES, groupId: group, schedule: 'dates', dates: '2017-05-15' });
  t.match(early.body, /id="f-dates-error">所填日期都早于开始日期/, 'dates before the start');
  const noWeekday = await postForm(app, office, '/meeting-series', { ...SERIES, groupId: group, weekday: 'XX' });
  t.equal(noWeekday.statusCode, 422);
  t.match(noWeekday.body, /id="f-weekday-error">/);
  t.equal(count(), before, 'nothing saved');

  const saved = await postForm(app, office, '/meeting-series', { ...SERIES, groupId: group });
  t.equal(saved.statusCode, 303);
  const id = one(app, "SELECT id FROM meeting_series WHERE name = '供水移交调度会'") as number;
  t.equal(saved.headers.location, `/meetings?seriesId=${id}`);
  t.same(app.db.$client.prepare('SELECT cadence, rrule FROM meeting_series WHERE id = ?').get(id), { cadence: 'custom', rrule: 'FREQ=MONTHLY;BYDAY=1MO' }, 'stored as the rule the cadence reads');
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'meetingSeries' AND action = 'create' AND entity_id = ?", id), 1);
  const edit = await get(app, `/meeting-series/${id}/edit`, { cookie: office.cookie });
  t.match(edit.body, '<option value="monthlyNth" selected>每月第N个星期X</option>', 'read back as the choice');
  t.match(edit.body, '<option value="1" selected>第一个</option>');
  t.match(edit.body, '<option value="MO" selected>星期一</option>');

  // Held on Monday 2 April: by the rule the next is due on the first Monday of May.
  const held = await postForm(app, office, '/meetings', { seriesId: String(id), groupId: '', title: '供水移交调度会（4月）', kind: 'dispatch', startsOn: '2018-04-02', startsTime: '09:00', endsTime: '10:00', status: 'held', isSample: '0' });
  t.equal(held.statusCode, 303);
  const list = await get(app, '/meetings', { cookie: office.cookie });
  t.match(list.body, /供水移交调度会<\/a>[\s\S]*?每月第一个星期一[\s\S]*?2018年5月7日/, 'its cadence in words and next due date (first Monday of May) on /meetings');

  // Chosen dates: the next is the first listed after the last meeting.
  let version = one(app, 'SELECT version FROM meeting_series WHERE id = ?', id) as number;
  const dates = await postForm(app, office, `/meeting-series/${id}`, { ...SERIES, groupId: group, schedule: 'dates', dates: '2018年6月20日、2018-05-16', version: String(version) });
  t.equal(dates.statusCode, 303);
  t.equal(one(app, 'SELECT rrule FROM meeting_series WHERE id = ?', id), 'RDATE;VALUE=DATE:20180516,20180620');
  t.match((await get(app, '/meetings', { cookie: office.cookie })).body, /自定义日期：2018年5月16日、2018年6月20日[\s\S]*?2018年5月16日/);
  t.match((await get(app, `/meeting-series/${id}/edit`, { cookie: office.cookie })).body, '>2018年5月16日\n2018年6月20日</textarea>');

  // Another cadence keeps no rule; editing with a stale version is refused.
  version = one(app, 'SELECT version FROM meeting_series WHERE id = ?', id) as number;
  const quarterly = await postForm(app, office, `/meeting-series/${id}`, { ...SERIES, groupId: group, schedule: 'quarterly', version: String(version) });
  t.equal(quarterly.statusCode, 303);
  t.same(app.db.$client.prepare('SELECT cadence, rrule FROM meeting_series WHERE id = ?').get(id), { cadence: 'quarterly', rrule: null });
  t.match((await get(app, '/meetings', { cookie: office.cookie })).body, /供水移交调度会<\/a>[\s\S]*?每季度/);
  const stale = await postForm(app, office, `/meeting-series/${id}`, { ...SERIES, groupId: group, schedule: 'weekly', version: String(version) });
  t.equal(stale.statusCode, 409);
  t.equal(one(app, 'SELECT cadence FROM meeting_series WHERE id = ?', id), 'quarterly');
  const inUse = await postForm(app, office, `/meeting-series/${id}/delete`, { version: String(version + 1) });
  t.equal(inUse.statusCode, 409, 'a series with meetings is not deleted');
});

t.test('a rule set over the API that the choices do not cover is kept until another is chosen', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const series = waterSeries(app);
  app.db.$client.prepare("UPDATE meeting_series SET cadence = 'custom', rrule = 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15' WHERE id = ?").run(series);
  const form = await get(app, `/meeting-series/${series}/edit`, { cookie: office.cookie });
  t.match(form.body, '<option value="rule" selected>保持现有的重复规则</option>');
  t.match(form.body, '<input type="hidden" name="rule" value="FREQ&#x3D;MONTHLY;INTERVAL&#x3D;2;BYMONTHDAY&#x3D;15">');
  t.match((await get(app, '/meetings', { cookie: office.cookie })).body, '其他重复规则（通过接口设置）');
  const version = one(app, 'SELECT version FROM meeting_series WHERE id = ?', series) as number;
  const kept = await postForm(app, office, `/meeting-series/${series}`, {
    ...SERIES, groupId: String(waterGroup(app)), name: '供水专项工作组例会', schedule: 'rule', rule: 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15', version: String(version),
  });
  t.equal(kept.statusCode, 303);
  t.equal(one(app, 'SELECT rrule FROM meeting_series WHERE id = ?', series), 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15');
});

t.test('scheduling the next meeting of a series defaults to its due date', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const series = waterSeries(app);
  const list = await get(app, '/meetings', { cookie: office.cookie });
  t.match(list.body, `href="/meetings/new?seriesId=${series}"`);
  const form = await get(app, `/meetings/new?seriesId=${series}`, { cookie: office.cookie });
  t.equal(form.status, 200);
  t.match(form.body, 'name="startsOn" value="2018-05-18"', 'a month after the meeting of 18 April');
  t.match(form.body, 'name="startsTime" value="14:30"', 'at the usual time');
  t.match(form.body, `<option value="${series}" selected>`);
  t.match(form.body, '<option value="planned" selected>');
  const res = await postForm(app, office, '/meetings', { seriesId: String(series), groupId: '', title: '供水专项工作组2018年第5次例会', kind: 'regular', startsOn: '2018-05-18', startsTime: '14:30', endsTime: '', place: '区水利局三楼会议室', status: 'planned' });
  t.equal(res.statusCode, 303);
  const row = app.db.$client.prepare("SELECT * FROM meetings WHERE title = '供水专项工作组2018年第5次例会'").get() as Record<string, unknown>;
  t.equal(row.starts_at, '2018-05-18T14:30');
  t.equal(row.group_id, waterGroup(app), 'the series brings its group');
  t.equal(row.status, 'planned');

  const future = await postForm(app, office, '/meetings', { seriesId: String(series), title: '未来', kind: 'regular', startsOn: '2018-06-01', startsTime: '09:00', status: 'held' });
  t.equal(future.statusCode, 422);
  t.match(future.body, /id="f-status-error">会议日期在今天之后/);
  const badTimes = await postForm(app, office, '/meetings', { seriesId: String(series), title: '时间不对', kind: 'regular', startsOn: '2018-02-30', startsTime: '25:00', endsTime: 'noon', status: 'planned' });
  t.equal(badTimes.statusCode, 422);
  t.match(badTimes.body, /id="f-startsOn-error">请填写有效日期/);
  t.match(badTimes.body, /id="f-startsTime-error">请填写有效的时间，如 14:30/);
  t.match(badTimes.body, /id="f-endsTime-error">/);
  t.match(badTimes.body, 'value="时间不对"', 'input kept');
  const endsFirst = await postForm(app, office, '/meetings', { seriesId: String(series), title: '倒着开', kind: 'regular', startsOn: '2018-05-02', startsTime: '15:00', endsTime: '14:00', status: 'planned' });
  t.match(endsFirst.body, /id="f-endsTime-error">结束时间不能早于开始时间/);
  const otherGroup = await postForm(app, office, '/meetings', { seriesId: String(series), groupId: String(one(app, "SELECT id FROM groups WHERE service_line = 'gas'")), title: '错组', kind: 'regular', startsOn: '2018-05-02', startsTime: '15:00', status: 'planned' });
  t.match(otherGroup.body, /id="f-groupId-error">所选会议制度属于另一个工作组/);
  t.equal(one(app, "SELECT count(*) FROM meetings WHERE title IN ('未来','时间不对','倒着开','错组')"), 0);
});

async function recordMeeting(app: FastifyInstance, office: Session) {
  const series = waterSeries(app);
  const res = await postForm(app, office, '/meetings', {
    seriesId: String(series),
    groupId: '',
    title: '供水专项工作组2018年第5次例会',
    kind: 'regular',
    startsOn: '2018-04-24',
    startsTime: '14:30',
    endsTime: '16:00',
    place: '区水利局三楼会议室',
    chair: '陈××',
    chairPost: '区水利局副局长',
    recorder: '林××',
    topic: '研究镇海炼化家属区供水设施移交',
    heard: '会议听取了镇海炼化关于供水设施资产清查的汇报。',
    summary: '',
    status: 'held',
    isSample: '0',
  });
  return { res, id: Number(String(res.headers.location).split('/').pop()) };
}

t.test('office records a meeting with attendance and two decisions; they show on its page', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const { res, id } = await recordMeeting(app, office);
  t.equal(res.statusCode, 303);
  const meeting = app.db.$client.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as Record<string, unknown>;
  t.equal(meeting.starts_at, '2018-04-24T14:30');
  t.equal(meeting.ends_at, '2018-04-24T16:00');
  t.equal(meeting.status, 'held');

  const page = await get(app, `/meetings/${id}`, { cookie: office.cookie });
  for (const link of ['edit', 'attendance', 'agenda', 'decisions/new']) t.match(page.body, `href="/meetings/${id}/${link}"`, `link: ${link}`);

  // Attendance: one picked from the directory (name left blank), one typed, one excused with a stand-in.
  const member = app.db.$client.prepare('SELECT id, name, unit FROM group_members WHERE group_id = ? ORDER BY sort_order LIMIT 1').get(waterGroup(app)) as { id: number; name: string; unit: string };
  const form = await get(app, `/meetings/${id}/attendance`, { cookie: office.cookie });
  t.equal(form.status, 200);
  t.match(form.body, 'name="rows" value="3"', 'blank rows to fill');
  t.match(form.body, `<option value="${member.id}" >${member.name}`, 'the group’s contact directory to pick from');
  const version = () => String(one(app, 'SELECT version FROM meetings WHERE id = ?', id));
  const rows = {
    rows: '5',
    kind_0: 'present', memberId_0: String(member.id), name_0: '', unit_0: '', post_0: '', standIn_0: '',
    kind_1: 'attending', memberId_1: '', name_1: '周××', unit_1: '镇海炼化', post_1: '公用工程部副主任', standIn_1: '',
    kind_2: 'excused', memberId_2: '', name_2: '吴××', unit_2: '区财政局', post_2: '副局长', standIn_2: '委托张××参会',
    kind_3: 'present', name_3: '', unit_3: '', post_3: '', standIn_3: '',
    kind_4: 'present', name_4: '删掉的人', unit_4: 'x', remove_4: '1',
  };
  const more = await postForm(app, office, `/meetings/${id}/attendance`, { ...rows, version: version(), more: '1' });
  t.equal(more.statusCode, 200, '"more rows" shows the form again');
  t.match(more.body, 'name="rows" value="11"', 'three kept rows and eight blank ones');
  t.match(more.body, 'value="周××"', 'input kept');
  t.notMatch(more.body, '删掉的人', 'the removed row is gone');
  t.equal(one(app, 'SELECT count(*) FROM meeting_attendance WHERE meeting_id = ?', id), 0, 'nothing saved yet');

  const badRow = await postForm(app, office, `/meetings/${id}/attendance`, { ...rows, standIn_1: '不该有', version: version() });
  t.equal(badRow.statusCode, 422);
  t.match(badRow.body, '只有请假人员填写委托参会人');
  t.match(badRow.body, 'value="不该有"');

  const saved = await postForm(app, office, `/meetings/${id}/attendance`, { ...rows, version: version() });
  t.equal(saved.statusCode, 303);
  const attendance = app.db.$client.prepare('SELECT kind, name, unit, stand_in AS standIn, member_id AS memberId FROM meeting_attendance WHERE meeting_id = ? ORDER BY sort_order').all(id);
  t.same(attendance, [
    { kind: 'present', name: member.name, unit: member.unit, standIn: null, memberId: member.id },
    { kind: 'attending', name: '周××', unit: '镇海炼化', standIn: null, memberId: null },
    { kind: 'excused', name: '吴××', unit: '区财政局', standIn: '委托张××参会', memberId: null },
  ]);
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'meeting' AND entity_id = ? AND after LIKE '%周××%'", id), 1, 'audited on the meeting');

  const staleList = await postForm(app, office, `/meetings/${id}/attendance`, { ...rows, name_1: '旧版本', version: String(Number(version()) - 1) });
  t.equal(staleList.statusCode, 409, 'a stale attendance list is refused');
  t.match(staleList.body, '已被他人修改');
  t.match(staleList.body, 'value="旧版本"', 'the input is kept');
  t.equal(one(app, "SELECT count(*) FROM meeting_attendance WHERE name = '旧版本'"), 0);

  // Two decisions, each a tracked item.
  const first = await postForm(app, office, `/meetings/${id}/decisions`, { title: '镇海炼化于5月底前完成供水设施资产清查', leadUnit: '镇海炼化', supportUnits: '区水利局、镇海自来水公司', owner: '周××', dueDate: '2018-05-31', position: '' });
  t.equal(first.statusCode, 303);
  const badDecision = await postForm(app, office, `/meetings/${id}/decisions`, { title: '', leadUnit: '', supportUnits: '', dueDate: '2018-02-30' });
  t.equal(badDecision.statusCode, 422);
  t.match(badDecision.body, /id="f-leadUnit-error">必填/);
  t.match(badDecision.body, /id="f-dueDate-error">请填写有效日期/);
  const second = await postForm(app, office, `/meetings/${id}/decisions`, { title: '区水利局牵头编制改造方案', leadUnit: '区水利局', supportUnits: '区财政局\n镇海炼化, 区发改局', dueDate: '2018-06-30' });
  t.equal(second.statusCode, 303);

  const decisions = app.db.$client
    .prepare("SELECT id, kind, meeting_id AS meetingId, position, lead_unit AS leadUnit, support_units AS supportUnits, due_date AS dueDate, original_due_date AS originalDueDate, status, group_id AS groupId FROM items WHERE meeting_id = ? ORDER BY position")
    .all(id) as Record<string, unknown>[];
  t.equal(decisions.length, 2);
  t.match(decisions[0], { kind: 'decision', meetingId: id, position: 1, leadUnit: '镇海炼化', dueDate: '2018-05-31', originalDueDate: '2018-05-31', status: 'notStarted', groupId: waterGroup(app) });
  t.same(JSON.parse(decisions[0]!.supportUnits as string), ['区水利局', '镇海自来水公司']);
  t.match(decisions[1], { kind: 'decision', meetingId: id, position: 2, leadUnit: '区水利局', dueDate: '2018-06-30' });
  t.same(JSON.parse(decisions[1]!.supportUnits as string), ['区财政局', '镇海炼化', '区发改局']);
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'item' AND action = 'create' AND entity_id IN (?, ?)", decisions[0]!.id, decisions[1]!.id), 2);

  const shown = await get(app, `/meetings/${id}`, { cookie: office.cookie });
  t.match(shown.body, '镇海炼化于5月底前完成供水设施资产清查');
  t.match(shown.body, /牵头单位：镇海炼化；配合单位：区水利局、镇海自来水公司；完成时限：2018年5月31日/);
  t.match(shown.body, /牵头单位：区水利局；配合单位：区财政局、镇海炼化、区发改局；完成时限：2018年6月30日/);
  t.match(shown.body, /周××（镇海炼化）/, 'attending');
  t.match(shown.body, /吴××（区财政局，委托张××参会）/, 'excused with the stand-in');
  t.match(shown.body, `href="/meetings/${id}/decisions/${decisions[0]!.id}/edit"`);

  // Editing a decision's deadline corrects the agreed one; removing one nobody reported on.
  const d2 = decisions[1]!.id as number;
  const edited = await postForm(app, office, `/meetings/${id}/decisions/${d2}`, { title: '区水利局牵头编制改造方案', leadUnit: '区水利局', supportUnits: '区财政局', dueDate: '2018-07-15', version: '1' });
  t.equal(edited.statusCode, 303);
  t.same(app.db.$client.prepare('SELECT due_date AS d, original_due_date AS o FROM items WHERE id = ?').get(d2), { d: '2018-07-15', o: '2018-07-15' });
  const staleDecision = await postForm(app, office, `/meetings/${id}/decisions/${d2}`, { title: '旧', leadUnit: '区水利局', dueDate: '2018-07-15', version: '1' });
  t.equal(staleDecision.statusCode, 409);

  // Stale meeting form.
  const meetingVersion = Number(version());
  const edit = await get(app, `/meetings/${id}/edit`, { cookie: office.cookie });
  t.match(edit.body, 'name="startsTime" value="14:30"');
  t.match(edit.body, `name="version" value="${meetingVersion}"`);
  const ok = await postForm(app, office, `/meetings/${id}`, { seriesId: String(waterSeries(app)), title: '供水专项工作组2018年第5次例会', kind: 'regular', startsOn: '2018-04-24', startsTime: '14:30', place: '区水利局四楼会议室', status: 'held', version: String(meetingVersion) });
  t.equal(ok.statusCode, 303);
  const stale = await postForm(app, office, `/meetings/${id}`, { seriesId: String(waterSeries(app)), title: '供水专项工作组2018年第5次例会', kind: 'regular', startsOn: '2018-04-24', startsTime: '14:30', place: '旧地点', status: 'held', version: String(meetingVersion) });
  t.equal(stale.statusCode, 409, 'a stale meeting is refused');
  t.match(stale.body, '区水利局四楼会议室', 'what changed meanwhile');
  t.match(stale.body, 'value="旧地点"', 'the input is kept');
  t.equal(one(app, 'SELECT place FROM meetings WHERE id = ?', id), '区水利局四楼会议室');
});

t.test('issued minutes freeze the meeting, its attendance, agenda and decisions until reopened', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const { id } = await recordMeeting(app, office);
  await postForm(app, office, `/meetings/${id}/decisions`, { title: '议定一', leadUnit: '区水利局', dueDate: '2018-05-31' });
  const decision = one(app, 'SELECT id FROM items WHERE meeting_id = ?', id) as number;
  const db = app.db.$client;
  const snapshot = () =>
    JSON.stringify([
      db.prepare('SELECT * FROM meetings WHERE id = ?').get(id),
      db.prepare('SELECT * FROM meeting_attendance WHERE meeting_id = ?').all(id),
      db.prepare('SELECT * FROM meeting_agenda WHERE meeting_id = ?').all(id),
      db.prepare('SELECT * FROM items WHERE meeting_id = ?').all(id),
    ]);

  const issued = await postForm(app, office, `/meetings/${id}/minutes/issue`);
  t.equal(issued.statusCode, 303, 'issued through the minutes workflow');
  t.equal(one(app, 'SELECT minutes_status FROM meetings WHERE id = ?', id), 'issued');
  const v = String(one(app, 'SELECT version FROM meetings WHERE id = ?', id));
  const before = snapshot();

  const page = await get(app, `/meetings/${id}`, { cookie: office.cookie });
  t.notMatch(page.body, `href="/meetings/${id}/edit"`, 'no edit links on issued minutes');
  t.match(page.body, '纪要已印发，会议信息、参会人员、议程和议定事项均只读');

  const attempts: [string, string, Record<string, unknown>][] = [
    ['GET', `/meetings/${id}/edit`, {}],
    ['GET', `/meetings/${id}/attendance`, {}],
    ['GET', `/meetings/${id}/decisions/new`, {}],
    ['POST', `/meetings/${id}`, { seriesId: String(waterSeries(app)), title: '改标题', kind: 'regular', startsOn: '2018-04-24', startsTime: '14:30', status: 'held', version: v }],
    ['POST', `/meetings/${id}/attendance`, { rows: '1', kind_0: 'present', name_0: '新增', unit_0: '单位', version: v }],
    ['POST', `/meetings/${id}/agenda`, { rows: '1', title_0: '新议题', version: v }],
    ['POST', `/meetings/${id}/decisions`, { title: '新增议定', leadUnit: '区水利局', dueDate: '2018-06-30' }],
    ['POST', `/meetings/${id}/decisions/${decision}`, { title: '改', leadUnit: '区水利局', dueDate: '2018-06-30', version: '1' }],
    ['POST', `/meetings/${id}/decisions/${decision}/delete`, { version: '1' }],
    ['POST', `/meetings/${id}/delete`, { version: v }],
  ];
  for (const [method, url, fields] of attempts) {
    const res = method === 'GET' ? await get(app, url, { cookie: office.cookie }) : await postForm(app, office, url, fields).then((r) => ({ status: r.statusCode, body: r.body }));
    t.equal(res.status, 409, `${method} ${url} refused`);
    t.match(res.body, '纪要已印发（第', `${method} ${url} says why`);
  }
  t.equal(snapshot(), before, 'nothing changed');

  const reopened = await postForm(app, office, `/meetings/${id}/minutes/reopen`);
  t.equal(reopened.statusCode, 303);
  const v2 = String(one(app, 'SELECT version FROM meetings WHERE id = ?', id));
  const again = await postForm(app, office, `/meetings/${id}`, { seriesId: String(waterSeries(app)), title: '改标题', kind: 'regular', startsOn: '2018-04-24', startsTime: '14:30', status: 'held', version: v2 });
  t.equal(again.statusCode, 303, 'after reopening the meeting can be edited again');
  t.equal(one(app, 'SELECT title FROM meetings WHERE id = ?', id), '改标题');
  const agenda = await postForm(app, office, `/meetings/${id}/agenda`, { rows: '2', position_0: '2', title_0: '第二项', position_1: '1', title_1: '第一项', itemId_1: String(decision), version: String(Number(v2) + 1) });
  t.equal(agenda.statusCode, 303);
  t.same(db.prepare('SELECT position, title, item_id AS itemId FROM meeting_agenda WHERE meeting_id = ? ORDER BY position').all(id), [
    { position: 1, title: '第一项', itemId: decision },
    { position: 2, title: '第二项', itemId: null },
  ]);
  const removed = await postForm(app, office, `/meetings/${id}/decisions/${decision}/delete`, { version: '1' });
  t.equal(removed.statusCode, 303, 'and a decision removed');
  t.equal(one(app, 'SELECT count(*) FROM items WHERE id = ?', decision), 0);
  const deleted = await postForm(app, office, `/meetings/${id}/delete`, { version: String(one(app, 'SELECT version FROM meetings WHERE id = ?', id)) });
  t.equal(deleted.statusCode, 409, 'minutes once numbered: the meeting stays');
  t.match(deleted.body, '不能删除');
});

t.test('a decision someone reported on is not removed; a meeting with decisions is not deleted', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const { id } = await recordMeeting(app, office);
  await postForm(app, office, `/meetings/${id}/decisions`, { title: '议定一', leadUnit: '区水利局', dueDate: '2018-05-31' });
  const decision = one(app, 'SELECT id FROM items WHERE meeting_id = ?', id) as number;
  const v = String(one(app, 'SELECT version FROM meetings WHERE id = ?', id));
  const withDecision = await postForm(app, office, `/meetings/${id}/delete`, { version: v });
  t.equal(withDecision.statusCode, 409);
  t.match(withDecision.body, '请先删除议定事项');
  app.db.$client.prepare("INSERT INTO item_updates (item_id, on_date, from_status, to_status, note) VALUES (?, '2018-04-25', 'notStarted', 'inProgress', '已启动')").run(decision);
  app.db.$client.prepare("UPDATE items SET status = 'inProgress' WHERE id = ?").run(decision);
  const reported = await postForm(app, office, `/meetings/${id}/decisions/${decision}/delete`, { version: '1' });
  t.equal(reported.statusCode, 409);
  t.match(reported.body, '已有进展');
  t.equal(one(app, 'SELECT count(*) FROM items WHERE id = ?', decision), 1);
});

t.test('staff and leaders may not write meetings or series', async (t) => {
  const app = await build(t);
  const meeting = one(app, "SELECT id FROM meetings WHERE minutes_status = 'draft' AND status = 'held'") as number;
  const series = waterSeries(app);
  const db = app.db.$client;
  const snapshot = () => JSON.stringify([db.prepare('SELECT * FROM meetings').all(), db.prepare('SELECT * FROM meeting_series').all(), db.prepare('SELECT count(*) FROM items').get()]);
  const before = snapshot();
  for (const role of ['staff', 'leader'] as const) {
    const session = await loginAs(app, role);
    for (const [url, fields] of [
      ['/meeting-series', { ...SERIES, groupId: String(waterGroup(app)), cadence: 'monthly' }],
      [`/meeting-series/${series}`, { ...SERIES, cadence: 'weekly', version: '1' }],
      ['/meetings', { seriesId: String(series), title: 'x', kind: 'regular', startsOn: '2018-05-01', startsTime: '09:00', status: 'planned' }],
      [`/meetings/${meeting}`, { title: 'x', version: '1' }],
      [`/meetings/${meeting}/attendance`, { rows: '1', kind_0: 'present', name_0: 'x', unit_0: 'y', version: '1' }],
      [`/meetings/${meeting}/decisions`, { title: 'x', leadUnit: 'y', dueDate: '2018-05-01' }],
    ] as const) {
      t.equal((await postForm(app, session, url, fields)).statusCode, 403, `${role}: ${url}`);
    }
    const page = await get(app, `/meetings/${meeting}`, { cookie: session.cookie });
    t.notMatch(page.body, `/meetings/${meeting}/edit`, `${role} sees no edit links`);
    t.notMatch((await get(app, '/meetings', { cookie: session.cookie })).body, 'href="/meetings/new', `${role} sees no scheduling link`);
  }
  t.equal(snapshot(), before, 'nothing changed');
});

t.test('hostile input to the group and meeting forms and API: never a 500', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const token = await app.services.accounts.createToken({ userId: office.userId, username: 'office', ip: null }, office.userId, 'test');
  const water = waterGroup(app);
  const series = waterSeries(app);
  const { id: meeting } = await recordMeeting(app, office);
  await postForm(app, office, `/meetings/${meeting}/decisions`, { title: '议定一', leadUnit: '区水利局', dueDate: '2018-05-31' });
  const decision = one(app, 'SELECT id FROM items WHERE meeting_id = ?', meeting) as number;
  const member = one(app, 'SELECT id FROM group_members WHERE group_id = ? LIMIT 1', water) as number;
  const values: unknown[] = ['', ' ', '<script>alert(1)</script>', "' OR 1=1 --", '2018-02-30', '1e309', '-1', '99999999999999999999', 'x'.repeat(20_000), ['a', 'b'], '\u0000\uFFFF', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'];
  const forms: [string, string[]][] = [
    ['/groups', ['name', 'kind', 'parentId', 'serviceLine', 'enterpriseId', 'establishedOn', 'sortOrder']],
    [`/groups/${water}/members`, ['name', 'unit', 'phone', 'email', 'userId', 'sortOrder']],
    [`/groups/${water}/members/${member}`, ['name', 'unit', 'phone', 'email', 'version']],
    ['/meeting-series', ['groupId', 'name', 'kind', 'schedule', 'nth', 'weekday', 'dates', 'rule', 'graceDays', 'startedOn']],
    [`/meeting-series/${series}`, ['schedule', 'dates', 'rule', 'version']],
    ['/meetings', ['seriesId', 'groupId', 'title', 'kind', 'startsOn', 'startsTime', 'endsTime', 'status']],
    [`/meetings/${meeting}`, ['seriesId', 'title', 'startsOn', 'startsTime', 'status', 'version']],
    [`/meetings/${meeting}/attendance`, ['rows', 'kind_0', 'memberId_0', 'name_0', 'unit_0', 'standIn_0', 'version', 'more']],
    [`/meetings/${meeting}/agenda`, ['rows', 'position_0', 'title_0', 'itemId_0', 'version']],
    [`/meetings/${meeting}/decisions`, ['title', 'leadUnit', 'supportUnits', 'dueDate', 'position']],
    [`/meetings/${meeting}/decisions/${decision}`, ['title', 'leadUnit', 'supportUnits', 'dueDate', 'version']],
  ];
  for (const [url, names] of forms) {
    for (const value of values) {
      const res = await postForm(app, office, url, Object.fromEntries(names.map((n) => [n, value])));
      t.ok(res.statusCode < 500, `${url} with ${JSON.stringify(value).slice(0, 30)}: ${res.statusCode}`);
      t.notMatch(res.body, '<script>alert(1)', 'shown escaped');
    }
  }
  const json: unknown[] = [null, 5, 'x', [], { a: 1 }, true, -3.5];
  for (const [url, fields] of [
    ['/api/v1/groups', ['name', 'kind', 'parentId', 'sortOrder']],
    ['/api/v1/meeting-series', ['groupId', 'cadence', 'rrule', 'graceDays', 'startedOn', 'active']],
    ['/api/v1/meetings', ['seriesId', 'groupId', 'title', 'startsAt', 'status', 'attendance', 'agenda']],
  ] as const) {
    for (const value of json) {
      const body = Object.fromEntries(fields.map((n) => [n, value]));
      for (const [method, target] of [['POST', url], ['PATCH', `${url}/1`]] as const) {
        const res = await app.inject({ method, url: target, headers: { authorization: `Bearer ${token}` }, payload: { ...body, version: value } as Record<string, unknown> });
        t.ok(res.statusCode < 500, `${method} ${target} with ${JSON.stringify(value)}: ${res.statusCode}`);
      }
    }
  }
});

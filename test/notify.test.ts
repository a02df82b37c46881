// 督办 that pushes: China's working days (with 2018's 调休 and the admin's corrections), deadlines
// in working days, the escalation ladder on the demo data as of 2018-04-25 (reminders, numbered
// 催办单, raised to leaders, month-end 通报; once only; stopping at done), 签收 rights, the inbox
// (own messages, unread count, mark read) and the admin pages.
import t from 'tap';
import { build, get, loginAs, postForm } from './helper.js';

const q = (server: Awaited<ReturnType<typeof build>>) => server.db.$client;

t.test('working days follow 2018’s holidays and 调休, and the admin’s corrections', async (t) => {
  const server = await build(t);
  const cal = server.services.workingDays.calendar();
  t.equal(cal.isWorkday('2018-04-08'), true, 'Sunday 8 April 2018 is a make-up working day (清明)');
  t.equal(cal.isWorkday('2018-04-05'), false, '清明 is a holiday');
  t.equal(cal.isWorkday('2018-04-28'), true, 'Saturday 28 April is a make-up working day (劳动节)');
  t.equal(cal.isWorkday('2018-04-30'), false);
  t.equal(cal.between('2018-04-25', '2018-04-30'), 3, '26, 27 and the working Saturday 28');
  t.equal(cal.addWorkdays('2018-04-25', 5), '2018-05-03', 'five working days: 26, 27, 28, 2 and 3 May');
  t.equal(cal.nthWorkdayBack('2018-04-25', 1), '2018-04-25');
  t.equal(cal.nthWorkdayBack('2018-05-01', 1), '2018-04-28');
  t.same(cal.standing('2018-04-20', '2018-04-25'), { overdue: true, workdays: 3 });

  const admin = await loginAs(server, 'admin');
  const page = await get(server, '/admin/working-days?year=2018', { cookie: admin.cookie });
  t.equal(page.status, 200);
  t.match(page.body, '劳动节');
  t.match(page.body, '调休上班');

  const bad = await postForm(server, admin, '/admin/working-days', { day: '2018-02-30', work: '0', name: '错误的一天' });
  t.equal(bad.statusCode, 422, 'an impossible day is refused');
  t.match(bad.body, '错误的一天', 'with the input kept');
  const saved = await postForm(server, admin, '/admin/working-days', { day: '2018-04-27', work: '0', name: '临时放假' });
  t.equal(saved.statusCode, 303);
  t.equal(server.services.workingDays.calendar().between('2018-04-25', '2018-04-30'), 2, 'the correction wins over the library');
  const row = q(server).prepare("SELECT id, version FROM working_days WHERE day = '2018-04-27'").get() as { id: number; version: number };
  t.equal(q(server).prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'workingDay' AND entity_id = ?").pluck().get(row.id), 1, 'audited');
  const listed = await get(server, '/admin/working-days?year=2018', { cookie: admin.cookie });
  t.match(listed.body, '临时放假');
  const removed = await postForm(server, admin, `/admin/working-days/${row.id}/delete`, { version: String(row.version), year: '2018' });
  t.equal(removed.statusCode, 303);
  t.equal(server.services.workingDays.calendar().between('2018-04-25', '2018-04-30'), 3, 'removed: the library holds again');

  const unknown = await get(server, '/admin/working-days?year=2099', { cookie: admin.cookie });
  t.match(unknown.body, '内置数据尚未收录2099年', 'a year the library does not know is said so');
});

t.test('a deadline in working days', async (t) => {
  const server = await build(t);
  const office = await loginAs(server, 'office');
  const group = q(server).prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;
  const res = await postForm(server, office, '/items', { kind: 'milestone', title: '五个工作日内报送清单', leadUnit: '区水利局', groupId: String(group), dueDate: '', dueWorkdays: '5' });
  t.equal(res.statusCode, 303);
  const id = Number(res.headers.location!.split('/').pop());
  const item = q(server).prepare('SELECT due_date AS dueDate, due_workdays AS n FROM items WHERE id = ?').get(id);
  t.same(item, { dueDate: '2018-05-03', n: 5 }, 'counted over the 劳动节 holiday and its working Saturday');
  const page = await get(server, `/items/${id}`, { cookie: office.cookie });
  t.match(page.body, '5 个工作日内');
  t.match(page.body, '5 个工作日内到期', 'from 25 April: 26, 27, 28 April, 2 and 3 May');
});

t.test('the ladder on the demo as of 2018-04-25: each step once, numbered, audited, in the inboxes', async (t) => {
  const server = await build(t);
  const office = await loginAs(server, 'office');
  const leader = await loginAs(server, 'leader');
  const staff = await loginAs(server, 'staff');
  const before = q(server).prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'escalation'").pluck().get();
  t.equal(before, 0);

  const run = server.services.escalations.run('2018-04-25');
  t.same({ ...run, messages: undefined }, { day: '2018-04-25', reminder: 2, urge: 10, escalation: 6, report: 0, messages: undefined }, 'the steps the seed’s items call for');
  const urges = q(server).prepare("SELECT item_id AS itemId, number, year, workdays FROM escalations WHERE step = 'urge' ORDER BY number").all() as { itemId: number; number: number; year: number; workdays: number }[];
  t.same(urges.map((u) => u.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], '催办单 numbered 1 to 10 in 2018');
  t.ok(urges.every((u) => u.year === 2018));
  t.equal(q(server).prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'escalation'").pluck().get(), 18, 'one audit entry per step');
  // Item 45 (due 2017-12-31) is 78 working days overdue and raised to the leader.
  t.same(q(server).prepare('SELECT step, workdays FROM escalations WHERE item_id = 45 ORDER BY id').all(), [{ step: 'urge', workdays: 78 }, { step: 'escalation', workdays: 78 }]);

  const again = server.services.escalations.run('2018-04-25');
  t.same([again.reminder, again.urge, again.escalation, again.messages], [0, 0, 0, 0], 'a second run of the day sends nothing again');
  t.same([server.services.escalations.run('2018-04-26').urge], [0], 'nor the next day');

  // Who heard: the water group's staff (their items), the leaders (raised items), the office (lead units without accounts).
  const staffInbox = await get(server, '/inbox', { cookie: staff.cookie });
  t.equal(staffInbox.status, 200);
  t.match(staffInbox.body, '浙能镇海发电供水框架协议签订');
  t.notMatch(staffInbox.body, '镇海港埠物业分离移交摸底调查', 'not another group’s item');
  t.match(staffInbox.body, /class="badge">2</, 'two unread in the header');
  const leaderInbox = await get(server, '/inbox', { cookie: leader.cookie });
  t.match(leaderInbox.body, '提级督办');
  t.match(leaderInbox.body, '镇海港埠物业分离移交摸底调查');
  t.match(leaderInbox.body, /class="badge">6</);
  const officeInbox = await get(server, '/inbox', { cookie: office.cookie });
  t.match(officeInbox.body, '加快镇海炼化&quot;三供&quot;实施协议商谈', 'reminder of a lead unit without accounts reaches the office');

  // The item's page: where the deadline stands in working days, and the steps taken.
  const item = await get(server, '/items/45', { cookie: staff.cookie });
  t.match(item.body, '逾期 78 个工作日');
  t.match(item.body, '发出催办单〔2018〕第1号');
  t.match(item.body, '提级督办');

  // Month end: the raised items still open are listed as 通报, once; a finished one stops.
  q(server).prepare("UPDATE items SET status = 'done', done_on = '2018-04-26' WHERE id = 14").run();
  const monthEnd = server.services.escalations.run('2018-04-30');
  t.equal(monthEnd.escalation, 4, 'the four items due on 20 April are six working days overdue on the 30th: raised');
  t.equal(monthEnd.report, 9, 'ten raised, one finished since');
  const notices = server.services.escalations.noticesOf('2018-04');
  t.equal(notices.total, 9);
  t.notOk(notices.rows.some((r) => r.itemId === 14), 'the finished item is not listed');
  t.equal(server.services.escalations.run('2018-04-30').report, 0, 'listed once');
  const page = await get(server, '/notices/2018-04', { cookie: leader.cookie });
  t.match(page.body, '镇海港埠物业分离移交摸底调查');
  t.match(await get(server, '/inbox', { cookie: leader.cookie }).then((r) => r.body), '2018年4月通报事项已生成，共 9 项');
  t.equal(server.services.minutes.monthlyPack('2018-04').changes.at(-1)!.heading, '本月通报事项（9 项）', 'the monthly pack lists them');

  // A delay opens a new cycle: the new deadline's steps come when it is due, not before.
  q(server).prepare("UPDATE items SET due_date = '2018-06-29' WHERE id = 45").run();
  const later = server.services.escalations.run('2018-04-27');
  t.equal(q(server).prepare("SELECT count(*) FROM escalations WHERE item_id = 45 AND cycle = '2018-06-29'").pluck().get(), 0, 'nothing for the new deadline yet');
  t.equal(later.urge, 0);
});

t.test('a disabled ladder takes no step; the admin edits the ladder', async (t) => {
  const server = await build(t);
  const admin = await loginAs(server, 'admin');
  const page = await get(server, '/admin/ladder', { cookie: admin.cookie });
  t.equal(page.status, 200);
  t.match(page.body, '逾期多少个工作日发催办单');
  const version = (kind: string) => String(q(server).prepare('SELECT version FROM escalation_ladders WHERE kind = ?').pluck().get(kind));
  const bad = await postForm(server, admin, '/admin/ladder/milestone', { enabled: '1', remindBefore: '3', urgeAfter: '0', escalateAfter: '5', reportAtMonthEnd: '1', version: version('milestone') });
  t.equal(bad.statusCode, 422, 'a 催办单 needs at least one working day overdue');
  for (const kind of ['milestone', 'decision', 'problem']) {
    const res = await postForm(server, admin, `/admin/ladder/${kind}`, { enabled: '0', remindBefore: '3', urgeAfter: '1', escalateAfter: '5', reportAtMonthEnd: '1', version: version(kind) });
    t.equal(res.statusCode, 303);
  }
  const stale = await postForm(server, admin, '/admin/ladder/problem', { enabled: '1', remindBefore: '2', urgeAfter: '1', escalateAfter: '5', reportAtMonthEnd: '1', version: '1' });
  t.equal(stale.statusCode, 409, 'saving over a newer version is refused');
  t.equal(q(server).prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'escalationLadder'").pluck().get(), 3);
  const run = server.services.escalations.run('2018-04-25');
  t.same([run.reminder, run.urge, run.escalation], [0, 0, 0]);
});

t.test('签收 by the lead unit’s working group or the office; once', async (t) => {
  const server = await build(t);
  server.services.escalations.run('2018-04-25');
  const urgeOf = (itemId: number) => q(server).prepare("SELECT id FROM escalations WHERE step = 'urge' AND item_id = ?").pluck().get(itemId) as number;
  const water = urgeOf(43); // 浙能镇海发电供水框架协议签订: the water group's
  const property = urgeOf(45); // the property group's
  const staff = await loginAs(server, 'staff');
  const leader = await loginAs(server, 'leader');
  const office = await loginAs(server, 'office');

  const sheet = await get(server, `/urges/${water}`, { cookie: staff.cookie });
  t.equal(sheet.status, 200);
  t.match(sheet.body, '督办事项催办单');
  t.match(sheet.body, '〔2018〕第4号');
  t.match(sheet.body, '区水利局：');
  t.match(sheet.body, '未签收');
  t.match(sheet.body, 'action="/urges/');

  t.equal((await postForm(server, staff, `/urges/${property}/sign`)).statusCode, 403, 'not the staff of another group');
  t.equal((await postForm(server, leader, `/urges/${water}/sign`)).statusCode, 403, 'not a leader');
  const signed = await postForm(server, staff, `/urges/${water}/sign`);
  t.equal(signed.statusCode, 303);
  const row = q(server).prepare('SELECT signed_by_name AS name, signed_on AS day FROM escalations WHERE id = ?').get(water);
  t.same(row, { name: '测试staff', day: '2018-04-25' });
  t.equal(q(server).prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'escalation' AND entity_id = ? AND action = 'update'").pluck().get(water), 1, 'audited');
  t.equal((await postForm(server, office, `/urges/${water}/sign`)).statusCode, 409, 'signed once');
  t.equal((await postForm(server, office, `/urges/${property}/sign`)).statusCode, 303, 'the office may sign any');
  t.match((await get(server, `/urges/${water}`, { cookie: leader.cookie })).body, '测试staff 于2018年4月25日签收');
  t.match((await get(server, '/items/43', { cookie: leader.cookie })).body, '测试staff 于2018年4月25日签收', 'on the item’s page too');
});

t.test('the inbox: own messages only, mark one and all read', async (t) => {
  const server = await build(t);
  server.services.escalations.run('2018-04-25');
  const staff = await loginAs(server, 'staff');
  const leader = await loginAs(server, 'leader');
  const mine = q(server).prepare('SELECT id, link FROM notifications WHERE user_id = ? ORDER BY id').all(staff.userId) as { id: number; link: string }[];
  t.equal(mine.length, 2);
  const theirs = q(server).prepare('SELECT id FROM notifications WHERE user_id = ? LIMIT 1').pluck().get(leader.userId) as number;

  t.equal((await postForm(server, staff, `/inbox/${theirs}/read`)).statusCode, 404, 'another user’s message is not there');
  t.equal(q(server).prepare('SELECT read_at FROM notifications WHERE id = ?').pluck().get(theirs), null, 'and stays unread');

  const opened = await postForm(server, staff, `/inbox/${mine[0]!.id}/read`, { open: '1' });
  t.equal(opened.statusCode, 303);
  t.equal(opened.headers.location, mine[0]!.link, 'opening goes to the 催办单');
  t.match(mine[0]!.link, /^\/urges\/\d+$/);
  t.match((await get(server, '/inbox', { cookie: staff.cookie })).body, /class="badge">1</);
  const unreadOnly = await get(server, '/inbox?unread=1', { cookie: staff.cookie });
  t.equal((unreadOnly.body.match(/class="inbox-message/g) ?? []).length, 1);

  const all = await postForm(server, staff, '/inbox/read-all');
  t.equal(all.statusCode, 303);
  t.equal(all.headers.location, '/inbox?marked=1');
  const after = await get(server, '/inbox?marked=1', { cookie: staff.cookie });
  t.notMatch(after.body, 'class="badge"', 'no unread left');
  t.match(after.body, '已将 1 条消息标为已读');
  t.equal(q(server).prepare('SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL').pluck().get(leader.userId), 6, 'the leader’s are untouched');
});

t.test('the daily job notify runs the ladder through the scheduler, once per day', async (t) => {
  const server = await build(t);
  const [first] = await server.scheduler.runDay('2018-04-25', { only: ['notify'] });
  t.equal(first!.status, 'done');
  t.match(first!.outcome, 'ladder: 2 reminders, 10 urging notices, 6 raised to leaders, 0 month-end notices');
  t.match(first!.outcome, '(no channel configured)');
  const [second] = await server.scheduler.runDay('2018-04-25', { only: ['notify'] });
  t.equal(second!.status, 'skipped');
  const forced = await server.scheduler.runDay('2018-04-25', { only: ['notify'], force: true });
  t.match(forced[0]!.outcome, 'ladder: 0 reminders, 0 urging notices, 0 raised to leaders', 'forced again: nothing is sent twice');
});

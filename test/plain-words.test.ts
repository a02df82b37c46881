// Plain Chinese on every screen (issue 13, point 5): the audit page in local time with labelled
// changes, policy deadlines and month headers in Chinese, one term per field in the 纪要 and on the
// item page, staff landing on their own items, calendar addresses with a feed token to copy, and
// the meeting-series form offering its cadence in words while the RRULE stays internal.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, get, loginAs, postForm, type Session } from './helper.js';

const one = (app: FastifyInstance, sql: string, ...args: unknown[]) => app.db.$client.prepare(sql).pluck().get(...args) as unknown;
/** The visible text of an HTML fragment, tags removed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ').replace(/\s+/g, ' ');

async function api(app: FastifyInstance, session: Session) {
  const token = app.services.accounts.createToken({ userId: session.userId, username: 'test', ip: null }, session.userId, 'test');
  return (method: string, url: string, body?: unknown) =>
    app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> | undefined });
}

t.test('the audit page shows local times and each change under its Chinese label', async (t) => {
  const app = await build(t);
  const admin = await loginAs(app, 'admin');
  const office = await loginAs(app, 'office');
  const call = await api(app, office);
  const enterprise = (await call('GET', '/api/v1/enterprises/1')).json();
  t.equal((await call('PATCH', '/api/v1/enterprises/1', { version: enterprise.version, level: 'provincial', notes: '层级按省国资委文件更正' })).statusCode, 200);
  const item = (await call('GET', '/api/v1/items?status=inProgress&pageSize=1')).json().rows[0];
  t.equal((await call('POST', `/api/v1/items/${item.id}/status`, { status: 'done', note: '已报区住建局', version: item.version })).statusCode, 200);
  t.equal((await call('POST', '/api/v1/handovers/1/stages/implementation/done', { actualDate: '2018-04-20' })).statusCode, 200);
  t.equal((await call('POST', '/api/v1/meeting-series', { groupId: 1, name: '月度调度会', kind: 'dispatch', cadence: 'quarterly', startedOn: '2018-05-01' })).statusCode, 201);
  t.equal((await get(app, '/minutes/monthly/2017-12.docx', { cookie: office.cookie })).status, 200, 'a monthly pack exported');
  t.equal((await postForm(app, admin, '/admin/settings', { organisationName: '示例区', programmeTitle: '“三供一业”分离移交', minutesOrgan: '示例区发展和改革局', version: '1' })).statusCode, 303);

  const created = await call('POST', '/api/v1/items', { kind: 'problem', title: '外供水用户收费分歧', leadUnit: '区发改局', dueDate: '2018-06-30', groupId: 3 });
  t.equal(created.statusCode, 201);
  t.equal((await call('POST', `/api/v1/items/${created.json().id}/delay-requests`, { newDueDate: '2018-07-31', reason: '待市里答复' })).statusCode, 201);
  const agreement = (await call('GET', '/api/v1/agreements/1')).json();
  t.equal((await call('PATCH', '/api/v1/agreements/1', { version: agreement.version, status: 'inForce' })).statusCode, 200);
  t.equal((await get(app, '/admin/audit.csv', { cookie: admin.cookie })).status, 200, 'the log exported');
  t.equal((await postForm(app, office, '/profile/feed-tokens', { name: '手机日历' })).statusCode, 200);

  const page = await get(app, '/admin/audit', { cookie: admin.cookie });
  t.equal(page.status, 200);
  const table = page.body.slice(page.body.indexOf('<table'), page.body.indexOf('</table>'));
  const text = textOf(table);
  t.notMatch(text, /\d{4}-\d{2}-\d{2}T|Z\b/, 'no UTC ISO times');
  t.match(table, /data-label="时间">\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}</, 'local date and time in words');
  t.notMatch(text, /monthlyPack|meetingSeries|[{}"]/, 'no raw names, no JSON');
  t.notMatch(text, /\b[a-z]+[A-Z]\w*\b/, 'no field names in code');
  t.match(table, '导出</td>', 'an export');
  t.match(text, /月度纪要汇编 2017年12月 月份： 2017年12月 .*文件格式： docx/, 'the monthly pack by its month');
  t.match(text, '会议制度 #6', 'a record by its kind in Chinese');
  t.match(table, '<a href="/meetings?seriesId&#x3D;6">会议制度 #6</a>', 'linked to its page');
  t.match(text, '频次： 每季度', 'an enumeration in words');
  t.match(text, '企业层级： 中央企业 → 省属', 'a change with its label, before and after');
  t.match(text, '实施协议（移交协议）签订 · 实际日期： — → 2018年4月20日');
  t.match(text, '地区或单位名称： 镇海区 → 示例区');
  t.match(text, '系统设置 #1');
  t.match(text, '日历订阅口令 #1');
  t.match(text, '系统 权限变更 用户 #1 登录名： admin', 'the system named in Chinese');
  t.match(text, '配合单位： — ', 'an empty list as a dash');
  t.match(text, '用途： 日历订阅');
  t.match(page.body, '<option value="monthlyPack" >月度纪要汇编</option>', 'the record filter in words');
});

t.test('staff land on their own items after signing in; others on the dashboard; an asked-for page wins', async (t) => {
  const app = await build(t);
  const landing = async (role: 'staff' | 'leader', next?: string) => {
    const page = await app.inject({ method: 'GET', url: '/login' });
    const pre = /csrf_pre=([^;]+)/.exec(String(page.headers['set-cookie']))![1]!;
    const { ensureUser, TEST_PASSWORD } = await import('./helper.js');
    const username = await ensureUser(app, role);
    const res = await app.inject({ method: 'POST', url: '/login', headers: { cookie: `csrf_pre=${pre}` }, payload: { username, password: TEST_PASSWORD, _csrf: pre, ...(next ? { next } : {}) } });
    return res.headers.location;
  };
  t.equal(await landing('staff'), '/my', 'staff: my items');
  t.equal(await landing('staff', '/'), '/my', 'also from the sign-in a visit of / led to');
  t.equal(await landing('staff', '/items?overdue=1'), '/items?overdue=1', 'a page asked for');
  t.equal(await landing('leader'), '/', 'a leader: the dashboard');
});

t.test('policy deadlines, month headers and the 纪要 speak the interface language and the glossary', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const deadlines = await get(app, '/policy-deadlines', { cookie: leader.cookie });
  t.equal(deadlines.status, 200);
  const names = app.db.$client.prepare('SELECT name, name_en AS nameEn FROM policy_deadlines WHERE name_en IS NOT NULL').all() as { name: string; nameEn: string }[];
  t.ok(names.length >= 3, `${names.length} deadlines have an English name`);
  for (const d of names) {
    t.match(deadlines.body, d.name, `${d.name} in Chinese`);
    t.notMatch(deadlines.body, d.nameEn, 'not its English name');
  }
  t.notMatch(textOf(deadlines.body.slice(deadlines.body.indexOf('<main'))), /[A-Za-z]{3,}/, 'no English words on the page');
  const english = await get(app, '/policy-deadlines', { cookie: `${leader.cookie}; lang=en` });
  t.match(english.body, '<html lang="en">');
  t.match(english.body, names[0]!.nameEn, 'the English interface shows the English name');

  const meetings = await get(app, '/meetings', { cookie: leader.cookie });
  t.match(meetings.body, /scope="rowgroup">2018年4月/, 'month headers in words');
  t.notMatch(meetings.body, /scope="rowgroup">\d{4}-\d{2}/, 'not 2018-04');

  // The 纪要 and the item page call the supporting units the same: 配合单位 (GLOSSARY).
  const item = app.db.$client.prepare("SELECT id, meeting_id AS meetingId FROM items WHERE kind = 'decision' AND support_units <> '[]' AND meeting_id IS NOT NULL LIMIT 1").get() as { id: number; meetingId: number };
  t.match((await get(app, `/items/${item.id}`, { cookie: leader.cookie })).body, '配合单位');
  const minutes = await get(app, `/meetings/${item.meetingId}/print`, { cookie: leader.cookie });
  t.equal(minutes.status, 200);
  t.match(minutes.body, '配合单位：');
  t.notMatch(minutes.body, '责任单位');
});

t.test('the calendar section shows full subscription addresses with a feed token to copy', async (t) => {
  const app = await build(t, { env: { PUBLIC_URL: 'https://tracker.example.gov.cn' } });
  const staff = await loginAs(app, 'staff');
  const page = await get(app, '/meetings', { cookie: staff.cookie });
  t.match(page.body, 'value="https://tracker.example.gov.cn/calendar/planned.ics"', 'the full address, from PUBLIC_URL');
  t.match(page.body, 'action="/meetings/calendar-address"', 'one click to get addresses with a token');
  const before = one(app, 'SELECT count(*) FROM feed_tokens');
  const made = await postForm(app, staff, '/meetings/calendar-address', {});
  t.equal(made.statusCode, 200);
  t.equal(one(app, 'SELECT count(*) FROM feed_tokens'), (before as number) + 1, 'a feed token made');
  const token = /value="https:\/\/tracker\.example\.gov\.cn\/calendar\/planned\.ics\?token&#x3D;([^"]+)"/.exec(made.body)?.[1];
  t.ok(token, 'the planned meetings’ address carries it');
  const series = one(app, 'SELECT id FROM meeting_series ORDER BY id LIMIT 1') as number;
  t.match(made.body, `value="https://tracker.example.gov.cn/calendar/series/${series}.ics?token&#x3D;${token}"`, 'so does each series’');
  t.match(made.body, '口令只显示这一次');
  const feed = await app.inject({ method: 'GET', url: `/calendar/planned.ics?token=${decodeURIComponent(token!)}` });
  t.equal(feed.statusCode, 200, 'a calendar app reads the feed with it');
  t.match(feed.body, 'BEGIN:VCALENDAR');
  t.notMatch((await get(app, '/meetings', { cookie: staff.cookie })).body, token!, 'shown once only');
});

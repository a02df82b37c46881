// Calendar feeds and exports (issue 10, point 4; issue 13, point 8): every property escaped, no
// control character in a feed, a Markdown or a Word file, a read-only feed token of its own
// (never the personal API token) that stays out of the request log; a cancelled meeting says so
// and each event links to its meeting page.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { strFromU8, unzipSync } from 'fflate';
import ICAL from 'ical.js';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import t from 'tap';
import app from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { loggerOptions } from '../server/logger.js';
import { build, get, loginAs, postForm } from './helper.js';

type App = Awaited<ReturnType<typeof build>>;
const one = (app: App, query: string, ...params: unknown[]) => app.db.$client.prepare(query).pluck().get(...params) as number;
/** C0 controls other than CR and LF (which end iCalendar lines) and DEL. */
const CONTROLS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

t.test('a series name with line breaks forges no event; every text is escaped and clean', async (t) => {
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const db = app.db.$client;
  const group = one(app, "SELECT id FROM groups WHERE service_line = 'water'");
  const forged = '例会\r\nBEGIN:VEVENT\r\nUID:forged@evil.example\r\nSUMMARY:伪造的会议\r\nDTSTART:20180501T090000Z\r\nEND:VEVENT\r\nX-A:;,\\';
  const series = Number(db.prepare("INSERT INTO meeting_series (group_id, name, cadence, started_on) VALUES (?, ?, 'monthly', '2018-01-01')").run(group, forged).lastInsertRowid);
  db.prepare("INSERT INTO meetings (series_id, group_id, title, starts_at, status, place, chair) VALUES (?, ?, ?, '2018-05-10T09:00', 'planned', ?, ?)").run(
    series,
    group,
    '标题\u0000带\u0007控制\u001b字符\r\nUID:forged-2@evil.example',
    '会议室\u0001A',
    '王××\u0008',
  );
  const res = await get(app, `/calendar/series/${series}.ics`, { cookie: staff.cookie });
  t.equal(res.status, 200);
  t.notMatch(res.body, CONTROLS, 'no control character in the feed');
  const lines = res.body.split('\r\n');
  t.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 1, 'one event, as stored');
  t.notOk(lines.some((l) => /^UID:forged/.test(l)), 'no forged UID line');
  const parsed = events(res.body);
  t.equal(parsed.events.length, 1);
  // ical.js leaves an X- property as written: the name is one line of text, escaped as RFC 5545 says.
  t.equal(parsed.calendar.getFirstPropertyValue('x-wr-calname'), '例会 BEGIN:VEVENT UID:forged@evil.example SUMMARY:伪造的会议 DTSTART:20180501T090000Z END:VEVENT X-A:\\;\\,\\\\', 'the name as one line of escaped text');
  t.equal(parsed.calendar.getFirstPropertyValue('name'), parsed.calendar.getFirstPropertyValue('x-wr-calname'));
  t.equal(parsed.events[0]!.summary, '标题带控制字符 UID:forged-2@evil.example');
  t.equal(parsed.events[0]!.location, '会议室A');
});

t.test('a cancelled meeting says so; each event links to its meeting page', async (t) => {
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const series = one(app, "SELECT id FROM meeting_series WHERE name = '物业专项工作组例会'");
  const cancelled = app.db.$client.prepare("SELECT id, title FROM meetings WHERE series_id = ? AND status = 'cancelled'").get(series) as { id: number; title: string };
  t.ok(cancelled, 'the demo has a cancelled meeting');
  const res = await get(app, `/calendar/series/${series}.ics`, { cookie: staff.cookie });
  const found = events(res.body).events;
  const event = found.find((e) => e.uid === `meeting-${cancelled.id}@sgyy-tracker`)!;
  t.equal(event.summary, `${cancelled.title}（已取消）`);
  t.ok(found.filter((e) => e.uid !== event.uid).every((e) => !e.summary.includes('已取消')), 'only the cancelled one');
  for (const e of found) {
    const id = Number(/meeting-(\d+)@/.exec(e.uid)![1]);
    t.equal(e.component.getFirstPropertyValue('url'), `http://localhost:80/meetings/${id}`, 'the request’s own address without PUBLIC_URL');
  }

  const configured = await build(t, { env: { PUBLIC_URL: 'https://tracker.example.gov.cn/' } });
  const office = await loginAs(configured, 'office');
  const planned = await get(configured, '/calendar/planned.ics', { cookie: office.cookie });
  const urls = events(planned.body).events.map((e) => String(e.component.getFirstPropertyValue('url')));
  t.ok(urls.length > 1);
  t.ok(urls.every((u) => /^https:\/\/tracker\.example\.gov\.cn\/meetings\/\d+$/.test(u)), 'PUBLIC_URL, trailing slash dropped');
  t.throws(() => loadConfig({ PUBLIC_URL: 'javascript:alert(1)' }), /PUBLIC_URL/);
});

t.test('feeds take a read-only feed token of their own, never the API token', async (t) => {
  const app = await build(t);
  const session = await loginAs(app, 'staff');
  const actor = { userId: session.userId, username: 'staff', ip: null };
  const apiToken = app.services.accounts.createToken(actor, session.userId, 'oa');
  const byApiToken = await get(app, `/calendar/planned.ics?token=${apiToken}`);
  t.equal(byApiToken.status, 303, 'the personal API token opens no feed');

  const created = await postForm(app, session, '/profile/feed-tokens', { name: '手机日历' });
  t.equal(created.statusCode, 200);
  const token = /<code class="token">(sgyyfeed_[\w-]+)<\/code>/.exec(created.body)?.[1];
  t.ok(token, 'the new feed token is shown once');
  t.match(created.body.replace(/&#x3D;/g, '='), `http://localhost:80/calendar/planned.ics?token=${token}`, 'with the address to subscribe to');
  t.equal(one(app, 'SELECT count(*) FROM feed_tokens WHERE user_id = ? AND scope = ?', session.userId, 'calendar'), 1);
  t.equal(one(app, 'SELECT count(*) FROM feed_tokens WHERE token_hash = ?', token), 0, 'stored hashed');

  t.equal((await get(app, `/calendar/planned.ics?token=${token}`)).status, 200, 'the feed opens');
  t.equal((await get(app, `/enterprises?token=${token}`)).status, 303, 'nothing else does');
  const api = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(api.statusCode, 401, 'the feed token is no API token');
  const write = await app.inject({ method: 'POST', url: '/api/v1/items', headers: { authorization: `Bearer ${token}` }, payload: { title: 'x' } });
  t.equal(write.statusCode, 401, 'and writes nothing');

  const page = await get(app, '/profile', { cookie: session.cookie });
  t.match(page.body, '手机日历');
  t.notMatch(page.body, token!, 'shown once only');
  const id = one(app, 'SELECT id FROM feed_tokens WHERE user_id = ?', session.userId);
  const revoked = await postForm(app, session, `/profile/feed-tokens/${id}/revoke`);
  t.equal(revoked.statusCode, 303);
  t.equal((await get(app, `/calendar/planned.ics?token=${token}`)).status, 303, 'revoked: the feed is closed');
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE entity_type = 'feedToken'"), 2, 'made and revoked, on record');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${apiToken}` } })).statusCode, 200, 'the API token is untouched');

  const other = await loginAs(app, 'office');
  const foreign = await postForm(app, other, `/profile/feed-tokens/${id}/revoke`);
  t.equal(foreign.statusCode, 404, 'nobody revokes another user’s token');
});

t.test('the feed token stays out of the request log', async (t) => {
  const dir = t.testdir();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({ DATABASE_PATH: join(dir, 'log.db'), TODAY: '2018-04-25', LOG_LEVEL: 'info' });
  const server = Fastify({ logger: loggerOptions('info', stream) });
  await server.register(fp(app), { config });
  await server.ready();
  t.teardown(() => server.close());
  const user = await server.services.accounts.create({ userId: null, username: 'test', ip: null }, { username: 'feeder', displayName: '订阅者', role: 'leader', groupIds: [] }, 'long-enough-password');
  const token = server.services.accounts.createFeedToken({ userId: user, username: 'feeder', ip: null }, user, 'phone');
  const ok = await server.inject({ method: 'GET', url: `/calendar/planned.ics?token=${token}` });
  t.equal(ok.statusCode, 200);
  await server.inject({ method: 'GET', url: `/calendar/series/999999.ics?token=${token}&x=1` });
  const log = lines.join('');
  t.match(log, '/calendar/planned.ics?token=[redacted]', 'the request is logged, its token redacted');
  t.notMatch(log, token, 'the token is nowhere in the log');
  t.notMatch(log, token.slice(9, 25));
});

t.test('no control character in the minutes as Markdown or Word', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const id = one(app, "SELECT id FROM meetings WHERE title = '政企协作小组2017年第3次例会'");
  // Stored before the input was cleaned (or by another tool): the exports clean it on the way out.
  app.db.$client.prepare('UPDATE meetings SET heard = ?, place = ? WHERE id = ?').run('听取了\u0000汇报\u0001', '区政府\u000b会议室', id);
  app.db.$client.prepare("UPDATE items SET title = ? WHERE id = (SELECT id FROM items WHERE meeting_id = ? AND kind = 'decision' ORDER BY position LIMIT 1)").run('议定\u0002事项\u001f一', id);
  const md = await get(app, `/meetings/${id}/minutes.md`, { cookie: office.cookie });
  t.equal(md.status, 200);
  t.notMatch(md.body, /[\u0000-\u0009\u000b-\u001f\u007f]/, 'Markdown: none');
  t.match(md.body, '听取了汇报');
  t.match(md.body, '议定事项一');
  const docx = await app.inject({ method: 'GET', url: `/meetings/${id}/minutes.docx`, headers: { cookie: office.cookie } });
  t.equal(docx.statusCode, 200);
  const xml = strFromU8(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']!);
  t.notMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'Word: none (XML 1.0 would refuse them)');
  t.match(xml, '议定事项一');
});

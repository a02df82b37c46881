// The calendar feeds: valid RFC 5545 (parsed by ical.js), Asia/Shanghai wall times with TZID and a
// VTIMEZONE, stable UIDs, the right events in each feed.
import ICAL from 'ical.js';
import t from 'tap';
import { meetingsCalendar, meetingUid, plusHours } from '../server/exports/ics.js';
import { build, get, loginAs } from './helper.js';

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent('vtimezone');
  if (zone) ICAL.TimezoneService.register(zone);
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => ({ component: v, event: new ICAL.Event(v) })) };
}

/** Every content line of an iCalendar text ends with CRLF and holds at most 75 octets. */
function foldedProperly(text: string): boolean {
  if (!text.endsWith('\r\n')) return false;
  return text
    .slice(0, -2)
    .split('\r\n')
    .every((line) => Buffer.byteLength(line, 'utf8') <= 75);
}

t.test('the planned meetings feed', async (t) => {
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const res = await get(app, '/calendar/planned.ics', { cookie: staff.cookie });
  t.equal(res.status, 200);
  t.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
  t.ok(foldedProperly(res.body), 'CRLF line ends, lines folded at 75 octets');
  t.match(res.body, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  t.match(res.body, 'BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n');
  t.match(res.body, 'TZOFFSETTO:+0800');

  const { calendar, events } = parse(res.body);
  t.equal(calendar.getFirstPropertyValue('version'), '2.0');
  t.ok(calendar.getFirstPropertyValue('prodid'));
  const planned = app.db.$client
    .prepare("SELECT id, title, starts_at AS startsAt, ends_at AS endsAt, place FROM meetings WHERE status = 'planned' ORDER BY starts_at")
    .all() as { id: number; title: string; startsAt: string; endsAt: string | null; place: string | null }[];
  t.equal(planned.length, 2, 'the demo plans two meetings after 2018-04-25');
  t.same(events.map((e) => e.event.uid), planned.map((m) => meetingUid(m.id)), 'one event per planned meeting, UID meeting-<id>@sgyy-tracker');

  for (const m of planned) {
    const found = events.find((e) => e.event.uid === `meeting-${m.id}@sgyy-tracker`)!;
    const dtstart = found.component.getFirstProperty('dtstart')!;
    t.equal(dtstart.getParameter('tzid'), 'Asia/Shanghai', `${m.title}: TZID`);
    t.equal(found.event.startDate.toString(), `${m.startsAt}:00`, `${m.title}: the wall time as stored`);
    t.equal(found.event.startDate.toJSDate().toISOString(), new Date(`${m.startsAt}:00+08:00`).toISOString(), 'the instant in UTC+8');
    const end = m.endsAt ?? plusHours(m.startsAt, 2);
    t.equal(found.event.endDate.toString(), `${end}:00`, `${m.title}: ends ${m.endsAt ? 'as stored' : 'two hours later'}`);
    t.equal(found.event.summary, m.title);
    if (m.place) t.equal(found.event.location, m.place);
    t.ok(found.component.getFirstPropertyValue('dtstamp'), 'DTSTAMP');
  }
  const may31 = planned.find((m) => m.startsAt === '2018-05-31T14:30');
  t.ok(may31, 'the coordination group meeting of 31 May');
  t.match(res.body, `UID:meeting-${may31!.id}@sgyy-tracker\r\n`);
  t.match(res.body, 'DTSTART;TZID=Asia/Shanghai:20180531T143000\r\n');
  t.match(res.body, 'DTEND;TZID=Asia/Shanghai:20180531T163000\r\n', 'no end time: two hours');

  const again = await get(app, '/calendar/planned.ics', { cookie: staff.cookie });
  t.same(parse(again.body).events.map((e) => e.event.uid), events.map((e) => e.event.uid), 'UIDs are stable');
});

t.test('a series feed holds every meeting of the series, cancelled ones as such', async (t) => {
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const series = app.db.$client.prepare("SELECT id FROM meeting_series WHERE name = '物业专项工作组例会'").pluck().get() as number;
  const res = await get(app, `/calendar/series/${series}.ics`, { cookie: staff.cookie });
  t.equal(res.status, 200);
  t.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
  t.ok(foldedProperly(res.body));
  const { calendar, events } = parse(res.body);
  t.equal(calendar.getFirstPropertyValue('x-wr-calname'), '物业专项工作组例会');
  const meetings = app.db.$client
    .prepare('SELECT id, status, starts_at AS startsAt FROM meetings WHERE series_id = ? ORDER BY starts_at')
    .all(series) as { id: number; status: string; startsAt: string }[];
  t.same(events.map((e) => e.event.uid), meetings.map((m) => meetingUid(m.id)), 'exactly the series’ meetings');
  const cancelled = meetings.find((m) => m.status === 'cancelled')!;
  const event = events.find((e) => e.event.uid === meetingUid(cancelled.id))!;
  t.equal(event.component.getFirstPropertyValue('status'), 'CANCELLED');
  const held = events.find((e) => e.event.uid === meetingUid(meetings[0]!.id))!;
  t.equal(held.component.getFirstPropertyValue('status'), 'CONFIRMED');
  t.match(String(held.event.description), '议程：', 'the agenda in the description');
  t.notOk(res.body.includes('政企协作小组'), 'no meeting of another series');

  const missing = await get(app, '/calendar/series/9999.ics', { cookie: staff.cookie });
  t.equal(missing.status, 404);
  t.match(missing.body, '没有这个会议制度。');
  const anonymous = await get(app, '/calendar/planned.ics');
  t.equal(anonymous.status, 303, 'feeds are for signed-in users');
});

t.test('wall-time arithmetic for the default end', async (t) => {
  t.equal(plusHours('2018-05-31T14:30', 2), '2018-05-31T16:30');
  t.equal(plusHours('2018-12-31T23:00', 2), '2019-01-01T01:00', 'across midnight and the year');
});

t.test('the server’s own time zone changes nothing', async (t) => {
  const saved = process.env.TZ;
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  const meeting = {
    id: 7, title: '例会', startsAt: '2018-05-31T14:30', endsAt: null, place: null, chair: null, topic: null,
    status: 'planned' as const, version: 3, updatedAt: '2018-04-20T01:02:03.000Z', groupName: '供水专项工作组', agenda: [],
  };
  for (const zone of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Chatham']) {
    process.env.TZ = zone;
    const text = meetingsCalendar('例会', [meeting], 'zh-CN');
    t.match(text, 'DTSTART;TZID=Asia/Shanghai:20180531T143000\r\n', `${zone}: the wall time`);
    t.match(text, 'DTSTAMP:20180420T010203Z\r\n', `${zone}: DTSTAMP in UTC`);
    t.match(text, 'SEQUENCE:2\r\n', 'the sequence follows the record’s version');
  }
});

t.test('a calendar client subscribes with a feed token in the address', async (t) => {
  const { build, loginAs } = await import('./helper.js');
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const token = app.services.accounts.createFeedToken({ userId: staff.userId, username: 'staff', ip: null }, staff.userId, 'calendar');
  const anonymous = await app.inject({ method: 'GET', url: '/calendar/planned.ics' });
  t.equal(anonymous.statusCode, 303, 'without a token: sign in');
  const withToken = await app.inject({ method: 'GET', url: `/calendar/planned.ics?token=${token}` });
  t.equal(withToken.statusCode, 200);
  t.match(withToken.body, 'BEGIN:VCALENDAR');
  const wrong = await app.inject({ method: 'GET', url: '/calendar/planned.ics?token=sgyyfeed_forged' });
  t.equal(wrong.statusCode, 303, 'a forged token is refused: sign in first');
  t.match(wrong.headers.location, /^\/login\?next=/);
  const elsewhere = await app.inject({ method: 'GET', url: `/enterprises?token=${token}` });
  t.equal(elsewhere.statusCode, 303, 'the token in an address opens feeds only');
});

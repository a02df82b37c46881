// The read-only pages on the demo data: each page's key content, the language switch, 404s.
import t from 'tap';
import { daysBetween, formatDay } from '../server/dates.js';
import Handlebars from 'handlebars';
import { build, get, loginAs } from './helper.js';

const escape = (text: string) => Handlebars.Utils.escapeExpression(text);

t.test('health', async (t) => {
  const app = await build(t);
  const res = await get(app, '/healthz');
  t.equal(res.status, 200);
  t.same(res.json(), { status: 'ok' });
});

t.test('home page shows the totals and the pinned date', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const res = await get(app, '/', { cookie });
  t.equal(res.status, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.body, '<html lang="zh-CN">');
  t.match(res.body, '三供一业分离移交督办系统');
  t.match(res.body, '系统日期固定为 2018年4月25日');
  t.match(res.body, '逾期事项');
  t.match(res.body, '基本完成分离移交');
  t.notMatch(res.body, /https?:\/\/(?!localhost)[a-z0-9.-]+\.(com|net|org|cn)\//i, 'nothing is loaded from another host');
});

t.test('enterprises list: level, compounds, households, stage per service line', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const res = await get(app, '/enterprises', { cookie });
  t.equal(res.status, 200);
  t.match(res.body, '镇海炼化');
  t.match(res.body, '中石化工程公司');
  t.match(res.body, '中央企业');
  t.match(res.body, '供水');
  t.match(res.body, '市政设施');
  // Each enterprise's row names, per service line, the stage its least advanced handover has done.
  const stageOf = app.db.$client.prepare(`SELECT h.service_line AS line, min(h.reached_position || ':' || coalesce(h.reached_stage, '')) AS least
    FROM handovers h JOIN enterprises e ON e.id = h.enterprise_id WHERE e.short_name = ? GROUP BY h.service_line`);
  const dashStage: Record<string, string> = { survey: '摸底调查', framework: '框架协议', plan: '改造方案', implementation: '实施协议', takeover: '职能交接' };
  const lineName: Record<string, string> = { water: '供水', power: '供电', gas: '供气', heat: '供热', property: '物业', municipal: '市政设施', community: '社区管理' };
  for (const name of ['镇海炼化', '中石化工程公司']) {
    const from = res.body.indexOf(`>${name}</a>`);
    const row = res.body.slice(from, res.body.indexOf('</tr>', from));
    for (const { line, least } of stageOf.all(name) as { line: string; least: string }[]) {
      const stage = least.split(':')[1];
      t.match(row, new RegExp(`${lineName[line]}</span>\\s*${stage ? `已完成：${dashStage[stage]}` : '尚无完成阶段'}`), `${name} · ${lineName[line]}: ${stage ?? 'none'}`);
    }
  }
  const figures = app.db.$client
    .prepare("SELECT e.short_name AS name, count(c.id) AS compounds, sum(c.households) AS households FROM enterprises e JOIN compounds c ON c.enterprise_id = e.id GROUP BY e.id")
    .all() as { name: string; compounds: number; households: number }[];
  t.ok(new Set(figures.map((f) => f.households)).size > 1, 'enterprises differ in size');
  for (const f of figures) {
    const row = res.body.slice(res.body.indexOf(`>${f.name}</a>`), res.body.indexOf('</tr>', res.body.indexOf(`>${f.name}</a>`)));
    t.match(row, `data-label="家属区">${f.compounds}</td>`, `${f.name}: ${f.compounds} compounds`);
    t.match(row, `data-label="户数">${f.households.toLocaleString('zh-CN')}</td>`, `${f.name}: ${f.households} households`);
  }
  const filtered = await get(app, '/enterprises?level=provincial', { cookie });
  t.equal(filtered.status, 200);
  t.notMatch(filtered.body, '镇海炼化', 'the level filter hides central enterprises');
  const bad = await get(app, '/enterprises?level=galactic', { cookie });
  t.equal(bad.status, 400, 'an unknown filter value is refused, not a 500');
  t.match(bad.body, 'level');
});

t.test('one enterprise: compounds, handovers, agreements, open items', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const db = app.db.$client;
  const id = db.prepare("SELECT id FROM enterprises WHERE short_name = '镇海炼化'").pluck().get() as number;
  const res = await get(app, `/enterprises/${id}`, { cookie });
  t.equal(res.status, 200);
  t.match(res.body, '中国石化镇海炼化分公司');
  for (const name of db.prepare('SELECT name FROM compounds WHERE enterprise_id = ?').pluck().all(id) as string[]) t.match(res.body, name, `its compound ${name}`);
  for (const title of db.prepare('SELECT title FROM agreements WHERE enterprise_id = ?').pluck().all(id) as string[]) t.match(res.body, title, `its agreement ${title}`);
  const open = db.prepare("SELECT id, title FROM items WHERE enterprise_id = ? AND status <> 'closed'").all(id) as { id: number; title: string }[];
  t.equal(open.length, 19, 'the demo gives 镇海炼化 19 open items');
  for (const item of open) t.match(res.body, `href="/items/${item.id}"`, `its open item ${item.title}`);
  const closed = db.prepare("SELECT id FROM items WHERE enterprise_id = ? AND status = 'closed'").pluck().all(id) as number[];
  for (const item of closed) t.notMatch(res.body, `href="/items/${item}"`, 'a closed-out item is not listed as open');
  t.match(res.body, '示例', 'sample figures are marked');
});

t.test('one handover: the stage timeline, planned vs actual, overdue marked', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const stages = app.db.$client
    .prepare("SELECT handover_id AS handover, stage, planned_date AS planned, actual_date AS actual FROM handover_stages WHERE handover_id = (SELECT handover_id FROM handover_stages WHERE actual_date IS NULL AND planned_date < '2018-04-25' ORDER BY handover_id LIMIT 1) ORDER BY position")
    .all() as { handover: number; stage: string; planned: string | null; actual: string | null }[];
  t.equal(stages.length, 9, 'the demo has a handover with an overdue stage, and its nine stages');
  const res = await get(app, `/handovers/${stages[0]!.handover}`, { cookie });
  t.equal(res.status, 200);
  for (const s of stages) {
    const from = res.body.indexOf(`<li id="stage-${s.stage}"`);
    t.not(from, -1, `${s.stage} is on the timeline`);
    const li = res.body.slice(from, res.body.indexOf('</li>', from));
    const overdue = !s.actual && !!s.planned && s.planned < '2018-04-25';
    t.match(li, `class="${s.actual ? 'done' : overdue ? 'overdue' : 'todo'}"`, `${s.stage}: marked ${s.actual ? 'done' : overdue ? 'overdue' : 'to do'}`);
    t.match(li, `计划日期 ${s.planned ? formatDay(s.planned) : '—'}`, `${s.stage}: its planned date`);
    t.match(li, `实际日期 ${s.actual ? formatDay(s.actual) : '—'}`, `${s.stage}: its actual date`);
    if (overdue) t.match(li, `逾期 ${daysBetween(s.planned!, '2018-04-25')} 天`, `${s.stage}: days overdue`);
    else t.notMatch(li, '逾期', `${s.stage}: not overdue`);
  }
});

t.test('agreements, groups with contacts, meeting series with next due date', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const db = app.db.$client;
  const agreements = await get(app, '/agreements', { cookie });
  t.equal(agreements.status, 200);
  const signed = db.prepare("SELECT id, title, signed_on AS signedOn FROM agreements WHERE status = 'signed' ORDER BY id").all() as { id: number; title: string; signedOn: string }[];
  t.equal(signed.length, 10, 'the demo has ten signed agreements');
  for (const a of signed) {
    const from = res(agreements.body, `href="/agreements/${a.id}"`);
    const row = agreements.body.slice(from, agreements.body.indexOf('</tr>', from));
    t.match(row, formatDay(a.signedOn), `${a.title}: signed on ${a.signedOn}`);
    t.match(row, '已签订', `${a.title}: signed`);
  }

  const groups = await get(app, '/groups', { cookie });
  t.equal(groups.status, 200);
  for (const g of db.prepare('SELECT name, lead_department AS lead FROM groups').all() as { name: string; lead: string | null }[]) {
    t.match(groups.body, escape(g.name), `group ${g.name}`);
    if (g.lead) t.match(groups.body, escape(g.lead), `its lead department ${g.lead}`);
  }

  const meetings = await get(app, '/meetings', { cookie });
  t.equal(meetings.status, 200);
  // Each series with its last meeting, next due date and, when no meeting was held within its cadence, "behind".
  for (const s of app.services.meetings.seriesList({}).map((row) => ({ ...row, name: row.series.name }))) {
    const from = res(meetings.body, `>${escape(s.name)}<`);
    const row = meetings.body.slice(from, meetings.body.indexOf('</tr>', from));
    if (s.lastHeld) t.match(row, formatDay(s.lastHeld), `${s.name}: last held ${s.lastHeld}`);
    if (s.nextDue) t.match(row, formatDay(s.nextDue), `${s.name}: next due ${s.nextDue}`);
    if (s.behind) t.match(row, '已超期未开', `${s.name}: behind`);
    else t.notMatch(row, '已超期未开', `${s.name}: not behind`);
  }
  t.equal(app.services.meetings.seriesList({}).filter((s) => s.behind).length, 1, 'one series of the demo is behind');
});

t.test('detail pages of a group, a meeting, an item; documents', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const db = app.db.$client;
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  const groupId = one("SELECT id FROM groups WHERE kind = 'coordination'");
  const group = await get(app, `/groups/${groupId}`, { cookie });
  t.equal(group.status, 200);
  const members = db.prepare('SELECT name, unit FROM group_members WHERE group_id = ? ORDER BY sort_order, id').all(groupId) as { name: string; unit: string }[];
  t.ok(members.length, 'the coordination group has members in the demo');
  for (const m of members) t.match(group.body, new RegExp(`<th scope="row">${m.name}</th>\\s*<td[^>]*>${escape(m.unit)}</td>`), `the contact directory lists ${m.name} of ${m.unit}`);

  const meetingId = one("SELECT id FROM meetings WHERE status = 'held' ORDER BY starts_at DESC");
  const meeting = await get(app, `/meetings/${meetingId}`, { cookie });
  t.equal(meeting.status, 200);
  for (const a of db.prepare('SELECT name, unit FROM meeting_attendance WHERE meeting_id = ?').all(meetingId) as { name: string; unit: string }[]) {
    t.match(meeting.body, a.name, `attendance: ${a.name}`);
    t.match(meeting.body, a.unit, `attendance: ${a.unit}`);
  }
  for (const title of db.prepare("SELECT title FROM items WHERE meeting_id = ? AND kind = 'decision'").pluck().all(meetingId) as string[]) t.match(meeting.body, title, `decision: ${title}`);

  const itemRow = db.prepare("SELECT id, title, lead_unit AS leadUnit, due_date AS dueDate FROM items WHERE kind = 'problem' ORDER BY id LIMIT 1").get() as { id: number; title: string; leadUnit: string; dueDate: string };
  const item = await get(app, `/items/${itemRow.id}`, { cookie });
  t.equal(item.status, 200);
  t.match(item.body, `<h1>${itemRow.title}`);
  t.match(item.body, itemRow.leadUnit, 'its lead unit');
  t.match(item.body, formatDay(itemRow.dueDate), 'its deadline');

  const documents = await get(app, '/documents', { cookie });
  for (const title of db.prepare('SELECT title FROM documents').pluck().all() as string[]) t.match(documents.body, escape(title), `document ${title}`);

  const items = await get(app, '/items?overdue=1', { cookie });
  t.equal(items.status, 200);
  const overdue = db.prepare("SELECT id, due_date AS dueDate FROM items WHERE status NOT IN ('done','closed') AND due_date < '2018-04-25' ORDER BY due_date, id").all() as { id: number; dueDate: string }[];
  t.same([...items.body.matchAll(/<a href="\/items\/(\d+)">/g)].map((m) => Number(m[1])), overdue.map((i) => i.id), 'every overdue item, oldest deadline first');
  for (const i of overdue) {
    const from = res(items.body, `<a href="/items/${i.id}">`);
    t.match(items.body.slice(from, items.body.indexOf('</tr>', from)), `逾期 ${daysBetween(i.dueDate, '2018-04-25')} 天`, `item ${i.id}: days overdue`);
  }
});

/** Where a marker stands in a page (fails loudly when missing). */
function res(body: string, marker: string): number {
  const at = body.indexOf(marker);
  if (at < 0) throw new Error(`not on the page: ${marker}`);
  return at;
}

t.test('English is one switch away, and every page stays in it', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const sw = await app.inject({ method: 'GET', url: '/lang/en?next=%2Fenterprises' });
  t.equal(sw.statusCode, 303);
  t.equal(sw.headers.location, '/enterprises');
  const langCookie = String(sw.headers['set-cookie']).split(';')[0]!;
  const res = await get(app, '/enterprises', { cookie: `${cookie}; ${langCookie}` });
  t.match(res.body, '<html lang="en">');
  t.match(res.body, 'Stage per service line');
  t.match(res.body, 'Central SOE');
  const away = await app.inject({ method: 'GET', url: '/lang/en?next=//evil.example/' });
  t.equal(away.headers.location, '/', 'never redirects to another host');
});

t.test('404 for unknown pages and records', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  for (const url of ['/nowhere', '/enterprises/999999', '/enterprises/abc', '/handovers/0', '/meetings/1.5']) {
    const res = await get(app, url, { cookie });
    t.equal(res.status, 404, url);
    t.match(res.body, '找不到这个页面', url);
  }
});

t.test('an empty tracker without the demo data', async (t) => {
  const app = await build(t, { demo: false });
  const { cookie } = await loginAs(app, 'leader');
  const res = await get(app, '/enterprises', { cookie });
  t.equal(res.status, 200);
  t.match(res.body, '暂无记录');
  t.equal(app.db.$client.prepare('SELECT count(*) FROM enterprises').pluck().get(), 0);
});

t.test('a failure shows a plain apology, not a stack trace', async (t) => {
  const app = await build(t, {
    extend: (server) => {
      server.get('/boom', { config: { access: 'read' } }, async () => {
        throw new Error('secret internal detail');
      });
    },
  });
  const { cookie } = await loginAs(app, 'leader');
  const res = await get(app, '/boom', { cookie });
  t.equal(res.status, 500);
  t.match(res.body, '出错了');
  t.notMatch(res.body, 'secret internal detail');
});

t.test('the stylesheet is served to everyone, the sign-in page included', async (t) => {
  const app = await build(t);
  const css = await get(app, '/static/app.css');
  t.equal(css.status, 200);
  t.match(css.headers['content-type'], /text\/css/);
  const login = await get(app, '/login');
  t.match(login.body, 'href="/static/app.css"');
});

t.test('a drill-down filter stays when the list is filtered further', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const res = await get(app, `/items?leadUnit=${encodeURIComponent('区水利局')}&serviceLine=water`, { cookie });
  t.equal(res.status, 200);
  t.match(res.body, '<input type="hidden" name="leadUnit" value="区水利局">');
  t.match(res.body, '<input type="hidden" name="serviceLine" value="water">');
  t.match(res.body, /范围：牵头单位 <strong>区水利局<\/strong> · 移交项目 <strong>供水<\/strong>/);
  const rows = app.db.$client.prepare("SELECT count(*) FROM items WHERE lead_unit = '区水利局'").pluck().get() as number;
  const unitOnly = await get(app, `/items?leadUnit=${encodeURIComponent('区水利局')}`, { cookie });
  t.match(unitOnly.body, `<p class="muted">共 ${rows} 条，本页 ${Math.min(rows, 50)} 条</p>`, 'the count is of that lead unit');
});

t.test('handover and agreement lists keep the dashboard scope when filtered again', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const handovers = await get(app, '/handovers?level=central', { cookie });
  t.match(handovers.body, '<input type="hidden" name="level" value="central">');
  t.match(handovers.body, '企业层级 <strong>中央企业</strong>');
  const agreements = await get(app, '/agreements?level=central&serviceLine=water', { cookie });
  t.match(agreements.body, '<input type="hidden" name="serviceLine" value="water">');
  t.match(agreements.body, '移交项目 <strong>供水</strong>');
});

t.test('the items list pages by cursor: every item once, in order, forwards and back', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const db = app.db.$client;
  // More items than two pages hold: copies of the demo's items with the same deadlines and states.
  db.exec('INSERT INTO items (kind, title, lead_unit, group_id, due_date, original_due_date, status, closed_on, done_on) SELECT kind, title || \'（副本）\', lead_unit, group_id, due_date, original_due_date, status, closed_on, done_on FROM items');
  db.exec('INSERT INTO items (kind, title, lead_unit, group_id, due_date, original_due_date, status, closed_on, done_on) SELECT kind, title || \'（副本二）\', lead_unit, group_id, due_date, original_due_date, status, closed_on, done_on FROM items');
  const expected = (db.prepare(`SELECT id FROM items ORDER BY CASE WHEN status IN ('done','closed') THEN 2 WHEN due_date < '2018-04-25' THEN 0 ELSE 1 END, due_date, id`).pluck().all() as number[]);
  t.ok(expected.length > 150, `${expected.length} items`);
  const idsOn = (body: string) => [...body.matchAll(/<a href="\/items\/(\d+)">/g)].map((m) => Number(m[1]));
  // The link as a browser follows it (the page escapes & and = in attributes).
  const hrefOf = (body: string, rel: string) => new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(body)?.[1]?.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&') ?? null;
  const seen: number[] = [];
  const pages: string[] = [];
  let url: string | null = '/items';
  while (url && pages.length < 20) {
    const res = await get(app, url, { cookie });
    t.equal(res.status, 200);
    t.match(res.body, `共 ${expected.length} 条`, 'the total stays');
    pages.push(url);
    seen.push(...idsOn(res.body));
    url = hrefOf(res.body, 'next');
  }
  t.same(seen, expected, 'forwards: every item once, overdue first, then open by deadline, finished last');
  t.equal(pages.length, Math.ceil(expected.length / 50));
  // Back from the last page, page by page, to the first.
  const back: number[][] = [];
  let at: string | null = pages.at(-1)!;
  while (at && back.length < 20) {
    const res = await get(app, at, { cookie });
    back.unshift(idsOn(res.body));
    at = hrefOf(res.body, 'prev');
  }
  t.same(back.flat(), expected, 'backwards: the same pages');
  const junk = await get(app, '/items?after=not-a-cursor', { cookie });
  t.equal(junk.status, 200, 'a cursor that is not ours starts the list over');
  t.same(idsOn(junk.body), expected.slice(0, 50));
});

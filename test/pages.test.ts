// The read-only pages on the demo data: each page's key content, the language switch, 404s.
import t from 'tap';
import { build, get, loginAs } from './helper.js';

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
  t.match(res.body, '框架协议签订', 'the stage reached is named');
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
  const id = app.db.$client.prepare("SELECT id FROM enterprises WHERE short_name = '镇海炼化'").pluck().get() as number;
  const res = await get(app, `/enterprises/${id}`, { cookie });
  t.equal(res.status, 200);
  t.match(res.body, '中国石化镇海炼化分公司');
  t.match(res.body, '市政设施及社区管理职能分离移交框架协议');
  t.match(res.body, '家属区');
  t.match(res.body, '未销号督办事项');
  t.match(res.body, '示例', 'sample figures are marked');
});

t.test('one handover: the stage timeline, planned vs actual, overdue marked', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const overdue = app.db.$client
    .prepare("SELECT handover_id FROM handover_stages WHERE actual_date IS NULL AND planned_date < '2018-04-25' LIMIT 1")
    .pluck()
    .get() as number;
  t.ok(overdue, 'the demo has an overdue stage');
  const res = await get(app, `/handovers/${overdue}`, { cookie });
  t.equal(res.status, 200);
  t.match(res.body, '阶段计划');
  t.match(res.body, '计划日期');
  t.match(res.body, '实际日期');
  t.match(res.body, /逾期 \d+ 天/);
  t.match(res.body, '摸底调查');
});

t.test('agreements, groups with contacts, meeting series with next due date', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const agreements = await get(app, '/agreements', { cookie });
  t.equal(agreements.status, 200);
  t.match(agreements.body, '2017年12月28日');
  t.match(agreements.body, '已签订');

  const groups = await get(app, '/groups', { cookie });
  t.equal(groups.status, 200);
  t.match(groups.body, '政企协作小组');
  t.match(groups.body, '专项工作组');
  t.match(groups.body, '牵头部门');
  t.match(groups.body, '联络员', 'the contact directory lists members and their duties');
  t.match(groups.body, '领导小组');

  const meetings = await get(app, '/meetings', { cookie });
  t.equal(meetings.status, 200);
  t.match(meetings.body, '下次应开');
  t.match(meetings.body, '已超期未开', 'a series behind its cadence is marked');
  t.match(meetings.body, '每月');
});

t.test('detail pages of a group, a meeting, an item; documents', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'leader');
  const one = (sql: string) => app.db.$client.prepare(sql).pluck().get() as number;
  const group = await get(app, `/groups/${one("SELECT id FROM groups WHERE kind = 'coordination'")}`, { cookie });
  t.equal(group.status, 200);
  t.match(group.body, '会议制度');
  const meeting = await get(app, `/meetings/${one("SELECT id FROM meetings WHERE status = 'held' ORDER BY starts_at DESC")}`, { cookie });
  t.equal(meeting.status, 200);
  t.match(meeting.body, '出席');
  const item = await get(app, `/items/${one("SELECT id FROM items WHERE kind = 'problem'")}`, { cookie });
  t.equal(item.status, 200);
  t.match(item.body, '牵头单位');
  const documents = await get(app, '/documents', { cookie });
  t.match(documents.body, '分离移交工作方案');
  const items = await get(app, '/items?overdue=1', { cookie });
  t.equal(items.status, 200);
  t.match(items.body, /逾期 \d+ 天/);
});

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
  t.match(unitOnly.body, `<p class="muted">${rows} 个</p>`, 'the count is of that lead unit');
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

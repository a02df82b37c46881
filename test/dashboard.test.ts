// The leaders' dashboard on a fixture database (test/dashboard-fixture.ts, figures worked out by
// hand there): the exact numbers from the service and on the page, what each filter changes, the
// drill-down lists, the charts' escaping, the query count, and the build time on the demo data.
import Database from 'better-sqlite3';
import t from 'tap';
import { columnChart } from '../server/charts/columns.js';
import { horizontalBars } from '../server/charts/bars.js';
import { escapeXml, fit, textWidth } from '../server/charts/svg.js';
import { lightOf, link } from '../server/services/dashboard.js';
import { loadFixture, TODAY } from './dashboard-fixture.js';
import { build, get, loginAs } from './helper.js';

async function fixtureApp(t: Parameters<typeof build>[0]) {
  const app = await build(t, { demo: false, today: TODAY });
  const ids = loadFixture(app);
  const { cookie } = await loginAs(app, 'leader');
  return { app, ids, page: (url: string) => get(app, url, { cookie }) };
}

/** The HTML of one dashboard section, by its heading id, with runs of white space made one and
 *  Handlebars' escaped "=" (&#x3D;, the same character to a browser) written plainly. */
function section(body: string, id: string): string {
  const start = body.indexOf(`aria-labelledby="dash-${id}-h"`);
  if (start < 0) throw new Error(`no section ${id}`);
  return body.slice(start, body.indexOf('</section>', start)).replace(/\s+/g, ' ').replaceAll('&#x3D;', '=');
}

/** The HTML of the table row that starts with `name` in a section. */
function row(html: string, name: string): string {
  const at = html.indexOf(`>${name}<`);
  if (at < 0) throw new Error(`no row ${name}`);
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
}

t.test('the service: every figure of the fixture, exactly', async (t) => {
  const { app, ids } = await fixtureApp(t);
  const d = app.services.dashboard.build();

  t.match(d.totals, { enterprises: 3, compounds: 4, households: 380, handovers: 5, handedOverHouseholds: 50, openItems: 7, overdueItems: 3, lateHandovers: 2 });
  t.same(d.lines, ['water', 'power', 'municipal'], 'the lines with handovers, in the usual order');

  const water = d.funnel.find((f) => f.serviceLine === 'water')!;
  t.equal(water.handovers, 3);
  t.same(
    water.stages.map((s) => [s.stage, s.reached, s.planned]),
    [
      ['survey', 3, 3],
      ['framework', 2, 3],
      ['plan', 1, 2],
      ['implementation', 2, 3],
      ['takeover', 1, 3],
      ['works', 0, 2],
      ['acceptance', 0, 2],
      ['assets', 0, 3],
      ['audit', 0, 3],
    ],
    'reached at least each stage of its own plan (the direct handover has no plan, works or acceptance)',
  );
  t.same(d.funnel.find((f) => f.serviceLine === 'municipal')!.stages.slice(0, 2).map((s) => s.reached), [1, 0]);

  t.same(
    d.signing.map((s) => [s.serviceLine, s.handovers, s.framework, s.frameworkRate, s.implementation, s.implementationRate]),
    [
      ['water', 3, 3, 100, 2, 67],
      ['power', 1, 1, 100, 0, 0],
      ['municipal', 1, 0, 0, 0, 0],
    ],
    'a negotiating agreement does not count; in force and completed do',
  );
  t.match(d.signingTotal, { handovers: 5, framework: 4, frameworkRate: 80, implementation: 2, implementationRate: 40 });

  // Where each enterprise stands, worst first; a column for items of no service line (综合).
  t.same(d.portfolio.columns, ['water', 'power', 'municipal', 'general']);
  const cells = (name: string) => d.portfolio.rows.find((r) => r.name === name)!;
  t.same(d.portfolio.rows.map((r) => r.name), ['甲企业', '乙企业', '丙企业'], 'worst first');
  const e1 = cells('甲企业');
  t.match(e1, { light: 'offTrack', overdueItems: 2, lateHandovers: 1, maxOverdueDays: 55, dueSoon: 2, overdueItemDays: 51 });
  t.same(
    e1.cells.map((c) => (c.empty ? null : [c.column, c.stage, c.light, c.overdueItems, c.lateHandovers, c.maxOverdueDays, c.dueSoon, c.handovers])),
    [
      ['water', 'survey', 'offTrack', 1, 1, 55, 1, 2],
      ['power', 'framework', 'atRisk', 1, 0, 5, 0, 1],
      ['municipal', 'survey', 'onTrack', 0, 0, 0, 0, 1],
      ['general', null, 'atRisk', 0, 0, 0, 1, 0],
    ],
    'water: the least advanced handover (survey), a stage 55 days late and an item 46; power: an item 5 days late; 综合: a problem of no line due within 7 days',
  );
  t.match(e1.cells[0], { overdueHref: `/items?enterpriseId=${ids.e1}&serviceLine=water&overdue=1`, lateHref: `/handovers?enterpriseId=${ids.e1}&serviceLine=water&late=1` }, 'a cell links to exactly the records behind its colour');
  t.match(e1.cells[3], { dueSoonHref: `/items?enterpriseId=${ids.e1}&dueWithin=7&noLine=1` });
  const e2 = cells('乙企业');
  t.match(e2, { light: 'atRisk', overdueItems: 1, lateHandovers: 1, maxOverdueDays: 25 });
  t.same(e2.cells.map((c) => (c.empty ? null : [c.stage, c.light, c.overdueItems, c.lateHandovers, c.maxOverdueDays])), [['takeover', 'atRisk', 1, 1, 25], null, null, null]);
  const e3 = cells('丙企业');
  t.equal(e3.light, 'onTrack');
  t.ok(e3.cells.every((c) => c.empty), 'an enterprise without handovers or items has empty cells');
  t.same(d.portfolio.lightCounts, { onTrack: 1, atRisk: 1, offTrack: 1 });
  t.same(
    d.portfolio.rollup.map((r) => [r.level, r.enterprises, r.cells.map((c) => [c.byLight.offTrack, c.byLight.atRisk, c.byLight.onTrack])]),
    [
      ['central', 1, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]],
      ['provincial', 1, [[0, 1, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]],
      ['municipal', 1, [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]],
    ],
    'per level and line: how many enterprises are red, amber, green',
  );
  t.equal(d.portfolio.rollup[0]!.cells[0]!.lightLinks.offTrack, '/enterprises?level=central&sort=risk&column=water&light=offTrack');

  t.same(
    d.units.map((u) => [u.rank, u.leadUnit, u.overdue, u.dueSoon, u.overdueDays, u.maxOverdueDays, u.delays]),
    [
      [1, '区水利局', 2, 0, 51, 46, 1],
      [2, '区住建局', 1, 1, 25, 25, 0],
      [3, '区发改局', 0, 1, 0, 0, 0],
    ],
    'grouped by lead unit, most overdue first; done, closed and far-off items are left out',
  );
  t.same(
    d.units[0]!.items.map((i) => [i.title, i.overdueDays, i.delayCount]),
    [
      ['二村框架协议签订', 46, 0],
      ['供电改造方案报审', 5, 1],
    ],
  );
  t.same(d.units[1]!.items.map((i) => [i.title, i.overdue, i.daysLeft]), [
    ['三村资产移交', true, 0],
    ['三村资产清单', false, 15],
  ]);
  t.match(d.unitTotals, { overdue: 3, dueSoon: 2, delays: 1 });
  t.equal(d.unitCount, 3);

  t.same(
    d.portfolio.ranking.map((r) => [r.rank, r.name, r.overdueItems, r.lateHandovers, r.maxOverdueDays, r.overdueItemDays]),
    [
      [1, '甲企业', 2, 1, 55, 51],
      [2, '乙企业', 1, 1, 25, 25],
    ],
    'enterprises with something overdue, worst first; none overdue, none listed',
  );
  t.equal(d.portfolio.rankedTotal, 2);

  t.match(d.meetings, { series: 2, behindCount: 1, href: '/meetings?behind=1' });
  t.same(d.meetings.behind.map((m) => [m.series.name, m.lastHeld, m.nextDue, m.daysLate]), [['供水组例会', '2018-03-10', '2018-04-10', 15]]);

  const money = d.problems.categories.find((c) => c.category === 'money')!;
  t.same(money.cells.map((c) => c.n), [0, 1, 1], 'money problems: district 1, city 1');
  t.same(d.problems.categories.find((c) => c.category === 'staff')!.cells.map((c) => c.n), [1, 0, 0], 'a done problem is still open until closed');
  t.equal(d.problems.categories.find((c) => c.category === 'assets')!.total, 0, 'a closed problem is not open');
  t.same(d.problems.levels.map((l) => l.total), [1, 1, 1]);
  t.equal(d.problems.total, 3);
  t.same(d.problems.median, { days: 5.5, digits: 1, n: 4 }, 'median of 2, 4, 7 and 10 days');
  t.equal(d.problems.unanswered, 1);

  t.match(d.money, { handovers: 3, estimated: 3_500_000, approved: 1_380_000, settlement: 470_000, committed: 1_380_000, disbursed: 630_000, disbursedRate: 46 });
  t.same(
    d.money.bySource.map((s) => [s.source, s.committed, s.disbursed, s.disbursedRate]),
    [
      ['central', 450_000, 100_000, 22],
      ['local', 480_000, 480_000, 100],
      ['group', 270_000, 0, 0],
      ['enterprise', 180_000, 50_000, 28],
    ],
  );

  // April against March, each figure from its one definition (figures.ts), worked out by hand:
  // added I3 04-03, I6 04-02 / March four; closed I5 04-12 / I8 03-25, I10 03-28; became overdue
  // I9 (due 03-31, overdue from 04-01) and I2 (its 03-31 deadline passed before the delay of 04-02) /
  // I1 (due 03-10); stages one / three; agreements A2 04-10 / A5 03-05.
  t.same(d.changes.rows.map((r) => [r.key, r.thisMonth, r.lastMonth, r.deltaText]), [
    ['added', 2, 4, '−2'],
    ['closed', 1, 2, '−1'],
    ['becameOverdue', 2, 1, '+1'],
    ['stagesDone', 1, 3, '−2'],
    ['agreementsSigned', 1, 1, '0'],
  ]);
  t.same(d.changes.rows.map((r) => r.href), ['/items?addedIn=2018-04', '/items?closedIn=2018-04', '/items?becameOverdueIn=2018-04', '/handovers?stageDoneIn=2018-04', '/agreements?signedIn=2018-04']);
  const march = app.services.dashboard.build({}, { month: '2018-03' });
  // March against February: added four / I1, I5, I8 in February; closed two / none; became overdue I1 / none;
  // stages three / three; agreements A5 / A1 and A4.
  t.same(march.changes.rows.map((r) => [r.thisMonth, r.lastMonth]), [[4, 3], [2, 0], [1, 0], [3, 3], [1, 2]], 'another month, against the one before it');

  t.equal(d.trend.length, 12);
  t.same(d.trend.map((p) => p.n), [0, 0, 0, 0, 0, 0, 1, 1, 3, 3, 3, 1], 'stages done per month, May 2017 to April 2018');
  t.same(d.trend.map((p) => p.month).slice(-2), ['2018-03', '2018-04']);

  t.same(d.deadlines.map((x) => [x.name, x.daysLeft, x.daysPast, x.total, x.unfinished, x.overdue]), [
    ['基本完成分离移交', 250, 0, 5, 4, false],
    ['市政社区职能移交', 0, 115, 1, 1, true],
  ], 'the municipal deadline passed with its one handover not taken over: overdue');
  t.equal(d.deadlines[1]!.unfinishedHref, '/handovers?notDone=takeover');
});

t.test('the page: the same figures, the rule stated, every number a link', async (t) => {
  const { page, ids } = await fixtureApp(t);
  const res = await page('/');
  t.equal(res.status, 200);
  const body = res.body;
  const totals = section(body, 'totals');
  for (const [value, label] of [['3', '移交企业'], ['4', '家属区'], ['380', '户数'], ['5', '移交项目'], ['50', '已完成职能交接户数'], ['7', '未销号督办事项'], ['3', '逾期事项'], ['2', '有阶段逾期的移交项目']]) {
    t.match(totals, `<span class="card-value">${value}</span><span class="card-label">${label}</span>`, `${label} ${value}`);
  }

  const matrix = section(body, 'matrix');
  const e1 = row(matrix, '甲企业');
  t.match(e1, 'light-offTrack', '甲企业 is red');
  t.match(e1, '中央企业 · 事项逾期 2 项，阶段逾期 1 个项目，最长 55 天', 'the reason in words');
  t.match(e1, /data-label="供水">.*?cell-offTrack.*?已完成：摸底调查.*?href="\/items\?enterpriseId=\d+&amp;serviceLine=water&amp;overdue=1">事项逾期 1 项<\/a>.*?href="\/handovers\?enterpriseId=\d+&amp;serviceLine=water&amp;late=1">阶段逾期 1 个项目<\/a>.*?最长 55 天/);
  t.match(e1, /data-label="供电">.*?cell-atRisk.*?已完成：框架协议.*?事项逾期 1 项.*?最长 5 天/);
  t.match(e1, /data-label="综合">.*?cell-atRisk.*?7 天内到期 1 项/, 'an item of no service line lights its own column');
  t.match(row(matrix, '乙企业'), /cell-atRisk.*?已完成：职能交接/);
  t.match(row(matrix, '丙企业'), 'light-onTrack');
  t.match(matrix, '逾期超过 30 天', 'the rule is stated on the page');
  t.match(matrix, '在 7 天内到期');
  t.match(matrix, 'href="/enterprises?sort=risk">全部 3 家企业，按风险排序</a>');

  const rollup = section(body, 'rollup');
  t.match(row(rollup, '中央企业'), /data-label="供水">.*?href="\/enterprises\?level=central&amp;sort=risk&amp;column=water&amp;light=offTrack">.*?1<\/a>/);

  const units = section(body, 'units');
  t.match(units, /<strong>区水利局<\/strong> <span class="tag tag-overdue">逾期 2<\/span> <span class="tag">延期 1 次<\/span>/);
  t.match(units, /<strong>区住建局<\/strong> <span class="tag tag-overdue">逾期 1<\/span> <span class="tag tag-late">临期 1<\/span>/);
  t.match(units, /二村框架协议签订<\/a>.*?逾期 46 天/);
  t.match(units, /供电改造方案报审<\/a>.*?逾期 5 天.*?延期 1 次/);
  t.match(units, /三村资产清单<\/a>.*?还有 15 天/);
  t.match(units, 'href="/items?leadUnit=%E5%8C%BA%E6%B0%B4%E5%88%A9%E5%B1%80&amp;overdue=1"', 'the overdue items of a lead unit are one click away');
  t.match(units, 'href="/items?leadUnit=%E5%8C%BA%E4%BD%8F%E5%BB%BA%E5%B1%80&amp;dueWithin=30"');
  t.match(units, '逾期 3 项');
  t.match(units, '30 天内到期 2 项');
  t.match(units, 'href="/lead-units">全部 3 个牵头单位的排名</a>');

  const ranking = section(body, 'ranking');
  t.ok(ranking.indexOf('甲企业') < ranking.indexOf('乙企业'), '甲企业 ranks first');
  t.notMatch(ranking, '丙企业', 'an enterprise with nothing overdue is not ranked');
  t.match(row(ranking, '甲企业'), /data-label="逾期事项"><a href="[^"]+">2<\/a><\/td> <td class="num" data-label="阶段逾期项目"><a href="[^"]+">1<\/a><\/td> <td class="num" data-label="最长逾期（天）">55<\/td> <td class="num" data-label="累计逾期天数">51<\/td>/);
  t.match(row(ranking, '区水利局'), /data-label="最长逾期（天）">46<\/td> <td class="num" data-label="累计逾期天数">51<\/td>/);
  t.ok(ranking.indexOf('区水利局') < ranking.indexOf('区住建局'));

  const problems = section(body, 'problems');
  t.match(problems, '<span class="card-value">5.5 天</span>', 'the median response time');
  t.match(problems, '4 个已答复的问题');
  t.match(row(problems, '资金'), /<td class="num"><span class="muted">0<\/span><\/td><td class="num"><a href="[^"]*category=money&amp;problemLevel=district">1<\/a><\/td><td class="num"><a [^>]*>1<\/a><\/td> <td class="num"><a [^>]*>2<\/a>/);
  t.match(problems, 'href="/items?kind=problem&amp;open=1"');

  const changes = section(body, 'changes');
  t.match(row(changes, '销号事项'), /<a href="\/items\?closedIn=2018-04">1<\/a><\/td> <td class="num"><a href="\/items\?closedIn=2018-03">2<\/a><\/td> <td class="num dash-delta is-down">−1<\/td>/);
  t.match(row(changes, '新增事项'), /<a href="\/items\?addedIn=2018-04">2<\/a><\/td> <td class="num"><a href="\/items\?addedIn=2018-03">4<\/a><\/td>/);
  t.match(row(changes, '新增逾期'), /<a href="\/items\?becameOverdueIn=2018-04">2<\/a><\/td> <td class="num"><a [^>]*>1<\/a><\/td> <td class="num dash-delta is-up">\+1<\/td>/);
  t.match(row(changes, '完成阶段'), />1<\/a><\/td> <td class="num"><a [^>]*>3<\/a><\/td>/);
  t.match(row(changes, '签订协议'), /<a href="\/agreements\?signedIn=2018-04">1<\/a>/);

  const funnel = section(body, 'funnel');
  t.match(row(funnel.slice(funnel.indexOf('<table')), '供水'), /<td class="num">3\/3<\/td><td class="num">2\/3<\/td><td class="num">1\/2<\/td><td class="num">2\/3<\/td><td class="num">1\/3<\/td>/);
  t.match(funnel, '<title id="funnel-water-title">供水：3 个移交项目到达各阶段的数量</title>');

  const signing = section(body, 'signing');
  t.match(row(signing.slice(signing.indexOf('<table')), '供水'), />3 · 100%<\/a>.*?>2 · 67%<\/a>/);
  t.match(signing, /4 · 80%.*?2 · 40%/);

  const money = section(body, 'money');
  for (const label of ['350万', '138万', '63万', '45万', '48万', '27万', '18万']) t.match(money, `>${label}</text>`, `money chart shows ${label}`);
  t.match(money, '<td class="num"><a href="/handovers">350.0</a></td>');
  t.match(money, '<td class="num">46%</td>');

  t.match(section(body, 'trend'), '2018年1月 3');
  const deadlines = section(body, 'deadlines');
  t.match(deadlines, /<li class="">.*?剩 250 天.*?基本完成分离移交.*?尚有 4 个移交项目未完成“职能交接（交接基准日）”（共 5 个）/);
  t.match(deadlines, /<li class="is-overdue">.*?已逾期 115 天.*?市政社区职能移交.*?href="\/handovers\?notDone=takeover">尚有 1 个移交项目未完成/, 'a deadline passed with the work unfinished is red');
  const meetings = section(body, 'meetings');
  t.match(meetings, '共 2 个会议制度，1 个已超期未开。');
  t.match(meetings, /供水组例会<\/a>.*?逾期 15 天/);
  t.match(meetings, 'href="/meetings?behind=1"');

  const svgs = body.match(/<svg [^>]*>/g) ?? [];
  t.equal(svgs.length, 7, 'three funnels, signing, trend and two money charts');
  t.equal((body.match(/<title id="[^"]+-title">/g) ?? []).length, 7, 'each chart has a title');
  t.equal((body.match(/<desc id="[^"]+-desc">/g) ?? []).length, 7, 'and a description');
  t.equal((body.match(/<details class="chart-data">/g) ?? []).length, 4, 'and its numbers in a data table');
  t.notMatch(body, /\sstyle="/, 'no inline styles (CSP)');
  t.notMatch(body, /<script/i, 'no scripts');
  t.ok(ids.e1, 'the fixture');
});

t.test('a reused dashboard is never stale: a write by any connection shows on the next request', async (t) => {
  const { app, page } = await fixtureApp(t);
  const cards = (body: string) => section(body, 'totals');
  const first = await page('/');
  t.equal(first.status, 200);
  t.match(cards(first.body), /<span class="card-value">3<\/span><span class="card-label">逾期事项/, 'three overdue items');
  t.equal((await page('/')).body, first.body, 'asked again: the same page');

  // Another connection to the same file (as a second process would): an overdue item is done.
  const other = new Database(app.db.$client.name);
  t.teardown(() => other.close());
  const overdue = other.prepare("SELECT id FROM items WHERE status NOT IN ('done', 'closed') AND due_date < ? ORDER BY id LIMIT 1").pluck().get(TODAY) as number;
  other.prepare("UPDATE items SET status = 'done', done_on = ?, version = version + 1 WHERE id = ?").run(TODAY, overdue);
  t.match(cards((await page('/')).body), /<span class="card-value">2<\/span><span class="card-label">逾期事项/, 'the next request counts two');

  // The organisation's name, changed on the settings page, is on the next dashboard too.
  const before = app.services.settings.get();
  app.services.settings.update({ userId: null, username: 'test', ip: null }, { organisationName: '测试新区', programmeTitle: '“三供一业”分离移交', minutesOrgan: '测试新区移交办', version: before.version });
  t.match((await page('/')).body, '测试新区', 'the new organisation name');
});

t.test('each filter changes every figure, consistently', async (t) => {
  const { app, ids, page } = await fixtureApp(t);
  const build = (f: Parameters<typeof app.services.dashboard.build>[0]) => app.services.dashboard.build(f);
  const changes = (d: ReturnType<typeof build>) => Object.fromEntries(d.changes.rows.map((r) => [r.key, r.thisMonth]));

  t.test('enterprise level', async (t) => {
    const d = build({ level: 'central' });
    t.match(d.totals, { enterprises: 1, compounds: 2, households: 300, handovers: 4, handedOverHouseholds: 0, openItems: 4, overdueItems: 2 });
    t.same(d.portfolio.rows.map((r) => r.name), ['甲企业']);
    t.match(d.signingTotal, { handovers: 4, framework: 3, frameworkRate: 75, implementation: 1, implementationRate: 25 });
    t.match(d.money, { estimated: 3_000_000, approved: 900_000, committed: 900_000, disbursed: 150_000 });
    t.same(d.units.map((u) => [u.leadUnit, u.overdue, u.dueSoon]), [
      ['区水利局', 2, 0],
      ['区发改局', 0, 1],
    ]);
    t.match(d.problems, { total: 2, unanswered: 1, median: { days: 4, n: 1 } });
    t.match(changes(d), { closed: 0, added: 1, becameOverdue: 1, stagesDone: 1 });
    t.same(d.portfolio.ranking.map((r) => r.name), ['甲企业']);
  });

  t.test('service line', async (t) => {
    const d = build({ serviceLine: 'water' });
    t.match(d.totals, { enterprises: 2, compounds: 3, households: 350, handovers: 3, handedOverHouseholds: 50, openItems: 4, overdueItems: 2 });
    t.same(d.lines, ['water']);
    t.same(d.portfolio.columns, ['water'], 'only the chosen line (items of no line are not water items)');
    t.same(d.portfolio.rows.map((r) => [r.name, r.light]), [
      ['甲企业', 'offTrack'],
      ['乙企业', 'atRisk'],
    ]);
    t.same(d.units.map((u) => [u.leadUnit, u.overdue, u.dueSoon, u.overdueDays]), [
      ['区水利局', 1, 0, 46],
      ['区住建局', 1, 1, 25],
    ], 'an item of the power group is not a water item');
    t.match(d.problems, { total: 1, unanswered: 1, median: { days: 7, n: 1 } }, 'a water group’s problem without a handover is a water problem');
    t.match(d.money, { estimated: 3_500_000, committed: 1_380_000 });
    t.same(d.trend.map((p) => p.n), [0, 0, 0, 0, 0, 0, 0, 1, 3, 2, 2, 1]);

    const res = await page('/?serviceLine=water');
    t.equal(res.status, 200);
    const matrix = section(res.body, 'matrix');
    t.match(matrix, '<th scope="col">供水</th>');
    t.notMatch(matrix, '<th scope="col">供电</th>', 'only the chosen line’s column');
    t.match(res.body, '<option value="water" selected>供水</option>', 'the form shows the filter');
    t.match(res.body, 'class="dash-scope"', 'and says the figures are scoped');
    t.match(section(res.body, 'totals'), 'href="/items?serviceLine=water&amp;overdue=1"', 'drill-down links keep the scope');
    t.match(section(res.body, 'totals'), '<span class="card-value">350</span>');
  });

  t.test('working group', async (t) => {
    const d = build({ groupId: ids.g2 });
    t.match(d.totals, { enterprises: 1, compounds: 1, households: 100, handovers: 1, handedOverHouseholds: 0, openItems: 1, overdueItems: 1 });
    t.same(d.meetings.behind, [], 'meetings follow the working group: the power group’s series is not behind');
    t.equal(d.meetings.series, 1);
    t.same(d.portfolio.rows.map((r) => r.cells.map((c) => (c.empty ? null : c.light))), [['atRisk']]);
    t.match(d.money, { estimated: 0, committed: 0 });
    t.same(d.units.map((u) => u.leadUnit), ['区水利局']);
  });

  t.test('enterprise', async (t) => {
    const d = build({ enterpriseId: ids.e3 });
    t.match(d.totals, { enterprises: 1, compounds: 1, households: 30, handovers: 0, openItems: 0, overdueItems: 0 });
    t.same(d.lines, []);
    t.same(d.funnel, []);
    t.same(d.units, []);
    const res = await page(`/?enterpriseId=${ids.e3}`);
    t.equal(res.status, 200);
    t.match(section(res.body, 'totals'), `href="/enterprises/${ids.e3}"`);
  });

  t.test('an invalid filter is a 400 page, never a 500', async (t) => {
    for (const query of ['level=galactic', 'serviceLine=sewage', 'groupId=abc', 'enterpriseId=-1', 'month=2018-13']) {
      const res = await page(`/?${query}`);
      t.equal(res.status, 400, query);
      t.match(res.body, '请求有误', query);
    }
    t.equal((await page('/?enterpriseId=999')).status, 200, 'an enterprise that does not exist just shows nothing');
  });
});

t.test('the lists behind the numbers honour the same scope', async (t) => {
  const { ids, page } = await fixtureApp(t);
  const water = await page(`/items?overdue=1&leadUnit=${encodeURIComponent('区水利局')}&serviceLine=water`);
  t.equal(water.status, 200);
  t.match(water.body, '二村框架协议签订');
  t.notMatch(water.body, '供电改造方案报审', 'the power group’s item is not a water item');
  const soon = await page(`/items?dueWithin=30&leadUnit=${encodeURIComponent('区住建局')}`);
  t.match(soon.body, '三村资产清单');
  t.notMatch(soon.body, '三村资产移交', 'an overdue item is not "due within 30 days"');
  const problems = await page('/items?kind=problem&open=1&category=money&problemLevel=city');
  t.match(problems.body, '一村户表改造费用');
  t.notMatch(problems.body, '改造资金缺口');
  const central = await page('/items?level=central&overdue=1');
  t.match(central.body, '供电改造方案报审');
  t.notMatch(central.body, '三村资产移交');
  const provincial = await page('/handovers?level=provincial');
  t.match(provincial.body, '乙企业 · 三村');
  t.notMatch(provincial.body, '甲企业 · ', 'a central enterprise’s handovers are not listed');
  const power = await page('/agreements?kind=framework&serviceLine=power');
  t.match(power.body, `framework协议${ids.h.h3}<`);
  t.notMatch(power.body, `framework协议${ids.h.h1}-${ids.h.h2}`);
  t.equal((await page('/items?dueWithin=soon')).status, 400);
  t.equal((await page('/agreements?serviceLine=sewage')).status, 400);
});

t.test('in English', async (t) => {
  const { app } = await fixtureApp(t);
  const { cookie } = await loginAs(app, 'leader');
  const sw = await app.inject({ method: 'GET', url: '/lang/en?next=%2F', headers: { cookie } });
  const lang = String(sw.headers['set-cookie']).split(';')[0]!;
  const res = await get(app, '/', { cookie: `${cookie}; ${lang}` });
  t.equal(res.status, 200);
  t.match(res.body, '<html lang="en">');
  t.match(res.body, 'Off track');
  t.match(res.body, 'Basically complete', 'the deadline’s English name');
  t.match(res.body, '>¥3.5m</text>', 'money in millions');
  t.match(res.body, 'Median time to first response');
});

t.test('signed-out visitors are sent to sign in', async (t) => {
  const { app } = await fixtureApp(t);
  const res = await get(app, '/');
  t.equal(res.status, 303);
  t.equal(res.headers.location, '/login?next=%2F');
});

t.test('an empty tracker shows zeros, not errors', async (t) => {
  const app = await build(t, { demo: false });
  const { cookie } = await loginAs(app, 'leader');
  const res = await get(app, '/', { cookie });
  t.equal(res.status, 200);
  t.match(section(res.body, 'totals'), '<span class="card-value">0</span><span class="card-label">移交企业</span>');
  t.match(res.body, '暂无记录');
});

t.test('the traffic-light rule', async (t) => {
  t.equal(lightOf(31, 0), 'offTrack', 'more than 30 days overdue');
  t.equal(lightOf(30, 0), 'atRisk', '30 days overdue is at risk');
  t.equal(lightOf(1, 0), 'atRisk', 'anything overdue');
  t.equal(lightOf(0, 1), 'atRisk', 'something due within 7 days');
  t.equal(lightOf(0, 0), 'onTrack');
  t.equal(link('/items', { leadUnit: '区 & 局', overdue: true, groupId: undefined, open: false }), '/items?leadUnit=%E5%8C%BA+%26+%E5%B1%80&overdue=1');
  t.equal(link('/handovers', {}), '/handovers');
});

t.test('charts escape every text they are given', async (t) => {
  t.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  t.equal(escapeXml(null), '');
  t.equal(escapeXml(42), '42');
  const evil = '<script>alert("x")</script>';
  const svg = horizontalBars({
    id: 'x"y',
    title: evil,
    desc: 'a & b',
    series: [
      { name: evil, className: 's0' },
      { name: 'two', className: 's1"><script>' },
    ],
    max: 10,
    categories: [{ label: evil, values: [5, 20], valueLabels: ['5', evil], hrefs: ['/items?a=1&b="2"', undefined], track: 10 }],
  });
  t.notMatch(svg, '<script', 'no markup gets through');
  t.match(svg, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  t.match(svg, 'href="/items?a=1&amp;b=&quot;2&quot;"');
  t.match(svg, 'id="x&quot;y-title"');
  t.match(svg, '<desc id="x&quot;y-desc">a &amp; b</desc>');
  t.match(svg, /<rect class="s1&quot;&gt;&lt;script&gt;" x="\d+" y="\d+" width="[\d.]+"/, 'a value above the maximum is drawn at full length');
  const columns = columnChart({ id: 'c', title: 't', desc: 'd', columns: [{ label: '<b>', sublabel: '2018&', value: 3, valueLabel: '3' }] });
  t.notMatch(columns, '<b>');
  t.match(columns, '&lt;b&gt;');
  t.match(columns, '2018&amp;');
  t.equal(textWidth('供水', 10), 20);
  t.equal(textWidth('ab', 10), 12);
  t.equal(fit('供水供电供气', 40, 10), '供水供…');
  t.equal(fit('供水', 40, 10), '供水');
});

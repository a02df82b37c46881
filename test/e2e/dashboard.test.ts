// The dashboard in Chromium, as a leader sees it on a phone (390 px), on a wide screen (1920 px)
// and on A4 landscape paper: no sideways scrolling of the page, the sections and charts visible,
// the filters kept in the URL, a cell leading to its list. Screenshots and the PDF go to
// test-artifacts/.
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { ARTIFACTS, browserAvailable, launch, newPage, screenshot, scrollsSideways, signInAs, startServer } from './browser.js';

const sections = ['政策时限', '本月变化', '企业 × 专业：所处阶段与红黄绿灯', '逾期及 30 天内到期事项（按牵头单位）', '逾期排名', '分专业阶段进度', '协议签订率', '每月完成阶段数', '会议制度执行情况', '资金'];

t.test('the dashboard at 390 px and 1920 px', async (t) => {
  if (!browserAvailable(t)) return;
  const { server, base } = await startServer(t);
  const browser = await launch(t);

  for (const width of [390, 1920]) {
    const page = await newPage(browser, width);
    await signInAs(page, base, server, 'leader');
    const res = await page.goto(`${base}/`);
    t.equal(res?.status(), 200, `${width}: the page answers`);
    t.notOk(await scrollsSideways(page), `${width}: the page does not scroll sideways`);
    for (const heading of sections) t.ok(await page.getByRole('heading', { name: heading, exact: true }).isVisible(), `${width}: ${heading}`);
    t.ok(await page.getByRole('link', { name: '镇海炼化' }).first().isVisible(), `${width}: the enterprises are named`);
    t.ok(await page.locator('.dash-matrix .light-offTrack').first().isVisible(), `${width}: a red light is shown`);
    const charts = await page.locator('svg.chart-svg').evaluateAll((svgs) =>
      svgs.map((s) => {
        const r = s.getBoundingClientRect();
        return { width: r.width, right: r.right, title: s.querySelector('title')?.textContent ?? '' };
      }),
    );
    t.same(
      charts.map((c) => c.title),
      [
        '供水：8 个移交项目到达各阶段的数量',
        '供电：8 个移交项目到达各阶段的数量',
        '供气：8 个移交项目到达各阶段的数量',
        '物业：8 个移交项目到达各阶段的数量',
        '市政设施：1 个移交项目到达各阶段的数量',
        '社区管理：1 个移交项目到达各阶段的数量',
        '协议签订率',
        '每月完成阶段数',
        '维修改造费用与资金落实、拨付',
        '按资金来源：落实与拨付',
      ],
      `${width}: every chart, each with its title`,
    );
    t.same(charts.filter((c) => !(c.width > 100 && c.right <= width)), [], `${width}: every chart is drawn and fits the screen`);
    await screenshot(page, `dashboard-${width}`);
    await page.close();
  }
});

t.test('filters in the URL, drill-down, and paper', async (t) => {
  if (!browserAvailable(t)) return;
  const { server, base } = await startServer(t);
  const browser = await launch(t);
  const page = await newPage(browser, 1920);
  await signInAs(page, base, server, 'leader');
  await page.goto(`${base}/`);

  await page.selectOption('select[name="serviceLine"]', 'water');
  await Promise.all([page.waitForNavigation(), page.click('.dash-filters button[type="submit"]')]);
  const url = new URL(page.url());
  t.equal(url.searchParams.get('serviceLine'), 'water', 'the filter is in the URL, so the view can be sent');
  const columns = await page.locator('.dash-matrix thead th').allTextContents();
  t.same(columns.map((c) => c.trim()), ['移交企业', '供水'], 'only the water column');
  t.ok(await page.locator('.dash-scope').isVisible(), 'the scope is stated');

  const cell = page.locator('.dash-cell-stage').first();
  const href = new URL((await cell.getAttribute('href'))!, base);
  t.equal(href.pathname, '/handovers', 'a cell links to the handovers behind it');
  t.equal(href.searchParams.get('serviceLine'), 'water');
  t.match(href.searchParams.get('enterpriseId'), /^\d+$/);
  await Promise.all([page.waitForNavigation(), cell.click()]);
  t.equal(new URL(page.url()).pathname, '/handovers', 'a cell opens the handovers behind it');
  t.match(await page.textContent('h1'), '移交项目');

  await page.goto(`${base}/`);
  await page.emulateMedia({ media: 'print' });
  t.notOk(await page.locator('.dash-filters').isVisible(), 'print: no filter form');
  t.ok(await page.locator('details.chart-data table').first().isVisible(), 'print: the charts’ numbers are printed as tables');
  const pdf = join(ARTIFACTS, 'dashboard-a4-landscape.pdf');
  await page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true });
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  t.equal(pages, 7, 'the whole dashboard prints on 7 pages');
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \((\w+)\)/gm)].map((m) => `${m[3]} ${Number(m[1]) > Number(m[2]) ? 'landscape' : 'portrait'}`);
  t.same(sizes, Array(pages).fill('A4 landscape'), 'every page is A4 landscape');
});

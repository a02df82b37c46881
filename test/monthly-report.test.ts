// The monthly report upward (GET /reports/monthly/YYYY-MM.xlsx), opened with exceljs: its layout,
// and its figures equal to the dashboard's for the same scope and month — every month of the demo,
// every enterprise level, every level × service line with handovers, and the total.
import ExcelJS from 'exceljs';
import t from 'tap';
import { enterpriseLevels, fundingSources, serviceLines, stages, type EnterpriseLevel, type ServiceLine } from '../db/schema.js';
import { REPORT_FIRST_ROW } from '../server/exports/monthly-report-xlsx.js';
import { nextMonth } from '../server/services/figures.js';
import { translate } from '../server/i18n/messages.js';
import { build, loginAs } from './helper.js';

const zh = (key: string) => translate('zh-CN', key);
/** Columns of the report: level, line, handovers, 9 stages, stages done, agreements signed, households, 8 money, 3 items, 3 problems. */
const C = { handovers: 3, stage0: 4, stagesDone: 13, agreementsSigned: 14, handedOver: 15, money0: 16, added: 24, closed: 25, becameOverdue: 26, raised: 27 };
const monthFigures = { added: C.added, closed: C.closed, becameOverdue: C.becameOverdue, stagesDone: C.stagesDone, agreementsSigned: C.agreementsSigned } as const;

interface ReadRow {
  level: EnterpriseLevel | null;
  serviceLine: ServiceLine | null;
  cells: (number | null)[];
}

function rowsOf(sheet: ExcelJS.Worksheet): ReadRow[] {
  const levelOf = new Map(enterpriseLevels.map((l) => [zh(`level.${l}`), l]));
  const lineOf = new Map(serviceLines.map((l) => [zh(`serviceLine.${l}`), l]));
  const rows: ReadRow[] = [];
  for (let r = REPORT_FIRST_ROW; r <= sheet.rowCount; r++) {
    const a = String(sheet.getCell(r, 1).value);
    const b = String(sheet.getCell(r, 2).value);
    const cells = Array.from({ length: 30 }, (_, i) => sheet.getCell(r, i + 1).value as number | null);
    rows.push({ level: levelOf.get(a) ?? null, serviceLine: lineOf.get(b) ?? null, cells });
  }
  return rows;
}

t.test('the monthly report: a fixed table by level and line, the same figures as the dashboard in every demo month', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const sqlite = app.db.$client;
  const today = app.clock.today();
  const first = sqlite
    .prepare(`SELECT min(m) FROM (SELECT min(substr(actual_date, 1, 7)) AS m FROM handover_stages UNION ALL SELECT min(substr(signed_on, 1, 7)) FROM agreements
      UNION ALL SELECT min(substr(created_at, 1, 7)) FROM items UNION ALL SELECT min(substr(closed_on, 1, 7)) FROM items)`)
    .pluck()
    .get() as string;
  const months: string[] = [];
  for (let m = first; m <= today.slice(0, 7); m = nextMonth(m)) months.push(m);
  t.ok(months.length >= 12, `the demo spans ${months.length} months from ${first}`);

  const scopes = (sqlite.prepare('SELECT DISTINCT enterprise_level AS level, service_line AS serviceLine FROM handovers').all() as { level: EnterpriseLevel; serviceLine: ServiceLine }[]);
  const levels = [...new Set(scopes.map((s) => s.level))];
  let compared = 0;
  for (const month of months) {
    const res = await app.inject({ method: 'GET', url: `/reports/monthly/${month}.xlsx`, headers: { cookie: leader.cookie } });
    t.equal(res.statusCode, 200, month);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(zh('report.sheet'))!;
    const rows = rowsOf(sheet);
    t.equal(rows.length, enterpriseLevels.length * (serviceLines.length + 1) + 1, 'every level and line, a subtotal per level, a total');
    const find = (level: EnterpriseLevel | null, line: ServiceLine | null, subtotal = false) =>
      rows.find((r) => r.level === level && r.serviceLine === line && (line !== null || subtotal === (sheet.getCell(REPORT_FIRST_ROW + rows.indexOf(r), 2).value === zh('report.subtotal'))))!;
    const check = (row: ReadRow, scope: { level?: EnterpriseLevel; serviceLine?: ServiceLine }, what: string) => {
      const changes = app.services.dashboard.build(scope, { month }).changes;
      t.equal(changes.month, month);
      for (const [figure, column] of Object.entries(monthFigures)) {
        const shown = changes.rows.find((r) => r.key === figure)!.thisMonth;
        if (row.cells[column - 1] !== shown) t.fail(`${month} ${what} ${figure}: report ${row.cells[column - 1]}, dashboard ${shown}`);
        compared++;
      }
    };
    const total = rows.at(-1)!;
    t.equal(sheet.getCell(REPORT_FIRST_ROW + rows.length - 1, 1).value, zh('report.total'));
    check(total, {}, 'total');
    for (const level of levels) check(find(level, null, true), { level }, level);
    for (const s of scopes) check(find(s.level, s.serviceLine), { level: s.level, serviceLine: s.serviceLine }, `${s.level}/${s.serviceLine}`);
    if (month === today.slice(0, 7)) {
      // This month the running totals are as of today: the dashboard's totals, funnel and money.
      const dash = app.services.dashboard.build({}, { month });
      t.equal(total.cells[C.handovers - 1], dash.totals.handovers, 'handovers');
      t.equal(total.cells[C.handedOver - 1], dash.totals.handedOverHouseholds, 'households handed over');
      stages.forEach((stage, i) => {
        const reached = dash.funnel.reduce((n, line) => n + line.stages.find((s) => s.stage === stage)!.reached, 0);
        t.equal(total.cells[C.stage0 - 1 + i], reached, `reached ${stage}`);
      });
      fundingSources.forEach((source, i) => {
        const money = dash.money.bySource.find((m) => m.source === source)!;
        t.equal(total.cells[C.money0 - 1 + 2 * i], money.committed / 10000, `${source} committed in 万元`);
        t.equal(total.cells[C.money0 + 2 * i], money.disbursed / 10000, `${source} disbursed in 万元`);
      });
    }
  }
  t.ok(compared > months.length * 5 * 3, `${compared} cells compared with the dashboard`);
  const busy = months.find((m) => {
    const c = app.services.figures.month({}, m);
    return c.added + c.closed + c.stagesDone + c.agreementsSigned > 0;
  });
  t.ok(busy, 'some month has figures to compare');
});

t.test('the report\'s layout: title, merged two-level header, frozen, print settings; months out of range are 404', async (t) => {
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const month = app.clock.today().slice(0, 7);
  const res = await app.inject({ method: 'GET', url: `/reports/monthly/${month}.xlsx`, headers: { cookie: staff.cookie } });
  t.equal(res.statusCode, 200);
  t.match(String(res.headers['content-disposition']), /月度进展表\.xlsx|%E6%9C%88%E5%BA%A6%E8%BF%9B%E5%B1%95%E8%A1%A8\.xlsx/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  t.match(String(sheet.getCell('A1').value), /工作进展情况表（\d{4}年\d{1,2}月）/);
  t.equal(sheet.getCell(3, C.stage0).value, '已完成各阶段的移交项目数（累计）');
  t.equal(sheet.getCell(4, C.stage0).value, '摸底调查');
  const merges = (sheet.model as { merges: string[] }).merges;
  t.ok(merges.includes('D3:L3'), 'the stage group spans its nine columns');
  t.ok(merges.includes('A3:A4'));
  t.ok(merges.includes(`A${REPORT_FIRST_ROW}:A${REPORT_FIRST_ROW + serviceLines.length}`), 'a level spans its lines and subtotal');
  t.match(sheet.views[0], { state: 'frozen', ySplit: 4, xSplit: 2 });
  t.match(sheet.pageSetup, { paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:4' });
  t.equal(sheet.getColumn(C.money0).numFmt, '#,##0.00');
  for (const bad of ['2018-13', '2999-01', 'abcd-ef']) {
    t.equal((await app.inject({ method: 'GET', url: `/reports/monthly/${bad}.xlsx`, headers: { cookie: staff.cookie } })).statusCode, 404, bad);
  }
});

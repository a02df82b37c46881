// The work ledger exported, opened with exceljs and read back: the three sheets, the title row, the
// merged two-level header, the frozen header, widths, formats, autofilter and print settings, and
// one known handover's values; the CSV's BOM, Chinese and neutralised formulas; the blank template;
// the scope filters; and who may download.
import ExcelJS from 'exceljs';
import t from 'tap';
import { ledgerColumns, FIRST_DATA_ROW } from '../server/exports/ledger-layout.js';
import { csvField } from '../server/exports/ledger-xlsx.js';
import { build, loginAs } from './helper.js';

type App = Awaited<ReturnType<typeof build>>;

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

const colOf = (key: string) => ledgerColumns.findIndex((c) => c.key === key) + 1;
const day = (cell: ExcelJS.Cell) => (cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.value);

/** The demo's handover 镇海炼化 × its first compound × water, with what the ledger should show. */
function knownHandover(app: App) {
  const sqlite = app.db.$client;
  const h = sqlite
    .prepare(`SELECT h.id, e.name AS enterprise, c.name AS compound, c.households, h.receiver, h.lead_unit AS leadUnit
      FROM handovers h JOIN enterprises e ON e.id = h.enterprise_id JOIN compounds c ON c.id = h.compound_id
      WHERE h.service_line = 'water' AND EXISTS (SELECT 1 FROM handover_stages s WHERE s.handover_id = h.id AND s.actual_date IS NOT NULL)
      ORDER BY h.enterprise_id, h.id LIMIT 1`)
    .get() as { id: number; enterprise: string; compound: string; households: number; receiver: string | null; leadUnit: string | null };
  const survey = sqlite.prepare("SELECT planned_date AS planned, actual_date AS actual FROM handover_stages WHERE handover_id = ? AND stage = 'survey'").get(h.id) as { planned: string | null; actual: string | null };
  const funding = sqlite.prepare('SELECT estimated_cost AS estimated FROM handover_funding WHERE handover_id = ?').get(h.id) as { estimated: number | null } | undefined;
  return { ...h, survey, estimated: funding?.estimated ?? null };
}

t.test('GET /ledger.xlsx: three sheets laid out for print, every handover a row, a known one exact', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const res = await app.inject({ method: 'GET', url: '/ledger.xlsx', headers: { cookie: leader.cookie } });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /spreadsheetml/);
  t.match(String(res.headers['content-disposition']), /filename\*=UTF-8''.*\.xlsx/);
  const workbook = await workbookOf(res.rawPayload);
  t.same(workbook.worksheets.map((w) => w.name), ['移交项目台账', '督办事项台账', '问题清单']);

  const sheet = workbook.getWorksheet('移交项目台账')!;
  const handovers = app.db.$client.prepare('SELECT count(*) FROM handovers').pluck().get() as number;
  t.equal(sheet.rowCount, FIRST_DATA_ROW - 1 + handovers, 'one row per handover under four heading rows');
  t.match(String(sheet.getCell('A1').value), /工作台账$/);
  t.match(String(sheet.getCell('A2').value), /截至 \d{4}年\d{1,2}月\d{1,2}日/);
  const merges = (sheet.model as { merges: string[] }).merges;
  const last = sheet.getColumn(ledgerColumns.length).letter;
  t.ok(merges.includes(`A1:${last}1`), 'the title spans the table');
  t.ok(merges.includes('B3:B4'), 'a single column header spans both header rows');
  const survey = colOf('planned.survey');
  t.equal(sheet.getCell(3, survey).value, '摸底调查');
  t.equal(sheet.getCell(4, survey).value, '计划时间');
  t.equal(sheet.getCell(4, survey + 1).value, '完成时间');
  t.ok(merges.includes(`${sheet.getColumn(survey).letter}3:${sheet.getColumn(survey + 1).letter}3`), 'a stage name spans its two dates');
  t.equal(sheet.getCell(3, colOf('estimated')).value, '维修改造费用(万元)');
  t.match(sheet.views[0], { state: 'frozen', ySplit: 4, xSplit: 4 }, 'the header and the first columns stay in view');
  t.same(sheet.autoFilter, `A4:${last}4`);
  t.match(sheet.pageSetup, { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4' });
  t.match(sheet.headerFooter.oddFooter, /&P/);
  t.ok(sheet.getColumn(colOf('enterprise')).width! >= 20, 'the enterprise column fits a Chinese name');

  const known = knownHandover(app);
  let at = 0;
  for (let r = FIRST_DATA_ROW; r <= sheet.rowCount && !at; r++) {
    if (sheet.getCell(r, colOf('enterprise')).value === known.enterprise && sheet.getCell(r, colOf('compound')).value === known.compound && sheet.getCell(r, colOf('serviceLine')).value === '供水') at = r;
  }
  t.ok(at, 'the known handover has its row');
  t.equal(sheet.getCell(at, colOf('households')).value, known.households);
  t.equal(sheet.getCell(at, colOf('receiver')).value, known.receiver);
  t.equal(day(sheet.getCell(at, survey)), known.survey.planned, 'a planned date, as a real date');
  t.equal(day(sheet.getCell(at, survey + 1)), known.survey.actual);
  t.ok(sheet.getCell(at, survey + 1).value instanceof Date, 'dates are dates, not text');
  t.equal(sheet.getCell(at, survey).numFmt, 'yyyy-mm-dd');
  t.equal(sheet.getCell(at, colOf('households')).numFmt, '#,##0');
  const money = [...Array(sheet.rowCount - FIRST_DATA_ROW + 1).keys()].map((i) => sheet.getCell(FIRST_DATA_ROW + i, colOf('estimated'))).find((c) => c.value !== null);
  t.equal(money?.numFmt, '#,##0.00', 'money shown with two decimals');
  t.equal(sheet.getCell(at, colOf('percent')).numFmt, '0%');
  t.equal(sheet.getCell(at, colOf('estimated')).value, known.estimated === null ? null : known.estimated / 10000, 'money in 万元');
  t.match(String(sheet.getCell(at, colOf('light')).value), /^(正常|有风险|滞后)$/);
  t.equal(sheet.getCell(FIRST_DATA_ROW, colOf('no')).value, 1);

  const items = workbook.getWorksheet('督办事项台账')!;
  const open = app.db.$client.prepare('SELECT count(*) FROM items WHERE finished = 0').pluck().get() as number;
  t.equal(items.rowCount, FIRST_DATA_ROW - 1 + open, 'one row per open item');
  t.same([3, 4, 5, 6, 7, 8, 11, 12].map((c) => items.getCell(3, c).value), ['督办事项', '移交企业', '牵头单位', '责任单位（配合）', '责任人', '完成时限', '进展', '逾期天数']);
  const problems = workbook.getWorksheet('问题清单')!;
  const problemCount = app.db.$client.prepare("SELECT count(*) FROM items WHERE kind = 'problem'").pluck().get() as number;
  t.equal(problems.rowCount, FIRST_DATA_ROW - 1 + problemCount, 'one row per problem');
  t.equal(problems.getCell(3, 3).value, '问题类别');
});

t.test('the scope filters of the dashboard apply to the ledger', async (t) => {
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const res = await app.inject({ method: 'GET', url: '/ledger.xlsx?serviceLine=power', headers: { cookie: staff.cookie } });
  t.equal(res.statusCode, 200);
  const sheet = (await workbookOf(res.rawPayload)).getWorksheet('移交项目台账')!;
  const power = app.db.$client.prepare("SELECT count(*) FROM handovers WHERE service_line = 'power'").pluck().get() as number;
  t.ok(power > 0);
  t.equal(sheet.rowCount, FIRST_DATA_ROW - 1 + power);
  for (let r = FIRST_DATA_ROW; r <= sheet.rowCount; r++) t.equal(sheet.getCell(r, colOf('serviceLine')).value, '供电');
  const bad = await app.inject({ method: 'GET', url: '/ledger.xlsx?serviceLine=coal', headers: { cookie: staff.cookie } });
  t.equal(bad.statusCode, 400);
});

t.test('GET /ledger.csv: UTF-8 with a BOM, Chinese headers, formulas neutralised', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const id = app.db.$client.prepare('SELECT id FROM handovers ORDER BY enterprise_id, id LIMIT 1').pluck().get() as number;
  app.db.$client.prepare("UPDATE handovers SET issues_summary = '=HYPERLINK(\"http://x\",\"点\")' WHERE id = ?").run(id);
  const res = await app.inject({ method: 'GET', url: '/ledger.csv', headers: { cookie: office.cookie } });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/csv; charset=utf-8/);
  const bytes = res.rawPayload;
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const text = bytes.toString('utf8').slice(1);
  const lines = text.split('\r\n');
  t.match(lines[2], /^序号,移交企业,企业层级,家属区,户数,建筑面积\(㎡\),移交项目,接收单位/);
  t.match(lines[3], /计划时间,完成时间/);
  t.match(text, `"'=HYPERLINK(""http://x"",""点"")"`, 'a formula-like text gets an apostrophe and stays text');
  t.notMatch(text, /,=HYPERLINK/);
  const handovers = app.db.$client.prepare('SELECT count(*) FROM handovers').pluck().get() as number;
  t.equal(lines.filter((l) => l.length).length, 4 + handovers);
  t.equal(csvField('+1'), "'+1");
  t.equal(csvField('-x'), "'-x");
  t.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  t.equal(csvField(-5), '-5', 'a number stays a number');
});

t.test('the blank template: the layout without rows; office and admin only', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const res = await app.inject({ method: 'GET', url: '/ledger/template.xlsx', headers: { cookie: office.cookie } });
  t.equal(res.statusCode, 200);
  const sheet = (await workbookOf(res.rawPayload)).getWorksheet('移交项目台账')!;
  t.equal(sheet.rowCount, FIRST_DATA_ROW - 1);
  t.equal(sheet.getCell(3, 2).value, '移交企业');
  const leader = await loginAs(app, 'leader');
  t.equal((await app.inject({ method: 'GET', url: '/ledger/template.xlsx', headers: { cookie: leader.cookie } })).statusCode, 403);
});

t.test('the dashboard and the handovers list link to the exports in their scope', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const plain = (body: string) => body.replaceAll('&#x3D;', '=');
  const home = await app.inject({ method: 'GET', url: '/?serviceLine=water', headers: { cookie: leader.cookie } });
  home.body = plain(home.body);
  t.match(home.body, 'href="/ledger.xlsx?serviceLine=water"');
  t.match(home.body, 'href="/ledger.csv?serviceLine=water"');
  t.match(home.body, /href="\/reports\/monthly\/\d{4}-\d{2}\.xlsx"/);
  t.notMatch(home.body, 'href="/ledger/import"', 'a leader is not offered the import');
  const office = await loginAs(app, 'office');
  const list = await app.inject({ method: 'GET', url: '/handovers?level=central', headers: { cookie: office.cookie } });
  list.body = plain(list.body);
  t.match(list.body, 'href="/ledger.xlsx?level=central"');
  t.match(list.body, 'href="/ledger/import"');
});

t.test('the rows are read in batches by keyset: every handover once, in order, across batch ends', async (t) => {
  const app = await build(t);
  const lights = app.services.ledger.lightsOf({});
  const ids: number[] = [];
  let batches = 0;
  let cursor: (string | number)[] | null = null;
  do {
    cursor = app.services.ledger.readHandovers({}, cursor, 5, (row) => ids.push(row.id), lights);
    batches++;
  } while (cursor);
  const expected = app.db.$client.prepare('SELECT id FROM handovers ORDER BY enterprise_id, id').pluck().all() as number[];
  t.same(ids, expected);
  t.equal(batches, Math.floor(expected.length / 5) + 1);
  const open: number[] = [];
  cursor = null;
  do cursor = app.services.ledger.readItems('open', {}, cursor, 7, (row) => open.push(row.id));
  while (cursor);
  t.same(open, app.db.$client.prepare('SELECT id FROM items WHERE finished = 0 ORDER BY due_date, id').pluck().all());
  const problems: number[] = [];
  cursor = null;
  do cursor = app.services.ledger.readItems('problems', {}, cursor, 3, (row) => problems.push(row.id));
  while (cursor);
  t.same(problems, app.db.$client.prepare("SELECT id FROM items WHERE kind = 'problem' ORDER BY id").pluck().all());
});

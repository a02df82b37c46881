// Importing the work ledger: the export read back changes nothing (xlsx and CSV); a changed cell
// previews as an update, is written only on confirmation, exactly as previewed, versioned and
// audited; a new row creates its compound and handover; refused rows (bad dates, unknown
// enterprise, duplicates, formulas, stages the mode lacks) are named by row, column and reason in
// Chinese and block the whole file; bad files (wrong type, zip bomb, too large, renamed columns,
// merged cells, empty or missing sheet) are refused clearly; a record edited after the preview
// refuses the confirmation instead of being overwritten.
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { FIRST_DATA_ROW, ledgerColumns } from '../server/exports/ledger-layout.js';
import { parseDate, parseNumber } from '../server/services/ledger-read.js';
import { build, fingerprint, loginAs, type Session } from './helper.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const colOf = (key: string) => ledgerColumns.findIndex((c) => c.key === key) + 1;

function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer }) {
  const boundary = '----ledger-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(app: FastifyInstance, session: Session, name: string, data: Buffer, type = XLSX) {
  const body = multipart({ _csrf: session.csrf }, { name, type, data });
  return app.inject({ method: 'POST', url: '/ledger/import', headers: { ...body.headers, cookie: session.cookie }, payload: body.payload });
}

const confirmUrl = (body: string) => /action="(\/ledger\/import\/[0-9a-f]+\/confirm)"/.exec(body)?.[1];
const confirm = (app: FastifyInstance, session: Session, url: string) =>
  app.inject({ method: 'POST', url, headers: { cookie: session.cookie }, payload: { _csrf: session.csrf } });

async function exported(app: FastifyInstance, session: Session, format: 'xlsx' | 'csv' = 'xlsx') {
  const res = await app.inject({ method: 'GET', url: `/ledger.${format}`, headers: { cookie: session.cookie } });
  return res.rawPayload;
}

async function edit(data: Buffer, change: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  change(workbook.getWorksheet('移交项目台账')!, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const handoverCount = (app: FastifyInstance) => app.db.$client.prepare('SELECT count(*) FROM handovers').pluck().get() as number;
const text = (body: string) => body.replaceAll('&#x3D;', '=').replaceAll('&quot;', '"').replaceAll('&#x27;', "'");

t.test('cells: dates in every form, impossible ones refused; numbers with 万, 元 and commas', async (t) => {
  for (const [raw, day] of [['2018-04-25', '2018-04-25'], ['2018/4/25', '2018-04-25'], ['2018.4.25', '2018-04-25'], ['2018年4月25日', '2018-04-25'], [43215, '2018-04-25'], [new Date('2018-04-25T00:00:00Z'), '2018-04-25']] as const) {
    t.same(parseDate(raw), { value: day }, `${String(raw)} is 2018-04-25`);
  }
  t.match(parseDate('2018-02-30'), { problem: { key: 'ledger.error.badDate' } });
  t.match(parseDate('明年'), { problem: { key: 'ledger.error.badDate' } });
  t.same(parseNumber('12.5万', 'money'), { value: 125000 });
  t.same(parseNumber('12.5万元', 'money'), { value: 125000 });
  t.same(parseNumber('125,000元', 'money'), { value: 125000 });
  t.same(parseNumber(12.3456, 'money'), { value: 123456 });
  t.same(parseNumber('1,234户', 'int'), { value: 1234 });
  t.match(parseNumber('-3', 'int'), { problem: { key: 'ledger.error.negative' } });
  t.match(parseNumber('约三百', 'int'), { problem: { key: 'ledger.error.badNumber' } });
  t.match(parseNumber({ formula: 'SUM(A1:A3)' } as never, 'money'), { problem: { key: 'ledger.error.formula' } });
});

t.test('the export imported again changes nothing (xlsx and CSV)', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const before = fingerprint(app);
  for (const format of ['xlsx', 'csv'] as const) {
    const res = await upload(app, office, `ledger.${format}`, await exported(app, office, format), format === 'csv' ? 'text/csv' : XLSX);
    t.equal(res.statusCode, 200, format);
    t.match(res.body, `共 ${handoverCount(app)} 行：新增 0 个，更新 0 个，无变化 ${handoverCount(app)} 个，拒收 0 行。`);
    t.match(res.body, '没有需要写入的变化');
    t.notOk(confirmUrl(res.body), 'nothing to confirm');
  }
  t.equal(fingerprint(app), before, 'nothing written');
});

t.test('a changed cell: previewed, written only when confirmed, exactly the rows previewed', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const original = await exported(app, office);
  let target = { enterprise: '', compound: '', id: 0 };
  const changed = await edit(original, (sheet) => {
    const r = FIRST_DATA_ROW + 2;
    target = { enterprise: String(sheet.getCell(r, colOf('enterprise')).value), compound: String(sheet.getCell(r, colOf('compound')).value ?? ''), id: 0 };
    sheet.getCell(r, colOf('receiver')).value = '新的接收单位';
    sheet.getCell(r, colOf('planned.audit')).value = new Date('2019-06-30T00:00:00Z');
    sheet.getCell(r, colOf('estimated')).value = '88.5万';
  });
  const row = app.db.$client
    .prepare(`SELECT h.id, h.version FROM handovers h JOIN enterprises e ON e.id = h.enterprise_id LEFT JOIN compounds c ON c.id = h.compound_id
      ORDER BY h.enterprise_id, h.id LIMIT 1 OFFSET 2`)
    .get() as { id: number; version: number };
  const before = fingerprint(app);
  const preview = await upload(app, office, '台账.xlsx', changed);
  t.equal(preview.statusCode, 200);
  t.match(preview.body, '新增 0 个，更新 1 个');
  t.match(preview.body, '新的接收单位');
  t.match(preview.body, '2019-06-30');
  t.match(preview.body, `>${FIRST_DATA_ROW + 2}<`, 'the row number is shown');
  t.equal(fingerprint(app), before, 'the preview writes nothing');
  const auditBefore = app.db.$client.prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'handover' AND entity_id = ?").pluck().get(row.id) as number;

  const done = await confirm(app, office, confirmUrl(preview.body)!);
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, '/ledger/import?created=0&updated=1');
  const after = app.db.$client.prepare('SELECT receiver, version FROM handovers WHERE id = ?').get(row.id) as { receiver: string; version: number };
  t.equal(after.receiver, '新的接收单位');
  t.ok(after.version > row.version, 'versioned like any edit');
  t.equal(app.db.$client.prepare("SELECT planned_date FROM handover_stages WHERE handover_id = ? AND stage = 'audit'").pluck().get(row.id), '2019-06-30');
  t.equal(app.db.$client.prepare('SELECT estimated_cost FROM handover_funding WHERE handover_id = ?').pluck().get(row.id), 885000);
  const auditAfter = app.db.$client.prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'handover' AND entity_id = ?").pluck().get(row.id) as number;
  t.equal(auditAfter - auditBefore, 3, 'the fields, the plan and the money each audited on the handover');
  t.equal(app.db.$client.prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'ledgerImport'").pluck().get(), 1);

  const again = await upload(app, office, '台账.xlsx', changed);
  t.match(again.body, '新增 0 个，更新 0 个', 're-importing the same sheet changes nothing');
  const stale = await confirm(app, office, confirmUrl(preview.body)!);
  t.equal(stale.statusCode, 409, 'a preview is confirmed once');
});

t.test('a new row creates its compound and handover; an enterprise-wide line needs no compound', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const enterprise = app.db.$client.prepare('SELECT name FROM enterprises ORDER BY id LIMIT 1').pluck().get() as string;
  const data = await edit(await exported(app, office), (sheet) => {
    const r = sheet.rowCount + 1;
    const set = (key: string, value: ExcelJS.CellValue) => (sheet.getCell(r, colOf(key)).value = value);
    set('enterprise', enterprise);
    set('compound', '新建测试小区');
    set('households', '1,200户');
    set('floorArea', 56000.5);
    set('serviceLine', '供热');
    set('mode', '先改造后移交');
    set('receiver', '测试热力公司');
    set('planned.survey', '2018.5.1');
    set('actual.survey', '2018年4月20日');
  });
  const count = handoverCount(app);
  const preview = await upload(app, office, 'new.xlsx', data);
  t.match(preview.body, '新增 1 个，更新 0 个');
  const done = await confirm(app, office, confirmUrl(preview.body)!);
  t.equal(done.statusCode, 303);
  t.equal(handoverCount(app), count + 1);
  const created = app.db.$client
    .prepare(`SELECT h.id, h.mode, h.receiver, c.households, c.floor_area AS floorArea FROM handovers h JOIN compounds c ON c.id = h.compound_id WHERE c.name = '新建测试小区'`)
    .get() as { id: number; mode: string; receiver: string; households: number; floorArea: number };
  t.match(created, { mode: 'renovateFirst', receiver: '测试热力公司', households: 1200, floorArea: 56000.5 });
  const survey = app.db.$client.prepare("SELECT planned_date AS p, actual_date AS a FROM handover_stages WHERE handover_id = ? AND stage = 'survey'").get(created.id);
  t.same(survey, { p: '2018-05-01', a: '2018-04-20' });
  t.equal(app.db.$client.prepare("SELECT count(*) FROM handover_stages WHERE handover_id = ? AND planned_date IS NOT NULL").pluck().get(created.id), 1, 'only the dates the sheet gives');
});

t.test('refused rows: named by row, column and reason; the file is not imported at all', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const enterprise = app.db.$client.prepare('SELECT name FROM enterprises ORDER BY id LIMIT 1').pluck().get() as string;
  const data = await edit(await exported(app, office), (sheet) => {
    sheet.getCell(FIRST_DATA_ROW, colOf('planned.survey')).value = '2018-02-30';
    sheet.getCell(FIRST_DATA_ROW + 1, colOf('enterprise')).value = '不存在的企业';
    const dup = FIRST_DATA_ROW + 3;
    for (let c = 1; c <= ledgerColumns.length; c++) sheet.getCell(dup, c).value = sheet.getCell(FIRST_DATA_ROW + 4, c).value;
    sheet.getCell(FIRST_DATA_ROW + 5, colOf('estimated')).value = { formula: 'SUM(1,2)', result: 3 } as ExcelJS.CellValue;
    sheet.getCell(FIRST_DATA_ROW + 6, colOf('mode')).value = '大概移交';
    void enterprise;
  });
  const before = fingerprint(app);
  const res = await upload(app, office, 'bad.xlsx', data);
  t.equal(res.statusCode, 200);
  const body = text(res.body);
  t.match(body, '拒收 5 行');
  t.match(body, '有拒收的行，本次不能导入');
  t.match(body, new RegExp(`<td>${FIRST_DATA_ROW}</td><td>[A-Z]+（摸底调查·计划时间）</td><td>“2018-02-30”不是有效日期`));
  t.match(body, new RegExp(`<td>${FIRST_DATA_ROW + 1}</td><td>B（移交企业）</td><td>系统中没有企业“不存在的企业”`));
  t.match(body, new RegExp(`<td>${FIRST_DATA_ROW + 4}</td><td>G（移交项目）</td><td>与第 ${FIRST_DATA_ROW + 3} 行是同一个移交项目`));
  t.match(body, new RegExp(`<td>${FIRST_DATA_ROW + 5}</td><td>[A-Z]+（维修改造费用\\(万元\\)·测算）</td><td>是公式（=SUM\\(1,2\\)），不予执行`));
  t.match(body, '“大概移交”不是改造移交模式');
  t.notOk(confirmUrl(res.body), 'no confirm button');
  t.equal(fingerprint(app), before);
});

t.test('bad files are refused with a clear message and nothing written', async (t) => {
  const app = await build(t, { env: { UPLOAD_MAX_MB: '1' } });
  const office = await loginAs(app, 'office');
  const admin = await loginAs(app, 'admin');
  const good = await exported(app, admin);
  const before = fingerprint(app);
  const refused = async (name: string, data: Buffer, words: string | RegExp, type = XLSX) => {
    const res = await upload(app, office, name, data, type);
    t.equal(res.statusCode, 422, name);
    t.match(text(res.body), words, name);
  };
  await refused('setup.xlsx', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 0x90)]), '文件不是 Excel 工作簿（.xlsx）或 CSV 文件');
  await refused('big.xlsx', Buffer.alloc(1024 * 1024 + 10, 0x41), '文件超过 1 MB');
  // A zip bomb: a workbook's names, and a directory declaring 500 MB inside.
  const zip = Buffer.from(zipSync({ '[Content_Types].xml': new Uint8Array(10), 'xl/workbook.xml': new Uint8Array(1000) }));
  const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(500 * 1024 * 1024, central + 24);
  await refused('bomb.xlsx', zip, /文件解压后超过 \d+ MB（疑似压缩炸弹）/);
  await refused('gbk.csv', Buffer.from([0xd2, 0xc6, 0xbd, 0xbb, 0x2c, 0x0a]), '不是 UTF-8 编码', 'text/csv');
  await refused('renamed.xlsx', await edit(good, (sheet) => (sheet.getCell(3, colOf('receiver')).value = '接收方')), /表头“接收方”不是台账的列/);
  await refused('missing.xlsx', await edit(good, (sheet) => sheet.spliceColumns(colOf('owner'), 1)), '缺少列“责任人”');
  await refused('merged.xlsx', await edit(good, (sheet) => sheet.mergeCells(FIRST_DATA_ROW, colOf('receiver'), FIRST_DATA_ROW + 1, colOf('receiver'))), /数据区有合并单元格 [A-Z]+\d+:[A-Z]+\d+/);
  const template = (await app.inject({ method: 'GET', url: '/ledger/template.xlsx', headers: { cookie: admin.cookie } })).rawPayload;
  await refused('template.xlsx', template, '工作表“移交项目台账”中没有数据行');
  await refused('other.xlsx', await edit(good, (sheet, workbook) => (workbook.getWorksheet('移交项目台账')!.name = '别的表')), '找不到工作表“移交项目台账”');
  const extra = await upload(app, office, 'extra.xlsx', await edit(good, (_sheet, workbook) => workbook.addWorksheet('草稿')));
  t.equal(extra.statusCode, 200);
  t.match(extra.body, '工作表“草稿”不导入');
  t.equal(fingerprint(app), before);
});

t.test('a record changed after the preview refuses the confirmation: nothing is overwritten', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const data = await edit(await exported(app, office), (sheet) => {
    sheet.getCell(FIRST_DATA_ROW, colOf('owner')).value = '表里的人';
    sheet.getCell(FIRST_DATA_ROW + 1, colOf('owner')).value = '表里的另一人';
  });
  const preview = await upload(app, office, 'race.xlsx', data);
  t.match(preview.body, '更新 2 个');
  const first = app.db.$client.prepare('SELECT id, version FROM handovers ORDER BY enterprise_id, id LIMIT 1').get() as { id: number; version: number };
  app.services.handovers.update({ userId: null, username: 'someone', ip: null }, first.id, { owner: '同事刚改的', version: first.version });
  const before = fingerprint(app);
  const res = await confirm(app, office, confirmUrl(preview.body)!);
  t.equal(res.statusCode, 409);
  t.match(res.body, `第 ${FIRST_DATA_ROW} 行的移交项目在预览之后已被修改`);
  t.equal(fingerprint(app), before, 'not even the other row was written');
  t.equal(app.db.$client.prepare('SELECT owner FROM handovers WHERE id = ?').pluck().get(first.id), '同事刚改的');
});

t.test('only office and admin may import', async (t) => {
  const app = await build(t);
  const staff = await loginAs(app, 'staff');
  const res = await upload(app, staff, 'x.xlsx', Buffer.from('x'));
  t.equal(res.statusCode, 403);
});

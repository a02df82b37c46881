// The exported files, opened and read: the 纪要 DOCX (page, margins, title, number, decisions with
// units and deadlines, attendance, 版记, page numbers, fonts), the Markdown and print view in the
// same order, the monthly pack with exactly the month's meetings and the decision table.
import { strFromU8, unzipSync } from 'fflate';
import t from 'tap';
import { build, get, loginAs } from './helper.js';

type App = Awaited<ReturnType<typeof build>>;

const one = (app: App, sql: string, ...params: unknown[]) => app.db.$client.prepare(sql).pluck().get(...params) as number;

async function download(app: App, url: string, cookie: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie } });
  return res;
}

function unzip(body: Buffer) {
  const files = unzipSync(new Uint8Array(body));
  const text = (name: string) => (files[name] ? strFromU8(files[name]) : '');
  return { files, text };
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of each paragraph of a WordprocessingML part, runs joined. */
function paragraphs(xml: string): string[] {
  return xml
    .split('</w:p>')
    .map((p) => unescapeXml([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')))
    .filter((p) => p.length > 0);
}

/** The XML of the paragraph whose text starts with `start`. */
const paragraphXml = (xml: string, start: string) => xml.split('</w:p>').find((p) => paragraphs(`${p}</w:p>`)[0]?.startsWith(start)) ?? '';

t.test('the 纪要 as a Word document', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const id = one(app, "SELECT id FROM meetings WHERE title = '政企协作小组2017年第3次例会'");
  const res = await download(app, `/meetings/${id}/minutes.docx`, leader.cookie);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const disposition = String(res.headers['content-disposition']);
  t.match(disposition, /^attachment; filename="minutes-\d+\.docx"; filename\*=UTF-8''/);
  t.equal(
    decodeURIComponent(disposition.split("UTF-8''")[1]!),
    '2017年第3期-镇海区“三供一业”分离移交政企协作小组会议纪要.docx',
    'the Chinese file name, RFC 5987-encoded',
  );

  const { text, files } = unzip(res.rawPayload);
  t.ok(files['word/document.xml'], 'a Word document');
  const xml = text('word/document.xml');
  const paras = paragraphs(xml);

  // Page: A4, top 37 mm, left 28 mm, type area 156 × 225 mm.
  t.match(xml, '<w:pgSz w:w="11906" w:h="16838"');
  t.match(xml, /<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  t.match(xml, /<w:docGrid w:type="lines" w:linePitch="579"\/>/, '22 lines on the page');

  // Mark, number, office and date, red line.
  t.equal(paras[0], '镇海区“三供一业”分离移交政企协作小组会议纪要', 'the title first');
  const title = paragraphXml(xml, '镇海区');
  t.match(title, '<w:jc w:val="center"/>', 'centred');
  t.match(title, '<w:color w:val="FF0000"/>', 'red');
  t.match(title, '<w:sz w:val="44"/>', '2号 (22 pt)');
  t.match(title, 'w:eastAsia="方正小标宋简体"', 'in 小标宋 by name');
  t.equal(paras[1], '第3期', 'the number under it');
  t.equal(paras[2], '镇海区发展和改革局\t2017年9月20日', 'issuing office and date');
  t.match(xml, /<w:bottom w:val="single" w:color="FF0000" w:sz="18"/, 'the red separator');

  // Body in order: opening, heard, decisions with their terms, carried-over, attendance.
  const body = paras.join('\n');
  const order = [
    '2017年9月18日下午，区政府副区长王××在区行政中心1号楼会议室主持召开政企协作小组2017年第3次例会，听取各专项工作组和驻镇企业工作进展汇报，研究部署下步工作。现将会议议定事项纪要如下：',
    '一、会议听取了供水、供电、供气、物业四个专项工作组',
    '二、会议议定如下事项：',
    '（一）关于维修改造标准及费用测算。结合摸底调查结果',
    '（牵头单位：区发改局；责任单位：区住建局、区财政局；完成时限：2017年10月31日）',
    '（二）关于土地权属变更登记。',
    '（牵头单位：区国土分局；责任单位：镇海炼化；完成时限：2017年11月30日）',
    '（三）关于市政设施及社区管理职能移交。',
    '（牵头单位：区发改局；责任单位：镇海炼化、蛟川街道；完成时限：2017年12月31日）',
    '三、上次会议议定事项落实情况：',
    '第2期纪要议定的2项事项均已完成。',
    '出席：王××（区政府）、李××（区发改局）、赵××（区财政局）、钱××（区住建局）、孙××（区国土分局）、周××（镇海炼化）、吴××（中石化工程公司）',
    '列席：郑××（国网镇海供电公司）、冯××（兴光燃气）',
    '请假：陈××（区水利局，委托林××参会）',
    '分送：区委办、区人大办、区政府办，各专项工作组成员单位，驻镇相关企业',
    '镇海区发展和改革局\t2017年9月20日印发',
  ];
  let at = -1;
  for (const part of order) {
    const found = body.indexOf(part);
    t.ok(found > at, `in order: ${part.slice(0, 24)}`);
    at = found;
  }
  t.match(paragraphXml(xml, '一、'), /<w:rFonts w:ascii="黑体"[^>]*\/><w:sz w:val="32"\/>[\s\S]*<w:t xml:space="preserve">一、<\/w:t>/, '一、 in 黑体, 3号');
  t.match(paragraphXml(xml, '（一）'), /w:eastAsia="楷体_GB2312"[\s\S]*（一）关于维修改造标准及费用测算。/, '（一） in 楷体');
  t.match(paragraphXml(xml, '2017年9月18日'), /<w:ind w:firstLine="640" w:firstLineChars="200"\/>/, 'first-line indent of two characters');
  t.match(paragraphXml(xml, '2017年9月18日'), 'w:eastAsia="仿宋_GB2312"', 'body in 仿宋');
  t.match(paragraphXml(xml, '出席'), /w:eastAsia="黑体"[\s\S]*出席：/, '出席 in 黑体 with a full-width colon');

  // Footer: "— 1 —" with the PAGE field, centred.
  const footer = Object.keys(files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map(text).join('');
  t.match(footer, /PAGE/, 'a page number field');
  t.match(footer, '— ');
  t.match(footer, '<w:jc w:val="center"/>');

  // Fonts named with their fallbacks.
  const fonts = text('word/fontTable.xml');
  t.match(fonts, '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
  t.match(fonts, '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
  t.match(fonts, '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');

  const audit = app.db.$client
    .prepare("SELECT * FROM audit_log WHERE action = 'export' AND entity_type = 'meeting' AND entity_id = ?")
    .get(id) as Record<string, unknown> | undefined;
  t.ok(audit, 'the download is in the audit log');
  t.equal(audit?.username, 'test-leader');
});

t.test('a decision delayed after the meeting keeps the deadline agreed in the minutes', async (t) => {
  const app = await build(t);
  const doc = app.services.minutes.document(one(app, "SELECT id FROM meetings WHERE title = '政企协作小组2018年第1次例会'"));
  const entries = doc.sections.flatMap((s) => s.entries);
  const delayed = app.db.$client.prepare("SELECT title, due_date, original_due_date FROM items WHERE delay_count > 0 AND meeting_id = ?").get(doc.meetingId) as
    | { title: string; due_date: string; original_due_date: string }
    | undefined;
  t.ok(delayed, 'the demo has a delayed decision');
  const entry = entries.find((e) => e.title.startsWith(delayed!.title.replace(/"/g, '“').slice(0, 6)))!;
  const [y, m, d] = delayed!.original_due_date.split('-').map(Number);
  t.match(entry.terms, `完成时限：${y}年${m}月${d}日`);
});

t.test('a draft says so; a meeting not held has no minutes', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const draft = one(app, "SELECT id FROM meetings WHERE title = '供水专项工作组2018年第4次例会'");
  const res = await download(app, `/meetings/${draft}/minutes.docx`, office.cookie);
  t.equal(res.statusCode, 200);
  const paras = paragraphs(unzip(res.rawPayload).text('word/document.xml'));
  t.equal(paras[1], '（草稿）', 'no number yet');
  t.match(decodeURIComponent(String(res.headers['content-disposition'])), '供水专项工作组会议纪要（草稿）.docx');
  t.ok(paras.some((p) => p.startsWith('三、上次会议议定事项落实情况')), 'carried-over items');
  t.ok(paras.some((p) => p.startsWith('（二）炼化二村居民反映二次供水水压不足')), 'an open problem from an earlier agenda');

  const planned = one(app, "SELECT id FROM meetings WHERE status = 'planned' LIMIT 1");
  for (const suffix of ['minutes.docx', 'minutes.md', 'print']) {
    const refused = await get(app, `/meetings/${planned}/${suffix}`, { cookie: office.cookie });
    t.equal(refused.status, 409, suffix);
    t.match(refused.body, '这次会议尚未召开（或已取消），没有纪要可以导出。');
  }
  const missing = await get(app, '/meetings/999999/minutes.docx', { cookie: office.cookie });
  t.equal(missing.status, 404);
});

t.test('Markdown and the print view follow the same order', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const id = one(app, "SELECT id FROM meetings WHERE title = '政企协作小组2017年第3次例会'");
  const md = await get(app, `/meetings/${id}/minutes.md`, { cookie: leader.cookie });
  t.equal(md.status, 200);
  t.equal(md.headers['content-type'], 'text/markdown; charset=utf-8');
  t.match(String(md.headers['content-disposition']), /^inline; /);
  const parts = [
    '# 镇海区“三供一业”分离移交政企协作小组会议纪要',
    '**第3期**',
    '镇海区发展和改革局　2017年9月20日',
    '2017年9月18日下午',
    '**一、**会议听取了',
    '**二、会议议定如下事项：**',
    '（一）*关于维修改造标准及费用测算。*',
    '（牵头单位：区发改局；责任单位：区住建局、区财政局；完成时限：2017年10月31日）',
    '**三、上次会议议定事项落实情况：**',
    '**出席：**王××（区政府）',
    '**请假：**陈××（区水利局，委托林××参会）',
    '分送：区委办',
    '镇海区发展和改革局　2017年9月20日印发',
  ];
  let at = -1;
  for (const part of parts) {
    const found = md.body.indexOf(part);
    t.ok(found > at, `markdown in order: ${part}`);
    at = found;
  }
  t.ok(one(app, "SELECT count(*) FROM audit_log WHERE action = 'export' AND entity_id = ? AND after LIKE '%markdown%'", id) === 1, 'recorded');

  const print = await get(app, `/meetings/${id}/print`, { cookie: leader.cookie });
  t.equal(print.status, 200);
  t.match(print.headers['content-type'], 'text/html; charset=utf-8');
  t.match(print.body, '<link rel="stylesheet" href="/static/print.css">');
  t.notMatch(print.body, 'class="site-header"', 'no site navigation on the sheet');
  t.notMatch(print.body, /style=|<script/, 'no inline style or script (CSP)');
  const html = [
    '<span class="mark-line">镇海区“三供一业”分离移交政企协作小组</span><span class="mark-line">会议纪要</span>',
    '<p class="number">第3期</p>',
    '<span>2017年9月20日</span>',
    '<span class="h1">一、</span>会议听取了',
    '<span class="h1">二、会议议定如下事项：</span>',
    '<span class="h2">（一）关于维修改造标准及费用测算。</span>',
    '（牵头单位：区发改局；责任单位：区住建局、区财政局；完成时限：2017年10月31日）',
    '<dt>出席：</dt>',
    '<p class="distribution">分送：',
    '<span>2017年9月20日印发</span>',
  ];
  at = -1;
  for (const part of html) {
    const found = print.body.indexOf(part);
    t.ok(found > at, `print view in order: ${part}`);
    at = found;
  }
  const css = await get(app, '/static/print.css', { cookie: leader.cookie });
  t.match(css.body, '@page { size: A4; margin: 37mm 26mm 35mm 28mm; }');

  const en = await get(app, `/meetings/${id}/minutes.md`, { cookie: `${leader.cookie}; lang=en` });
  t.match(en.body, '**Present: **', 'the fixed words follow the language');
});

t.test('the monthly pack holds exactly the month’s meetings, the decision table and the month’s changes', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const res = await download(app, '/minutes/monthly/2017-09.docx', leader.cookie);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  t.equal(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!), '2017年9月月度纪要汇编.docx');
  const { text } = unzip(res.rawPayload);
  const xml = text('word/document.xml');
  const paras = paragraphs(xml);
  t.equal(paras[0], '月度纪要汇编', 'the cover');
  t.ok(paras.includes('2017年9月'));
  t.ok(paras.includes('范围：全部工作组'));

  const inMonth = app.db.$client
    .prepare("SELECT title FROM meetings WHERE status = 'held' AND starts_at LIKE '2017-09%' ORDER BY starts_at")
    .pluck()
    .all() as string[];
  const others = app.db.$client
    .prepare("SELECT title FROM meetings WHERE starts_at NOT LIKE '2017-09%'")
    .pluck()
    .all() as string[];
  t.same(inMonth, ['政企协作小组2017年第3次例会', '物业专项工作组2017年第2次例会']);
  const openings = paras.filter((p) => /主持召开/.test(p));
  t.equal(openings.length, inMonth.length, 'one 纪要 per meeting of the month');
  inMonth.forEach((title, i) => t.match(openings[i]!, `主持召开${title}`, `in order: ${title}`));
  for (const title of others) t.notOk(paras.some((p) => p.includes(`召开${title}，`) || p.includes(`${title}（`)), `not in the pack: ${title}`);
  t.equal((xml.match(/<w:pageBreakBefore\/>/g) ?? []).length >= 3, true, 'each meeting and the table start a page');
  t.match(xml, '<w:pgSz w:w="11906" w:h="16838"');

  const table = paras.indexOf('本月议定事项及落实情况');
  t.ok(table > 0, 'the decision table');
  t.same(paras.slice(table + 2, table + 7), ['序号', '事项', '牵头单位', '完成时限', '状态'], 'its columns');
  t.ok(paras.includes('关于维修改造标准及费用测算'), 'a decision of the month');
  t.ok(paras.includes('已销号'), 'with its status today');
  // September 2017 in the demo: five items were entered in the month (among them the three
  // decisions of its meetings); none was closed out, and none fell due unfinished.
  t.same(
    paras.filter((p) => /^本月.*事项（\d+项）$/.test(p)),
    ['本月销号事项（0项）', '本月新增事项（5项）', '本月到期未完成（逾期）事项（0项）'],
    'the month’s figures',
  );
  t.equal(one(app, "SELECT count(*) FROM audit_log WHERE action = 'export' AND entity_type = 'monthlyPack' AND entity_id = 201709"), 1, 'recorded');

  const group = one(app, "SELECT id FROM groups WHERE kind = 'coordination'");
  const coord = await download(app, `/minutes/monthly/2017-09.docx?groupId=${group}`, leader.cookie);
  const coordParas = paragraphs(unzip(coord.rawPayload).text('word/document.xml'));
  t.equal(coordParas.filter((p) => /主持召开/.test(p)).length, 1, 'one group: its meeting only');
  t.ok(coordParas.some((p) => p.startsWith('范围：镇海区“三供一业”分离移交政企协作小组')));

  const april = await download(app, '/minutes/monthly/2018-04.docx', leader.cookie);
  const aprilParas = paragraphs(unzip(april.rawPayload).text('word/document.xml'));
  t.ok(aprilParas.some((p) => /本月到期未完成（逾期）事项（[1-9]\d*项）/.test(p)), 'April 2018 has items fallen overdue');

  const empty = await get(app, '/minutes/monthly/2016-12.docx', { cookie: leader.cookie });
  t.equal(empty.status, 404, 'a month without meetings');
  t.match(empty.body, '2016年12月没有已召开的会议，无法生成月度纪要汇编。');
  const bad = await get(app, '/minutes/monthly/2017-13.docx', { cookie: leader.cookie });
  t.equal(bad.status, 404);
  const noGroup = await get(app, '/minutes/monthly/2017-09.docx?groupId=9999', { cookie: leader.cookie });
  t.equal(noGroup.status, 404);
  t.match(noGroup.body, '没有这个工作组。');
});

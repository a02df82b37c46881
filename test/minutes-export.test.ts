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

/** The attributes of the first element named `name` in `xml`. */
function attrs(xml: string, name: string): Record<string, string> {
  const tag = new RegExp(`<${name}(\\s[^>]*)?/?>`).exec(xml)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** The run properties of the runs of a paragraph that hold `text`. */
const runOf = (paragraph: string, text: string) => paragraph.split('</w:r>').find((r) => r.includes(`>${text}`)) ?? '';

t.test('the 纪要 as a Word document: GB/T 9704 measured in document.xml', async (t) => {
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

  // Page: A4 (210 × 297 mm), top 37 mm, left 28 mm, right 26 mm, bottom 35 mm: a type area of 156 × 225 mm.
  t.same(attrs(xml, 'w:pgSz'), { 'w:w': '11906', 'w:h': '16838', 'w:orient': 'portrait' });
  const margin = attrs(xml, 'w:pgMar');
  t.same([margin['w:top'], margin['w:right'], margin['w:bottom'], margin['w:left']], ['2098', '1474', '1984', '1587'], 'margins in twips');
  t.equal(11906 - 1587 - 1474, 8845, 'a line of 156 mm');

  // The grid: 22 lines of 579 twips (225 mm), 28 characters a line.
  const grid = attrs(xml, 'w:docGrid');
  t.equal(grid['w:type'], 'linesAndChars');
  t.equal(grid['w:linePitch'], '579');
  t.ok(22 * 579 <= 16838 - 2098 - 1984 && 23 * 579 > 16838 - 2098 - 1984, '22 lines fill the type area');
  const pitch = 16 + Number(grid['w:charSpace']) / 4096;
  t.equal(grid['w:charSpace'], '-842');
  t.ok(28 * pitch <= 8845 / 20 && 29 * pitch > 8845 / 20, `a character pitch of ${pitch.toFixed(3)} pt: 28 characters of 3号 to a 156 mm line`);
  // The paragraphs keep to the lines but close up by 0.3 pt a character (LibreOffice puts a 3号 character in two
  // cells of the grid): 28 of them still fill the line in Word and LibreOffice alike.
  const styles = text('word/styles.xml');
  const normal = /<w:style w:type="paragraph" w:styleId="Normal"[\s\S]*?<\/w:style>/.exec(styles)?.[0] ?? '';
  t.match(normal, '<w:snapToGrid w:val="0"/>', 'paragraphs keep off the character cells');
  t.match(normal, '<w:widowControl w:val="0"/>', 'no widow control: lines stay where the grid puts them');
  t.match(normal, '<w:spacing w:val="-6"/>', 'Normal closes up by 0.3 pt');
  t.match(normal, '<w:sz w:val="32"/>', 'Normal is 3号');
  t.ok(28 * (16 - 0.3) <= 8845 / 20 && 29 * (16 - 0.3) > 8845 / 20, '28 characters at 15.7 pt fill the line');

  // Integer twips everywhere (the schema's ST_TwipsMeasure and ST_SignedTwipsMeasure are integers).
  const fractional = [...xml.matchAll(/w:[A-Za-z]+="-?\d+\.\d+"/g)].map((m) => m[0]);
  t.same(fractional, [], 'no fractional measure in document.xml');
  const measures = ['w:spacing', 'w:ind', 'w:tab', 'w:pgMar', 'w:docGrid'].flatMap((name) =>
    [...xml.matchAll(new RegExp(`<${name} ([^>]*)/>`, 'g'))].flatMap((m) =>
      [...m[1]!.matchAll(/(w:[A-Za-z]+)="([^"]*)"/g)].filter(([, key]) => !['w:val', 'w:lineRule', 'w:leader', 'w:type'].includes(key!)).map(([, key, value]) => `${name} ${key}=${value}`),
    ),
  );
  t.ok(measures.length > 100, `${measures.length} measures read`);
  t.same(measures.filter((m) => !/=-?\d+$/.test(m)), [], 'every spacing, indent, tab stop and margin a whole number of twips');
  t.notMatch(xml, '<w:tblpPr', 'no floating table');
  t.notMatch(xml, '<w:tbl>', 'no table at all: the 版记 is paragraphs');

  // The mark: an empty line of 1914 twips, then the title in lines of 579 twips, its 2号 characters' top
  // edge (139 / 2 = 70 twips into the line) 35 mm (1984 twips) under the type area's top.
  const blocks = xml.split('</w:p>');
  t.match(blocks[0]!, /<w:spacing w:after="0" w:before="0" w:line="1914" w:lineRule="exact"\/>/, 'the 版头 spacer');
  t.equal(1914 + Math.round((579 - 440) / 2), 1984, 'the mark 35 mm down');
  t.equal(paras[0], '镇海区“三供一业”分离移交政企协作小组会议纪要', 'the title with the organ, first');
  const title = paragraphXml(xml, '镇海区');
  t.match(title, '<w:jc w:val="center"/>', 'centred');
  t.match(title, '<w:color w:val="FF0000"/>', 'red');
  t.match(title, '<w:sz w:val="44"/>', '2号 (22 pt)');
  t.match(title, 'w:eastAsia="方正小标宋简体"', 'in 小标宋 by name');
  t.match(title, 'w:line="579" w:lineRule="exact"', 'on the grid');
  t.equal(paras[1], '2017年第3期', 'the number with its year under it');
  t.equal(paras[2], '镇海区发展和改革局\t2017年9月20日', 'issuing office and date');
  const office = paragraphXml(xml, '镇海区发展和改革局\t');
  t.match(office, '<w:ind w:left="314" w:right="314"/>', 'one character in on either side');
  t.match(office, /<w:bottom w:val="single" w:color="FF0000" w:sz="18" w:space="8"\/>/, 'the red line under it');
  t.match(office, '<w:tab w:val="right" w:pos="8531"/>', 'the date one character in from the right');

  // Body in order: opening, heard, decisions with their terms, carried-over, attendance.
  const body = paras.join('\n');
  const order = [
    '2017年9月18日下午，区政府副区长王××在区行政中心1号楼会议室主持召开政企协作小组2017年第3次例会，听取各专项工作组和驻镇企业工作进展汇报，研究部署下步工作。现将会议议定事项纪要如下：',
    '一、会议听取了供水、供电、供气、物业四个专项工作组',
    '二、会议议定如下事项：',
    '（一）关于维修改造标准及费用测算。结合摸底调查结果',
    '（牵头单位：区发改局；配合单位：区住建局、区财政局；完成时限：2017年10月31日）',
    '（二）关于土地权属变更登记。',
    '（牵头单位：区国土分局；配合单位：镇海炼化；完成时限：2017年11月30日）',
    '（三）关于市政设施及社区管理职能移交。',
    '（牵头单位：区发改局；配合单位：镇海炼化、蛟川街道；完成时限：2017年12月31日）',
    '三、上次会议议定事项落实情况：',
    '2017年第2期纪要议定的2项事项均已完成。',
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
  t.equal(paras.at(-1), '镇海区发展和改革局\t2017年9月20日印发', 'the 版记 ends the document');

  // Fonts and sizes by role.
  const opening = paragraphXml(xml, '2017年9月18日');
  t.match(opening, '<w:ind w:firstLine="628"/>', 'first-line indent of two characters (2 × 314 twips)');
  t.match(opening, /w:eastAsia="仿宋_GB2312"[\s\S]*<w:spacing w:val="-6"\/><w:sz w:val="32"\/>/, 'body in 3号 仿宋, closed up by 0.3 pt');
  t.match(opening, /<w:spacing w:after="0" w:before="\d+" w:line="579" w:lineRule="exact"\/>/, 'on the grid');
  t.match(runOf(paragraphXml(xml, '一、'), '一、'), /w:eastAsia="黑体"[\s\S]*<w:sz w:val="32"\/>/, '一、 in 3号 黑体');
  t.match(runOf(paragraphXml(xml, '（一）'), '（一）'), /w:eastAsia="楷体_GB2312"[\s\S]*<w:sz w:val="32"\/>/, '（一） in 3号 楷体');

  // 出席 two characters in (628 twips), the text after the colon wrapping under its first character.
  const present = paragraphXml(xml, '出席');
  t.match(present, '<w:ind w:left="1570" w:hanging="942"/>', '出席 at 1570 − 942 = 628 twips, wrapped lines at 1570');
  t.match(runOf(present, '出席：'), /w:eastAsia="黑体"/, '出席 in 黑体 with a full-width colon');
  t.match(paragraphXml(xml, '请假'), '<w:ind w:left="1570" w:hanging="942"/>', '请假 likewise');

  // The 版记: 4号, one character (280 twips) in on either side, 分送 wrapping after its colon, rules.
  const distribution = paragraphXml(xml, '分送：');
  t.match(distribution, '<w:ind w:left="1120" w:right="280" w:hanging="840"/>', '分送 one character in, wrapped lines after 分送：');
  t.match(distribution, /<w:top w:val="single" w:color="000000" w:sz="8" w:space="0"\/>/, 'a thick rule (1 pt ≈ 0.35 mm) over it');
  t.match(distribution, /<w:bottom w:val="single" w:color="000000" w:sz="6" w:space="0"\/>/, 'a thin rule (0.75 pt ≈ 0.25 mm) under it');
  t.match(runOf(distribution, '分送：'), '<w:sz w:val="28"/>', '4号');
  const issued = paragraphXml(xml, '镇海区发展和改革局\t2017年9月20日印发');
  t.match(issued, '<w:ind w:left="280" w:right="280"/>', '印发 one character in on either side');
  t.match(issued, '<w:tab w:val="right" w:pos="8565"/>', 'its date one character in from the right');
  t.match(issued, /<w:bottom w:val="single" w:color="000000" w:sz="8" w:space="0"\/>/, 'a thick rule under the last line');
  // Before the 版记, the empty line that takes it to the foot of the page (as docx's Word layout found it).
  const before = xml.split('</w:p>')[xml.split('</w:p>').findIndex((p) => p.includes('分送：')) - 1]!;
  t.match(before, /<w:keepNext\/>[\s\S]*<w:spacing w:after="0" w:before="0" w:line="\d+" w:lineRule="exact"\/>/, 'a spacer kept with the 版记');
  t.notMatch(before, '<w:t', 'and empty');

  // Page numbers: "— n —" in 4号 宋体, odd pages on the right and even pages on the left, one character in.
  t.match(text('word/settings.xml'), /<w:evenAndOddHeaders( w:val="(true|1)")?\/>/, 'odd and even pages apart');
  const refs = Object.fromEntries([...xml.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => [m[1]!, m[2]!]));
  const rels = text('word/_rels/document.xml.rels');
  const footer = (type: string) => text(`word/${new RegExp(`Id="${refs[type]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${refs[type]}"`).exec(rels)?.[1]}`);
  const odd = footer('default');
  const even = footer('even');
  t.match(odd, '<w:jc w:val="right"/>', 'odd pages: on the right');
  t.match(odd, '<w:ind w:right="280"/>', 'one character in');
  t.match(even, '<w:jc w:val="left"/>', 'even pages: on the left');
  t.match(even, '<w:ind w:left="280"/>', 'one character in');
  for (const f of [odd, even]) {
    t.match(f, /PAGE/, 'a page number field');
    t.match(f, '— ');
    t.match(f, /w:eastAsia="宋体"[\s\S]*<w:sz w:val="28"\/>/, '4号 宋体');
  }
  // The dashes 7 mm (397 twips) under the type area: the footer's 4号 line is centred on that height.
  t.equal(attrs(xml, 'w:pgMar')['w:footer'], String(1984 - 397 - 140), 'footer distance');

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

t.test('the title names the organ of the settings; a draft does not repeat its decisions in the summary', async (t) => {
  const app = await build(t);
  const water = app.services.minutes.document(one(app, "SELECT id FROM meetings WHERE title = '供水专项工作组2018年第3次例会'"));
  t.equal(water.title, '镇海区“三供一业”分离移交供水专项工作组会议纪要', 'organisation and programme before the group');
  t.same(water.titleLines, ['镇海区“三供一业”分离移交供水专项工作组', '会议纪要']);
  t.equal(water.numberLabel, '2018年第3期');
  const forum = app.services.minutes.document(one(app, "SELECT id FROM meetings WHERE title = '驻镇企业职工家属区供气改造费用标准座谈会'"));
  t.equal(forum.title, '镇海区驻镇企业职工家属区供气改造费用标准座谈会纪要', 'the organisation before a meeting of no series');
  const leading = app.services.minutes.document(one(app, "SELECT id FROM meetings WHERE title LIKE '镇海区推进%第一次会议'"));
  t.match(leading.title, /^镇海区推进驻镇/, 'a title that names the organisation already is not prefixed again');

  const draft = app.services.minutes.document(one(app, "SELECT id FROM meetings WHERE title = '供水专项工作组2018年第4次例会'"));
  const decisions = draft.sections.find((s) => s.heading === '会议议定如下事项：')!;
  t.equal(decisions.entries.length, 2, 'two decisions, numbered');
  t.same(decisions.entries.map((e) => e.marker), ['（一）', '（二）']);
  for (const paragraph of decisions.paragraphs) {
    for (const entry of decisions.entries) t.notMatch(paragraph, entry.title.replace(/。$/, ''), 'the summary does not repeat a decision');
  }
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
    '**2017年第3期**',
    '镇海区发展和改革局　2017年9月20日',
    '2017年9月18日下午',
    '**一、**会议听取了',
    '**二、会议议定如下事项：**',
    '（一）*关于维修改造标准及费用测算。*',
    '（牵头单位：区发改局；配合单位：区住建局、区财政局；完成时限：2017年10月31日）',
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
  t.match(print.body, '<link rel="stylesheet" href="/minutes/print.css">');
  t.notMatch(print.body, 'class="site-header"', 'no site navigation on the sheet');
  t.notMatch(print.body, /style=|<script/, 'no inline style or script (CSP)');
  const html = [
    '<span class="mark-line">镇海区“三供一业”分离移交政企协作小组</span><span class="mark-line">会议纪要</span>',
    '<p class="number">2017年第3期</p>',
    '<span>2017年9月20日</span>',
    '<span class="h1">一、</span>会议听取了',
    '<span class="h1">二、会议议定如下事项：</span>',
    '<span class="h2">（一）关于维修改造标准及费用测算。</span>',
    '（牵头单位：区发改局；配合单位：区住建局、区财政局；完成时限：2017年10月31日）',
    '<span class="caption">出席：</span>王××（区政府）',
    '<footer class="imprint">',
    '<p class="distribution"><span>分送：</span>',
    '<span>2017年9月20日印发</span>',
  ];
  at = -1;
  for (const part of html) {
    const found = print.body.indexOf(part);
    t.ok(found > at, `print view in order: ${part}`);
    at = found;
  }
  // The sheet is as many pages tall as the 纪要 fills, its 版头 a whole number of lines.
  t.match(print.body, /<article class="sheet pages-3">/, 'three pages, as the layout of the Word 纪要 says');
  t.match(print.body, /<header class="masthead masthead-8">/, 'the 版头 takes 8 lines of the grid');
  const css = await get(app, '/minutes/print.css');
  t.equal(css.status, 200);
  t.match(css.headers['content-type'], 'text/css');
  t.match(css.body, '@page { size: A4; margin: 37mm 26mm 35mm 28mm; }');
  t.match(css.body, /@page :right \{ @bottom-right \{ content: "— " counter\(page\) " —";[^}]*padding-top: calc\(7mm - 7pt\); text-align: right; padding-right: 1em; \} \}/, 'odd pages: "— n —" on the right, one character in, 7 mm under the type area');
  t.match(css.body, /@page :left \{ @bottom-left \{ content: "— " counter\(page\) " —";[^}]*text-align: left; padding-left: 1em; \} \}/, 'even pages: on the left');
  t.match(css.body, '--line: 28.95pt;', '22 lines of 579 twips');
  t.match(css.body, 'letter-spacing: -0.3pt;', '28 characters a line, as in the Word 纪要');
  t.match(css.body, '.masthead { flex: none; text-align: center; padding-top: 95.7pt; }', 'the mark 35 mm down');
  t.match(css.body, '.masthead-8 { height: calc(8 * var(--line)); }');
  t.match(css.body, '.attendance p { padding-left: calc(5 * var(--char)); text-indent: calc(-3 * var(--char));', '出席 two characters in, wrapping after the colon');
  t.match(css.body, '.imprint { margin-top: auto; break-inside: avoid;', 'the 版记 at the foot of the last page');
  t.match(css.body, '.pages-3 { min-height: calc(3 * var(--page)); }');

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
  t.same(paras.slice(0, 4), ['镇海区“三供一业”分离移交', '月度纪要汇编', '2017年9月', '范围：全部工作组'], 'the cover: the organisation and programme, the month, the scope');
  t.equal(paras[4], '目　录', 'a contents list');
  t.match(paras[5]!, /^1．9月18日　政企协作小组2017年第3次例会（2017年第3期）\t\d+$/, 'an entry with its page number');
  t.ok(paras.some((p) => /^镇海区发展和改革局编印\t2018年4月25日$/.test(p)), 'the compiling organ and the day on the cover');
  const sections = [...xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
  t.equal(sections.length, 2, 'a cover section and the minutes');
  t.notMatch(sections[0]!, '<w:pgNumType w:start', 'the cover is not numbered …');
  t.match(sections[1]!, '<w:pgNumType w:start="1"/>', '… the minutes are, from 1');
  t.match(sections[1]!, '<w:type w:val="nextPage"/>');

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
  t.equal((xml.match(/<w:pageBreakBefore\/>/g) ?? []).length, 0, 'the minutes follow one another: no page is left near empty');
  t.match(xml, '<w:pgSz w:w="11906" w:h="16838"');

  const table = paras.indexOf('本月议定事项及落实情况');
  t.ok(table > 0, 'the decision table');
  t.same(paras.slice(table + 2, table + 7), ['序号', '事项', '牵头单位', '完成时限', '状态'], 'its columns');
  t.ok(paras.includes('关于维修改造标准及费用测算'), 'a decision of the month');
  t.ok(paras.includes('已销号'), 'with its status today');
  // September 2017 in the demo: five items were entered in the month (among them the three
  // decisions of its meetings); none was closed out, and none fell due unfinished.
  t.same(
    paras.filter((p) => /^（\d）本月.*事项（\d+项）$/.test(p)),
    ['（1）本月销号事项（0项）', '（2）本月新增事项（5项）', '（3）本月新增逾期事项（0项）'],
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
  const aprilOverdue = app.services.figures.month({}, '2018-04').becameOverdue;
  t.equal(aprilOverdue, 7, 'April 2018: seven items became overdue (the one definition, figures.ts)');
  t.ok(aprilParas.includes(`（3）本月新增逾期事项（${aprilOverdue}项）`), 'the pack says the same number as the dashboard');
  // Issued minutes only: April's draft is listed on the cover as not issued, not reproduced.
  t.equal(one(app, "SELECT count(*) FROM meetings WHERE status = 'held' AND minutes_status = 'draft' AND starts_at LIKE '2018-04%'"), 1, 'April has a draft');
  t.ok(aprilParas.includes('本月召开、纪要尚未印发的会议（未收入本汇编）：'), 'the drafts apart');
  t.ok(aprilParas.includes('2018年4月18日　供水专项工作组2018年第4次例会（草稿，未印发）'), 'the draft listed as not issued');
  t.notOk(aprilParas.some((p) => p.includes('主持召开供水专项工作组2018年第4次例会')), 'its text is not in the pack');
  t.equal(aprilParas.filter((p) => /主持召开/.test(p)).length, 1, 'the issued minutes of April only');

  const empty = await get(app, '/minutes/monthly/2016-12.docx', { cookie: leader.cookie });
  t.equal(empty.status, 404, 'a month without meetings');
  t.match(empty.body, '2016年12月没有已召开的会议，无法生成月度纪要汇编。');
  const bad = await get(app, '/minutes/monthly/2017-13.docx', { cookie: leader.cookie });
  t.equal(bad.status, 404);
  const noGroup = await get(app, '/minutes/monthly/2017-09.docx?groupId=9999', { cookie: leader.cookie });
  t.equal(noGroup.status, 404);
  t.match(noGroup.body, '没有这个工作组。');
});

t.test('a reused Word file is never stale: an edit shows in the next download', async (t) => {
  const app = await build(t);
  const { cookie } = await loginAs(app, 'office');
  const meeting = one(app, "SELECT m.id FROM meetings m JOIN items i ON i.meeting_id = m.id WHERE m.minutes_status = 'draft' AND m.status = 'held' ORDER BY m.id LIMIT 1");
  const decision = one(app, "SELECT id FROM items WHERE meeting_id = ? AND kind = 'decision' ORDER BY id LIMIT 1", meeting);
  const url = `/meetings/${meeting}/minutes.docx`;
  const first = await download(app, url, cookie);
  t.equal(first.statusCode, 200);
  t.same((await download(app, url, cookie)).rawPayload, first.rawPayload, 'asked again: the same file');
  t.notOk(paragraphs(unzip(first.rawPayload).text('word/document.xml')).some((p) => p.includes('改写后的议定事项')));
  // Written through another connection to the file, as a second process would.
  const other = new (await import('better-sqlite3')).default(app.db.$client.name);
  other.prepare("UPDATE items SET title = '改写后的议定事项', version = version + 1 WHERE id = ?").run(decision);
  other.close();
  const next = await download(app, url, cookie);
  t.ok(paragraphs(unzip(next.rawPayload).text('word/document.xml')).some((p) => p.includes('改写后的议定事项')), 'the next download holds the edit');
});

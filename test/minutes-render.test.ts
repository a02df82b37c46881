// The 纪要 and the monthly packs as they print: the Word documents the app serves, converted to PDF
// by LibreOffice and read back page by page (pdftotext): the page count, no blank page and no page
// holding only a page number or only the 版记, the 版记 at the foot of the last page, the mark 35 mm
// down, 28 characters a line, page numbers right on odd pages and left on even ones; the packs'
// uncounted cover, pages a meeting each or so, and whole dates in their tables. Needs LibreOffice
// and Poppler (.ci/run installs them); without them the test says so and skips.
import t from 'tap';
import { layoutMinutes, minutesDocx } from '../server/exports/minutes-docx.js';
import { monthlyPackDocx } from '../server/exports/monthly-pack-docx.js';
import { docxToPdf, missingTools, pdfLines, type PdfLine } from '../scripts/office.js';
import { build } from './helper.js';

/** The type area: 37 mm from the top, 225 mm tall; 28 mm from the left, 156 mm wide. */
const TOP = 37;
const BOTTOM = 37 + 225;
const LEFT = 28;
const RIGHT = 28 + 156;
const LINE_MM = (579 / 20) * (25.4 / 72);

const isPageNumber = (line: PdfLine) => /^—\d+—$/.test(line.text);
/** A line of nothing but Chinese characters and full-width punctuation (no digits, Latin letters or ×). */
const fullWidthOnly = (text: string) => /^[\p{Script=Han}，。、；：？！“”（）《》—]+$/u.test(text);

t.test('the 纪要 and the monthly packs, printed by LibreOffice', async (t) => {
  const missing = missingTools();
  if (missing.length) {
    if (process.env.CI) t.fail(`${missing.join(' and ')} missing: .ci/run should have installed them`);
    else t.plan(0, `${missing.join(' and ')} not found (apt-get install libreoffice-writer-nogui poppler-utils): rendering test skipped`);
    return;
  }
  const app = await build(t);
  const id = (title: string) => app.db.$client.prepare('SELECT id FROM meetings WHERE title = ?').pluck().get(title) as number;
  // The meetings the issue measured: the first meeting, the leading group's, two coordination group
  // meetings, a draft, a special group's; and the 2018-03 pack of five meetings.
  const meetings = {
    first: id('驻镇国有企业"三供一业"分离移交工作会议'),
    leading: id('镇海区推进驻镇中央企业、省属企业职工家属区"三供一业"分离移交工作领导小组第一次会议'),
    coordination: id('政企协作小组2018年第2次例会'),
    coordination2017: id('政企协作小组2017年第3次例会'),
    draft: id('供水专项工作组2018年第4次例会'),
    power: id('供电专项工作组2018年第3次例会'),
  };
  const docs = Object.fromEntries(Object.entries(meetings).map(([key, meetingId]) => [key, app.services.minutes.document(meetingId)]));
  const layouts = Object.fromEntries(Object.entries(docs).map(([key, doc]) => [key, layoutMinutes(doc)]));
  const files: Record<string, Buffer> = {};
  for (const [key, doc] of Object.entries(docs)) files[key] = await minutesDocx(doc, layouts[key]);
  const packs = { '2017-12': app.services.minutes.monthlyPack('2017-12'), '2018-03': app.services.minutes.monthlyPack('2018-03'), '2018-04': app.services.minutes.monthlyPack('2018-04') };
  for (const [month, pack] of Object.entries(packs)) files[`pack-${month}`] = await monthlyPackDocx(pack, 'zh-CN');

  const pdfs = await docxToPdf(files);
  const pages: Record<string, PdfLine[][]> = {};
  for (const [key, pdf] of Object.entries(pdfs)) pages[key] = await pdfLines(pdf);

  const fullLines: number[] = [];
  for (const [key, doc] of Object.entries(docs)) {
    const printed = pages[key]!;
    t.test(`${doc.meetingTitle}`, async (t) => {
      t.equal(printed.length, layouts[key]!.pagesWithoutOfficeFonts, `${printed.length} pages, as the app's layout without the office fonts says`);
      const imprintTexts = [doc.distribution ?? '', doc.issuingOffice, doc.issuedLine ?? ''].filter(Boolean);
      const inImprint = (line: PdfLine) => imprintTexts.some((text) => line.text.length > 1 && (text.includes(line.text) || line.text.startsWith(doc.distributionLabel)));
      printed.forEach((lines, i) => {
        const text = lines.filter((l) => !isPageNumber(l));
        t.ok(text.length > 0, `page ${i + 1} is not blank and holds more than its number`);
        t.ok(text.some((l) => !inImprint(l)), `page ${i + 1} holds more than the 版记`);
        const number = lines.find(isPageNumber);
        t.equal(number?.text, `—${i + 1}—`, `page ${i + 1} is numbered`);
        // Odd pages: the number one character (4号, 4.9 mm) in from the right; even pages: from the left.
        if (number && i % 2 === 0) t.ok(Math.abs(RIGHT - 4.9 - number.right) < 1.5, `page ${i + 1}: number on the right (${number.right.toFixed(1)} mm)`);
        if (number && i % 2 === 1) t.ok(Math.abs(LEFT + 4.9 - number.left) < 1.5, `page ${i + 1}: number on the left (${number.left.toFixed(1)} mm)`);
        // The dashes 7 mm under the type area: the number's line centred on 269 mm.
        if (number) t.ok(Math.abs((number.top + number.bottom) / 2 - (BOTTOM + 7)) < 2, `page ${i + 1}: number ${((number.top + number.bottom) / 2).toFixed(1)} mm down`);
      });
      // The 版记 on the last page, its last line at the foot of the type area (within a line).
      const last = printed.at(-1)!;
      const office = last.filter((l) => l.text.startsWith(doc.issuingOffice));
      t.equal(office.length >= 1, true, 'the issuing office of the 版记 on the last page');
      if (doc.distribution) t.ok(last.some((l) => l.text.startsWith(doc.distributionLabel)), '分送 on the last page');
      const foot = Math.max(...office.map((l) => l.bottom));
      t.ok(foot <= BOTTOM + 0.5 && foot >= BOTTOM - LINE_MM - 2, `the 版记 ends ${(BOTTOM - foot).toFixed(1)} mm above the foot of the type area`);
      for (const page of printed.slice(0, -1)) t.notOk(page.some((l) => l.text.startsWith(doc.distributionLabel)), 'no 版记 before the last page');
      // The mark's top edge 35 mm under the type area's top.
      const mark = printed[0]![0]!;
      t.equal(mark.text, doc.titleLines[0]!.slice(0, mark.text.length), 'the mark first');
      t.ok(Math.abs(mark.top - (TOP + 35)) < 1.5, `the mark's top ${(mark.top - TOP).toFixed(1)} mm under the type area's top`);
      // Full lines of nothing but Chinese, for the count of characters a line below.
      fullLines.push(...printed.flat().filter((l) => Math.abs(l.left - LEFT) < 1 && l.right > RIGHT - 1 && fullWidthOnly(l.text)).map((l) => [...l.text].length));
      // 出席 two characters (11 mm) in.
      const present = printed.flat().find((l) => l.text.startsWith('出席：'));
      if (present) t.ok(Math.abs(present.left - (LEFT + 11.1)) < 1, `出席 ${(present.left - LEFT).toFixed(1)} mm in`);
    });
  }

  t.test('28 characters to a line', async (t) => {
    t.ok(fullLines.length >= 10, `${fullLines.length} full lines of nothing but Chinese`);
    t.ok(fullLines.every((n) => n >= 27 && n <= 29), `each holds 27–29 characters (punctuation kept off a line's start or end): ${fullLines.join(' ')}`);
    t.ok(fullLines.filter((n) => n === 28).length > fullLines.length / 2, 'most hold 28');
  });

  for (const [month, pack] of Object.entries(packs)) {
    const printed = pages[`pack-${month}`]!;
    t.test(`the monthly pack of ${month}`, async (t) => {
      const cover = printed[0]!;
      t.notOk(cover.some(isPageNumber), 'the cover has no page number');
      t.ok(cover.some((l) => l.text === '月度纪要汇编'), 'the cover');
      t.ok(cover.some((l) => l.text.startsWith(`${pack.compiler}编印`)), 'with the compiling organ …');
      t.ok(cover.some((l) => l.text === pack.monthLabel), '… and the month');
      t.ok(cover.some((l) => l.text === '目录' || l.text === '目　录'), 'a contents list');
      printed.slice(1).forEach((lines, i) => {
        t.equal(lines.find(isPageNumber)?.text, `—${i + 1}—`, `numbered from 1 after the cover: ${i + 1}`);
        const text = lines.filter((l) => !isPageNumber(l));
        if (i + 2 < printed.length) t.ok(text.length >= 11, `page ${i + 2} is not near empty (${text.length} lines)`);
        else t.ok(text.length >= 1, 'the last page is not blank');
      });
      const summary = printed.findIndex((lines, i) => i > 0 && lines.some((l) => l.text === '本月议定事项及落实情况'));
      t.ok(summary > 0, 'the summary');
      const meetingPages = summary;
      t.ok(meetingPages <= Math.max(1, Math.ceil(pack.meetings.length * 1.6)), `${pack.meetings.length} meetings on ${meetingPages} pages`);
      // Dates whole in the tables, which are as wide as the type area.
      const after = printed.slice(summary).flat();
      for (const row of pack.decisions) t.ok(after.some((l) => l.text.includes(row.due)), `${row.due} on one line`);
      const header = after.filter((l) => l.text === '序号' || l.text === '状态');
      t.ok(header.some((l) => l.left < LEFT + 4), 'the table starts at the left of the type area');
      const statusColumn = Math.max(...after.filter((l) => l.text === '状态').map((l) => l.right));
      t.ok(statusColumn > RIGHT - 20, `its last column reaches the right (${statusColumn.toFixed(1)} mm)`);
      for (const draft of pack.drafts) t.ok(cover.some((l) => l.text.includes(draft.title.slice(0, 8))), `the draft ${draft.title} listed on the cover`);
    });
  }
});

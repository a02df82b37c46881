// The print page of a 纪要 printed by Chromium (the browser's own "print to PDF", with the page
// size and margins the stylesheet asks for): as many pages as the app's layout says, page numbers
// "— n —" on the right of odd pages and the left of even ones, the mark 35 mm down, and the 版记
// on the last page at its foot. The PDF is read back with pdftotext (Poppler).
import t from 'tap';
import { missingTools, pdfLines } from '../../scripts/office.js';
import { browserAvailable, launch, newPage, signInAs, startServer } from './browser.js';

const BOTTOM = 37 + 225;
const LINE_MM = (579 / 20) * (25.4 / 72);

t.test('the print page of a 纪要, printed by Chromium', async (t) => {
  if (!browserAvailable(t)) return;
  if (missingTools().some((m) => m.startsWith('Poppler'))) {
    t.plan(0, 'pdftotext is not installed (apt-get install poppler-utils): the printed pages are not read back');
    return;
  }
  const { server, base } = await startServer(t);
  const browser = await launch(t);
  const page = await newPage(browser);
  await signInAs(page, base, server, 'leader');
  const id = (title: string) => server.db.$client.prepare('SELECT id FROM meetings WHERE title = ?').pluck().get(title) as number;

  for (const title of ['供电专项工作组2018年第3次例会', '政企协作小组2018年第2次例会']) {
    const doc = server.services.minutes.document(id(title));
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${base}/meetings/${doc.meetingId}/print`);
    const pages = Number(/pages-(\d+)/.exec((await page.getAttribute('article.sheet', 'class')) ?? '')?.[1]);
    await page.emulateMedia({ media: 'print' });
    // The mark's line starts 35 mm less its 2号 characters' inset (3.5 pt) under the type area's top.
    const markTop = await page.evaluate(() => {
      const sheet = document.querySelector('.sheet')!.getBoundingClientRect().top;
      return ((document.querySelector('.mark')!.getBoundingClientRect().top - sheet) * 25.4) / 96;
    });
    t.ok(Math.abs(markTop - (35 - (3.5 * 25.4) / 72)) < 0.2, `${title}: the mark's line ${markTop.toFixed(2)} mm under the type area's top`);
    const printed = await pdfLines(await page.pdf({ preferCSSPageSize: true }));
    t.equal(printed.length, pages, `${title}: ${printed.length} pages, as the layout says`);
    printed.forEach((lines, i) => {
      const number = lines.find((l) => /^—\d+—$/.test(l.text));
      t.equal(number?.text, `—${i + 1}—`, `page ${i + 1} numbered`);
      if (number && i % 2 === 0) t.ok(number.right > 178 && number.right < 181, `odd page ${i + 1}: on the right, one character in (${number.right.toFixed(1)} mm)`);
      if (number && i % 2 === 1) t.ok(number.left > 31 && number.left < 35, `even page ${i + 1}: on the left, one character in (${number.left.toFixed(1)} mm)`);
      if (number) t.ok(Math.abs((number.top + number.bottom) / 2 - (BOTTOM + 7)) < 2, `page ${i + 1}: the dashes about 7 mm under the type area`);
      t.ok(lines.some((l) => !/^—\d+—$/.test(l.text)), `page ${i + 1} holds more than its number`);
    });
    const last = printed.at(-1)!;
    const issued = last.find((l) => l.text.endsWith(doc.issuedLine!));
    t.ok(issued, `${title}: the 版记 on the last page`);
    t.ok(issued && issued.bottom <= BOTTOM + 0.5 && issued.bottom >= BOTTOM - LINE_MM - 2, `${title}: at its foot (${issued?.bottom.toFixed(1)} mm)`);
    t.ok(last.some((l) => l.text.startsWith('分送：')), '分送 with it');
    for (const earlier of printed.slice(0, -1)) t.notOk(earlier.some((l) => l.text.startsWith('分送：')), 'not before the last page');
  }
});

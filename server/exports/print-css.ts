// The print page's stylesheet (/minutes/print.css), written from the same GB/T 9704 description as
// the Word 纪要 (gbt9704.ts): the A4 page and its margins, the 22 lines of 28 characters, the mark
// 35 mm down, page numbers "— 1 —" 7 mm under the type area on the right of odd pages and the left
// of even ones (CSS paged media margin boxes, which Chromium prints), the attendance and the 版记
// with their indents and rules, and the 版记 at the foot of the last page (the sheet is as many
// pages tall as docx's layout of the 纪要 says, and the 版记 takes the room left at its end).
import { FONTS, GBT9704, LETTER_SPACING, LINE, RULE, TITLE_SPACER, type FontRole } from './gbt9704.js';
import { PRINT_RED_RULE_SPACE } from './minutes-docx.js';

/** The most pages a 纪要's sheet is sized for; a longer one simply runs on. */
export const PRINT_MAX_PAGES = 40;
/** The tallest 版头 in lines (a mark of seven lines). */
export const PRINT_MAX_MASTHEAD = 16;

const g = GBT9704;
const family = (role: FontRole) => FONTS[role].css.map((name) => (/^[a-z-]+$/.test(name) ? name : `"${name}"`)).join(', ');
const pt = (twips: number) => `${twips / 20}pt`;

function build(): string {
  const margins = `${g.margin.top}mm ${g.margin.right}mm ${g.margin.bottom}mm ${g.margin.left}mm`;
  const pageNumber = `content: "— " counter(page) " —"; font-family: ${family('pageNumber')}; font-size: ${g.size.pageNumber}pt; line-height: ${g.size.pageNumber}pt; vertical-align: top; padding-top: calc(${g.pageNumberGap}mm - ${g.size.pageNumber / 2}pt)`;
  const pages = Array.from({ length: PRINT_MAX_PAGES }, (_, i) => i + 1);
  return `/* The print view of a 纪要 (views/pages/minutes/print.hbs), written by server/exports/print-css.ts
   from the GB/T 9704 description in server/exports/gbt9704.ts. On screen a sheet of A4 on a grey
   desk; on paper the page itself. Fonts are named with their usual fallbacks; nothing is downloaded. */
@page { size: A4; margin: ${margins}; }
@page :right { @bottom-right { ${pageNumber}; text-align: right; padding-right: 1em; } }
@page :left { @bottom-left { ${pageNumber}; text-align: left; padding-left: 1em; } }

:root {
  --red: #${g.red};
  --line: ${pt(LINE)};
  --page: calc(${g.lines} * var(--line));
  --char: calc(${g.size.body}pt + ${pt(LETTER_SPACING)});
  --small-char: ${g.size.imprint}pt;
  --title: ${family('title')};
  --body: ${family('body')};
  --hei: ${family('heading')};
  --kai: ${family('subheading')};
}
* { box-sizing: border-box; }
html { background: #e9eaec; }
body { margin: 0; color: #000; font-family: var(--body); font-size: ${g.size.body}pt; line-height: var(--line); letter-spacing: ${pt(LETTER_SPACING)};
  /* Lines fall on the page where they fit, as in the Word 纪要 (no widow or orphan control). */
  orphans: 1; widows: 1; }

.toolbar { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; max-width: ${g.page.width}mm; margin: 0 auto; padding: .8rem 0;
  font: 14px/1.5 system-ui, "Noto Sans CJK SC", sans-serif; letter-spacing: normal; }
.toolbar a { color: #0b57a4; }
.toolbar .hint { color: #5b636d; margin-left: auto; }

.sheet { width: ${g.page.width}mm; margin: 0 auto 2rem; padding: ${margins}; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, .2);
  display: flex; flex-direction: column; }
${pages.map((n) => `.pages-${n} { min-height: calc(${n} * var(--page) + ${g.margin.top + g.margin.bottom}mm); }`).join('\n')}
${Array.from({ length: PRINT_MAX_MASTHEAD }, (_, i) => `.masthead-${i + 1} { height: calc(${i + 1} * var(--line)); }`).join('\n')}

p { margin: 0; }
.masthead { flex: none; text-align: center; padding-top: ${pt(TITLE_SPACER)}; }
.mark { margin: 0; font-family: var(--title); font-weight: normal; font-size: ${g.size.title}pt; line-height: var(--line); color: var(--red); letter-spacing: 0; }
.mark-line { display: block; }
.office-line { display: flex; justify-content: space-between; padding: 0 var(--char) ${PRINT_RED_RULE_SPACE}pt; border-bottom: ${RULE.red / 8}pt solid var(--red); }
.body { text-indent: calc(2 * var(--char)); text-align: justify; }
.h1 { font-family: var(--hei); }
.h2 { font-family: var(--kai); }

/* 出席 two characters in; a wrapped line starts under the first character after the colon. */
.attendance { margin-top: var(--line); }
.attendance p { padding-left: calc(5 * var(--char)); text-indent: calc(-3 * var(--char)); text-align: justify; }
.attendance .caption { font-family: var(--hei); }

/* The 版记: 4号, one character in on either side, thick rules over and under, a thin one between. */
.imprint { margin-top: auto; break-inside: avoid; font-size: ${g.size.imprint}pt; letter-spacing: 0;
  border-top: ${g.rules.thick}mm solid #000; border-bottom: ${g.rules.thick}mm solid #000; }
.imprint p { padding: 0 var(--small-char); }
.imprint .distribution { display: flex; border-bottom: ${g.rules.thin}mm solid #000; }
.imprint .distribution span:first-child { flex: none; }
.imprint .issued { display: flex; justify-content: space-between; }

@media print {
  html, body { background: none; }
  .toolbar { display: none; }
  .sheet { width: auto; margin: 0; padding: 0; box-shadow: none; }
${pages.map((n) => `  .pages-${n} { min-height: calc(${n} * var(--page)); }`).join('\n')}
}

@media screen and (max-width: 220mm) {
  :root { --char: 15px; --small-char: 13px; }
  .sheet { width: 100%; min-height: 0; padding: 1.5rem 1rem; }
  body { font-size: 15px; line-height: 1.8; letter-spacing: 0; }
  .attendance { margin-top: 1em; }
  .imprint { margin-top: 2em; font-size: 13px; line-height: 1.8; }
  .imprint .issued { flex-wrap: wrap; column-gap: 1em; }
  .masthead { padding-top: 0; height: auto; }
  .mark { font-size: 1.5rem; line-height: 1.4; }
  .toolbar { padding: .6rem 1rem; }
  .toolbar .hint { margin-left: 0; }
}
`;
}

let css: string | null = null;
/** The stylesheet (written once). */
export function printCss(): string {
  css ??= build();
  return css;
}

// One meeting's 纪要 as a Word document, laid out on the GB/T 9704 page of gbt9704.ts: the red
// 2号 小标宋 mark 35 mm under the top of the type area, the number (2018年第3期), the issuing office
// and date over a red line, the body in 3号 仿宋 (28 characters × 22 lines) with headings 一、 in
// 黑体 and （一） in 楷体, the attendance two characters in, and the 版记 (分送, issuing office and
// date between its rules) at the foot of the last page. The 版记 is ordinary paragraphs, not a
// floating table: docx's Word layout (docx-layout.ts) finds where the text ends, and an empty line
// of that height before the 版记 takes it to the foot of the page. The monthly pack reuses the blocks.
import { AlignmentType, Bookmark, BorderStyle, Document, Packer, TabStopType, type IParagraphOptions, type Paragraph } from 'docx';
import type { MinutesDocument } from '../services/minutes.js';
import { layOut, type BlockEnd } from './docx-layout.js';
import { bodySpacing, documentOptions, exactly, finishPackage, pageSetup, paragraph, RED, runs, spacer, type RunOptions, type Typeset } from './docx-style.js';
import type { TextRun } from 'docx';
import { CHAR, GBT9704, IMPRINT_LINE, LINE, PAGE, ptTwips, RULE, SIZE, SMALL_CHAR, TEXT_HEIGHT, TEXT_WIDTH, TITLE_SPACER } from './gbt9704.js';

/** The bottom of the type area, in twips from the top of the sheet. */
const TEXT_BOTTOM = PAGE.top + TEXT_HEIGHT;
/** The 版记's bottom rule hangs under its last line. */
const IMPRINT_BORDER = Math.ceil((RULE.thick / 8) * 20);
/** Left unfilled under the 版记, against rounding in other layouts than Word's. */
const SLACK = 40;
/** A spacer shorter than this is left out. */
const MIN_SPACER = 20;

/** Points between the office line's text and the red line under it (about 4 mm under the characters). */
const RED_RULE_SPACE = 8;
/** The office line's red rule hangs this far under its line (its space and its width). */
const RED_RULE_EXTRA = ptTwips(RED_RULE_SPACE) + Math.ceil((RULE.red / 8) * 20);
/** At least this much between the red rule and the text. */
const MIN_TEXT_GAP = 150;

/** How many lines the mark takes: its lines, each wrapping at the width of the type area (2号: 20 characters). */
export function titleLineCount(doc: MinutesDocument): number {
  const full = ptTwips(GBT9704.size.title);
  return doc.titleLines.reduce((n, line) => {
    const width = [...line].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? full / 2 : full), 0);
    return n + Math.max(1, Math.ceil(width / TEXT_WIDTH));
  }, 0);
}

/**
 * The 版头 in whole lines of the grid: the mark 35 mm down, the number, the office line and its red
 * rule, and a little space, rounded up so that the text runs on the page's 22 lines (the print
 * page sets it this tall too).
 */
export function mastheadLines(doc: MinutesDocument): number {
  const used = TITLE_SPACER + (titleLineCount(doc) + 2) * LINE + RED_RULE_EXTRA;
  return Math.ceil((used + MIN_TEXT_GAP) / LINE);
}

/** A body paragraph: justified, a fixed line of the grid, two characters in. */
const body = (children: TextRun[], spacing = bodySpacing): IParagraphOptions => ({
  children,
  alignment: AlignmentType.JUSTIFIED,
  spacing,
  indent: { firstLine: 2 * CHAR },
});

const thick = { style: BorderStyle.SINGLE, size: RULE.thick, color: '000000', space: 0 };
const thin = { style: BorderStyle.SINGLE, size: RULE.thin, color: '000000', space: 0 };

/**
 * The 版记: 分送 (wrapping under the first character after its colon) and the issuing office with
 * the date, 4号, one character in on either side, a thick rule over the first line and under the
 * last and a thin one between them; preceded by the empty line that takes it to the foot.
 */
function imprint(doc: MinutesDocument, space: number, typeset: Typeset): Paragraph[] {
  const blocks: Paragraph[] = [];
  if (space >= MIN_SPACER) blocks.push(spacer(space, { keepNext: true }));
  const first = exactly(IMPRINT_LINE);
  const small = (text: string) => runs(text, { size: SIZE.imprint, typeset });
  if (doc.distribution) {
    const label = doc.distributionLabel.length * SMALL_CHAR;
    blocks.push(
      paragraph({
        keepNext: true,
        spacing: first,
        indent: { left: SMALL_CHAR + label, hanging: label, right: SMALL_CHAR },
        border: { top: thick, bottom: thin },
        children: [...small(doc.distributionLabel), ...small(doc.distribution)],
      }),
    );
  }
  blocks.push(
    paragraph({
      spacing: doc.distribution ? exactly(IMPRINT_LINE) : first,
      indent: { left: SMALL_CHAR, right: SMALL_CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - SMALL_CHAR }],
      border: doc.distribution ? { bottom: thick } : { top: thick, bottom: thick },
      children: [...small(doc.issuingOffice), ...(doc.issuedLine ? small(`\t${doc.issuedLine}`) : [])],
    }),
  );
  return blocks;
}

export interface MinutesBlocks {
  blocks: Paragraph[];
  /** The index of the 版记's last paragraph among `blocks`. */
  imprintEnd: number;
}

export interface MinutesBlockOptions {
  /**
   * How the 纪要 sits on its pages: `issued` as it is issued (the mark 35 mm down, the 版记 at the
   * foot of the last page: `imprintSpace` is the empty line before it, 0 to lay the 纪要 out and
   * find it); `compact` one after the other in the monthly pack (the mark at the top of the text,
   * a line after the 纪要 before it unless `first`, and no 版记: the pack is distributed as a whole).
   */
  layout?: 'issued' | 'compact';
  first?: boolean;
  imprintSpace?: number;
  /** Names the title, for the pack's contents. */
  bookmark?: string;
  typeset?: Typeset;
}

/** The blocks of one 纪要, for a document of its own or the monthly pack. */
export function minutesBlocks(doc: MinutesDocument, options: MinutesBlockOptions = {}): MinutesBlocks {
  const typeset = options.typeset ?? 'office';
  const compact = options.layout === 'compact';
  const run = (text: string, o: RunOptions = {}) => runs(text, { ...o, typeset });
  const blocks: Paragraph[] = [];
  // The mark's top edge 35 mm under the type area's top (GB/T 9704 §10.3, §7.2.1).
  if (!compact) blocks.push(spacer(TITLE_SPACER));
  const titleRuns = doc.titleLines.flatMap((line, i) => run(line, { role: 'title', size: SIZE.title, color: RED, break: i > 0 }));
  blocks.push(
    paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exactly(LINE, compact && !options.first ? LINE : 0),
      // In the pack, the mark, number and office line stay with the text that follows them.
      keepNext: compact,
      children: options.bookmark ? [new Bookmark({ id: options.bookmark, children: titleRuns })] : titleRuns,
    }),
  );
  blocks.push(
    paragraph({
      alignment: AlignmentType.CENTER,
      spacing: bodySpacing,
      keepNext: compact,
      children: run(doc.numberLabel ? `${doc.numberLabel}${doc.draft ? doc.draftLabel : ''}` : doc.draftLabel),
    }),
  );
  // The issuing office one character in on the left, the date one character in on the right, over the red line.
  blocks.push(
    paragraph({
      keepNext: compact,
      spacing: bodySpacing,
      indent: { left: CHAR, right: CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - CHAR }],
      border: { bottom: { style: BorderStyle.SINGLE, size: RULE.red, color: RED, space: RED_RULE_SPACE } },
      children: [...run(doc.issuingOffice), ...(doc.dateLine ? run(`\t${doc.dateLine}`) : [])],
    }),
  );

  const text: IParagraphOptions[] = [];
  // Issued, the text starts on a line of the grid (see mastheadLines); in the pack, half a line under the rule.
  const gap = compact ? Math.round(LINE / 2) : mastheadLines(doc) * LINE - (TITLE_SPACER + (titleLineCount(doc) + 2) * LINE + RED_RULE_EXTRA);
  text.push(body(run(doc.opening), exactly(LINE, gap)));
  for (const section of doc.sections) {
    const head = run(section.marker, { role: 'heading' });
    if (section.heading) head.push(...run(section.heading, { role: 'heading' }));
    if (section.lead) head.push(...run(section.lead));
    text.push(body(head));
    for (const paragraphText of section.paragraphs) text.push(body(run(paragraphText)));
    for (const entry of section.entries) {
      text.push(body([...run(`${entry.marker}${entry.title}`, { role: 'subheading' }), ...(entry.body ? run(entry.body) : [])]));
      text.push(body(run(entry.terms)));
    }
  }
  const attendance = doc.attendance.map((line): IParagraphOptions => {
    // 出席 two characters in; a wrapped line starts under the first character after the colon.
    const label = (line.caption.length + line.colon.length) * CHAR;
    return {
      alignment: AlignmentType.JUSTIFIED,
      spacing: bodySpacing,
      indent: { left: 2 * CHAR + label, hanging: label },
      // With the 版记, so that neither goes to a page of its own.
      keepNext: !compact,
      children: [...run(`${line.caption}${line.colon}`, { role: 'heading' }), ...run(line.text)],
    };
  });
  if (attendance.length) {
    text.push({ children: [], spacing: bodySpacing }, ...attendance);
  } else if (!compact) {
    // Without attendance, the last paragraph goes with the 版记.
    text[text.length - 1] = { ...text[text.length - 1]!, keepNext: true };
  }
  blocks.push(...text.map(paragraph));
  if (!compact) blocks.push(...imprint(doc, options.imprintSpace ?? 0, typeset));
  return { blocks, imprintEnd: blocks.length - 1 };
}

/** The space under a 版记 that ends at `end`, down to the foot of the type area. */
export function spaceUnder(end: BlockEnd | undefined): number {
  if (!end) return 0;
  return Math.max(0, TEXT_BOTTOM - end.bottom - IMPRINT_BORDER - SLACK);
}

export interface MinutesLayout {
  /** The height of the empty line that takes the 版记 to the foot of the last page (twips). */
  imprintSpace: number;
  /** Pages in Word, and where the Chinese office fonts are missing (LibreOffice, a browser with Noto CJK). */
  pages: number;
  pagesWithoutOfficeFonts: number;
}

/** The typesets the 纪要 is laid out in, so that the 版记 reaches the foot in Word and where the office fonts are missing. */
export const LAYOUT_TYPESETS: Typeset[] = ['word', 'libreoffice'];

interface Placement {
  /** The page the 版记 ends on without the spacer, and the space under it there. */
  page: number;
  space: number;
  pages: number;
}

/**
 * The spacer that suits both layouts. On the same page, the smaller space: where the text runs a
 * line longer, the 版记 still fits. On different pages, the later page's space: where the text
 * ends a page sooner, the spacer cannot follow it there, and the attendance, the spacer and the
 * 版记, kept together, go to the next page, where they end at its foot as in the other layout.
 */
export function commonSpace(placements: Placement[]): number {
  const last = Math.max(...placements.map((p) => p.page));
  return Math.min(...placements.filter((p) => p.page === last).map((p) => p.space));
}

/** Lays the 纪要 out as Word would (docx-layout.ts), with the fonts of each typeset: the space under its text on the last page, and its pages. */
export function layoutMinutes(doc: MinutesDocument): MinutesLayout {
  const [word, other] = LAYOUT_TYPESETS.map((typeset): Placement => {
    const { blocks, imprintEnd } = minutesBlocks(doc, { imprintSpace: 0, typeset });
    const twin = new Document({ ...documentOptions(doc.title), sections: [{ ...pageSetup({ grid: 'lines' }), children: blocks }] });
    const laid = layOut(twin, [imprintEnd]);
    const end = laid.ends.get(imprintEnd);
    return { page: end?.page ?? 0, space: laid.complete ? spaceUnder(end) : 0, pages: laid.pages };
  }) as [Placement, Placement];
  return { imprintSpace: commonSpace([word, other]), pages: Math.max(word.pages, word.page + 1), pagesWithoutOfficeFonts: Math.max(other.pages, other.page + 1) };
}

export async function minutesDocx(doc: MinutesDocument, layout: MinutesLayout = layoutMinutes(doc)): Promise<Buffer> {
  const document = new Document({
    ...documentOptions(doc.title),
    sections: [{ ...pageSetup(), children: minutesBlocks(doc, { imprintSpace: layout.imprintSpace }).blocks }],
  });
  return finishPackage(await Packer.toBuffer(document));
}

/** For the print page's stylesheet: the red line's distance under the office line, in points. */
export const PRINT_RED_RULE_SPACE = RED_RULE_SPACE;

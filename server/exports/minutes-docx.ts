// One meeting's 纪要 as a Word document, laid out as DOMAIN.md and GB/T 9704-2012 describe:
// the red title in 2号 小标宋, 第×期, the issuing office and date over a red line, the body in
// 3号 仿宋 with headings 一、 in 黑体 and （一） in 楷体, the attendance lists, and the 版记 (分送,
// issuing office and date) at the foot of the last page. The monthly pack reuses the blocks.
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  WidthType,
  type TextRun,
} from 'docx';
import type { MinutesDocument } from '../services/minutes.js';
import { bodySpacing, FONT, LINE, mm, pageSetup, RED, run, SIZE, TEXT_WIDTH, withFontTable } from './docx-style.js';

/** Two characters of 3号: the first-line indent of body paragraphs. */
const INDENT = 2 * 320;
const CHAR = 320;

const body = (children: TextRun[], options: { indent?: boolean } = {}) =>
  new Paragraph({
    children,
    alignment: AlignmentType.JUSTIFIED,
    spacing: bodySpacing,
    indent: options.indent === false ? undefined : { firstLine: INDENT, firstLineChars: 200 },
  });

const blank = () => new Paragraph({ children: [], spacing: bodySpacing });

/** The 版记's lines: 4号, a fixed line each. */
const IMPRINT_LINE = 440;
const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
/**
 * A hair narrower than the type area: LibreOffice lays a floating table as wide as the text
 * area out in line (after the attendance) instead of at the foot of the page.
 */
const IMPRINT_WIDTH = TEXT_WIDTH - 20;

/**
 * The 版记: 分送 over the issuing office and date, between a thick, a thin and a thick line,
 * floated to the foot of the type area of the page the minutes end on.
 */
function imprint(doc: MinutesDocument): Table {
  const cell = (children: TextRun[], tabbed = false) =>
    new TableCell({
      children: [
        new Paragraph({
          children,
          spacing: { line: IMPRINT_LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          indent: { left: 280, right: 280 },
          tabStops: tabbed ? [{ type: TabStopType.RIGHT, position: IMPRINT_WIDTH - 2 * 108 - 280 }] : undefined,
        }),
      ],
    });
  const rows: TableRow[] = [];
  if (doc.distribution) {
    rows.push(new TableRow({ children: [cell([run(doc.distributionLabel, { size: SIZE.small }), run(doc.distribution, { size: SIZE.small })])] }));
  }
  rows.push(
    new TableRow({
      children: [
        cell([run(doc.issuingOffice, { size: SIZE.small }), ...(doc.issuedLine ? [run(`\t${doc.issuedLine}`, { size: SIZE.small })] : [])], true),
      ],
    }),
  );
  return new Table({
    rows,
    width: { size: IMPRINT_WIDTH, type: WidthType.DXA },
    columnWidths: [IMPRINT_WIDTH],
    layout: TableLayoutType.FIXED,
    borders: { top: thick, bottom: thick, insideHorizontal: thin, left: none, right: none, insideVertical: none },
    float: {
      horizontalAnchor: TableAnchorType.MARGIN,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
      absoluteHorizontalPosition: 0,
      topFromText: mm(4),
    },
  });
}

/** The blocks of one 纪要, for a document of its own or a page run of the monthly pack. */
export function minutesBlocks(doc: MinutesDocument, options: { newPage?: boolean } = {}): (Paragraph | Table)[] {
  const blocks: (Paragraph | Table)[] = [];
  blocks.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      pageBreakBefore: options.newPage,
      // The 纪要 mark sits 35 mm under the top of the type area (GB/T 9704 §10.3); two grid lines here.
      spacing: { before: LINE, after: 0, line: 780, lineRule: LineRuleType.EXACT },
      children: doc.titleLines.map((line, i) => run(line, { font: FONT.title, size: SIZE.title, color: RED, break: i > 0 })),
    }),
  );
  blocks.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...bodySpacing, before: LINE / 2 },
      children: [run(doc.numberLabel ? `${doc.numberLabel}${doc.draft ? doc.draftLabel : ''}` : doc.draftLabel)],
    }),
  );
  blocks.push(
    new Paragraph({
      spacing: { ...bodySpacing, before: LINE / 2 },
      indent: { left: CHAR, right: CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - CHAR }],
      children: [run(doc.issuingOffice), ...(doc.dateLine ? [run(`\t${doc.dateLine}`)] : [])],
    }),
  );
  // The red separator, as wide as the type area.
  blocks.push(
    new Paragraph({
      children: [],
      spacing: { before: 0, after: LINE / 2, line: 120, lineRule: LineRuleType.EXACT },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 1 } },
    }),
  );
  blocks.push(body([run(doc.opening)]));
  for (const section of doc.sections) {
    const head = [run(section.marker, { font: FONT.heading })];
    if (section.heading) head.push(run(section.heading, { font: FONT.heading }));
    if (section.lead) head.push(run(section.lead));
    blocks.push(body(head));
    for (const text of section.paragraphs) blocks.push(body([run(text)]));
    for (const entry of section.entries) {
      blocks.push(
        body([run(`${entry.marker}${entry.title}`, { font: FONT.subheading }), ...(entry.body ? [run(entry.body)] : [])]),
      );
      blocks.push(body([run(entry.terms)]));
    }
  }
  if (doc.attendance.length) {
    blocks.push(blank());
    for (const line of doc.attendance) {
      const labelWidth = (line.caption.length + 1) * CHAR;
      blocks.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: bodySpacing,
          indent: { left: labelWidth, hanging: labelWidth },
          children: [run(`${line.caption}${line.colon}`, { font: FONT.heading }), run(line.text)],
        }),
      );
    }
  }
  blocks.push(imprint(doc));
  // A table must be followed by a paragraph: a hairline one.
  blocks.push(new Paragraph({ children: [], spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT } }));
  return blocks;
}

/** The document's properties and default type: 3号 仿宋, Chinese. */
export function documentOptions(title: string) {
  return {
    title,
    creator: 'sgyy-tracker',
    styles: {
      default: {
        document: {
          run: { font: { ascii: FONT.body, eastAsia: FONT.body, hAnsi: FONT.body, cs: FONT.body }, size: SIZE.body, language: { eastAsia: 'zh-CN', value: 'zh-CN' } },
          paragraph: { spacing: bodySpacing },
        },
      },
    },
  };
}

export async function minutesDocx(doc: MinutesDocument): Promise<Buffer> {
  const document = new Document({
    ...documentOptions(doc.title),
    sections: [{ ...pageSetup(), children: minutesBlocks(doc) }],
  });
  return withFontTable(await Packer.toBuffer(document));
}

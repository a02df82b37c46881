// The monthly pack (月度纪要汇编) as one Word document: a cover (title, month, scope, the meetings
// it holds), every meeting's 纪要 on pages of its own, in order, then the month's decisions with
// their status today and the items closed, added and fallen overdue in the month.
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlign,
  WidthType,
} from 'docx';
import { translate, type Locale } from '../i18n/messages.js';
import type { MonthlyPack, PackRow } from '../services/minutes.js';
import { bodySpacing, FONT, LINE, pageSetup, RED, run, SIZE, TEXT_WIDTH, withFontTable } from './docx-style.js';
import { documentOptions, minutesBlocks } from './minutes-docx.js';

/** 序号, 事项, 牵头单位, 完成时限, 状态: widths in twips adding up to the type area. */
const COLUMNS = [700, 3545, 1600, 1700, 1300];

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function cell(text: string, options: { header?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: options.align ?? AlignmentType.LEFT,
        spacing: { line: 360, lineRule: LineRuleType.AT_LEAST, before: 40, after: 40 },
        children: [run(text, { font: options.header ? FONT.heading : FONT.body, size: SIZE.table })],
      }),
    ],
  });
}

function table(rows: PackRow[], locale: Locale): Table {
  const t = (key: string) => translate(locale, key);
  const header = new TableRow({
    tableHeader: true,
    children: ['pack.col.no', 'pack.col.item', 'pack.col.leadUnit', 'pack.col.dueDate', 'pack.col.status'].map((key) =>
      cell(t(key), { header: true, align: AlignmentType.CENTER }),
    ),
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: COLUMNS,
    layout: TableLayoutType.FIXED,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [
      header,
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: [cell(String(r.no), { align: AlignmentType.CENTER }), cell(r.title), cell(r.leadUnit), cell(r.due), cell(r.status)],
          }),
      ),
    ],
  });
}

const heading = (text: string, newPage = false) =>
  new Paragraph({
    pageBreakBefore: newPage,
    keepNext: true,
    spacing: { ...bodySpacing, before: newPage ? 0 : LINE / 2 },
    children: [run(text, { font: FONT.heading })],
  });

const plain = (text: string) => new Paragraph({ spacing: bodySpacing, keepNext: false, children: [run(text)] });

function cover(pack: MonthlyPack, locale: Locale): Paragraph[] {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const centred = (text: string, options: { size?: number; font?: string; color?: string; before?: number } = {}) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: options.before ?? 0, after: 0, line: Math.max(LINE, (options.size ?? SIZE.body) * 20), lineRule: LineRuleType.EXACT },
      children: [run(text, { size: options.size, font: options.font, color: options.color })],
    });
  return [
    centred(t('pack.title'), { size: 72, font: FONT.title, color: RED, before: LINE * 3 }),
    centred(pack.monthLabel, { size: SIZE.title, font: FONT.title, before: LINE }),
    centred(t('pack.scope', { scope: pack.scopeLabel }), { before: LINE }),
    centred(t('pack.meetingCount', { n: pack.meetings.length })),
    centred(t('pack.compiledOn', { date: pack.compiledOn })),
    new Paragraph({
      spacing: { ...bodySpacing, before: LINE },
      border: { top: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 6 } },
      children: [run(t('pack.contents'), { font: FONT.heading })],
    }),
    ...pack.contents.map((entry, i) =>
      new Paragraph({ spacing: bodySpacing, indent: { left: 640, hanging: 640 }, children: [run(`${i + 1}. ${entry}`)] }),
    ),
  ];
}

export async function monthlyPackDocx(pack: MonthlyPack, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const children: (Paragraph | Table)[] = [...cover(pack, locale)];
  for (const doc of pack.meetings) children.push(...minutesBlocks(doc, { newPage: true }));

  children.push(heading(t('pack.decisionsHeading'), true));
  children.push(plain(t('pack.statusAsOf', { date: pack.compiledOn })));
  children.push(pack.decisions.length ? table(pack.decisions, locale) : plain(t('pack.none')));
  children.push(heading(t('pack.changesHeading')));
  for (const change of pack.changes) {
    children.push(heading(change.heading));
    children.push(change.rows.length ? table(change.rows, locale) : plain(t('pack.none')));
    if (change.more) children.push(plain(t('pack.more', { n: change.more })));
  }
  // A table may not end the document.
  children.push(new Paragraph({ children: [] }));

  const document = new Document({
    ...documentOptions(`${t('pack.title')} ${pack.monthLabel}`),
    sections: [{ ...pageSetup(), children }],
  });
  return withFontTable(await Packer.toBuffer(document));
}

// The monthly pack (月度纪要汇编) as one Word document on the GB/T 9704 page: an unnumbered cover
// (the organisation and programme, the month, the scope, the contents with page numbers, the
// minutes held but not issued, and the compiling organ at the foot), then, numbered from 1, every
// issued 纪要 of the month one after the other (mark, number, office and date, text, attendance
// and 版记 each, so that a page holds what it can and none is left near empty), then the month's
// decisions with their status and the items closed, added and fallen overdue in the month, in
// tables as wide as the type area.
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  LeaderType,
  Packer,
  PageReference,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
  type ISectionOptions,
} from 'docx';
import { translate, type Locale } from '../i18n/messages.js';
import type { MonthlyPack, PackRow } from '../services/minutes.js';
import { layOut } from './docx-layout.js';
import { bodySpacing, documentOptions, exactly, finishPackage, pageSetup, paragraph, RED, runs, spacer, type RunOptions, type Typeset } from './docx-style.js';
import { CHAR, LINE, SIZE, SMALL_CHAR, TEXT_WIDTH } from './gbt9704.js';
import { LAYOUT_TYPESETS, minutesBlocks, spaceUnder } from './minutes-docx.js';

/** 序号, 事项, 牵头单位, 完成时限, 状态: twips adding up to the type area; a date in 小四 never breaks. */
const COLUMNS = [700, 2705, 1600, 2240, 1600];
const CELL_MARGIN = 80;
const TABLE_LINE = 360;

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

interface Built {
  sections: ISectionOptions[];
  /** Index in the body of the cover's compiler line. */
  coverEnd: number;
  /** Index in the body of the paragraph each bookmark is in. */
  bookmarks: Map<string, number>;
}

const bookmarkOf = (meetingId: number) => `pack_m${meetingId}`;
/** The contents' paragraphs: 4号, so that the page numbers (fields, which take no size of their own) are too. */
const CONTENTS_STYLE = 'PackContents';

/** The document's options with the contents' style. */
function packOptions(title: string) {
  const options = documentOptions(title);
  return {
    ...options,
    styles: {
      ...options.styles,
      paragraphStyles: [...options.styles.paragraphStyles, { id: CONTENTS_STYLE, name: 'Pack contents', basedOn: 'Normal', run: { size: SIZE.imprint, characterSpacing: 0 } }],
    },
  };
}
const DECISIONS = 'pack_decisions';
const CHANGES = 'pack_changes';

function build(pack: MonthlyPack, locale: Locale, typeset: Typeset, coverSpace: number): Built {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const run = (text: string, o: RunOptions = {}) => runs(text, { ...o, typeset });
  const bookmarks = new Map<string, number>();

  // ---- The cover: no page number.
  const cover: Paragraph[] = [];
  const centred = (text: string, o: RunOptions & { spacing?: IParagraphOptions['spacing'] } = {}) =>
    paragraph({ alignment: AlignmentType.CENTER, spacing: o.spacing ?? bodySpacing, children: run(text, o) });
  cover.push(spacer(2 * LINE));
  if (pack.heading) cover.push(centred(pack.heading, { role: 'title', size: SIZE.title, color: RED, spacing: exactly(LINE) }));
  cover.push(centred(t('pack.title'), { role: 'title', size: SIZE.coverTitle, color: RED, spacing: exactly(2 * LINE) }));
  cover.push(centred(pack.monthLabel, { role: 'heading' }));
  cover.push(centred(t('pack.scope', { scope: pack.scopeLabel })));
  cover.push(paragraph({ alignment: AlignmentType.CENTER, spacing: exactly(LINE, LINE), children: run(t('pack.contents'), { role: 'heading' }) }));
  // The contents in 4号, one entry a line where it fits, the page number after a dotted leader.
  const entry = (text: string, bookmark: string | null) =>
    paragraph({
      style: CONTENTS_STYLE,
      spacing: bodySpacing,
      indent: { left: 2 * SMALL_CHAR, hanging: 2 * SMALL_CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: LeaderType.DOT }],
      children: [...run(text, { size: SIZE.imprint }), ...(bookmark ? [...run('\t', { size: SIZE.imprint }), new PageReference(bookmark)] : [])],
    });
  pack.meetings.forEach((doc, i) => cover.push(entry(`${i + 1}．${pack.contents[i]}`, bookmarkOf(doc.meetingId))));
  cover.push(entry(t('pack.decisionsHeading'), DECISIONS));
  cover.push(entry(t('pack.changesHeading'), CHANGES));
  if (pack.drafts.length) {
    cover.push(paragraph({ spacing: exactly(LINE, Math.round(LINE / 2)), children: run(t('pack.draftsHeading'), { role: 'heading' }) }));
    for (const d of pack.drafts) cover.push(entry(t('pack.draftEntry', { date: d.day, title: d.title, status: d.status }), null));
  }
  // The compiling organ and the day at the foot of the cover.
  if (coverSpace >= 20) cover.push(spacer(coverSpace, { keepNext: true }));
  cover.push(
    paragraph({
      spacing: bodySpacing,
      indent: { left: CHAR, right: CHAR },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - CHAR }],
      children: run(pack.compiler ? `${t('pack.compiledBy', { organ: pack.compiler })}\t${pack.compiledOn}` : `\t${t('pack.compiledOn', { date: pack.compiledOn })}`),
    }),
  );
  const coverEnd = cover.length - 1;

  // ---- The issued minutes, numbered from 1, one after the other.
  const body: (Paragraph | Table)[] = [];
  pack.meetings.forEach((doc, i) => {
    const bookmark = bookmarkOf(doc.meetingId);
    const { blocks } = minutesBlocks(doc, { layout: 'compact', first: i === 0, bookmark, typeset });
    bookmarks.set(bookmark, cover.length + body.length);
    body.push(...blocks);
  });

  // ---- The month's decisions and changes.
  const heading = (text: string, bookmark: string, first: boolean) => {
    bookmarks.set(bookmark, cover.length + body.length);
    return paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: exactly(LINE, first ? 0 : 2 * LINE),
      children: [new Bookmark({ id: bookmark, children: run(text, { role: 'heading' }) })],
    });
  };
  const plain = (text: string, o: { keepNext?: boolean; role?: RunOptions['role'] } = {}) =>
    paragraph({ spacing: bodySpacing, keepNext: o.keepNext, indent: { firstLine: 2 * CHAR }, children: run(text, { role: o.role }) });

  body.push(heading(t('pack.decisionsHeading'), DECISIONS, pack.meetings.length === 0));
  body.push(plain(t('pack.statusAsOf', { date: pack.compiledOn }), { keepNext: pack.decisions.length > 0 }));
  body.push(pack.decisions.length ? table(pack.decisions, locale, typeset) : plain(t('pack.none')));
  body.push(heading(t('pack.changesHeading'), CHANGES, false));
  pack.changes.forEach((change, i) => {
    body.push(plain(`${t('pack.changeMarker', { n: i + 1 })}${change.heading}`, { keepNext: true, role: 'subheading' }));
    body.push(change.rows.length ? table(change.rows, locale, typeset) : plain(t('pack.none')));
    if (change.more) body.push(plain(t('pack.more', { n: change.more })));
  });
  // A table may not end the document.
  body.push(paragraph({ children: [], spacing: exactly(LINE) }));

  const grid = typeset === 'office' ? 'linesAndChars' : 'lines';
  const numbered = pageSetup({ restartNumbers: true, grid });
  return {
    sections: [
      { ...pageSetup({ numbered: false, grid }), children: cover },
      { ...numbered, properties: { ...numbered.properties, type: SectionType.NEXT_PAGE }, children: body },
    ],
    coverEnd,
    bookmarks,
  };
}

function cell(text: string, width: number, typeset: Typeset, options: { header?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: CELL_MARGIN, right: CELL_MARGIN, top: 40, bottom: 40 },
    children: [
      paragraph({
        alignment: options.align ?? AlignmentType.LEFT,
        spacing: exactly(TABLE_LINE),
        children: runs(text, { role: options.header ? 'heading' : 'body', size: SIZE.table, typeset }),
      }),
    ],
  });
}

/** A table as wide as the type area, its header repeated on every page, no row split across pages. */
function table(rows: PackRow[], locale: Locale, typeset: Typeset): Table {
  const t = (key: string) => translate(locale, key);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: ['pack.col.no', 'pack.col.item', 'pack.col.leadUnit', 'pack.col.dueDate', 'pack.col.status'].map((key, i) =>
      cell(t(key), COLUMNS[i]!, typeset, { header: true, align: AlignmentType.CENTER }),
    ),
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: COLUMNS,
    layout: TableLayoutType.FIXED,
    indent: { size: 0, type: WidthType.DXA },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [
      header,
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: [
              cell(String(r.no), COLUMNS[0]!, typeset, { align: AlignmentType.CENTER }),
              cell(r.title, COLUMNS[1]!, typeset),
              cell(r.leadUnit, COLUMNS[2]!, typeset),
              cell(r.due, COLUMNS[3]!, typeset),
              cell(r.status, COLUMNS[4]!, typeset),
            ],
          }),
      ),
    ],
  });
}

/** Beyond this many 纪要 the pack is not laid out here: Word and LibreOffice fill in the contents' page numbers. */
const PACK_LAYOUT_LIMIT = 40;

/**
 * Lays the pack out as Word would: the page (as numbered) each contents entry points to, and the
 * space that takes the cover's compiling organ to the foot of the cover (the cover laid out alone,
 * in each typeset, the smaller space winning).
 */
function layoutPack(pack: MonthlyPack, locale: Locale): { cover: number; bookmarks: Map<string, string> } {
  if (pack.meetings.length > PACK_LAYOUT_LIMIT) return { cover: 0, bookmarks: new Map() };
  const word = build(pack, locale, 'word', 0);
  const whole = layOut(new Document({ ...packOptions(pack.fileName), sections: word.sections }), word.bookmarks.values());
  const bookmarks = new Map<string, string>();
  if (whole.complete) {
    for (const [name, index] of word.bookmarks) {
      const page = whole.starts.get(index);
      const shown = page === undefined ? undefined : whole.pageNumbers[page];
      if (shown) bookmarks.set(name, shown);
    }
  }
  const cover = Math.min(
    ...LAYOUT_TYPESETS.map((typeset) => {
      const built = build(pack, locale, typeset, 0);
      const laid = layOut(new Document({ ...packOptions(pack.fileName), sections: [built.sections[0]!] }), [built.coverEnd]);
      return laid.complete ? spaceUnder(laid.ends.get(built.coverEnd)) : 0;
    }),
  );
  return { cover, bookmarks };
}

export async function monthlyPackDocx(pack: MonthlyPack, locale: Locale): Promise<Buffer> {
  const layout = layoutPack(pack, locale);
  const built = build(pack, locale, 'office', layout.cover);
  const document = new Document({
    ...packOptions(`${translate(locale, 'pack.title')} ${pack.monthLabel}`),
    // The contents' page numbers as the layout found them; Word and LibreOffice update them as fields.
    pageNumbers: Object.assign(() => ({ bookmarks: layout.bookmarks }), {}),
    sections: built.sections,
  });
  return finishPackage(await Packer.toBuffer(document));
}

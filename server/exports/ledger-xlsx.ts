// The work ledger as an Excel workbook and as CSV, written as the rows are read. The workbook is
// exceljs's streaming writer: three sheets (移交项目台账, 督办事项台账, 问题清单), each with a title row
// (programme, organ, 截至 date), merged two-level headers, the header frozen, widths that fit the
// Chinese words, real dates and numbers with their formats, an autofilter, and A4 landscape print
// settings fitted to the width with the header repeated and page numbers in the footer. The CSV is
// the first sheet's layout in UTF-8 with a BOM (so Chinese Excel opens it ungarbled), its text
// cells neutralised: one starting with = + - @ gets a leading apostrophe and is never a formula.
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stageOrder } from '../services/stage-plan.js';
import { translate, type Locale } from '../i18n/messages.js';
import type { Cursor, LedgerFilter, LedgerHandoverRow, LedgerItemRow, LedgerService } from '../services/ledger.js';
import type { Light } from '../services/risk.js';
import { daysBetween } from '../dates.js';
import {
  columnLetter,
  FIRST_DATA_ROW,
  HEADER_ROWS,
  itemColumns,
  ledgerColumns,
  numberFormats,
  problemColumns,
  TITLE_ROWS,
  type LedgerColumn,
} from './ledger-layout.js';

/** Rows read per statement; the output drains and other requests run between batches. */
export const BATCH = 2000;

export type CellValue = string | number | Date | null;

export interface LedgerHeading {
  /** 某区三供一业分离移交工作台账 */
  title: string;
  /** 编制单位：… 截至 2018年4月25日 */
  subtitle: string;
}

/** A day as a date cell: midnight UTC, which Excel reads as that calendar day. */
export const dayCell = (day: string | null | undefined): Date | null => (day ? new Date(`${day}T00:00:00Z`) : null);
/** 元 → 万元, exactly (four decimals keep every yuan). */
export const wan = (yuan: number | null | undefined): number | null => (yuan === null || yuan === undefined ? null : yuan / 10000);

const lightFill: Record<Light, string> = { onTrack: 'FFC6EFCE', atRisk: 'FFFFEB9C', offTrack: 'FFFFC7CE' };

/** The words of a header cell: a catalogue key, or the literal. */
export const headerText = (locale: Locale, key: string) => translate(locale, key);

/** The values of one handover's row, in column order. */
export function handoverCells(row: LedgerHandoverRow, index: number, locale: Locale): CellValue[] {
  const word = (key: string) => translate(locale, key);
  const planned = new Set(stageOrder(row.mode));
  const committed = row.shares.reduce((n, s) => n + s.committed, 0);
  const disbursed = row.shares.reduce((n, s) => n + s.disbursed, 0);
  const sources = row.shares
    .filter((s) => s.committed > 0)
    .map((s) => `${word(`funding.${s.source}`)} ${committed ? Math.round((s.committed * 100) / committed) : 0}%`)
    .join('、');
  const values: Record<string, CellValue> = {
    no: index,
    enterprise: row.enterprise,
    level: word(`level.${row.level}`),
    compound: row.compound,
    households: row.households,
    floorArea: row.floorArea,
    serviceLine: word(`serviceLine.${row.serviceLine}`),
    receiver: row.receiver,
    mode: word(`mode.${row.mode}`),
    leadUnit: row.leadUnit,
    owner: row.owner,
    stageNow: row.nextStage ? word(`stage.${row.nextStage}`) : row.stagesTotal ? word('handover.allDone') : null,
    percent: row.stagesTotal ? row.stagesDone / row.stagesTotal : 0,
    frameworkSigned: dayCell(row.frameworkSigned),
    implementationSigned: dayCell(row.implementationSigned),
    cutoffDate: dayCell(row.cutoffDate),
    estimated: wan(row.estimated),
    approved: wan(row.approved),
    disbursed: row.shares.length ? wan(disbursed) : null,
    sources: sources || null,
    light: row.light ? word(`dashLight.${row.light}`) : null,
    issuesSummary: row.issuesSummary,
    nextSteps: row.nextSteps,
  };
  return ledgerColumns.map((c) => {
    if (c.stage && c.date) {
      if (!planned.has(c.stage)) return null;
      const dates = row.stages[c.stage];
      return dayCell(dates ? dates[c.date === 'planned' ? 0 : 1] : null);
    }
    return values[c.key] ?? null;
  });
}

function itemCells(row: LedgerItemRow, index: number, columns: LedgerColumn[], locale: Locale, today: string): CellValue[] {
  const word = (key: string) => translate(locale, key);
  const finished = row.status === 'done' || row.status === 'closed';
  const values: Record<string, CellValue> = {
    no: index,
    kind: word(`itemKind.${row.kind}`),
    title: row.title,
    enterprise: row.enterprise,
    leadUnit: row.leadUnit,
    supportUnits: row.supportUnits.join('、') || null,
    owner: row.owner,
    dueDate: dayCell(row.dueDate),
    delayCount: row.delayCount,
    status: word(`itemStatus.${row.status}`),
    progress: row.progress,
    overdueDays: !finished && row.dueDate < today ? daysBetween(row.dueDate, today) : 0,
    category: row.category ? word(`category.${row.category}`) : null,
    level: row.level ? word(`problemLevel.${row.level}`) : null,
    raisedOn: dayCell(row.raisedOn),
    firstResponseOn: dayCell(row.firstResponseOn),
    closedOn: dayCell(row.closedOn),
  };
  return columns.map((c) => values[c.key] ?? null);
}

/**
 * Lets the output drain and other requests run between batches. exceljs hands a sheet's XML to
 * the zip's deflate stream without waiting for it (its buffer ignores backpressure), so a batch
 * also waits until that stream has taken what it was given: the rows in memory stay a batch's
 * worth however slow the compression or the client.
 */
async function breathe(out: Writable, sheet?: ExcelJS.Worksheet) {
  if (out.writableNeedDrain) await once(out, 'drain');
  // Its buffer writes to the zip entry's stream (a readable-stream PassThrough: `_writableState`).
  type Pipe = Writable & { _writableState?: { needDrain?: boolean } };
  const pipes = ((sheet as unknown as { stream?: { pipes?: Pipe[] } } | undefined)?.stream?.pipes ?? []) as Pipe[];
  for (const pipe of pipes) if (pipe.writableNeedDrain || pipe._writableState?.needDrain) await once(pipe, 'drain');
  await new Promise((resolve) => setImmediate(resolve));
}

const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** Adds a sheet with its title rows, two-level merged header, widths, freeze, filter and print settings. */
function openSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: LedgerColumn[], heading: LedgerHeading, locale: Locale, frozenColumns: number) {
  const last = columnLetter(columns.length);
  const headerEnd = TITLE_ROWS + HEADER_ROWS;
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: frozenColumns, ySplit: headerEnd, topLeftCell: `${columnLetter(frozenColumns + 1)}${headerEnd + 1}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${TITLE_ROWS + 1}:${headerEnd}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: translate(locale, 'ledger.footer'), evenFooter: translate(locale, 'ledger.footer') },
  });
  sheet.autoFilter = `A${headerEnd}:${last}${headerEnd}`;
  // Column widths only: the data cells get their format by one shared style object per kind
  // (see cellStyles), which exceljs recognises by identity instead of describing it again per cell.
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const title = sheet.getRow(1);
  title.height = 30;
  title.getCell(1).value = heading.title;
  title.getCell(1).style = { font: { name: '黑体', size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
  sheet.mergeCells(`A1:${last}1`);
  title.commit();
  const subtitle = sheet.getRow(2);
  subtitle.getCell(1).value = heading.subtitle;
  subtitle.getCell(1).style = { font: { size: 11 }, alignment: { horizontal: 'right', vertical: 'middle' } };
  sheet.mergeCells(`A2:${last}2`);
  subtitle.commit();
  // Two header rows: a group's name merged across its columns above, a single column merged down.
  const upper = sheet.getRow(TITLE_ROWS + 1);
  const lower = sheet.getRow(TITLE_ROWS + 2);
  const headStyle: Partial<ExcelJS.Style> = {
    font: { bold: true, size: 10 },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
    border,
  };
  upper.height = 22;
  lower.height = 30;
  for (let i = 0; i < columns.length; ) {
    const c = columns[i]!;
    const col = i + 1;
    if (c.group) {
      let end = i;
      while (end + 1 < columns.length && columns[end + 1]!.group === c.group) end++;
      upper.getCell(col).value = headerText(locale, c.group);
      for (let k = i; k <= end; k++) {
        upper.getCell(k + 1).style = headStyle;
        lower.getCell(k + 1).value = headerText(locale, columns[k]!.label);
        lower.getCell(k + 1).style = headStyle;
      }
      if (end > i) sheet.mergeCells(`${columnLetter(col)}${TITLE_ROWS + 1}:${columnLetter(end + 1)}${TITLE_ROWS + 1}`);
      i = end + 1;
    } else {
      upper.getCell(col).value = headerText(locale, c.label);
      upper.getCell(col).style = headStyle;
      lower.getCell(col).style = headStyle;
      sheet.mergeCells(`${columnLetter(col)}${TITLE_ROWS + 1}:${columnLetter(col)}${TITLE_ROWS + 2}`);
      i++;
    }
  }
  upper.commit();
  lower.commit();
  return sheet;
}

/** One style object per kind of cell, shared by every cell of that kind (exceljs caches a style by its object). */
const kindStyles: Partial<Record<LedgerColumn['kind'], Partial<ExcelJS.Style>>> = Object.fromEntries(
  Object.entries(numberFormats).map(([kind, numFmt]) => [kind, { numFmt }]),
);
const lightStyles = Object.fromEntries(
  Object.entries(lightFill).map(([light, argb]) => [light, { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } }, alignment: { horizontal: 'center', vertical: 'middle' } }]),
) as Record<Light, Partial<ExcelJS.Style>>;

function addDataRow(sheet: ExcelJS.Worksheet, columns: LedgerColumn[], values: CellValue[], light?: Light | null) {
  const row = sheet.addRow(values);
  columns.forEach((c, i) => {
    if (values[i] === null) return;
    const style = c.kind === 'light' ? (light ? lightStyles[light] : undefined) : kindStyles[c.kind];
    if (style) row.getCell(i + 1).style = style;
  });
  row.commit();
}

export interface LedgerExport {
  ledger: LedgerService;
  filter: LedgerFilter;
  locale: Locale;
  heading: LedgerHeading;
  /** The blank template: the layout without rows. */
  blank?: boolean;
}

/** Writes the workbook to `out` (which it ends), batch by batch. */
export async function writeLedgerXlsx(out: Writable, options: LedgerExport): Promise<void> {
  const { ledger, filter, locale, heading } = options;
  const word = (key: string) => translate(locale, key);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = word('app.name');
  const today = ledger.today();

  const handoverSheet = openSheet(workbook, word('ledger.sheet.handovers'), ledgerColumns, heading, locale, 4);
  if (!options.blank) {
    const lights = ledger.lightsOf(filter);
    let n = 0;
    let cursor: Cursor = null;
    do {
      cursor = ledger.readHandovers(filter, cursor, BATCH, (row) => addDataRow(handoverSheet, ledgerColumns, handoverCells(row, ++n, locale), row.light), lights);
      await breathe(out, handoverSheet);
    } while (cursor);
  }
  handoverSheet.commit();

  for (const [which, name, columns] of [
    ['open', 'ledger.sheet.items', itemColumns],
    ['problems', 'ledger.sheet.problems', problemColumns],
  ] as const) {
    const sheet = openSheet(workbook, word(name), columns, heading, locale, 3);
    if (!options.blank) {
      let n = 0;
      let cursor: Cursor = null;
      do {
        cursor = ledger.readItems(which, filter, cursor, BATCH, (row) => addDataRow(sheet, columns, itemCells(row, ++n, columns, locale, today)));
        await breathe(out, sheet);
      } while (cursor);
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** A CSV field: quoted when it must be; text that a spreadsheet would run as a formula neutralised. */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (values: CellValue[]) => `${values.map(csvField).join(',')}\r\n`;

/** The header rows of the ledger sheet as CSV lines: a group's name over each of its columns. */
function csvHeader(locale: Locale): string {
  const upper = ledgerColumns.map((c) => headerText(locale, c.group ?? c.label));
  const lower = ledgerColumns.map((c) => headerText(locale, c.label));
  return csvLine(upper) + csvLine(lower);
}

/** Writes the ledger sheet as CSV (UTF-8 with BOM) to `out`, and ends it. */
export async function writeLedgerCsv(out: Writable, options: LedgerExport): Promise<void> {
  const { ledger, filter, locale, heading } = options;
  const write = (text: string) => out.write(text);
  write('\uFEFF');
  write(csvLine([heading.title]));
  write(csvLine([heading.subtitle]));
  write(csvHeader(locale));
  const lights = ledger.lightsOf(filter);
  let n = 0;
  let cursor: Cursor = null;
  do {
    const percentAt = ledgerColumns.findIndex((c) => c.key === 'percent');
    cursor = ledger.readHandovers(filter, cursor, BATCH, (row) => {
      const cells = handoverCells(row, ++n, locale);
      cells[percentAt] = `${Math.round((cells[percentAt] as number) * 100)}%`;
      write(csvLine(cells));
    }, lights);
    await breathe(out);
  } while (cursor);
  out.end();
}

export { FIRST_DATA_ROW };

// Reading an uploaded ledger file into rows of cells, before anything is looked up: the file must be
// an .xlsx workbook (not a zip bomb: the zip check runs before the workbook is opened) or a UTF-8
// CSV; the sheet 移交项目台账 is found by name, its header by the words of the layout, every column
// known and none missing; merged cells in the data and formulas are refused. Each cell is then
// parsed by its column's kind: dates as real dates, Excel serials or text (2018-04-25, 2018/4/25,
// 2018.4.25, 2018年4月25日; 2018-02-30 is refused), numbers with 万/元/commas. Every problem names
// its row and column.
import ExcelJS from 'exceljs';
import { isDay } from '../dates.js';
import { columnLetter, ledgerColumns, type LedgerColumn } from '../exports/ledger-layout.js';
import { catalogue, translate, type Locale } from '../i18n/messages.js';
import { sniff } from './attachments.js';
import { checkZip } from './zip-check.js';

/** A problem with the file or a cell: a catalogue key and its parameters, where it is. */
export interface Problem {
  row: number | null;
  column: string | null;
  key: string;
  params?: Record<string, unknown>;
}

export class LedgerFileError extends Error {
  constructor(readonly problems: Problem[]) {
    super('ledger file refused');
  }
}

export type Parsed = string | number | null;

export interface SheetRow {
  row: number;
  /** Parsed values of the imported columns, by column key. */
  values: Record<string, Parsed>;
  problems: Problem[];
}

export interface ReadResult {
  rows: SheetRow[];
  notices: Problem[];
  /** Where each imported column is: "H（接收单位）". */
  columns: Record<string, string>;
}

/** An Office file may inflate to at most this much (a zip bomb is refused before it is opened). */
export const MAX_UNZIPPED = 200 * 1024 * 1024;

const locales = Object.keys(catalogue) as Locale[];
/** A header's words in every locale, normalised. */
const norm = (text: string) => text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
const wordsOf = (key: string) => new Set(locales.map((l) => norm(translate(l, key))));
const sheetNames = (key: string) => locales.map((l) => translate(l, key));

type Raw = string | number | Date | { formula: string } | null;

/** A cell as plain text for headers and messages. */
const textOf = (value: Raw): string => (value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'object' ? `=${value.formula}` : String(value)).trim();

function rawOf(value: ExcelJS.CellValue): Raw {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { formula: String((value as { formula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula ?? '') };
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** A small RFC 4180 reader (the file is already in memory): quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A CSV cell: text, with the apostrophe that neutralised a formula-like text taken off again. */
function csvRaw(text: string): Raw {
  if (text === '') return null;
  if (/^'[=+\-@\t\r]/.test(text)) return text.slice(1);
  if (text.startsWith('=')) return { formula: text.slice(1) };
  return text;
}

interface Grid {
  /** 1-based rows of 1-based cells. */
  cell(row: number, col: number): Raw;
  rowCount: number;
  colCount: number;
  merges: string[];
}

async function gridOfXlsx(data: Buffer, notices: Problem[]): Promise<Grid> {
  const problem = checkZip(data, MAX_UNZIPPED);
  if (problem?.kind === 'tooLarge') throw new LedgerFileError([{ row: null, column: null, key: 'plan.fileUnzipsTooLarge', params: { n: MAX_UNZIPPED / 1024 / 1024 } }]);
  if (problem) throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.fileDamaged' }]);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.fileDamaged' }]);
  }
  const wanted = sheetNames('ledger.sheet.handovers');
  const known = [...wanted, ...sheetNames('ledger.sheet.items'), ...sheetNames('ledger.sheet.problems')];
  const sheet = workbook.worksheets.find((w) => wanted.includes(w.name.trim()));
  if (!sheet) throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.noSheet', params: { sheet: wanted[0] } }]);
  for (const other of workbook.worksheets) {
    if (!known.includes(other.name.trim())) notices.push({ row: null, column: null, key: 'ledger.error.sheetIgnored', params: { sheet: other.name, ledger: wanted[0] } });
  }
  const merges = ((sheet.model as { merges?: string[] }).merges ?? []).slice();
  return {
    cell: (row, col) => {
      const cell = sheet.findCell(row, col);
      if (!cell) return null;
      // A merged cell other than its top-left one reads as the top-left's value.
      return rawOf(cell.isMerged && cell.master !== cell ? cell.master.value : cell.value);
    },
    rowCount: sheet.actualRowCount ? sheet.rowCount : 0,
    colCount: sheet.columnCount,
    merges,
  };
}

function gridOfCsv(data: Buffer): Grid {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.encoding' }]);
  }
  if (text.includes('\u0000')) throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.fileType' }]);
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  return {
    cell: (row, col) => csvRaw(rows[row - 1]?.[col - 1] ?? ''),
    rowCount: rows.length,
    colCount: rows.reduce((n, r) => Math.max(n, r.length), 0),
    merges: [],
  };
}

// ---- cell parsing by kind ----

type CellResult = { value: Parsed } | { problem: Omit<Problem, 'row' | 'column'> };

/** Days from 1899-12-30 (Excel's 1900 date system, with its leap-year bug before March 1900). */
function fromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

export function parseDate(raw: Raw): CellResult {
  if (raw === null) return { value: null };
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { problem: { key: 'ledger.error.badDate', params: { text: '' } } } : { value: raw.toISOString().slice(0, 10) };
  if (typeof raw === 'number') {
    const day = fromSerial(raw);
    return day ? { value: day } : { problem: { key: 'ledger.error.badDate', params: { text: String(raw) } } };
  }
  if (typeof raw === 'object') return { problem: { key: 'ledger.error.formula', params: { text: textOf(raw) } } };
  const text = raw.trim();
  if (!text) return { value: null };
  if (/^\d+(\.\d+)?$/.test(text) && Number(text) > 59 && Number(text) < 2958466) return { value: fromSerial(Number(text)) };
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  const day = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
  return day && isDay(day) ? { value: day } : { problem: { key: 'ledger.error.badDate', params: { text } } };
}

/** A number; for money (万元) the result is in yuan: 12.5 / 12.5万 / 12.5万元 → 125000, 125,000元 → 125000. */
export function parseNumber(raw: Raw, kind: 'int' | 'area' | 'money'): CellResult {
  if (raw === null) return { value: null };
  if (typeof raw === 'object' && !(raw instanceof Date)) return { problem: { key: 'ledger.error.formula', params: { text: textOf(raw) } } };
  let scale = kind === 'money' ? 10000 : 1;
  let n: number;
  if (typeof raw === 'number') n = raw;
  else {
    let text = textOf(raw).replace(/[,，\s]/g, '');
    if (!text) return { value: null };
    if (kind === 'money') {
      if (/万元?$/.test(text)) text = text.replace(/万元?$/, '');
      else if (/元$/.test(text)) {
        text = text.replace(/元$/, '');
        scale = 1;
      }
    } else text = text.replace(/(户|㎡|平方米|m2)$/i, '');
    n = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(n)) return { problem: { key: 'ledger.error.badNumber', params: { text: textOf(raw) } } };
  }
  if (n < 0) return { problem: { key: 'ledger.error.negative' } };
  const value = kind === 'area' ? Math.round(n * 100) / 100 : Math.round(n * scale);
  if (value > 1_000_000_000_000) return { problem: { key: 'ledger.error.tooBig' } };
  return { value };
}

const MAX_TEXT: Record<string, number> = { issuesSummary: 2000, nextSteps: 2000, owner: 100, compound: 200, enterprise: 200 };

function parseText(raw: Raw, key: string): CellResult {
  if (raw === null) return { value: null };
  if (typeof raw === 'object' && !(raw instanceof Date)) return { problem: { key: 'ledger.error.formula', params: { text: textOf(raw) } } };
  const text = textOf(raw);
  const max = MAX_TEXT[key] ?? 200;
  if (text.length > max) return { problem: { key: 'ledger.error.tooLong', params: { n: max } } };
  return { value: text || null };
}

function parseCell(column: LedgerColumn, raw: Raw): CellResult {
  switch (column.kind) {
    case 'date':
      return parseDate(raw);
    case 'int':
    case 'area':
    case 'money':
      return parseNumber(raw, column.kind);
    default:
      return parseText(raw, column.key);
  }
}

/** Where a header sits: the row with the enterprise column among the first rows. */
const HEADER_SEARCH_ROWS = 10;

export interface ReadOptions {
  /** At most this many data rows (the web page's limit); none for the command line. */
  maxRows?: number;
}

/** Reads an upload into rows; throws LedgerFileError for a file that cannot be read as a ledger. */
export async function readLedgerFile(data: Buffer, fileName: string, options: ReadOptions = {}): Promise<ReadResult> {
  const notices: Problem[] = [];
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  const kind = sniff(data);
  let grid: Grid;
  if (kind === 'xlsx' && extension === 'xlsx') grid = await gridOfXlsx(data, notices);
  else if (!kind && extension === 'csv') grid = gridOfCsv(data);
  else throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.fileType' }]);

  // The header: two rows, a group's name above its columns, a single column's name in both.
  const enterpriseWords = wordsOf('ledger.col.enterprise');
  let headerRow = 0;
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, grid.rowCount) && !headerRow; r++) {
    for (let c = 1; c <= grid.colCount; c++) if (enterpriseWords.has(norm(textOf(grid.cell(r, c))))) headerRow = r;
  }
  const sheetName = translate('zh-CN', 'ledger.sheet.handovers');
  if (!headerRow) {
    if (grid.rowCount === 0) throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.emptySheet', params: { sheet: sheetName } }]);
    throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.noHeader', params: { column: translate('zh-CN', 'ledger.col.enterprise') } }]);
  }
  const expected = new Map<string, LedgerColumn>();
  for (const column of ledgerColumns) {
    for (const top of wordsOf(column.group ?? column.label)) {
      for (const bottom of wordsOf(column.label)) {
        expected.set(`${top}|${bottom}`, column);
        if (!column.group) expected.set(`${top}|`, column);
      }
    }
  }
  const problems: Problem[] = [];
  const at = new Map<string, number>();
  let carried = '';
  for (let c = 1; c <= grid.colCount; c++) {
    let top = norm(textOf(grid.cell(headerRow, c)));
    const bottom = norm(textOf(grid.cell(headerRow + 1, c)));
    if (!top && bottom) top = carried;
    if (top) carried = top;
    if (!top && !bottom) continue;
    const column = expected.get(`${top}|${bottom}`) ?? expected.get(`${top}|`);
    const shown = [textOf(grid.cell(headerRow, c)) || top, bottom && bottom !== top ? bottom : ''].filter(Boolean).join(' / ');
    if (!column) problems.push({ row: headerRow, column: columnLetter(c), key: 'ledger.error.unknownColumn', params: { text: shown } });
    else if (at.has(column.key)) problems.push({ row: headerRow, column: columnLetter(c), key: 'ledger.error.duplicateColumn', params: { text: shown } });
    else at.set(column.key, c);
  }
  for (const column of ledgerColumns) {
    if (column.role !== 'none' && !at.has(column.key)) {
      const name = column.group ? `${translate('zh-CN', column.group)} / ${translate('zh-CN', column.label)}` : translate('zh-CN', column.label);
      problems.push({ row: headerRow, column: null, key: 'ledger.error.missingColumn', params: { column: name } });
    }
  }
  const firstData = headerRow + 2;
  for (const range of grid.merges) {
    const m = /^[A-Z]+(\d+):[A-Z]+(\d+)$/.exec(range);
    if (m && Number(m[2]) >= firstData) problems.push({ row: Number(m[1]), column: null, key: 'ledger.error.merged', params: { range } });
  }
  if (problems.length) throw new LedgerFileError(problems);

  const imported = ledgerColumns.filter((c) => c.role !== 'none');
  const rows: SheetRow[] = [];
  for (let r = firstData; r <= grid.rowCount; r++) {
    let empty = true;
    for (let c = 1; c <= grid.colCount && empty; c++) if (textOf(grid.cell(r, c))) empty = false;
    if (empty) continue;
    if (options.maxRows !== undefined && rows.length >= options.maxRows) {
      throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.tooManyRows', params: { rows: `${options.maxRows}+`, n: options.maxRows } }]);
    }
    const values: Record<string, Parsed> = {};
    const rowProblems: Problem[] = [];
    for (const column of imported) {
      const c = at.get(column.key)!;
      const result = parseCell(column, grid.cell(r, c));
      if ('problem' in result) rowProblems.push({ row: r, column: columnName(column.key, columnLetter(c)), ...result.problem });
      else values[column.key] = result.value;
    }
    rows.push({ row: r, values, problems: rowProblems });
  }
  if (!rows.length) throw new LedgerFileError([{ row: null, column: null, key: 'ledger.error.emptySheet', params: { sheet: sheetName } }]);
  return { rows, notices, columns: Object.fromEntries([...at].map(([key, c]) => [key, columnName(key, columnLetter(c))])) };
}

/** The column label of a key, as problems name it: "H（接收单位）". */
export function columnName(key: string, letter: string | null): string {
  const column = ledgerColumns.find((c) => c.key === key)!;
  const label = column.group ? `${translate('zh-CN', column.group)}·${translate('zh-CN', column.label)}` : translate('zh-CN', column.label);
  return letter ? `${letter}（${label}）` : label;
}

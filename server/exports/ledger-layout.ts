// The work ledger's layout (工作台账, DOMAIN.md §5), described once: the export writes it, the blank
// template is it without rows, and the import finds its columns by these same headers. A column has
// a header of one or two levels (a stage's 计划时间 / 完成时间 under the stage's name), a kind that
// decides the cell's type and number format, a width that fits its Chinese words, and what an
// import does with it: a key that finds the record, a value it writes, or nothing (figures the
// tracker derives, such as the current stage or the light, are shown but never read back).
import { stages, type Stage } from '../../db/schema.js';

export type CellKind = 'text' | 'int' | 'area' | 'date' | 'money' | 'percent' | 'light';

/** What an import does with a column. */
export type ImportRole = 'key' | 'handover' | 'compound' | 'stage' | 'funding' | 'none';

export interface LedgerColumn {
  key: string;
  /** Catalogue key of the upper header (a group over several columns), if any. */
  group?: string;
  /** Catalogue key (or a literal under a stage group) of the column's own header. */
  label: string;
  kind: CellKind;
  width: number;
  role: ImportRole;
  /** For stage columns: the stage and which of its dates. */
  stage?: Stage;
  date?: 'planned' | 'actual';
}

const stageColumns: LedgerColumn[] = stages.flatMap((stage) => [
  { key: `planned.${stage}`, group: `stage.${stage}`, label: 'ledger.col.planned', kind: 'date' as const, width: 11, role: 'stage' as const, stage, date: 'planned' as const },
  { key: `actual.${stage}`, group: `stage.${stage}`, label: 'ledger.col.actual', kind: 'date' as const, width: 11, role: 'stage' as const, stage, date: 'actual' as const },
]);

/** Sheet 1, 移交项目台账: one row per handover. */
export const ledgerColumns: LedgerColumn[] = [
  { key: 'no', label: 'ledger.col.no', kind: 'int', width: 6, role: 'none' },
  { key: 'enterprise', label: 'ledger.col.enterprise', kind: 'text', width: 24, role: 'key' },
  { key: 'level', label: 'ledger.col.level', kind: 'text', width: 9, role: 'none' },
  { key: 'compound', label: 'ledger.col.compound', kind: 'text', width: 20, role: 'key' },
  { key: 'households', label: 'ledger.col.households', kind: 'int', width: 8, role: 'compound' },
  { key: 'floorArea', label: 'ledger.col.floorArea', kind: 'area', width: 12, role: 'compound' },
  { key: 'serviceLine', label: 'ledger.col.serviceLine', kind: 'text', width: 9, role: 'key' },
  { key: 'receiver', label: 'ledger.col.receiver', kind: 'text', width: 20, role: 'handover' },
  { key: 'mode', label: 'ledger.col.mode', kind: 'text', width: 13, role: 'handover' },
  { key: 'leadUnit', label: 'ledger.col.leadUnit', kind: 'text', width: 16, role: 'handover' },
  { key: 'owner', label: 'ledger.col.owner', kind: 'text', width: 9, role: 'handover' },
  { key: 'stageNow', label: 'ledger.col.stageNow', kind: 'text', width: 16, role: 'none' },
  { key: 'percent', label: 'ledger.col.percent', kind: 'percent', width: 8, role: 'none' },
  ...stageColumns,
  { key: 'frameworkSigned', group: 'ledger.col.agreements', label: 'ledger.col.frameworkSigned', kind: 'date', width: 12, role: 'none' },
  { key: 'implementationSigned', group: 'ledger.col.agreements', label: 'ledger.col.implementationSigned', kind: 'date', width: 12, role: 'none' },
  { key: 'cutoffDate', group: 'ledger.col.agreements', label: 'ledger.col.cutoffDate', kind: 'date', width: 12, role: 'none' },
  { key: 'estimated', group: 'ledger.col.money', label: 'ledger.col.estimated', kind: 'money', width: 11, role: 'funding' },
  { key: 'approved', group: 'ledger.col.money', label: 'ledger.col.approved', kind: 'money', width: 11, role: 'funding' },
  { key: 'disbursed', group: 'ledger.col.money', label: 'ledger.col.disbursed', kind: 'money', width: 11, role: 'none' },
  { key: 'sources', label: 'ledger.col.sources', kind: 'text', width: 26, role: 'none' },
  { key: 'light', label: 'ledger.col.light', kind: 'light', width: 8, role: 'none' },
  { key: 'issuesSummary', label: 'ledger.col.issuesSummary', kind: 'text', width: 30, role: 'handover' },
  { key: 'nextSteps', label: 'ledger.col.nextSteps', kind: 'text', width: 30, role: 'handover' },
];

/** Sheet 2, 督办事项台账: the open tracked items. */
export const itemColumns: LedgerColumn[] = [
  { key: 'no', label: 'ledger.col.no', kind: 'int', width: 6, role: 'none' },
  { key: 'kind', label: 'ledger.item.kind', kind: 'text', width: 9, role: 'none' },
  { key: 'title', label: 'ledger.item.title', kind: 'text', width: 36, role: 'none' },
  { key: 'enterprise', label: 'ledger.col.enterprise', kind: 'text', width: 16, role: 'none' },
  { key: 'leadUnit', label: 'ledger.item.leadUnit', kind: 'text', width: 16, role: 'none' },
  { key: 'supportUnits', label: 'ledger.item.supportUnits', kind: 'text', width: 20, role: 'none' },
  { key: 'owner', label: 'ledger.item.owner', kind: 'text', width: 9, role: 'none' },
  { key: 'dueDate', label: 'ledger.item.dueDate', kind: 'date', width: 12, role: 'none' },
  { key: 'delayCount', label: 'ledger.item.delayCount', kind: 'int', width: 8, role: 'none' },
  { key: 'status', label: 'ledger.item.status', kind: 'text', width: 9, role: 'none' },
  { key: 'progress', label: 'ledger.item.progress', kind: 'text', width: 36, role: 'none' },
  { key: 'overdueDays', label: 'ledger.item.overdueDays', kind: 'int', width: 9, role: 'none' },
];

/** Sheet 3, 问题清单: every problem, open or closed. */
export const problemColumns: LedgerColumn[] = [
  { key: 'no', label: 'ledger.col.no', kind: 'int', width: 6, role: 'none' },
  { key: 'title', label: 'ledger.problem.title', kind: 'text', width: 36, role: 'none' },
  { key: 'category', label: 'ledger.problem.category', kind: 'text', width: 10, role: 'none' },
  { key: 'level', label: 'ledger.problem.level', kind: 'text', width: 10, role: 'none' },
  { key: 'enterprise', label: 'ledger.col.enterprise', kind: 'text', width: 16, role: 'none' },
  { key: 'leadUnit', label: 'ledger.item.leadUnit', kind: 'text', width: 16, role: 'none' },
  { key: 'raisedOn', label: 'ledger.problem.raisedOn', kind: 'date', width: 12, role: 'none' },
  { key: 'firstResponseOn', label: 'ledger.problem.firstResponseOn', kind: 'date', width: 12, role: 'none' },
  { key: 'dueDate', label: 'ledger.item.dueDate', kind: 'date', width: 12, role: 'none' },
  { key: 'status', label: 'ledger.item.status', kind: 'text', width: 9, role: 'none' },
  { key: 'closedOn', label: 'ledger.problem.closedOn', kind: 'date', width: 12, role: 'none' },
  { key: 'progress', label: 'ledger.item.progress', kind: 'text', width: 36, role: 'none' },
];

/** Rows above the data: title, organ and date, then the two header rows. */
export const TITLE_ROWS = 2;
export const HEADER_ROWS = 2;
export const FIRST_DATA_ROW = TITLE_ROWS + HEADER_ROWS + 1;

/** Excel's number formats per kind (dates as real dates, money in 万元 with two decimals shown). */
export const numberFormats: Partial<Record<CellKind, string>> = {
  int: '#,##0',
  area: '#,##0.00',
  date: 'yyyy-mm-dd',
  money: '#,##0.00',
  percent: '0%',
};

/** The column letter(s) of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

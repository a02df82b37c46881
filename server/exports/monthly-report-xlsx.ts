// The monthly progress report (月度进展表) as an Excel workbook: one sheet in the fixed table the
// district sends upward — a row per enterprise level and service line, a subtotal per level and
// a total; a title row, merged two-level headers, the header frozen, numbers with formats, A4
// landscape fitted to the width with the header repeated and page numbers in the footer.
import ExcelJS from 'exceljs';
import { fundingSources, stages } from '../../db/schema.js';
import { translate, type Locale } from '../i18n/messages.js';
import type { MonthlyReport, ReportRow } from '../services/monthly-report.js';
import { columnLetter } from './ledger-layout.js';
import { wan, type LedgerHeading } from './ledger-xlsx.js';

interface ReportColumn {
  group?: string;
  label: string;
  width: number;
  format?: string;
  value: (row: ReportRow) => number | null;
}

/** The figure columns after 企业层级 and 移交项目. */
export function reportColumns(locale: Locale): ReportColumn[] {
  const word = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  return [
    { label: word('report.col.handovers'), width: 9, format: '#,##0', value: (r) => r.handovers },
    ...stages.map((stage) => ({ group: word('report.col.stagesReached'), label: word(`stage.${stage}`), width: 10, format: '#,##0', value: (r: ReportRow) => r.reached[stage] })),
    { group: word('report.col.month'), label: word('report.col.stagesDone'), width: 8, format: '#,##0', value: (r) => r.month.stagesDone },
    { group: word('report.col.month'), label: word('report.col.agreementsSigned'), width: 8, format: '#,##0', value: (r) => r.month.agreementsSigned },
    { label: word('report.col.handedOver'), width: 11, format: '#,##0', value: (r) => r.handedOverHouseholds },
    ...fundingSources.flatMap((source) => {
      const name = word(`funding.${source}`);
      const of = (r: ReportRow) => r.money.find((m) => m.source === source)!;
      return [
        { group: word('report.col.money'), label: word('report.col.committed', { source: name }), width: 11, format: '#,##0.00', value: (r: ReportRow) => wan(of(r).committed) },
        { group: word('report.col.money'), label: word('report.col.disbursed', { source: name }), width: 11, format: '#,##0.00', value: (r: ReportRow) => wan(of(r).disbursed) },
      ];
    }),
    { group: word('report.col.items'), label: word('report.col.added'), width: 7, format: '#,##0', value: (r) => r.month.added },
    { group: word('report.col.items'), label: word('report.col.closed'), width: 7, format: '#,##0', value: (r) => r.month.closed },
    { group: word('report.col.items'), label: word('report.col.becameOverdue'), width: 7, format: '#,##0', value: (r) => r.month.becameOverdue },
    { group: word('report.col.problems'), label: word('report.col.raised'), width: 8, format: '#,##0', value: (r) => r.problems.raised },
    { group: word('report.col.problems'), label: word('report.col.problemsClosed'), width: 8, format: '#,##0', value: (r) => r.problems.closed },
    { group: word('report.col.problems'), label: word('report.col.openProblems'), width: 9, format: '#,##0', value: (r) => r.problems.open },
  ];
}

/** Rows above the table body: title, reporting unit and dates, two header rows. */
export const REPORT_FIRST_ROW = 5;

export async function monthlyReportXlsx(report: MonthlyReport, heading: LedgerHeading, locale: Locale): Promise<Buffer> {
  const word = (key: string) => translate(locale, key);
  const figures = reportColumns(locale);
  const total = figures.length + 2;
  const last = columnLetter(total);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = word('app.name');
  const sheet = workbook.addWorksheet(word('report.sheet'), {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 4, topLeftCell: 'C5' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4', margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: word('report.footer'), evenFooter: word('report.footer') },
  });
  sheet.columns = [{ width: 10 }, { width: 10 }, ...figures.map((c) => ({ width: c.width, style: { numFmt: c.format } }))];
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const head: Partial<ExcelJS.Style> = { font: { bold: true, size: 10 }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } };

  sheet.getCell('A1').value = heading.title;
  sheet.getCell('A1').style = { font: { name: '黑体', size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } };
  sheet.getRow(1).height = 30;
  sheet.mergeCells(`A1:${last}1`);
  sheet.getCell('A2').value = heading.subtitle;
  sheet.getCell('A2').style = { alignment: { horizontal: 'right' } };
  sheet.mergeCells(`A2:${last}2`);

  sheet.getRow(4).height = 48;
  const labels: [string | undefined, string][] = [
    [undefined, word('report.col.level')],
    [undefined, word('report.col.line')],
    ...figures.map((c): [string | undefined, string] => [c.group, c.label]),
  ];
  for (let i = 0; i < labels.length; ) {
    const [group, label] = labels[i]!;
    const col = i + 1;
    if (group) {
      let end = i;
      while (end + 1 < labels.length && labels[end + 1]![0] === group) end++;
      sheet.getCell(3, col).value = group;
      for (let k = i; k <= end; k++) {
        sheet.getCell(3, k + 1).style = head;
        sheet.getCell(4, k + 1).value = labels[k]![1];
        sheet.getCell(4, k + 1).style = head;
      }
      if (end > i) sheet.mergeCells(3, col, 3, end + 1);
      i = end + 1;
    } else {
      sheet.getCell(3, col).value = label;
      sheet.getCell(3, col).style = head;
      sheet.getCell(4, col).style = head;
      sheet.mergeCells(3, col, 4, col);
      i++;
    }
  }

  let at = REPORT_FIRST_ROW;
  let levelStart = at;
  for (const row of report.rows) {
    const excelRow = sheet.getRow(at);
    if (row.kind === 'total') {
      excelRow.getCell(1).value = word('report.total');
      sheet.mergeCells(at, 1, at, 2);
    } else {
      if (row.kind === 'line' && row.serviceLine === report.rows[0]!.serviceLine) levelStart = at;
      excelRow.getCell(1).value = word(`level.${row.level}`);
      excelRow.getCell(2).value = row.kind === 'subtotal' ? word('report.subtotal') : word(`serviceLine.${row.serviceLine}`);
      if (row.kind === 'subtotal') sheet.mergeCells(levelStart, 1, at, 1);
    }
    figures.forEach((c, i) => {
      excelRow.getCell(i + 3).value = c.value(row);
    });
    for (let col = 1; col <= total; col++) {
      const cell = excelRow.getCell(col);
      cell.border = border;
      cell.alignment = { vertical: 'middle', horizontal: col <= 2 ? 'center' : 'right' };
      if (row.kind !== 'line') cell.font = { bold: true };
    }
    at++;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

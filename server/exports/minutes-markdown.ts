// One meeting's 纪要 as Markdown, in the order of the Word document: title, number, issuing office
// and date, the opening, the numbered sections, the attendance, and the 版记.
import type { MinutesDocument } from '../services/minutes.js';

/** Escapes what Markdown would read as markup; the text is otherwise as entered. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]<>|])/g, '\\$1')
    .replace(/^(\s*)([#+-]|\d+\.)(\s)/gm, '$1\\$2$3')
    .replace(/\r?\n/g, '  \n');
}

export function minutesMarkdown(doc: MinutesDocument): string {
  const e = escapeMarkdown;
  const out: string[] = [];
  out.push(`# ${e(doc.title)}`, '');
  out.push(`**${e(doc.numberLabel ? `${doc.numberLabel}${doc.draft ? doc.draftLabel : ''}` : doc.draftLabel)}**`, '');
  out.push(`${e(doc.issuingOffice)}${doc.dateLine ? `　${e(doc.dateLine)}` : ''}`, '');
  out.push('---', '');
  out.push(e(doc.opening), '');
  for (const section of doc.sections) {
    const head = `**${e(section.marker)}${section.heading ? e(section.heading) : ''}**`;
    out.push(section.lead ? `${head}${e(section.lead)}` : head, '');
    for (const text of section.paragraphs) out.push(e(text), '');
    for (const entry of section.entries) {
      out.push(`${e(entry.marker)}*${e(entry.title)}*${entry.body ? e(entry.body) : ''}  `, e(entry.terms), '');
    }
  }
  for (const line of doc.attendance) out.push(`**${e(line.caption)}${e(line.colon)}**${e(line.text)}  `);
  if (doc.attendance.length) out.push('');
  out.push('---', '');
  if (doc.distribution) out.push(`${e(doc.distributionLabel)}${e(doc.distribution)}  `);
  out.push(`${e(doc.issuingOffice)}${doc.issuedLine ? `　${e(doc.issuedLine)}` : ''}`, '');
  return out.join('\n');
}

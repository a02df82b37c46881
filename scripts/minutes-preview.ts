// Renders a page of a meeting's 纪要 (or of a monthly pack) as the Word document prints, to PNG:
// the DOCX the app serves, converted by LibreOffice, the page drawn by pdftoppm.
//   npm run minutes:preview -- MEETING_ID OUT.png [PAGE] [DPI]
//   npm run minutes:preview -- 2018-03 OUT.png [PAGE] [DPI]      (the monthly pack of a month)
// Reads the database at DATABASE_PATH (migrating it like `npm start`); prints the number of pages.
// Needs LibreOffice (soffice) and Poppler (pdftoppm), e.g. apt-get install libreoffice-writer-nogui poppler-utils.
import { prepareTracker } from '../server/services/open.js';
import { writeFileSync } from 'node:fs';
import { openDb } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { minutesDocx } from '../server/exports/minutes-docx.js';
import { monthlyPackDocx } from '../server/exports/monthly-pack-docx.js';
import { HttpError } from '../server/http-errors.js';
import { docxToPdf, missingTools, pdfLines, pdfPageToPng } from './office.js';

const [target, out, pageArg, dpiArg] = process.argv.slice(2);
if (!target || !out || !/^(\d+|\d{4}-\d{2})$/.test(target)) {
  console.error('usage: npm run minutes:preview -- MEETING_ID|YYYY-MM OUT.png [PAGE] [DPI]');
  process.exit(2);
}
const missing = missingTools();
if (missing.length) {
  console.error(`Cannot render: ${missing.join(' and ')} not found.`);
  process.exit(1);
}

const config = loadConfig();
const db = openDb(config.DATABASE_PATH);
try {
  const { services } = prepareTracker(db, config);
  const docx = /^\d+$/.test(target)
    ? await minutesDocx(services.minutes.document(Number(target), config.DEFAULT_LOCALE))
    : await monthlyPackDocx(services.minutes.monthlyPack(target, { locale: config.DEFAULT_LOCALE }), config.DEFAULT_LOCALE);
  const { preview } = await docxToPdf({ preview: docx });
  const pages = (await pdfLines(preview!)).length;
  const page = Math.min(Math.max(1, Number(pageArg ?? 1) || 1), pages);
  writeFileSync(out, await pdfPageToPng(preview!, page, Number(dpiArg ?? 60) || 60));
  console.log(`${out}: page ${page} of ${pages}`);
} catch (error) {
  if (error instanceof HttpError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  db.$client.close();
}

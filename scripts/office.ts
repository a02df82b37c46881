// LibreOffice and Poppler from the command line, to see a Word document as it prints: DOCX → PDF
// (soffice --headless --convert-to pdf, with a profile of its own so that runs never collide),
// the text lines of each PDF page with their boxes (pdftotext -bbox-layout), and a page as a PNG
// (pdftoppm). Used by `npm run minutes:preview` and by test/minutes-render.test.ts.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The first of these on the PATH (or SOFFICE for LibreOffice), or null. */
function which(names: string[], env?: string): string | null {
  if (env && process.env[env] && existsSync(process.env[env]!)) return process.env[env]!;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** What is missing to render documents: LibreOffice (soffice) and Poppler (pdftotext, pdftoppm). */
export function missingTools(): string[] {
  const missing: string[] = [];
  if (!which(['soffice', 'libreoffice'], 'SOFFICE')) missing.push('LibreOffice (soffice; Debian: libreoffice-writer-nogui)');
  if (!which(['pdftotext']) || !which(['pdftoppm'])) missing.push('Poppler (pdftotext, pdftoppm; Debian: poppler-utils)');
  return missing;
}

/** Converts Word documents to PDF in one LibreOffice run; returns the PDFs by the names given. */
export async function docxToPdf(documents: Record<string, Buffer>): Promise<Record<string, Buffer>> {
  const soffice = which(['soffice', 'libreoffice'], 'SOFFICE');
  if (!soffice) throw new Error('LibreOffice (soffice) is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'minutes-pdf-'));
  try {
    const inputs = Object.entries(documents).map(([name, data]) => {
      const path = join(dir, `${name}.docx`);
      writeFileSync(path, data);
      return path;
    });
    await run(soffice, [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...inputs], {
      timeout: 300_000,
    });
    return Object.fromEntries(Object.keys(documents).map((name) => [name, readFileSync(join(dir, `${name}.pdf`))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfLine {
  text: string;
  /** Millimetres from the sheet's top-left corner. */
  top: number;
  bottom: number;
  left: number;
  right: number;
}

const MM_PER_POINT = 25.4 / 72;

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text lines of each page of a PDF, with their boxes. */
export async function pdfLines(pdf: Buffer): Promise<PdfLine[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'minutes-text-'));
  try {
    const path = join(dir, 'in.pdf');
    writeFileSync(path, pdf);
    const { stdout } = await run('pdftotext', ['-bbox-layout', path, '-'], { maxBuffer: 64 * 1024 * 1024 });
    return stdout
      .split('<page ')
      .slice(1)
      .map((page) =>
        [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
          text: unescape([...m[5]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join('')),
          left: Number(m[1]) * MM_PER_POINT,
          top: Number(m[2]) * MM_PER_POINT,
          right: Number(m[3]) * MM_PER_POINT,
          bottom: Number(m[4]) * MM_PER_POINT,
        })),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One page of a PDF as a PNG. */
export async function pdfPageToPng(pdf: Buffer, page: number, dpi = 60): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'minutes-png-'));
  try {
    const path = join(dir, 'in.pdf');
    writeFileSync(path, pdf);
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', path, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

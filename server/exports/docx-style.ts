// The Word side of the GB/T 9704 page (gbt9704.ts), shared by the single 纪要 and the monthly pack:
// the section's page, margins and document grid, the odd and even page-number footers, the runs
// and paragraphs of each role, and the finishing of the package (font fallbacks, the Normal style).
import {
  AlignmentType,
  DocumentGridType,
  Footer,
  LineRuleType,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphOptions,
  type ISectionOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { CHAR_SPACE, FONTS, FOOTER, LETTER_SPACING, LINE, PAGE, PAGE_NUMBER_LINE, SIZE, SMALL_CHAR, type FontRole } from './gbt9704.js';

export { CHAR, FONTS, LINE, PAGE, SIZE, TEXT_WIDTH } from './gbt9704.js';
export const RED = 'FF0000';

/**
 * Which fonts the runs name: `office`, those of the document (仿宋_GB2312 …); the other two are for
 * laying the document out with docx's Word layout only (docx-layout.ts): `word` names the fonts
 * Word falls back to and whose widths the layout knows (仿宋 → FangSong, with half-width digits);
 * `libreoffice` stands for the CJK font LibreOffice substitutes on a machine without the Chinese
 * office fonts (Noto Sans CJK: digits and Latin letters as wide as Arial's, quotation marks and ×
 * full width), as Arial for Latin and digits and SimSun, with the East Asian hint, for the rest.
 */
export type Typeset = 'office' | 'word' | 'libreoffice';

const WORD_FONTS: Record<FontRole, string> = { title: 'SimSun', body: 'FangSong', heading: 'SimHei', subheading: 'KaiTi', pageNumber: 'SimSun' };

/** Every script of a run in the one font (Chinese, Latin and digits alike, as offices set them). */
export const font = (role: FontRole, typeset: Typeset = 'office') => {
  if (typeset === 'libreoffice') return { ascii: 'Arial', eastAsia: 'SimSun', hAnsi: 'Arial', cs: 'Arial', hint: 'eastAsia' };
  const name = typeset === 'word' ? WORD_FONTS[role] : FONTS[role].name;
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
};

export interface RunOptions {
  role?: FontRole;
  typeset?: Typeset;
  /** Half-points; 3号 by default. */
  size?: number;
  color?: string;
  /** A line break before the text. */
  break?: boolean;
}

/**
 * A run of text. Runs of 3号 close up by LETTER_SPACING so that 28 characters fill a line; the
 * other sizes keep their natural width.
 */
export const run = (text: string, options: RunOptions = {}) => {
  const size = options.size ?? SIZE.body;
  return new TextRun({
    text,
    font: font(options.role ?? 'body', options.typeset),
    size,
    color: options.color,
    characterSpacing: size === SIZE.body ? LETTER_SPACING : undefined,
    break: options.break ? 1 : undefined,
  });
};

/**
 * Where LibreOffice sets text wider than Word: it puts about a fifth of the font size between a
 * Chinese character and a Latin letter or digit beside it, whatever the document says (it does
 * not read w:autoSpaceDE/DN), and its × is a little wider than a Chinese character. Laid out as
 * LibreOffice does (typeset `libreoffice`), those characters are that much wider (twips at 3号).
 */
const LIBREOFFICE_AUTOSPACE = 70;
const LIBREOFFICE_TIMES = 20;
const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;

function libreOfficeExtra(chars: string[], i: number): number {
  const [a, b] = [chars[i]!, chars[i + 1]];
  let extra = a === '×' ? LIBREOFFICE_TIMES : 0;
  if (b !== undefined && ((HAN.test(a) && LATIN_OR_DIGIT.test(b)) || (LATIN_OR_DIGIT.test(a) && HAN.test(b)))) extra += LIBREOFFICE_AUTOSPACE;
  return extra;
}

/** The text as runs: one, but where the typeset is `libreoffice`, split where LibreOffice sets characters wider. */
export const runs = (text: string, options: RunOptions = {}): TextRun[] => {
  if (options.typeset !== 'libreoffice') return [run(text, options)];
  const size = options.size ?? SIZE.body;
  const base = size === SIZE.body ? LETTER_SPACING : 0;
  const chars = [...text];
  const out: TextRun[] = [];
  let start = 0;
  for (let i = 0; i <= chars.length; i++) {
    const same = i < chars.length && i > start && libreOfficeExtra(chars, i) === libreOfficeExtra(chars, start);
    if (i === chars.length || (i > start && !same)) {
      const extra = Math.round((libreOfficeExtra(chars, start) * size) / SIZE.body);
      out.push(
        new TextRun({
          text: chars.slice(start, i).join(''),
          font: font(options.role ?? 'body', 'libreoffice'),
          size,
          color: options.color,
          characterSpacing: base + extra || undefined,
          break: options.break && start === 0 ? 1 : undefined,
        }),
      );
      start = i;
    }
  }
  return out.length ? out : [run(text, options)];
};

/** Exactly one grid line per line of text, no space around: the 22 lines of the page. */
export const exactly = (line: number, before = 0, after = 0) => ({ line, lineRule: LineRuleType.EXACT, before, after });
export const bodySpacing = exactly(LINE);

/**
 * A paragraph without widow and orphan control: lines fall on the page where they fit, as the
 * layout of the 版记 (minutes-docx.ts) counts on.
 */
export const paragraph = (options: IParagraphOptions) => new Paragraph({ widowControl: false, ...options });

/** An empty paragraph exactly `height` twips tall. */
export const spacer = (height: number, options: Partial<IParagraphOptions> = {}) =>
  paragraph({ ...options, children: [], spacing: exactly(height) });

/** The page number, "— 3 —", in 4号 宋体 with half-width digits, one character in from its side. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: SMALL_CHAR } : { left: SMALL_CHAR },
        spacing: exactly(PAGE_NUMBER_LINE),
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('pageNumber'), size: SIZE.pageNumber })],
      }),
    ],
  });
}

const emptyFooter = () => new Footer({ children: [paragraph({ children: [], spacing: exactly(PAGE_NUMBER_LINE) })] });

/**
 * A section on the GB/T 9704 page: A4, the margins, a grid of 22 lines × 28 characters, and the
 * page numbers (odd pages on the right, even pages on the left), or none (a cover).
 * `grid: 'lines'` is for laying the section out with docx's Word layout, which would otherwise
 * put the characters on the grid that the paragraphs leave (see LETTER_SPACING).
 */
export function pageSetup(options: { numbered?: boolean; restartNumbers?: boolean; grid?: 'linesAndChars' | 'lines' } = {}): Pick<ISectionOptions, 'properties' | 'footers'> {
  const numbered = options.numbered ?? true;
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { top: PAGE.top, right: PAGE.right, bottom: PAGE.bottom, left: PAGE.left, header: FOOTER, footer: FOOTER, gutter: 0 },
        pageNumbers: options.restartNumbers ? { start: 1 } : undefined,
      },
      grid:
        options.grid === 'lines'
          ? { type: DocumentGridType.LINES, linePitch: LINE }
          : { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE, charSpace: CHAR_SPACE },
    },
    footers: numbered ? { default: pageNumberFooter('odd'), even: pageNumberFooter('even') } : { default: emptyFooter(), even: emptyFooter() },
  };
}

/** The document's properties and default type: 3号 仿宋, Chinese, odd and even footers apart. */
export function documentOptions(title: string) {
  const body = { font: font('body'), size: SIZE.body, language: { eastAsia: 'zh-CN', value: 'zh-CN' } };
  return {
    title,
    creator: 'sgyy-tracker',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: body, paragraph: { spacing: bodySpacing } } },
      paragraphStyles: [{ id: 'Normal', name: 'Normal', quickFormat: true, run: { ...body, characterSpacing: LETTER_SPACING } }],
    },
  };
}

/** The fonts the documents name, with the font Word should use where the named one is missing. */
const FONT_TABLE: { role: FontRole; family: string; pitch: string }[] = [
  { role: 'title', family: 'roman', pitch: 'variable' },
  { role: 'body', family: 'modern', pitch: 'fixed' },
  { role: 'heading', family: 'modern', pitch: 'fixed' },
  { role: 'subheading', family: 'modern', pitch: 'fixed' },
  { role: 'pageNumber', family: 'auto', pitch: 'variable' },
];

/**
 * Finishes the package the docx library wrote: the font table names each font's fallback
 * (w:altName, GB2312 charset), which the library cannot write, and the Normal style keeps its
 * paragraphs off the grid's character cells (w:snapToGrid off; see LETTER_SPACING), which the
 * library writes only for runs.
 */
export function finishPackage(docx: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(docx));
  const fontsPath = 'word/fontTable.xml';
  if (files[fontsPath]) {
    const xml = strFromU8(files[fontsPath]);
    const entries = FONT_TABLE.map(
      (f) =>
        `<w:font w:name="${FONTS[f.role].name}"><w:altName w:val="${FONTS[f.role].word}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
    ).join('');
    files[fontsPath] = strToU8(
      /<w:fonts([^>]*)\/>/.test(xml) ? xml.replace(/<w:fonts([^>]*)\/>/, `<w:fonts$1>${entries}</w:fonts>`) : xml.replace('</w:fonts>', `${entries}</w:fonts>`),
    );
  }
  const stylesPath = 'word/styles.xml';
  if (files[stylesPath]) {
    files[stylesPath] = strToU8(
      strFromU8(files[stylesPath]).replace(
        /(<w:style w:type="paragraph" w:styleId="Normal"[^>]*>(?:(?!<\/w:style>)[\s\S])*?)<w:rPr>/,
        '$1<w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/></w:pPr><w:rPr>',
      ),
    );
  }
  return Buffer.from(zipSync(files, { level: 6 }));
}

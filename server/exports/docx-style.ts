// The GB/T 9704-2012 page and type of a 纪要, shared by the single minutes and the monthly pack:
// A4, margins from the type area (156 × 225 mm, 22 lines × 28 characters), the fonts by name,
// and a font table that names a fallback for each font Word may not find.
import { AlignmentType, Footer, LineRuleType, PageNumber, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** Millimetres to twentieths of a point. */
export const mm = (value: number) => Math.round((value * 1440) / 25.4);

export const PAGE = {
  width: 11906, // 210 mm
  height: 16838, // 297 mm
  top: mm(37),
  left: mm(28),
  right: mm(210 - 28 - 156),
  bottom: mm(297 - 37 - 225),
  /** The page number's line sits 7 mm under the type area. */
  footer: mm(297 - 37 - 225 - 7 - 5),
  header: mm(15),
};

/** The type area's width in twips (156 mm). */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

/** 225 mm / 22 lines: the line pitch, and the fixed line height of the body. */
export const LINE = Math.floor(mm(225) / 22);

/** Font sizes in half-points: 2号 22pt, 3号 16pt, 4号 14pt, 小四 12pt. */
export const SIZE = { title: 44, body: 32, small: 28, table: 24 } as const;

export const FONT = {
  /** 方正小标宋简体, falling back to 宋体 (SimSun). */
  title: '方正小标宋简体',
  /** 仿宋_GB2312, falling back to 仿宋 (FangSong). */
  body: '仿宋_GB2312',
  heading: '黑体',
  /** 楷体_GB2312, falling back to 楷体 (KaiTi). */
  subheading: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

export const RED = 'FF0000';

/** Every script of a run in the one font (Chinese, Latin and digits alike, as offices set them). */
export const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

export const run = (text: string, options: { font?: string; size?: number; bold?: boolean; color?: string; break?: boolean } = {}) =>
  new TextRun({
    text,
    font: font(options.font ?? FONT.body),
    size: options.size ?? SIZE.body,
    bold: options.bold,
    color: options.color,
    break: options.break ? 1 : undefined,
  });

/** Body spacing: a fixed line of the 22-line grid. */
export const bodySpacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

/** The page setup of every section: A4, the margins, the 22 × 28 grid, "— 1 —" centred in the footer. */
export function pageSetup(): Pick<ISectionOptions, 'properties' | 'footers'> {
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { top: PAGE.top, right: PAGE.right, bottom: PAGE.bottom, left: PAGE.left, header: PAGE.header, footer: PAGE.footer, gutter: 0 },
      },
      // 28 characters of 3号 in 156 mm: a pitch of 15.8 pt, i.e. charSpace (15.8 − 16) × 4096.
      grid: { type: 'lines', linePitch: LINE },
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONT.pageNumber), size: SIZE.small }),
            ],
          }),
        ],
      }),
    },
  };
}

/** The fonts the documents name, with the font Word should use where the named one is missing. */
const FONT_TABLE: { name: string; altName: string; family: string; pitch: string }[] = [
  { name: FONT.title, altName: '宋体', family: 'script', pitch: 'variable' },
  { name: FONT.body, altName: '仿宋', family: 'modern', pitch: 'fixed' },
  { name: FONT.heading, altName: 'SimHei', family: 'modern', pitch: 'fixed' },
  { name: FONT.subheading, altName: '楷体', family: 'modern', pitch: 'fixed' },
  { name: FONT.pageNumber, altName: 'SimSun', family: 'auto', pitch: 'variable' },
];

/**
 * The docx library writes an empty font table and only knows embedded fonts; the fallbacks
 * (w:altName, GB2312 charset) are written into word/fontTable.xml after packing.
 */
export function withFontTable(docx: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(docx));
  const path = 'word/fontTable.xml';
  const xml = files[path] ? strFromU8(files[path]) : null;
  if (!xml) return docx;
  const entries = FONT_TABLE.map(
    (f) =>
      `<w:font w:name="${f.name}"><w:altName w:val="${f.altName}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  ).join('');
  const patched = /<w:fonts([^>]*)\/>/.test(xml)
    ? xml.replace(/<w:fonts([^>]*)\/>/, `<w:fonts$1>${entries}</w:fonts>`)
    : xml.replace('</w:fonts>', `${entries}</w:fonts>`);
  files[path] = strToU8(patched);
  return Buffer.from(zipSync(files, { level: 6 }));
}

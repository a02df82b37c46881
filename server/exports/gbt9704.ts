// The page of a 纪要 as GB/T 9704-2012 sets it, described once and read by the Word writer
// (minutes-docx.ts, monthly-pack-docx.ts, in twips) and by the print page's stylesheet
// (print-css.ts, in millimetres and points), so the two lay a 纪要 out alike.
//
// The standard: A4; the type area 156 × 225 mm, its top edge 37 mm from the top of the sheet and
// its left edge 28 mm from the left; 22 lines of 28 characters of 3号 (16 pt) 仿宋; the 纪要 mark
// (the title) in red 2号 小标宋, its top edge 35 mm under the top of the type area (§10.3 and
// §7.2.1 for the 版头); page numbers in 4号 半角宋体 "— 1 —", the dashes 7 mm under the type area,
// odd pages on the right and even pages on the left, one character in (§7.5); the 版记 at the foot
// of the last page, between a thick rule (0.35 mm) over its first line and under its last, with
// thin rules (0.25 mm) between its lines, 4号 仿宋, one character in on either side, the 分送 line
// wrapping under the first character after its colon (§7.4); attendance (出席/列席/请假) in 3号
// 黑体 two characters in, wrapping under the first character after the colon (§10.3).

/** Millimetres to twentieths of a point (twips), the integer unit of WordprocessingML. */
export const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
/** Points to twips. */
export const ptTwips = (pt: number) => Math.round(pt * 20);

export const GBT9704 = {
  /** Millimetres. */
  page: { width: 210, height: 297 },
  margin: { top: 37, left: 28, right: 26, bottom: 35 },
  typeArea: { width: 156, height: 225 },
  lines: 22,
  charsPerLine: 28,
  /** From the top of the type area to the top edge of the 纪要 mark. */
  titleTop: 35,
  /** From the bottom of the type area to the dashes of the page number. */
  pageNumberGap: 7,
  /** The red line under the issuing office and date, below their line. */
  redRuleGap: 4,
  rules: { thick: 0.35, thin: 0.25 },
  /** Points: 2号, 3号, 4号, 小四. */
  size: { title: 22, body: 16, imprint: 14, pageNumber: 14, table: 12, coverTitle: 26 },
  red: 'FF0000',
} as const;

/** Fonts by role, by the names Chinese offices install, with the fallbacks a machine without them uses. */
export const FONTS = {
  title: { name: '方正小标宋简体', word: '宋体', css: ['方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'STSong', 'SimSun', '宋体', 'Noto Serif CJK SC', 'Source Han Serif SC', 'serif'] },
  body: { name: '仿宋_GB2312', word: '仿宋', css: ['仿宋_GB2312', 'FangSong_GB2312', '仿宋', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'serif'] },
  heading: { name: '黑体', word: 'SimHei', css: ['黑体', 'SimHei', 'STHeiti', 'Noto Sans CJK SC', 'Source Han Sans SC', 'sans-serif'] },
  subheading: { name: '楷体_GB2312', word: '楷体', css: ['楷体_GB2312', 'KaiTi_GB2312', '楷体', 'KaiTi', 'STKaiti', 'Noto Serif CJK SC', 'serif'] },
  pageNumber: { name: '宋体', word: 'SimSun', css: ['宋体', 'SimSun', 'Noto Serif CJK SC', 'serif'] },
} as const;

export type FontRole = keyof typeof FONTS;

const g = GBT9704;

/** The page in twips. */
export const PAGE = {
  width: twips(g.page.width), // 11906
  height: twips(g.page.height), // 16838
  top: twips(g.margin.top), // 2098
  left: twips(g.margin.left), // 1587
  right: twips(g.margin.right), // 1474
  bottom: twips(g.margin.bottom), // 1984
};

/** The type area in twips: 8845 × 12756. */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
export const TEXT_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom;

/** The line pitch: 225 mm in 22 lines, 579 twips (28.95 pt), the fixed height of every body line. */
export const LINE = Math.floor(TEXT_HEIGHT / g.lines);

/**
 * The document grid's character pitch for 28 characters a line, as Word writes it: the difference
 * from the 3号 size in 4096ths of a point (−842: a pitch of 15.79 pt, 28 × 15.79 ≤ 442.25 pt).
 */
export const CHAR_SPACE = Math.floor((TEXT_WIDTH / g.charsPerLine / 20 - g.size.body) * 4096);

/**
 * The spacing between characters that puts 28 of 3号 on a line without the character grid
 * (−0.3 pt, in twips): Word and LibreOffice alike. LibreOffice puts each character of a grid of
 * lines and characters in whole cells, so a 16 pt character takes two 15.79 pt cells there; the
 * paragraphs therefore keep to the grid's lines but not to its cells (w:snapToGrid off) and close
 * up by this much instead, which Word and LibreOffice both honour.
 */
export const LETTER_SPACING = -6;

/** One character of 3号 on the line (314 twips), the unit of the body's indents. */
export const CHAR = ptTwips(g.size.body) + LETTER_SPACING;
/** One character of 4号 (280 twips), the unit of the 版记's and the page number's indents. */
export const SMALL_CHAR = ptTwips(g.size.imprint);

/** Half-points, as w:sz wants them. */
export const SIZE = {
  title: g.size.title * 2,
  body: g.size.body * 2,
  imprint: g.size.imprint * 2,
  pageNumber: g.size.pageNumber * 2,
  table: g.size.table * 2,
  coverTitle: g.size.coverTitle * 2,
};

/**
 * Where the 纪要 mark's line starts: its glyphs' top edge is 35 mm under the type area's top, and
 * in a line of the grid's height a 2号 character's top sits this far under the line's top (as
 * Word and LibreOffice centre it; measured on LibreOffice's renders by test/minutes-render.test.ts).
 */
export const TITLE_INSET = Math.round((LINE - ptTwips(g.size.title)) / 2);
export const TITLE_SPACER = twips(g.titleTop) - TITLE_INSET;

/** The footer's distance from the sheet's bottom edge that puts the page number's dashes 7 mm under the type area. */
export const PAGE_NUMBER_LINE = ptTwips(g.size.pageNumber);
export const FOOTER = PAGE.bottom - twips(g.pageNumberGap) - Math.round(PAGE_NUMBER_LINE / 2);

/** Rules in eighths of a point (w:sz of a border): 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt. */
export const RULE = {
  thick: Math.round((g.rules.thick / 25.4) * 72 * 8),
  thin: Math.round((g.rules.thin / 25.4) * 72 * 8),
  red: 18,
};

/** The 版记's lines: 4号 on a line of the grid. */
export const IMPRINT_LINE = LINE;

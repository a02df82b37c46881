// Where Word puts things: docx's own layout of a document (docx/layout lays pages out as Word does,
// with its line breaking, exact line heights, borders, keep-with-next and page breaks), read for
// the page and the bottom of given paragraphs. The 纪要 use it to set the 版记 at the foot of the
// last page without a floating table, and the print page to know how many pages a 纪要 fills.
import type { Document } from 'docx';
import { layoutDocument } from 'docx/layout';

/** Layout lengths are pixels at 96 to the inch; a pixel is 15 twips. */
const TWIPS_PER_PIXEL = 15;

export interface BlockEnd {
  /** The page the paragraph ends on, from 0. */
  page: number;
  /** The bottom of its last line, in twips from the top of the sheet. */
  bottom: number;
}

export interface LaidOut {
  pages: number;
  /** The end of each paragraph asked about, by its index among the body's paragraphs and tables. */
  ends: Map<number, BlockEnd>;
  /** The page (from 0) each paragraph asked about starts on. */
  starts: Map<number, number>;
  /** The number each page shows (its section's numbering), or undefined where Word's is not known. */
  pageNumbers: (string | undefined)[];
  /** Whether the layout went all the way (it stops at what it cannot lay out, such as a floating table). */
  complete: boolean;
}

export function layOut(document: Document, indices: Iterable<number>): LaidOut {
  const wanted = new Set(indices);
  const { pages, stoppedAt } = layoutDocument(document, { guess: true });
  const ends = new Map<number, BlockEnd>();
  const starts = new Map<number, number>();
  pages.forEach((page, p) => {
    for (const block of page.body) {
      if (block.type !== 'paragraph' || !wanted.has(block.index) || !block.lines.length) continue;
      if (!starts.has(block.index)) starts.set(block.index, p);
      const last = block.lines[block.lines.length - 1]!;
      ends.set(block.index, { page: p, bottom: Math.round((last.y + last.height) * TWIPS_PER_PIXEL) });
    }
  });
  return { pages: pages.length, ends, starts, pageNumbers: pages.map((page) => page.pageNumber), complete: stoppedAt === undefined };
}

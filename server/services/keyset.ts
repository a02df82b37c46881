// Keyset paging: a list read in index order, a page after (or before) the last row seen, never
// OFFSET (which reads and drops every row before the page: slow on page 2,000 of a million rows).
// A list may come in segments, read one after the other (the items list: overdue, then open, then
// finished); each segment is ordered by the same keys, the last of which is unique (the id).
// The cursor travels in the URL as an opaque string.
import { sql, type SQL } from 'drizzle-orm';

export type Key = string | number;

/** A page's size as asked for, within 1 … `most` (default `fallback`). */
export const pageSizeOf = (asked: number | undefined, fallback = 50, most = 200): number => Math.min(Math.max(asked ?? fallback, 1), most);

export interface KeysetSpec<Row> {
  /** The segments' conditions, in reading order (one segment: [sql`1 = 1`]). */
  segments: SQL[];
  /** The order keys as SQL expressions; the last must be unique and none NULL. */
  keys: SQL[];
  /** Newest first: the keys in descending order (default ascending). */
  descending?: boolean;
  /** Rows matching `where`, ordered by the keys (descending when asked), at most `limit`. */
  fetch(where: SQL, order: SQL, limit: number): Row[];
  /** A row's key values, in the order of `keys`. */
  keyOf(row: Row): Key[];
}

export interface KeysetPage<Row> {
  rows: Row[];
  /** Cursors for the next and previous pages, null at either end. */
  next: string | null;
  prev: string | null;
}

interface Position {
  segment: number;
  keys: Key[];
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.segment, ...position.keys])).toString('base64url');
}

/** The position a cursor names, or null when it is not one of ours (a bad cursor starts the list over). */
export function decodeCursor(cursor: string | undefined, keyCount: number): Position | null {
  if (!cursor || cursor.length > 500) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== keyCount + 1) return null;
    const [segment, ...keys] = parsed as unknown[];
    if (!Number.isInteger(segment) || (segment as number) < 0) return null;
    if (!keys.every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k)))) return null;
    return { segment: segment as number, keys: keys as Key[] };
  } catch {
    return null;
  }
}

const tuple = (parts: (SQL | Key)[]) => sql`(${sql.join(parts.map((p) => (typeof p === 'object' ? p : sql`${p}`)), sql`, `)})`;

/**
 * One page: `size` rows after the cursor `after`, or before the cursor `before`, or the first page.
 * Reads at most one query per segment, each an index range in key order.
 */
export function keysetPage<Row>(spec: KeysetSpec<Row>, options: { size: number; after?: string; before?: string }): KeysetPage<Row> {
  const backwards = !!options.before && !options.after;
  const from = decodeCursor(backwards ? options.before : options.after, spec.keys.length);
  // Reading down the keys: forwards on an ascending list, or backwards on a descending one.
  const down = backwards !== !!spec.descending;
  const order = sql.join(spec.keys.map((k) => (down ? sql`${k} DESC` : sql`${k} ASC`)), sql`, `);
  const found: { row: Row; segment: number }[] = [];
  // One more row than the page tells whether there is a page beyond it.
  const wanted = options.size + 1;
  const segments = spec.segments.map((where, segment) => ({ where, segment }));
  const ordered = backwards ? segments.reverse() : segments;
  for (const { where, segment } of ordered) {
    if (from && (backwards ? segment > from.segment : segment < from.segment)) continue;
    const conditions = [where];
    if (from && segment === from.segment) conditions.push(sql`${tuple(spec.keys)} ${down ? sql`<` : sql`>`} ${tuple(from.keys)}`);
    for (const row of spec.fetch(sql.join(conditions.map((c) => sql`(${c})`), sql` AND `), order, wanted - found.length)) found.push({ row, segment });
    if (found.length >= wanted) break;
  }
  const more = found.length > options.size;
  const page = found.slice(0, options.size);
  if (backwards) page.reverse();
  const cursorOf = (entry: { row: Row; segment: number } | undefined) => (entry ? encodeCursor({ segment: entry.segment, keys: spec.keyOf(entry.row) }) : null);
  const first = page[0];
  const last = page.at(-1);
  return {
    rows: page.map((p) => p.row),
    next: backwards ? (from ? cursorOf(last) : null) : more ? cursorOf(last) : null,
    prev: backwards ? (more ? cursorOf(first) : null) : from ? cursorOf(first) : null,
  };
}

// The links of a paged list: its filters and sorting stay in the URL, the page is a cursor
// (`after` / `before`, see services/keyset.ts). Used by every list page with partials/pager.hbs.
import { z } from 'zod';
import { optional } from './parse.js';

/** The paging part of a list's query string. */
export const pageQuery = {
  after: optional(z.string().max(500)),
  before: optional(z.string().max(500)),
};

export interface Pager {
  /** Whether there is another page to go to. */
  any: boolean;
  total: number;
  shown: number;
  first: string | null;
  prev: string | null;
  next: string | null;
}

/** `?filters&after=…` links for a page; empty and undefined filter values are left out. */
export function pager(path: string, filters: Record<string, unknown>, page: { total: number; rows: unknown[]; next: string | null; prev: string | null }): Pager {
  const base = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'after' || key === 'before' || value === undefined || value === null || value === '' || value === false) continue;
    base.set(key, value === true ? '1' : String(value));
  }
  const link = (extra: Record<string, string>) => {
    const query = new URLSearchParams(base);
    for (const [key, value] of Object.entries(extra)) query.set(key, value);
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  return {
    any: !!(page.prev || page.next),
    total: page.total,
    shown: page.rows.length,
    first: page.prev ? link({}) : null,
    prev: page.prev ? link({ before: page.prev }) : null,
    next: page.next ? link({ after: page.next }) : null,
  };
}

// Figures reused until the data they come from changes. Triggers raise a counter per domain of
// the data on every write, by any process (data_versions, migration 0005); a value computed from
// some domains stays valid while their counters and the day stay the same. So a write is seen on
// the very next request, and a figure is computed once per write rather than once per request.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

export const domains = ['plan', 'items', 'groups', 'meetings'] as const;
export type Domain = (typeof domains)[number];
export type Versions = Record<Domain, number>;

export function createMemo(db: Db, capacity = 400) {
  const entries = new Map<string, { stamp: string; value: unknown }>();

  /** The counters now (one small query). */
  function versions(): Versions {
    const found = Object.fromEntries(domains.map((d) => [d, 0])) as Versions;
    for (const row of db.all<{ domain: Domain; version: number }>(sql`SELECT domain, version FROM data_versions`)) found[row.domain] = row.version;
    return found;
  }

  /** The stamp of a set of domains as of `day`. */
  const stampOf = (v: Versions, uses: readonly Domain[], day: string) => `${day}|${uses.map((d) => v[d]).join('.')}`;

  /** `compute()` once per state of the domains it uses, then the remembered value. */
  function cached<T>(key: string, uses: readonly Domain[], v: Versions, day: string, compute: () => T): T {
    const stamp = stampOf(v, uses, day);
    const known = entries.get(key);
    if (known && known.stamp === stamp) {
      // Most recently used last, so the oldest go first when full.
      entries.delete(key);
      entries.set(key, known);
      return known.value as T;
    }
    const value = compute();
    entries.delete(key);
    entries.set(key, { stamp, value });
    if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    return value;
  }

  /** Drops a remembered value (a computation that failed after it was remembered, e.g. a rejected promise). */
  const forget = (key: string) => void entries.delete(key);

  return { versions, stampOf, cached, forget };
}

export type Memo = ReturnType<typeof createMemo>;

// Counts the SQL statements a database handle runs, for the tests that guard pages against one
// query per row (N+1). Every better-sqlite3 statement shares one prototype: its run/get/all/iterate
// are wrapped once, counting per database.
import type Database from 'better-sqlite3';

const counts = new WeakMap<Database.Database, number>();
let wrapped = false;

export function queryCounter(sqlite: Database.Database) {
  if (!wrapped) {
    const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = proto[method]!;
      proto[method] = function (this: { database: Database.Database }, ...args: unknown[]) {
        counts.set(this.database, (counts.get(this.database) ?? 0) + 1);
        return original.apply(this, args);
      };
    }
    wrapped = true;
  }
  return {
    reset: () => counts.set(sqlite, 0),
    count: () => counts.get(sqlite) ?? 0,
  };
}

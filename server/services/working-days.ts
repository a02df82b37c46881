// China's working days (工作日): the statutory holidays and make-up working days (调休) from the
// chinese-days library, corrected by the admin's entries in `working_days` (a correction wins),
// and weekends as rest days for a year neither knows. Deadlines "within N working days", "due
// within N working days", "overdue by N working days" and the escalation ladder all count here.
//
// Counting convention: the working days *after* one day up to and including another. An item due
// on D is "N working days away" on T when N working days fall in (T, D], and "overdue by N working
// days" when N working days fall in (D, T].
import chineseDays from 'chinese-days';
import { and, asc, count, eq, gte, lt, max } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { workingDays } from '../../db/schema.js';
import { plusDays } from '../dates.js';
import { day, flag, line, parseInput } from '../forms.js';
import { deleteRecord, insertRecord, updateRecord } from './records.js';
import type { Actor } from './audit.js';

/** The years the library knows (its data starts in 2004); later years fall back to weekends. */
const libraryYears = (() => {
  const years = new Set<number>();
  for (let year = 2004; year <= 2100; year++) {
    if (chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length) years.add(year);
  }
  return years;
})();

const weekday = (value: string) => new Date(`${value}T00:00:00Z`).getUTCDay();

/** The library's word on a day: a working day or not, and the holiday's name. */
export function libraryDay(value: string): { work: boolean; name: string | null; known: boolean } {
  const year = Number(value.slice(0, 4));
  if (!libraryYears.has(year)) {
    const w = weekday(value);
    return { work: w !== 0 && w !== 6, name: null, known: false };
  }
  const detail = chineseDays.getDayDetail(value);
  // The library names ordinary days by their weekday ("Monday"); holidays and 调休 by the holiday.
  const ordinary = /day$/.test(detail.name) && !detail.name.includes(',');
  return { work: detail.work, name: ordinary ? null : detail.name.split(',')[1] ?? detail.name, known: true };
}

export const workingDayInput = z.object({
  day: day(),
  work: flag(),
  name: line(40),
});

/** How far a count may walk: a deadline further than this is "more than" it. */
const HORIZON = 3660;

/** Days as numbers from 2000-01-01 (index 0) to the end of 2100, for counting by subtraction. */
const EPOCH = Date.UTC(2000, 0, 1) / 86_400_000;
const MAX_INDEX = Date.UTC(2100, 11, 31) / 86_400_000 - EPOCH;
const indexOfDay = (value: string) => Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10))) / 86_400_000 - EPOCH;
const dayOfIndex = (index: number) => new Date((index + EPOCH) * 86_400_000).toISOString().slice(0, 10);

export function createWorkingDayService(db: Db) {
  // The corrections, kept in memory and read again when the table changed (any process).
  let cache: { stamp: string; days: Map<string, boolean> } | null = null;
  function corrections(): Map<string, boolean> {
    const head = db.select({ n: count(), last: max(workingDays.updatedAt), top: max(workingDays.id) }).from(workingDays).get();
    const stamp = `${head?.n ?? 0}/${head?.last ?? ''}/${head?.top ?? 0}`;
    if (cache?.stamp !== stamp) {
      cache = { stamp, days: new Map(db.select({ day: workingDays.day, work: workingDays.work }).from(workingDays).all().map((r) => [r.day, r.work])) };
    }
    return cache.days;
  }

  /** A view of the calendar for one computation (the corrections read once). */
  function calendar() {
    const fixed = corrections();
    const memo = new Map<string, boolean>();
    const isWorkday = (value: string): boolean => {
      let known = memo.get(value);
      if (known === undefined) {
        known = fixed.get(value) ?? libraryDay(value).work;
        memo.set(value, known);
      }
      return known;
    };
    // Working days counted from 2000-01-01, filled as far as asked: a count between two days is
    // then one subtraction, whatever their distance (the ladder counts for every item it touches).
    const counted: number[] = [];
    const countTo = (index: number): number => {
      while (counted.length <= index) {
        const i = counted.length;
        counted.push((i ? counted[i - 1]! : 0) + (isWorkday(dayOfIndex(i)) ? 1 : 0));
      }
      return counted[index]!;
    };
    /** Working days in (from, to]; 0 when to ≤ from. */
    const between = (from: string, to: string): number => {
      if (to <= from) return 0;
      const a = indexOfDay(from);
      const b = indexOfDay(to);
      if (a >= 0 && b <= MAX_INDEX) return countTo(b) - countTo(a);
      let n = 0;
      let steps = 0;
      for (let d = plusDays(from, 1); d <= to && steps < HORIZON; d = plusDays(d, 1), steps++) if (isWorkday(d)) n++;
      return n;
    };
    /** The day N working days after `from` (N ≥ 1): "within N working days" of `from`. */
    const addWorkdays = (from: string, n: number): string => {
      let d = from;
      for (let left = n, steps = 0; left > 0 && steps < HORIZON; steps++) {
        d = plusDays(d, 1);
        if (isWorkday(d)) left--;
      }
      return d;
    };
    /**
     * The N-th working day counting back from `today` (today itself first when it is one): an item
     * due before it is overdue by at least N working days.
     */
    const nthWorkdayBack = (today: string, n: number): string => {
      let d = today;
      let found = 0;
      for (let steps = 0; steps < HORIZON; steps++, d = plusDays(d, -1)) {
        if (isWorkday(d) && ++found === n) return d;
      }
      return d;
    };
    /** Where an open item stands: due within N working days, or overdue by N working days. */
    const standing = (dueDate: string, today: string): { overdue: boolean; workdays: number } =>
      dueDate < today ? { overdue: true, workdays: between(dueDate, today) } : { overdue: false, workdays: between(today, dueDate) };
    return { isWorkday, between, addWorkdays, nthWorkdayBack, standing };
  }

  /** A year's days as the admin page shows them: the library's holidays and 调休, and the corrections. */
  function year(y: number) {
    const from = `${y}-01-01`;
    const to = `${y + 1}-01-01`;
    const fixed = db.select().from(workingDays).where(and(gte(workingDays.day, from), lt(workingDays.day, to))).orderBy(asc(workingDays.day)).all();
    const library: { day: string; work: boolean; name: string | null }[] = [];
    if (libraryYears.has(y)) {
      for (let d = from; d < to; d = plusDays(d, 1)) {
        const info = libraryDay(d);
        const weekend = weekday(d) === 0 || weekday(d) === 6;
        // Only what differs from an ordinary week: holidays on weekdays and working weekends, with the holidays' weekends.
        if (info.name || info.work === weekend) library.push({ day: d, work: info.work, name: info.name });
      }
    }
    return { year: y, known: libraryYears.has(y), library, corrections: fixed };
  }

  /** Adds a correction, or changes the one for that day (audited). */
  function save(actor: Actor, input: unknown): number {
    const values = parseInput(workingDayInput, input);
    return db.transaction(
      (tx) => {
        const current = tx.select().from(workingDays).where(eq(workingDays.day, values.day)).get();
        if (current) {
          updateRecord(tx, workingDays, current.id, current.version, { work: values.work, name: values.name }, actor, 'workingDay');
          return current.id;
        }
        return insertRecord(tx, workingDays, values, actor, 'workingDay');
      },
      { behavior: 'immediate' },
    );
  }

  /** Removes a correction: the library's word holds again for that day (audited). */
  function remove(actor: Actor, id: number, version: number) {
    db.transaction((tx) => deleteRecord(tx, workingDays, id, version, actor, 'workingDay'), { behavior: 'immediate' });
  }

  return { calendar, year, save, remove, yearsKnown: () => [...libraryYears].sort() };
}

export type WorkingDayService = ReturnType<typeof createWorkingDayService>;
export type Calendar = ReturnType<WorkingDayService['calendar']>;

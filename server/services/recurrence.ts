// Meeting dates from an RFC 5545 recurrence rule, within a bounded window. The rrule library parses
// the rule (and fills its defaults), but its iterator walks on to the year 9999 when a rule gives no
// date (15–20 s of blocked CPU for a rule like FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30); this walk stops
// at the end of the window, so checking a rule and finding the next due date are quick and
// deterministic whatever the rule. It follows the library's own period-by-period algorithm
// (python-dateutil's), for the day frequencies a meeting cadence uses; test/recurrence.test.ts
// compares the two on many rules.
import rrulePkg from 'rrule';
import { formatDay, isDay } from '../dates.js';
import { single, type FieldErrors } from '../forms.js';
import { translate, type Locale } from '../i18n/messages.js';

const { rrulestr, RRule } = rrulePkg;

const DAY_MS = 86_400_000;
const pymod = (a: number, b: number) => ((a % b) + b) % b;
const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;
const dateOf = (n: number) => new Date(n * DAY_MS);
const toDay = (n: number) => dateOf(n).toISOString().slice(0, 10);
const fromDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayNumber(y, m, d);
};
/** 0 = Monday … 6 = Sunday, as the rrule library counts. */
const weekdayOf = (n: number) => (dateOf(n).getUTCDay() + 6) % 7;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const yearLength = (y: number) => (isLeap(y) ? 366 : 365);

type Options = ReturnType<typeof rrulestr>['options'];

/** Days of `year` (offsets from its 1 January, up to a week into the next year) in the rule's BYWEEKNO weeks. */
function weekNumberMask(year: number, o: Options): Uint8Array {
  const jan1 = dayNumber(year, 1, 1);
  const yearlen = yearLength(year);
  const yearweekday = weekdayOf(jan1);
  const wkst = o.wkst ?? 0;
  const mask = new Uint8Array(yearlen + 8);
  const weekdayAt = (i: number) => weekdayOf(jan1 + i);
  const firstwkst = pymod(7 - yearweekday + wkst, 7);
  let no1wkst = firstwkst;
  let wyearlen: number;
  if (no1wkst >= 4) {
    no1wkst = 0;
    wyearlen = yearlen + pymod(yearweekday - wkst, 7);
  } else {
    wyearlen = yearlen - no1wkst;
  }
  const numweeks = Math.floor(Math.floor(wyearlen / 7) + pymod(wyearlen, 7) / 4);
  const markWeekFrom = (start: number) => {
    let i = start;
    for (let k = 0; k < 7; k++) {
      mask[i] = 1;
      i++;
      if (weekdayAt(i) === wkst) break;
    }
  };
  const weeks = o.byweekno ?? [];
  for (const given of weeks) {
    const n = given < 0 ? given + numweeks + 1 : given;
    if (!(n > 0 && n <= numweeks)) continue;
    let i = no1wkst;
    if (n > 1) {
      i = no1wkst + (n - 1) * 7;
      if (no1wkst !== firstwkst) i -= 7 - firstwkst;
    }
    markWeekFrom(i);
  }
  if (weeks.includes(1)) {
    let i = no1wkst + numweeks * 7;
    if (no1wkst !== firstwkst) i -= 7 - firstwkst;
    if (i < yearlen) markWeekFrom(i);
  }
  if (no1wkst) {
    let lnumweeks = -1;
    if (!weeks.includes(-1)) {
      const lyearweekday = weekdayOf(dayNumber(year - 1, 1, 1));
      const lno1wkst = pymod(7 - lyearweekday + wkst, 7);
      const weekst = lno1wkst >= 4 ? yearLength(year - 1) + pymod(lyearweekday - wkst, 7) : yearlen - no1wkst;
      lnumweeks = Math.floor(52 + pymod(weekst, 7) / 4);
    }
    if (weeks.includes(lnumweeks)) for (let i = 0; i < no1wkst; i++) mask[i] = 1;
  }
  return mask;
}

/** Days of the ranges (a year, or its BYMONTH months, or one month) picked by BYDAY with an ordinal (1MO, -1FR). */
function nthWeekdays(ranges: [number, number][], o: Options): Set<number> {
  const picked = new Set<number>();
  for (const [first, end] of ranges) {
    const last = end - 1;
    for (const [wday, n] of o.bynweekday ?? []) {
      let i: number;
      if (n < 0) {
        i = last + (n + 1) * 7;
        i -= pymod(weekdayOf(i) - wday, 7);
      } else {
        i = first + (n - 1) * 7;
        i += pymod(7 - weekdayOf(i) + wday, 7);
      }
      if (first <= i && i <= last) picked.add(i);
    }
  }
  return picked;
}

const has = (list: number[] | null | undefined): list is number[] => !!list && list.length > 0;

/**
 * Occurrence days of the rule (dtstart = startedOn) up to and including `to`, at most `limit`.
 * Walks period by period from the start and never past `to`. Throws when the rule cannot be parsed.
 */
export function ruleDays(rule: string, startedOn: string, to: string, limit = Number.POSITIVE_INFINITY): string[] {
  if (isDateList(rule)) return listedDays(rule, startedOn, to, limit);
  const start = fromDay(startedOn);
  const o = rrulestr(rule.replace(/^RRULE:/i, ''), { dtstart: dateOf(start) }).options;
  const end = Math.min(fromDay(to), o.until ? Math.floor(o.until.getTime() / DAY_MS) : Number.POSITIVE_INFINITY);
  const interval = o.interval || 1;
  let count = o.count ?? Number.POSITIVE_INFINITY;
  const found: string[] = [];
  if (count === 0) return found;
  const [y0, m0] = startedOn.split('-').map(Number) as [number, number];
  const wnomasks = new Map<number, Uint8Array>();

  /** The period's days (day numbers), in order; `year` is the year the masks are taken from. */
  function* periods(): Generator<{ year: number; days: number[]; nth: Set<number> | null }> {
    switch (o.freq) {
      case RRule.YEARLY:
        for (let y = y0; dayNumber(y, 1, 1) <= end; y += interval) {
          const first = dayNumber(y, 1, 1);
          const days = Array.from({ length: yearLength(y) }, (_, i) => first + i);
          const ranges: [number, number][] = has(o.bymonth) ? o.bymonth.map((m) => [dayNumber(y, m, 1), dayNumber(y, m + 1, 1)]) : [[first, first + days.length]];
          yield { year: y, days, nth: has(o.bynweekday as unknown as number[]) ? nthWeekdays(ranges, o) : null };
        }
        return;
      case RRule.MONTHLY:
        for (let k = 0; ; k += interval) {
          const index = (m0 - 1) + k;
          const y = y0 + Math.floor(index / 12);
          const m = pymod(index, 12) + 1;
          const first = dayNumber(y, m, 1);
          if (first > end) return;
          const next = dayNumber(y, m + 1, 1);
          const days = Array.from({ length: next - first }, (_, i) => first + i);
          yield { year: y, days, nth: has(o.bynweekday as unknown as number[]) ? nthWeekdays([[first, next]], o) : null };
        }
      case RRule.WEEKLY: {
        const wkst = o.wkst ?? 0;
        let counter = start;
        for (;;) {
          if (counter > end) return;
          const days = [counter];
          for (let d = counter + 1; days.length < 7 && weekdayOf(d) !== wkst; d++) days.push(d);
          yield { year: dateOf(counter).getUTCFullYear(), days, nth: null };
          counter += -pymod(weekdayOf(counter) - wkst, 7) + interval * 7;
        }
      }
      case RRule.DAILY:
        for (let d = start; d <= end; d += interval) yield { year: dateOf(d).getUTCFullYear(), days: [d], nth: null };
        return;
      default:
        throw new Error(`unsupported frequency ${o.freq}`);
    }
  }

  const kept = (year: number, d: number, nth: Set<number> | null): boolean => {
    const date = dateOf(d);
    const month = date.getUTCMonth() + 1;
    const monthDay = date.getUTCDate();
    const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), month, 0)).getUTCDate();
    if (has(o.bymonth) && !o.bymonth.includes(month)) return false;
    if (has(o.byweekno)) {
      let mask = wnomasks.get(year);
      if (!mask) wnomasks.set(year, (mask = weekNumberMask(year, o)));
      if (!mask[d - dayNumber(year, 1, 1)]) return false;
    }
    if (has(o.byweekday) && !o.byweekday.includes(weekdayOf(d))) return false;
    if (nth && !nth.has(d)) return false;
    if ((has(o.bymonthday) || has(o.bynmonthday)) && !(o.bymonthday ?? []).includes(monthDay) && !(o.bynmonthday ?? []).includes(monthDay - daysInMonth - 1)) return false;
    if (has(o.byyearday)) {
      const dayYear = date.getUTCFullYear();
      const yearDay = d - dayNumber(dayYear, 1, 1) + 1;
      if (!o.byyearday.includes(yearDay) && !o.byyearday.includes(yearDay - yearLength(dayYear) - 1)) return false;
    }
    return true;
  };

  for (const period of periods()) {
    const present = period.days.filter((d) => kept(period.year, d, period.nth));
    let chosen = present;
    if (has(o.bysetpos)) {
      const picked = new Set<number>();
      for (const pos of o.bysetpos) {
        // As the library does: a negative position before the first day picks the first day.
        const d = pos < 0 ? present[Math.max(present.length + pos, 0)] : present[pos - 1];
        if (d !== undefined) picked.add(d);
      }
      chosen = [...picked].sort((a, b) => a - b);
    }
    for (const d of chosen) {
      if (d > end) return found;
      if (d < start) continue;
      found.push(toDay(d));
      if (found.length >= limit || --count === 0) return found;
    }
  }
  return found;
}

/** The first occurrence strictly after `after` and no later than `until`, or null. */
export function nextRuleDay(rule: string, startedOn: string, after: string, until: string): string | null {
  for (const day of ruleDays(rule, startedOn, until)) if (day > after) return day;
  return null;
}

// ---------------------------------------------------------------- a schedule in words
// The meeting-series form offers cadences in words (每月第N个星期X, 每两月, 每季度, 自定义日期);
// the series keeps a cadence and, for the custom ones, a rule: an RRULE for the nth weekday, an
// RDATE list (RDATE;VALUE=DATE:20180515,20180720) for chosen dates. These turn one into the other.

export const scheduleKinds = ['weekly', 'monthly', 'monthlyNth', 'bimonthly', 'quarterly', 'dates'] as const;
export const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** Which weekday of the month: first … fourth, or the last (-1). */
export const nthChoices = ['1', '2', '3', '4', '-1'] as const;
export type ScheduleKind = (typeof scheduleKinds)[number];
export type WeekdayCode = (typeof weekdayCodes)[number];

export type Schedule =
  | { kind: 'weekly' | 'monthly' | 'bimonthly' | 'quarterly' }
  | { kind: 'monthlyNth'; nth: number; weekday: WeekdayCode }
  | { kind: 'dates'; dates: string[] }
  /** A rule the choices do not cover (written over the API): kept as it is. */
  | { kind: 'rule'; rule: string };

type CadenceName = 'weekly' | 'monthly' | 'bimonthly' | 'quarterly' | 'custom';

const RDATE = /^RDATE;VALUE=DATE:(\d{8}(?:,\d{8})*)$/;
const NTH_WEEKDAY = /^FREQ=MONTHLY;BYDAY=(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/;
const compact = (day: string) => day.replaceAll('-', '');
const expand = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/** Whether the rule is a list of chosen dates (RDATE) rather than an RRULE. */
export const isDateList = (rule: string) => RDATE.test(rule.trim().toUpperCase());
/** The days of an RDATE list, sorted, or null when it is none. */
export function datesOfRule(rule: string): string[] | null {
  const m = RDATE.exec(rule.trim().toUpperCase());
  return m ? [...new Set(m[1]!.split(',').map(expand))].sort() : null;
}

/** The cadence and rule a schedule is stored as. */
export function scheduleToCadence(s: Schedule): { cadence: CadenceName; rrule: string | null } {
  switch (s.kind) {
    case 'monthlyNth':
      return { cadence: 'custom', rrule: `FREQ=MONTHLY;BYDAY=${s.nth}${s.weekday}` };
    case 'dates':
      return { cadence: 'custom', rrule: `RDATE;VALUE=DATE:${[...new Set(s.dates)].sort().map(compact).join(',')}` };
    case 'rule':
      return { cadence: 'custom', rrule: s.rule };
    default:
      return { cadence: s.kind, rrule: null };
  }
}

/** The schedule a stored cadence and rule stand for. */
export function scheduleOf(cadence: string, rrule: string | null): Schedule {
  if (cadence !== 'custom') return { kind: cadence as 'weekly' | 'monthly' | 'bimonthly' | 'quarterly' };
  const rule = (rrule ?? '').trim().toUpperCase();
  const dates = datesOfRule(rule);
  if (dates) return { kind: 'dates', dates };
  const nth = NTH_WEEKDAY.exec(rule);
  if (nth) return { kind: 'monthlyNth', nth: Number(nth[1]), weekday: nth[2] as WeekdayCode };
  return { kind: 'rule', rule: rrule ?? '' };
}

/** Occurrence days of an RDATE list between the start and `to`, at most `limit`. */
export function listedDays(rule: string, startedOn: string, to: string, limit = Number.POSITIVE_INFINITY): string[] {
  return (datesOfRule(rule) ?? []).filter((d) => d >= startedOn && d <= to).slice(0, limit);
}

/** One date as people write it: 2018-05-15, 2018-5-15, 2018/5/15 or 2018年5月15日 → '2018-05-15', else null. */
function typedDay(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isDay(day) ? day : null;
}

/**
 * The schedule chosen on the form (fields schedule, nth, weekday, dates; `rule` keeps a rule the
 * choices do not cover), or the field errors to show beside them.
 */
export function scheduleFromForm(values: Record<string, unknown>): { schedule: Schedule } | { errors: FieldErrors } {
  const field = (name: string) => {
    const v = single(values[name]);
    return typeof v === 'string' ? v.trim() : '';
  };
  const kind = field('schedule');
  if (kind === 'rule' && field('rule')) return { schedule: { kind: 'rule', rule: field('rule') } };
  if (!(scheduleKinds as readonly string[]).includes(kind)) return { errors: { schedule: { key: 'validation.choose' } } };
  if (kind === 'monthlyNth') {
    const errors: FieldErrors = {};
    if (!(nthChoices as readonly string[]).includes(field('nth'))) errors.nth = { key: 'validation.choose' };
    if (!(weekdayCodes as readonly string[]).includes(field('weekday'))) errors.weekday = { key: 'validation.choose' };
    if (Object.keys(errors).length) return { errors };
    return { schedule: { kind, nth: Number(field('nth')), weekday: field('weekday') as WeekdayCode } };
  }
  if (kind === 'dates') {
    const parts = field('dates').split(/[\s,，、;；]+/).filter(Boolean);
    if (!parts.length) return { errors: { dates: { key: 'schedule.datesRequired' } } };
    const bad = parts.find((p) => !typedDay(p));
    if (bad) return { errors: { dates: { key: 'schedule.badDateNamed', params: { text: bad.slice(0, 40) } } } };
    if (parts.length > 200) return { errors: { dates: { key: 'schedule.tooManyDates', params: { n: 200 } } } };
    return { schedule: { kind, dates: parts.map((p) => typedDay(p)!) } };
  }
  return { schedule: { kind: kind as 'weekly' | 'monthly' | 'bimonthly' | 'quarterly' } };
}

/** The form's values for a stored cadence and rule (the inverse of scheduleFromForm). */
export function scheduleFormValues(cadence: string, rrule: string | null, locale: Locale): Record<string, string> {
  const s = scheduleOf(cadence, rrule);
  const base = { schedule: s.kind, nth: '1', weekday: 'MO', dates: '', rule: '' };
  if (s.kind === 'monthlyNth') return { ...base, nth: String(s.nth), weekday: s.weekday };
  if (s.kind === 'dates') return { ...base, dates: s.dates.map((d) => formatDay(d, locale)).join('\n') };
  if (s.kind === 'rule') return { ...base, rule: s.rule };
  return base;
}

/** A schedule in words: 每季度, 每月第一个星期一, 自定义日期：2018年5月15日、2018年7月20日. */
export function scheduleWords(cadence: string, rrule: string | null, locale: Locale): string {
  const s = scheduleOf(cadence, rrule);
  switch (s.kind) {
    case 'monthlyNth':
      return translate(locale, 'schedule.nthWeekdayOfMonth', { nth: translate(locale, `schedule.nth.${s.nth}`), weekday: translate(locale, `schedule.weekday.${s.weekday}`) });
    case 'dates':
      return translate(locale, 'schedule.datesList', { dates: s.dates.map((d) => formatDay(d, locale)).join(locale === 'en' ? ', ' : '、') });
    case 'rule':
      return translate(locale, 'schedule.otherRule');
    default:
      return translate(locale, `schedule.kind.${s.kind}`);
  }
}

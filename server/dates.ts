// Day arithmetic on ISO day strings ('YYYY-MM-DD') and their display, built on date-fns.
// Days are calendar days with no time zone: parsing and formatting stay in local midnight.
import { addDays, addMonths, differenceInCalendarDays, format, isValid, parse } from 'date-fns';
import { enUS, zhCN } from 'date-fns/locale';

const DAY = 'yyyy-MM-dd';
const shanghaiDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day of an instant in Asia/Shanghai, as 'YYYY-MM-DD'. */
export function formatInTimeZone(instant: Date): string {
  return shanghaiDay.format(instant);
}

/** Parses 'YYYY-MM-DD' strictly: 2018-02-30 is not a day. */
export function parseDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = parse(value, DAY, new Date(2000, 0, 1));
  return isValid(d) && format(d, DAY) === value ? d : null;
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && parseDay(value) !== null;
}

function day(value: string): Date {
  const d = parseDay(value);
  if (!d) throw new RangeError(`not a day: ${value}`);
  return d;
}

export const toDay = (d: Date): string => format(d, DAY);
export const plusDays = (value: string, n: number): string => toDay(addDays(day(value), n));
export const plusMonths = (value: string, n: number): string => toDay(addMonths(day(value), n));
/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: string, to: string): number => differenceInCalendarDays(day(to), day(from));

export type Locale = 'zh-CN' | 'en';

/** 2018年4月25日 in Chinese, Apr 25, 2018 in English. Accepts a day or a 'YYYY-MM-DDTHH:mm' time. */
export function formatDay(value: string | null | undefined, locale: Locale = 'zh-CN'): string {
  if (!value) return '';
  const d = parseDay(value.slice(0, 10));
  if (!d) return value;
  return locale === 'en' ? format(d, 'MMM d, yyyy', { locale: enUS }) : format(d, 'yyyy年M月d日', { locale: zhCN });
}

/** 2018年4月25日 14:30 / Apr 25, 2018 14:30 for a meeting's local wall time. */
export function formatDateTime(value: string | null | undefined, locale: Locale = 'zh-CN'): string {
  if (!value) return '';
  const time = value.length >= 16 ? value.slice(11, 16) : '';
  return time ? `${formatDay(value, locale)} ${time}` : formatDay(value, locale);
}

/** 2018年4月 / Apr 2018 */
export function formatMonth(value: string, locale: Locale = 'zh-CN'): string {
  const d = parseDay(`${value.slice(0, 7)}-01`);
  if (!d) return value;
  return locale === 'en' ? format(d, 'MMM yyyy', { locale: enUS }) : format(d, 'yyyy年M月', { locale: zhCN });
}

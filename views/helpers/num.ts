// {{num compound.households}} — 12,345 with grouping; {{num area digits=1}} for decimals; empty for null.
import type { HelperOptions } from 'handlebars';
import { localeOf } from './locale-of.js';

// Building a number format is costly; pages call this helper hundreds of times.
const formats = new Map<string, Intl.NumberFormat>();
function formatFor(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(key, format);
  }
  return format;
}

export default function num(value: unknown, options: HelperOptions): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const digits = Math.min(Math.max(Number(options.hash?.digits ?? 0) || 0, 0), 6);
  return formatFor(localeOf(options), digits).format(n);
}

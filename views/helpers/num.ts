// {{num compound.households}} — 12,345 with grouping; {{num area digits=1}} for decimals; empty for null.
import type { HelperOptions } from 'handlebars';
import { localeOf } from './locale-of.js';

export default function num(value: unknown, options: HelperOptions): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const digits = Number(options.hash?.digits ?? 0);
  return n.toLocaleString(localeOf(options), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

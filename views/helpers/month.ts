// {{month m}} — 2018年5月 (zh-CN) or May 2018 (en) for a 'YYYY-MM' month; empty when there is none.
import type { HelperOptions } from 'handlebars';
import { formatMonth } from '../../server/dates.js';
import { localeOf } from './locale-of.js';

export default function month(value: unknown, options: HelperOptions): string {
  return typeof value === 'string' && value ? formatMonth(value, localeOf(options)) : '';
}

// {{date item.dueDate}} — 2018年4月25日 (zh-CN) or Apr 25, 2018 (en); empty when there is no date.
import type { HelperOptions } from 'handlebars';
import { formatDay } from '../../server/dates.js';
import { localeOf } from './locale-of.js';

export default function date(value: unknown, options: HelperOptions): string {
  return typeof value === 'string' ? formatDay(value, localeOf(options)) : '';
}

// {{datetime meeting.startsAt}} — 2017年9月18日 14:30 for a meeting's local time.
import type { HelperOptions } from 'handlebars';
import { formatDateTime } from '../../server/dates.js';
import { localeOf } from './locale-of.js';

export default function datetime(value: unknown, options: HelperOptions): string {
  return typeof value === 'string' ? formatDateTime(value, localeOf(options)) : '';
}

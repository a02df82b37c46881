// {{schedule series.cadence series.rrule}} — a meeting series' cadence in words: 每季度, 每月第一个星期一,
// 自定义日期：2018年5月15日、2018年7月20日 (the stored rule is never shown).
import type { HelperOptions } from 'handlebars';
import { scheduleWords } from '../../server/services/recurrence.js';
import { localeOf } from './locale-of.js';

export default function schedule(cadence: unknown, rrule: unknown, options: HelperOptions): string {
  return typeof cadence === 'string' ? scheduleWords(cadence, typeof rrule === 'string' ? rrule : null, localeOf(options)) : '';
}

// {{label "serviceLine" handover.serviceLine}} — the word for an enumeration value (供水 / Water).
import type { HelperOptions } from 'handlebars';
import { isMessageKey, translate } from '../../server/i18n/messages.js';
import { localeOf } from './locale-of.js';

export default function label(group: string, value: unknown, options: HelperOptions): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${group}.${String(value)}`;
  return isMessageKey(key) ? translate(localeOf(options), key) : String(value);
}

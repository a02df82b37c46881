// {{t "nav.home"}} · {{t "common.overdueDays" n=12}} — a message from the catalogue in the page's locale.
import type { HelperOptions } from 'handlebars';
import { translate } from '../../server/i18n/messages.js';
import { localeOf } from './locale-of.js';

export default function t(key: string, options: HelperOptions): string {
  return translate(localeOf(options), String(key), options.hash ?? {});
}

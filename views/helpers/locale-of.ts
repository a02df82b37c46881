// Reads the page's locale from the Handlebars root context (set by the views plugin).
import type { HelperOptions } from 'handlebars';
import type { Locale } from '../../server/i18n/messages.js';

export function localeOf(options: HelperOptions | undefined): Locale {
  const locale = (options?.data?.root as { locale?: unknown } | undefined)?.locale;
  return locale === 'en' ? 'en' : 'zh-CN';
}

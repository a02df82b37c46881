// The print view of one 纪要: an HTML page of its own (no site navigation) laid out for A4 by
// public/print.css. It renders views/pages/minutes/print.hbs in views/layouts/print.hbs with the
// app's Handlebars helpers; the views plugin's global layout cannot be swapped per page.
import type { TemplateDelegate } from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHandlebars, viewsRoot } from '../plugins/views.js';
import type { Locale } from '../i18n/messages.js';
import type { MinutesDocument } from '../services/minutes.js';

let compiled: { layout: TemplateDelegate; page: TemplateDelegate } | null = null;

function templates() {
  if (!compiled) {
    const hbs = createHandlebars();
    const load = (path: string) => hbs.compile(readFileSync(join(viewsRoot, path), 'utf8'));
    compiled = { layout: load('layouts/print.hbs'), page: load('pages/minutes/print.hbs') };
  }
  return compiled;
}

export function minutesPrintPage(doc: MinutesDocument, locale: Locale): string {
  const { layout, page } = templates();
  const context = { doc, locale, lang: locale === 'en' ? 'en' : 'zh-CN', pageTitle: doc.title };
  return layout({ ...context, body: page(context) });
}

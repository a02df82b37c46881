// The print view of one 纪要: an HTML page of its own (no site navigation) laid out for A4 by
// /minutes/print.css (print-css.ts, from the GB/T 9704 description the Word 纪要 uses). It renders
// views/pages/minutes/print.hbs in views/layouts/print.hbs with the
// app's Handlebars helpers; the views plugin's global layout cannot be swapped per page.
import type { TemplateDelegate } from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHandlebars, viewsRoot } from '../plugins/views.js';
import type { Locale } from '../i18n/messages.js';
import type { MinutesDocument } from '../services/minutes.js';
import { mastheadLines, type MinutesLayout } from './minutes-docx.js';
import { PRINT_MAX_MASTHEAD, PRINT_MAX_PAGES } from './print-css.js';

let compiled: { layout: TemplateDelegate; page: TemplateDelegate } | null = null;

function templates() {
  if (!compiled) {
    const hbs = createHandlebars();
    const load = (path: string) => hbs.compile(readFileSync(join(viewsRoot, path), 'utf8'));
    compiled = { layout: load('layouts/print.hbs'), page: load('pages/minutes/print.hbs') };
  }
  return compiled;
}

/**
 * The page; `layout` is the Word layout of the 纪要 (minutes-docx.ts): the sheet is as many pages
 * tall as it fills with the fonts a browser without the Chinese office fonts has, so that the
 * 版记 sits at the foot of the last one.
 */
export function minutesPrintPage(doc: MinutesDocument, locale: Locale, minutesLayout: MinutesLayout): string {
  const { layout, page } = templates();
  const pages = Math.min(PRINT_MAX_PAGES, Math.max(1, minutesLayout.pagesWithoutOfficeFonts));
  const context = { doc, locale, lang: locale === 'en' ? 'en' : 'zh-CN', pageTitle: doc.title, pagesClass: `pages-${pages}`, mastheadClass: `masthead-${Math.min(PRINT_MAX_MASTHEAD, mastheadLines(doc))}` };
  return layout({ ...context, body: page(context) });
}

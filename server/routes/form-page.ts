// One way to show an edit form: field definitions become view models (label, value, error,
// options) so the template only loops. A failed save shows the same form with the user's input
// and each error beside its field; a conflict (409) also shows what changed meanwhile.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { single, translateErrors, type FieldErrors } from '../forms.js';
import { isMessageKey, translate } from '../i18n/messages.js';

export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'select' | 'checkboxes' | 'checkbox' | 'file' | 'hidden';

export interface FieldDef {
  name: string;
  /** A catalogue key (or a literal label). */
  label: string;
  type: FieldType;
  required?: boolean;
  /** Enumeration values, labelled through `<labelGroup>.<value>`. */
  values?: readonly string[];
  labelGroup?: string;
  /** Explicit options (records to refer to). */
  options?: { value: string | number; label: string }[];
  /** An empty first option for optional selects. */
  blank?: boolean;
  hint?: string;
  step?: string;
  maxLength?: number;
  accept?: string;
}

type Values = Record<string, unknown>;

const asList = (v: unknown): string[] => (v === undefined || v === null || v === '' ? [] : ([] as unknown[]).concat(v).map(String));
const asText = (v: unknown): string => {
  const last = single(v);
  return last === undefined || last === null ? '' : String(last);
};

/** A select with more records than this becomes a number field for the record's 编号 (a page stays small at national size). */
export const SELECT_LIMIT = 300;

/** A select of too many records as a number field, its hint naming the record chosen now. */
function shrink(f: FieldDef, values: Values, locale: 'zh-CN' | 'en'): FieldDef {
  if (f.type !== 'select' || !f.options || f.options.length <= SELECT_LIMIT) return f;
  const current = f.options.find((o) => String(o.value) === asText(values[f.name]));
  const hint = translate(locale, 'form.idInstead', { n: f.options.length }) + (current ? translate(locale, 'form.idCurrent', { label: current.label }) : '');
  return { ...f, type: 'number', options: undefined, step: '1', hint };
}

export function fieldViews(fields: FieldDef[], values: Values, errors: Record<string, string>, locale: 'zh-CN' | 'en') {
  const word = (key: string) => (isMessageKey(key) ? translate(locale, key) : key);
  return fields.map((given) => {
    const f = shrink(given, values, locale);
    const value = asText(values[f.name]);
    const chosen = new Set(asList(values[f.name]));
    const options = f.values
      ? f.values.map((v) => ({ value: v, label: f.labelGroup ? translate(locale, `${f.labelGroup}.${v}`) : v }))
      : (f.options ?? []).map((o) => ({ value: String(o.value), label: o.label }));
    return {
      ...f,
      id: `f-${f.name}`,
      label: word(f.label),
      hint: f.hint ? word(f.hint) : null,
      value,
      checked: f.type === 'checkbox' ? ['1', 'true', 'on'].includes(value) : false,
      options: options.map((o) => ({ ...o, selected: chosen.has(o.value) })),
      error: errors[f.name] ?? null,
      isText: f.type === 'text',
      isTextarea: f.type === 'textarea',
      isNumber: f.type === 'number',
      isDate: f.type === 'date',
      isSelect: f.type === 'select',
      isCheckboxes: f.type === 'checkboxes',
      isCheckbox: f.type === 'checkbox',
      isFile: f.type === 'file',
      isHidden: f.type === 'hidden',
    };
  });
}

export interface FormPage {
  title: string;
  action: string;
  fields: FieldDef[];
  values: Values;
  errors?: FieldErrors;
  /** The record as it is now, when the save was refused as stale. */
  conflict?: Values | null;
  version?: number | null;
  back: string;
  nav?: string;
  submit?: string;
  multipart?: boolean;
  deleteAction?: string | null;
  status?: number;
  intro?: string | null;
}

export function renderForm(request: FastifyRequest, reply: FastifyReply, page: FormPage) {
  const locale = request.locale;
  const errors = page.errors ? translateErrors(page.errors, locale) : {};
  const fields = fieldViews(page.fields, page.values, errors, locale);
  const conflict = page.conflict
    ? fieldViews(page.fields, page.conflict, {}, locale)
        .filter((f) => f.type !== 'file' && f.type !== 'hidden')
        .map((f) => {
          const theirs = f.isSelect || f.isCheckboxes ? f.options.filter((o) => o.selected).map((o) => o.label).join('、') : f.isCheckbox ? (f.checked ? '✓' : '—') : f.value;
          const mine = fields.find((x) => x.name === f.name)!;
          const yours = mine.isSelect || mine.isCheckboxes ? mine.options.filter((o) => o.selected).map((o) => o.label).join('、') : mine.isCheckbox ? (mine.checked ? '✓' : '—') : mine.value;
          return { label: f.label, theirs, yours, differs: theirs !== yours };
        })
        .filter((row) => row.differs)
    : null;
  reply.status(page.status ?? (page.conflict ? 409 : page.errors ? 422 : 200));
  return reply.page('pages/form', {
    title: page.title,
    nav: page.nav,
    action: page.action,
    fields,
    formError: errors._ ?? (page.errors && Object.keys(page.errors).length ? translate(locale, 'validation.failed') : null),
    conflict,
    version: page.conflict ? page.conflict.version : page.version ?? null,
    back: page.back,
    submit: page.submit ?? translate(locale, 'edit.save'),
    enctype: page.multipart ? 'multipart/form-data' : null,
    deleteAction: page.deleteAction ?? null,
    intro: page.intro ?? null,
  });
}

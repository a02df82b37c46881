// Form and API input: zod parses, and every problem becomes a catalogue key with parameters, so
// the same schema gives "必填" to a Chinese user, "Required" to an English one and to the API.
import { z } from 'zod';
import { isDay } from './dates.js';
import { HttpError } from './http-errors.js';
import { translate, type Locale } from './i18n/messages.js';
import { cleanLine, cleanText } from './text.js';

export interface FieldError {
  key: string;
  params?: Record<string, unknown>;
}

export type FieldErrors = Record<string, FieldError>;

/** A refusal that the form shows next to its fields (422), or the API returns in `issues`. */
export class ValidationError extends HttpError {
  constructor(readonly fields: FieldErrors) {
    super(422, 'validation_failed', 'validation.failed', Object.entries(fields).map(([path, e]) => ({ path, message: e.key })));
  }
}

/** Turns a zod issue into a catalogue key. Schemas may also give a key directly as the message. */
function keyOf(issue: z.core.$ZodIssue): FieldError {
  if (issue.message?.startsWith('validation.')) return { key: issue.message };
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'validation.required' } : { key: 'validation.tooShort', params: { n: issue.minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.chooseOne' };
      return { key: 'validation.tooSmall', params: { n: issue.minimum } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.tooLong', params: { n: issue.maximum } };
      return { key: 'validation.tooBig', params: { n: issue.maximum } };
    case 'invalid_value':
      return { key: 'validation.choose' };
    case 'invalid_type':
      // parseInput asks zod to report the input, so "nothing sent" and "sent something else" differ.
      if (issue.input === undefined || issue.input === null) return { key: 'validation.required' };
      return issue.expected === 'number' ? { key: 'validation.number' } : { key: 'validation.invalid' };
    case 'invalid_format':
      return { key: 'validation.invalid' };
    default:
      return { key: 'validation.invalid' };
  }
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.map(String).join('.') : '_';
    fields[path] ??= keyOf(issue);
  }
  return fields;
}

/** Parses input or throws a ValidationError naming each field's problem. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input ?? {}, { reportInput: true });
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** The errors in the user's language, by field, for a template: errors.username → "必填". */
export function translateErrors(fields: FieldErrors, locale: Locale): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([path, e]) => [path, translate(locale, e.key, e.params)]));
}

// ---- Typed fields, parsed from form strings or JSON alike ----
/**
 * A string that must be there. The message names only a missing or non-text value: given to
 * `z.string({ message })` it would also replace the length messages ("最多 N 个字符").
 */
const requiredString = () => z.string({ error: (issue) => (issue.code === 'invalid_type' ? 'validation.required' : undefined) });

/** Decimal digits only: '0x1b', '1e3' or '٣' are not numbers a person typed. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** Form text to a number: decimal notation only, anything else NaN ("请填写数字"). */
export const decimalText = (text: string) => (DECIMAL.test(text.trim()) ? Number(text.trim()) : Number.NaN);
/** The last of repeated form values (a checkbox's hidden "0" then "1"), or the value itself. */
export const single = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
/** Nothing entered: absent, null, or only spaces. */
export const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A calendar day 'YYYY-MM-DD' (2018-02-30 is refused). */
export const day = () =>
  z.preprocess(
    (v) => (typeof single(v) === 'string' ? (single(v) as string).trim() : single(v)),
    requiredString().min(1, { message: 'validation.required' }).refine(isDay, { message: 'validation.date' }),
  );
export const optionalDay = () =>
  z.preprocess((v) => (blank(single(v)) ? null : single(v)), z.union([z.null(), z.string().trim().refine(isDay, { message: 'validation.date' })]));

/** Form text to a number (NaN when it is none); blank becomes `blankValue`. */
const toNumber = (blankValue: number | undefined) => (v: unknown) => {
  const last = single(v);
  if (blank(last)) return blankValue;
  return typeof last === 'string' ? decimalText(last) : last;
};
/** Blank is "required", anything else that is no number "enter a number"; bounds keep their own messages. */
const notANumber = (issue: { code?: string; input?: unknown }) =>
  issue.code === 'invalid_type' ? (issue.input === undefined ? 'validation.required' : 'validation.number') : undefined;

/** A whole number within bounds; blank is "required". */
export const int = (min = 0, max = 1_000_000_000) =>
  z.preprocess(toNumber(undefined), z.number({ error: notANumber }).int({ message: 'validation.integer' }).min(min).max(max));
export const optionalInt = (min = 0, max = 1_000_000_000) =>
  z.preprocess(
    (v) => (blank(single(v)) ? null : typeof single(v) === 'string' ? decimalText(single(v) as string) : single(v)),
    z.union([z.null(), z.number({ error: notANumber }).int({ message: 'validation.integer' }).min(min).max(max)]),
  );
/** A decimal number (areas). */
export const decimal = (min = 0, max = 1_000_000_000) =>
  z.preprocess(toNumber(0), z.number({ error: notANumber }).min(min).max(max).refine(Number.isFinite, { message: 'validation.number' }));

export const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (blank(single(v)) ? undefined : single(v)), z.enum(values, { message: 'validation.choose' }));
export const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (blank(single(v)) ? null : single(v)), z.union([z.null(), z.enum(values, { message: 'validation.choose' })]));

/** A reference to another record by id. */
export const ref = () => int(1, Number.MAX_SAFE_INTEGER);
export const optionalRef = () => optionalInt(1, Number.MAX_SAFE_INTEGER);
export const refList = () =>
  z.preprocess(
    (v) => (blank(v) ? [] : (Array.isArray(v) ? v.filter((x) => !blank(x)) : [v]).map((x) => (typeof x === 'string' ? decimalText(x) : x))),
    z.array(z.number({ error: notANumber }).int().positive()).max(1000),
  );

/** A checkbox: forms send a hidden "0" then "1" when ticked; JSON sends true/false. */
export const flag = () =>
  z.preprocess((v) => {
    const last = single(v);
    return last === true || last === 'true' || last === '1' || last === 'on';
  }, z.boolean());

/** Free text, trimmed; blank becomes null. */
export const note = (max = 2000) =>
  z.preprocess((v) => (blank(single(v)) ? null : typeof single(v) === 'string' ? cleanText(single(v) as string).trim() || null : String(single(v)).trim()), z.union([z.null(), z.string().max(max)]));
/** Required text, trimmed. */
export const line = (max = 200) => z.preprocess((v) => (typeof single(v) === 'string' ? cleanLine(single(v) as string).trim() : single(v)), requiredString().min(1, { message: 'validation.required' }).max(max));

/** The version an edit was based on. */
export const versionField = () =>
  z.preprocess((v) => (typeof single(v) === 'string' ? decimalText(single(v) as string) : single(v)), z.number({ message: 'validation.version' }).int().positive({ message: 'validation.version' }));
/** A whole number in a query string or form (page, pageSize, version): decimal digits only. */
export const wholeNumber = (min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess((v) => {
    const last = single(v);
    if (typeof last !== 'string') return last;
    return last.trim() === '' ? undefined : decimalText(last);
  }, z.number({ error: notANumber }).int({ message: 'validation.integer' }).min(min).max(max));

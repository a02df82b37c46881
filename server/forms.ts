// Form and API input: zod parses, and every problem becomes a catalogue key with parameters, so
// the same schema gives "必填" to a Chinese user, "Required" to an English one and to the API.
import { z } from 'zod';
import { HttpError } from './http-errors.js';
import { translate, type Locale } from './i18n/messages.js';

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
      return issue.input === undefined || issue.input === null ? { key: 'validation.required' } : { key: 'validation.invalid' };
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
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** The errors in the user's language, by field, for a template: errors.username → "必填". */
export function translateErrors(fields: FieldErrors, locale: Locale): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([path, e]) => [path, translate(locale, e.key, e.params)]));
}

// ---- Field types shared by the forms ----
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** Text with surrounding spaces removed; required unless wrapped in optionalText. */
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const optionalText = (max = 2000) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max).optional()).transform((v) => v ?? null);

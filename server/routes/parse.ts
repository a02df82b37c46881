// Shared parsing for route input: ids in the path and filters in the query string.
import { z } from 'zod';
import { ValidationError } from '../forms.js';
import { HttpError, issuesOf, notFound } from '../http-errors.js';

/** Decimal digits only: `/items/0x1b` or `/items/1e1` name no record. */
const idSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (/^[1-9]\d{0,15}$/.test(v) ? Number(v) : Number.NaN) : v),
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
);

/** A record id from the path; anything that is not a positive whole number is a 404. */
export function parseId(value: unknown): number {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** An optional query value: empty strings mean "not filtered". */
export const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), schema.optional());

export const optionalId = optional(idSchema);

export function parseQuery<T extends z.ZodTypeAny>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw new HttpError(400, 'bad_request', 'Invalid query', issuesOf(parsed.error));
  return parsed.data;
}

/**
 * The version a delete form was shown (its hidden `version` field). Required: deleting without it
 * could not tell a stale page from the latest, so the request is refused with a plain message.
 */
export function deleteVersion(body: unknown): number {
  const raw = (body as Record<string, unknown> | undefined)?.version;
  const version = Number(Array.isArray(raw) ? raw.at(-1) : raw);
  if (raw === undefined || raw === '' || !Number.isInteger(version) || version < 1) throw new ValidationError({ _: { key: 'edit.versionMissing' } });
  return version;
}

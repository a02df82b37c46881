// Edit forms for a kind of record, from one description: new, create, edit, update, delete.
// The handlers stay thin: parse, call the service, redirect (303) or show the form again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canWriteGroup, type Resource, type SessionUser } from '../auth/policy.js';
import { ValidationError } from '../forms.js';
import { HttpError, notFound } from '../http-errors.js';
import { translate } from '../i18n/messages.js';
import type { Actor } from '../services/audit.js';
import { ConflictError } from '../services/records.js';
import { renderForm, type FieldDef } from './form-page.js';
import { deleteVersion, parseId } from './parse.js';

type Values = Record<string, unknown>;

export interface CrudSpec {
  /** Base path of the records, e.g. '/enterprises'. */
  path: string;
  nav: string;
  resource: Resource;
  /** Catalogue key naming one record, e.g. 'enterprise.one'. */
  noun: string;
  fields(request: FastifyRequest, record: Values | null): FieldDef[];
  /** The record as form values, or null when there is none. */
  load(id: number): Values | null;
  /** Values for a new record, e.g. from ?enterpriseId= in the link that opened the form. */
  defaults?(query: Record<string, string>): Values;
  create(actor: Actor, input: Values): number;
  update(actor: Actor, id: number, input: Values): void;
  remove?(actor: Actor, id: number, version: number): void;
  /** Where to go after saving (and where "back" leads). */
  showPath(id: number): string;
  listPath: string;
  /** The working group a record belongs to, for staff (who write only their groups' records). */
  groupOf?(record: Values): number | null;
  multipart?: boolean;
}

export function assertGroupWrite(user: SessionUser | null, groupId: number | null | undefined) {
  if (!user || !canWriteGroup(user, groupId)) throw new HttpError(403, 'forbidden', 'auth.forbidden.body');
}

/** A copy of the form's fields, to change or show again. */
export const bodyOf = (request: FastifyRequest): Values => ({ ...((request.body ?? {}) as Values) });

export function registerCrud(app: FastifyInstance, spec: CrudSpec) {
  const write = { config: { access: { write: spec.resource } } } as const;
  const title = (request: FastifyRequest, key: 'edit.new' | 'edit.edit', name?: string) =>
    `${translate(request.locale, key)}${translate(request.locale, spec.noun)}${name ? `：${name}` : ''}`;

  const show = (request: FastifyRequest, reply: FastifyReply, opts: { id: number | null; values: Values; record: Values | null; errors?: ValidationError['fields']; conflict?: Values | null }) =>
    renderForm(request, reply, {
      title: title(request, opts.id ? 'edit.edit' : 'edit.new', opts.record ? String(opts.record.shortName ?? opts.record.name ?? opts.record.title ?? '') : undefined),
      nav: spec.nav,
      action: opts.id ? `${spec.path}/${opts.id}` : spec.path,
      fields: spec.fields(request, opts.record),
      values: opts.values,
      errors: opts.errors,
      conflict: opts.conflict,
      version: (opts.record?.version as number | undefined) ?? null,
      back: opts.id ? spec.showPath(opts.id) : spec.listPath,
      deleteAction: opts.id && spec.remove ? `${spec.path}/${opts.id}/delete` : null,
      multipart: spec.multipart,
    });

  const loadOr404 = (id: number) => {
    const record = spec.load(id);
    if (!record) throw notFound();
    return record;
  };

  app.get<{ Querystring: Record<string, string> }>(`${spec.path}/new`, write, async (request, reply) =>
    show(request, reply, { id: null, values: spec.defaults?.(request.query) ?? {}, record: null }),
  );

  app.post(spec.path, write, async (request, reply) => {
    const input = bodyOf(request);
    try {
      if (spec.groupOf) assertGroupWrite(request.user, spec.groupOf(input));
      const id = spec.create(request.actor, input);
      return reply.redirect(`${spec.showPath(id)}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return show(request, reply, { id: null, values: input, record: null, errors: error.fields });
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>(`${spec.path}/:id/edit`, write, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(id);
    if (spec.groupOf) assertGroupWrite(request.user, spec.groupOf(record));
    return show(request, reply, { id, values: record, record });
  });

  app.post<{ Params: { id: string } }>(`${spec.path}/:id`, write, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(id);
    if (spec.groupOf) assertGroupWrite(request.user, spec.groupOf(record));
    const input = bodyOf(request);
    try {
      spec.update(request.actor, id, input);
      return reply.redirect(spec.showPath(id), 303);
    } catch (error) {
      if (error instanceof ValidationError) return show(request, reply, { id, values: input, record: { ...record, version: input.version ?? record.version }, errors: error.fields });
      if (error instanceof ConflictError) return show(request, reply, { id, values: input, record: error.current, conflict: error.current });
      throw error;
    }
  });

  if (spec.remove) {
    const remove = spec.remove;
    app.post<{ Params: { id: string } }>(`${spec.path}/:id/delete`, write, async (request, reply) => {
      const id = parseId(request.params.id);
      const record = loadOr404(id);
      if (spec.groupOf) assertGroupWrite(request.user, spec.groupOf(record));
      const version = deleteVersion(request.body);
      try {
        remove(request.actor, id, version);
      } catch (error) {
        if (error instanceof ConflictError) return show(request, reply, { id, values: record, record: error.current, conflict: error.current });
        throw error;
      }
      return reply.redirect(spec.listPath, 303);
    });
  }
}

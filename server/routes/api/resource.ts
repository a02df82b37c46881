// A JSON API resource under /api/v1 from one description: list with filters and paging, read,
// create (201), update with the record's version (409 when stale), delete where allowed. The same
// zod schemas and services as the forms; their JSON Schema documents the routes in OpenAPI.
import '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Resource } from '../../auth/policy.js';
import { parseInput, versionField, wholeNumber } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import type { Actor } from '../../services/audit.js';
import { assertGroupWrite } from '../crud.js';
import { parseId } from '../parse.js';

type Values = Record<string, unknown>;

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ApiResource {
  /** Plural path segment, e.g. 'enterprises'. */
  name: string;
  /** OpenAPI tag / description. */
  description: string;
  resource: Resource;
  /** Query filters (besides page and pageSize). */
  filters: z.ZodObject<z.ZodRawShape>;
  /** What POST accepts and PATCH accepts (all optional but version). */
  input?: z.ZodTypeAny;
  patch?: z.ZodTypeAny;
  list(filter: Values, page: number, pageSize: number): Page<unknown>;
  get(id: number): Values | null;
  create?(actor: Actor, input: unknown): number;
  update?(actor: Actor, id: number, input: unknown): unknown;
  remove?(actor: Actor, id: number, version: number): void;
  groupOf?(record: Values): number | null;
}

export const paging = z.object({
  page: wholeNumber(1, 1_000_000).default(1),
  pageSize: wholeNumber(1, 500).default(50),
});

/** JSON Schema for OpenAPI from a zod schema (documentation only: zod validates). */
export function jsonSchema(schema: z.ZodTypeAny): Record<string, unknown> {
  try {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  } catch {
    return { type: 'object' };
  }
}

const errorBody = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
  // A 409 also carries the record as it is now, in `current`.
  additionalProperties: true,
};

export function registerApiResource(app: FastifyInstance, spec: ApiResource) {
  const base = `/api/v1/${spec.name}`;
  const read = { access: 'read' as const };
  const write = { access: { write: spec.resource } };
  const tags = [spec.name];
  const responses = (ok: number) => ({ [ok]: { description: 'OK', type: 'object', additionalProperties: true }, '4xx': { description: 'Error', ...errorBody } });

  const load = (id: number) => {
    const record = spec.get(id);
    if (!record) throw notFound();
    return record;
  };

  app.get(base, { config: read, schema: { tags, summary: `List ${spec.name}`, querystring: jsonSchema(spec.filters.merge(paging)), response: responses(200) } }, async (request) => {
    const query = parseInput(spec.filters.merge(paging), request.query) as Values & { page: number; pageSize: number };
    const { page, pageSize, ...filter } = query;
    return spec.list(filter, page, pageSize);
  });

  app.get<{ Params: { id: string } }>(`${base}/:id`, { config: read, schema: { tags, summary: `Read one of ${spec.name}`, response: responses(200) } }, async (request) =>
    load(parseId(request.params.id)),
  );

  if (spec.create && spec.input) {
    const create = spec.create;
    app.post(base, { config: write, schema: { tags, summary: `Create one of ${spec.name}`, body: jsonSchema(spec.input), response: responses(201) } }, async (request: FastifyRequest, reply: FastifyReply) => {
      const body = (request.body ?? {}) as Values;
      if (spec.groupOf) assertGroupWrite(request.user, spec.groupOf(body));
      const id = create(request.actor, body);
      return reply.status(201).header('location', `${base}/${id}`).send(load(id));
    });
  }

  if (spec.update && spec.patch) {
    const update = spec.update;
    app.patch<{ Params: { id: string } }>(`${base}/:id`, { config: write, schema: { tags, summary: `Update one of ${spec.name} (send its version)`, body: jsonSchema(spec.patch), response: responses(200) } }, async (request) => {
      const id = parseId(request.params.id);
      const record = load(id);
      if (spec.groupOf) assertGroupWrite(request.user, spec.groupOf(record));
      update(request.actor, id, request.body ?? {});
      return load(id);
    });
  }

  if (spec.remove) {
    const remove = spec.remove;
    app.delete<{ Params: { id: string }; Querystring: { version?: string } }>(`${base}/:id`, { config: write, schema: { tags, summary: `Delete one of ${spec.name} (?version=N)`, response: responses(204) } }, async (request, reply) => {
      const id = parseId(request.params.id);
      const record = load(id);
      if (spec.groupOf) assertGroupWrite(request.user, spec.groupOf(record));
      const { version } = parseInput(z.object({ version: versionField() }), request.query);
      remove(request.actor, id, version);
      return reply.status(204).send();
    });
  }
}

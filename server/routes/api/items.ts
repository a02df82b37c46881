// API resources of the items area, registered by ./index.ts: tracked items (list with filters and
// paging, read, create, update with version, delete while nothing is recorded on them) and their
// workflow — status with a progress note, delay request and decision, close-out and reopening.
// The same services and zod schemas as the forms, so the same rules: staff write only the items
// of their working groups, only the office closes, reopens, decides delays and deletes.
import '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { itemKinds, itemStatuses } from '../../../db/schema.js';
import { flag, optionalEnum, optionalRef, parseInput, versionField } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { closeInput, decisionInput, delayInput, itemInput, itemPatch, reopenInput, statusInput, type ItemWriter } from '../../services/items.js';
import { parseId } from '../parse.js';
import { jsonSchema, registerApiResource } from './resource.js';

export const itemFilters = z.object({
  kind: optionalEnum(itemKinds).optional(),
  status: optionalEnum(itemStatuses).optional(),
  groupId: optionalRef().optional(),
  enterpriseId: optionalRef().optional(),
  leadUnit: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()),
  overdue: flag().optional(),
});

const writer = (request: FastifyRequest): ItemWriter => ({ actor: request.actor, user: request.user!, locale: request.locale });

export function registerItemsApi(app: FastifyInstance): void {
  const base = '/api/v1/items';
  const tags = ['items'];
  const items = app.services.items;
  const ok = (code: number) => ({ [code]: { description: 'OK', type: 'object', additionalProperties: true }, '4xx': { description: 'Error {"error","message","issues"}; a 409 also carries `current`', type: 'object', additionalProperties: true } });
  const load = (id: number) => {
    const found = items.apiRecord(id);
    if (!found) throw notFound();
    return found;
  };

  // List and read: the generic resource (filters, paging, 404).
  registerApiResource(app, {
    name: 'items',
    description: 'Tracked items (督办事项): milestones, decisions, problems',
    resource: 'items',
    filters: itemFilters,
    list: (filter, page, pageSize) => {
      const f = filter as z.infer<typeof itemFilters>;
      return items.apiPage(
        {
          kind: f.kind ?? undefined,
          status: f.status ?? undefined,
          groupId: f.groupId ?? undefined,
          enterpriseId: f.enterpriseId ?? undefined,
          leadUnit: f.leadUnit,
          overdue: f.overdue || undefined,
        },
        page,
        pageSize,
      );
    },
    get: (id) => items.apiRecord(id),
  });

  const write = (resource: 'items' | 'itemClosure') => ({ access: { write: resource } });

  app.post(base, { config: write('items'), schema: { tags, summary: 'Create an item (staff: in their working groups)', body: jsonSchema(itemInput), response: ok(201) } }, async (request, reply) => {
    const id = items.create(writer(request), request.body ?? {});
    return reply.status(201).header('location', `${base}/${id}`).send(load(id));
  });

  app.patch<{ Params: { id: string } }>(`${base}/:id`, { config: write('items'), schema: { tags, summary: 'Update an item (send its version)', body: jsonSchema(itemPatch), response: ok(200) } }, async (request) => {
    const id = parseId(request.params.id);
    load(id);
    items.update(writer(request), id, request.body ?? {});
    return load(id);
  });

  app.delete<{ Params: { id: string } }>(`${base}/:id`, { config: write('itemClosure'), schema: { tags, summary: 'Delete an item with nothing recorded on it (?version=N)', response: ok(204) } }, async (request, reply) => {
    const id = parseId(request.params.id);
    load(id);
    const { version } = parseInput(z.object({ version: versionField() }), request.query);
    items.remove(writer(request), id, version);
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string } }>(`${base}/:id/status`, { config: write('items'), schema: { tags, summary: 'Change the status with a progress note {status, note, version}', body: jsonSchema(statusInput), response: ok(200) } }, async (request) => {
    const id = parseId(request.params.id);
    load(id);
    items.changeStatus(writer(request), id, request.body ?? {});
    return load(id);
  });

  app.post<{ Params: { id: string } }>(`${base}/:id/delay-requests`, { config: write('items'), schema: { tags, summary: 'Ask for a later deadline {newDueDate, reason}', body: jsonSchema(delayInput), response: ok(201) } }, async (request, reply) => {
    const id = parseId(request.params.id);
    load(id);
    const requestId = items.requestDelay(writer(request), id, request.body ?? {});
    const created = load(id).delayRequests.find((d) => d.id === requestId);
    return reply.status(201).send(created);
  });

  app.post<{ Params: { id: string; requestId: string } }>(
    `${base}/:id/delay-requests/:requestId/decision`,
    { config: write('itemClosure'), schema: { tags, summary: 'Approve or reject a delay request {approve, note} (office)', body: jsonSchema(decisionInput), response: ok(200) } },
    async (request) => {
      const id = parseId(request.params.id);
      const requestId = parseId(request.params.requestId);
      load(id);
      const decided = items.decideDelay(writer(request), id, requestId, request.body ?? {});
      return { delayRequest: decided, item: load(id) };
    },
  );

  app.post<{ Params: { id: string } }>(`${base}/:id/close`, { config: write('itemClosure'), schema: { tags, summary: 'Close out (销号) {note, version} (office)', body: jsonSchema(closeInput), response: ok(200) } }, async (request) => {
    const id = parseId(request.params.id);
    load(id);
    items.close(writer(request), id, request.body ?? {});
    return load(id);
  });

  app.post<{ Params: { id: string } }>(`${base}/:id/reopen`, { config: write('itemClosure'), schema: { tags, summary: 'Reopen a closed item {note, version} (office)', body: jsonSchema(reopenInput), response: ok(200) } }, async (request) => {
    const id = parseId(request.params.id);
    load(id);
    items.reopen(writer(request), id, request.body ?? {});
    return load(id);
  });

}

// Tracked items: the filtered list (overdue first) and one item with its history.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels, itemKinds, itemStatuses, problemCategories, problemLevels, serviceLines } from '../../../db/schema.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { optional, optionalId, parseId, parseQuery } from '../parse.js';

const flag = optional(z.enum(['1', 'true', 'on']).transform(() => true));
const listQuery = z.object({
  kind: optional(z.enum(itemKinds)),
  status: optional(z.enum(itemStatuses)),
  groupId: optionalId,
  enterpriseId: optionalId,
  leadUnit: optional(z.string().max(100)),
  open: flag,
  overdue: flag,
  // Drill-down from the dashboard: its scope, items due within N days, problems by category and level.
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  dueWithin: optional(z.coerce.number().int().min(0).max(366)),
  category: optional(z.enum(problemCategories)),
  problemLevel: optional(z.enum(problemLevels)),
  page: optional(z.coerce.number().int().min(1).max(1_000_000)),
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/items', { config: { access: 'read' } }, async (request, reply) => {
    const filter = parseQuery(listQuery, request.query);
    const result = app.services.items.list(filter);
    const query = new URLSearchParams(
      Object.entries(filter).flatMap(([k, v]) => (v === undefined || k === 'page' ? [] : [[k, v === true ? '1' : String(v)]])),
    ).toString();
    return reply.page('pages/items/list', {
      title: translate(request.locale, 'item.list'),
      nav: 'items',
      ...result,
      kinds: itemKinds,
      statuses: itemStatuses,
      groups: app.services.groups.list(),
      filter,
      prevPage: result.page > 1 ? `/items?${query}${query ? '&' : ''}page=${result.page - 1}` : null,
      nextPage: result.page < result.pages ? `/items?${query}${query ? '&' : ''}page=${result.page + 1}` : null,
    });
  });

  app.get<{ Params: { id: string } }>('/items/:id', { config: { access: 'read' } }, async (request, reply) => {
    const found = app.services.items.get(parseId(request.params.id));
    if (!found) throw notFound(translate(request.locale, 'item.notFound'));
    return reply.page('pages/items/show', { title: found.item.title, nav: 'items', ...found });
  });
};

export default routes;

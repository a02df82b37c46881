// Enterprises: the list and one enterprise.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels } from '../../../db/schema.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { optional, parseId, parseQuery } from '../parse.js';

const listQuery = z.object({ level: optional(z.enum(enterpriseLevels)) });

const routes: FastifyPluginAsync = async (app) => {
  app.get('/enterprises', { config: { access: 'read' } }, async (request, reply) => {
    const filter = parseQuery(listQuery, request.query);
    return reply.page('pages/enterprises/list', {
      title: translate(request.locale, 'enterprise.list'),
      nav: 'enterprises',
      enterprises: app.services.enterprises.list(filter),
      levels: enterpriseLevels,
      filter,
    });
  });

  app.get<{ Params: { id: string } }>('/enterprises/:id', { config: { access: 'read' } }, async (request, reply) => {
    const found = app.services.enterprises.get(parseId(request.params.id));
    if (!found) throw notFound(translate(request.locale, 'enterprise.notFound'));
    return reply.page('pages/enterprises/show', { title: found.enterprise.shortName, nav: 'enterprises', ...found });
  });
};

export default routes;

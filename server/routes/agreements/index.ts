// Agreements: the list and one agreement with the handovers it covers.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { agreementKinds, agreementStatuses, enterpriseLevels, serviceLines } from '../../../db/schema.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { optional, optionalId, parseId, parseQuery } from '../parse.js';

const listQuery = z.object({
  kind: optional(z.enum(agreementKinds)),
  status: optional(z.enum(agreementStatuses)),
  enterpriseId: optionalId,
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/agreements', { config: { access: 'read' } }, async (request, reply) => {
    const filter = parseQuery(listQuery, request.query);
    return reply.page('pages/agreements/list', {
      title: translate(request.locale, 'agreement.list'),
      nav: 'agreements',
      agreements: app.services.agreements.list(filter),
      kinds: agreementKinds,
      statuses: agreementStatuses,
      filter,
    });
  });

  app.get<{ Params: { id: string } }>('/agreements/:id', { config: { access: 'read' } }, async (request, reply) => {
    const found = app.services.agreements.get(parseId(request.params.id));
    if (!found) throw notFound(translate(request.locale, 'agreement.notFound'));
    return reply.page('pages/agreements/show', { title: found.agreement.title, nav: 'agreements', ...found });
  });
};

export default routes;

// Handovers: the list (filterable by enterprise, service line and group) and one handover's timeline.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { serviceLines } from '../../../db/schema.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { optional, optionalId, parseId, parseQuery } from '../parse.js';

const listQuery = z.object({
  enterpriseId: optionalId,
  serviceLine: optional(z.enum(serviceLines)),
  groupId: optionalId,
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/handovers', { config: { access: 'read' } }, async (request, reply) => {
    const filter = parseQuery(listQuery, request.query);
    return reply.page('pages/handovers/list', {
      title: translate(request.locale, 'handover.list'),
      nav: 'handovers',
      handovers: app.services.handovers.summaries(filter),
      enterprises: app.services.enterprises.list(),
      groups: app.services.groups.list(),
      serviceLines,
      filter,
    });
  });

  app.get<{ Params: { id: string } }>('/handovers/:id', { config: { access: 'read' } }, async (request, reply) => {
    const found = app.services.handovers.get(parseId(request.params.id));
    if (!found) throw notFound(translate(request.locale, 'handover.notFound'));
    const line = translate(request.locale, `serviceLine.${found.handover.serviceLine}`);
    return reply.page('pages/handovers/show', {
      title: `${found.enterpriseShortName} ${found.compoundName ?? ''} ${line}`,
      nav: 'handovers',
      ...found,
    });
  });
};

export default routes;

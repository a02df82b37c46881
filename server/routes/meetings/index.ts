// Meetings: the series with their cadence state, the meetings held and planned, one meeting.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { optional, optionalId, parseId, parseQuery } from '../parse.js';

const listQuery = z.object({
  seriesId: optionalId,
  groupId: optionalId,
  month: optional(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/meetings', { config: { access: 'read' } }, async (request, reply) => {
    const filter = parseQuery(listQuery, request.query);
    return reply.page('pages/meetings/list', {
      title: translate(request.locale, 'nav.meetings'),
      nav: 'meetings',
      series: app.services.meetings.seriesList(),
      meetings: app.services.meetings.list(filter),
      filter,
    });
  });

  app.get<{ Params: { id: string } }>('/meetings/:id', { config: { access: 'read' } }, async (request, reply) => {
    const found = app.services.meetings.get(parseId(request.params.id));
    if (!found) throw notFound(translate(request.locale, 'meeting.notFound'));
    return reply.page('pages/meetings/show', { title: found.meeting.title, nav: 'meetings', ...found });
  });
};

export default routes;

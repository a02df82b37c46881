// Working groups and their contact directory.
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { parseId } from '../parse.js';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/groups', { config: { access: 'read' } }, async (request, reply) => {
    return reply.page('pages/groups/list', {
      title: translate(request.locale, 'group.list'),
      nav: 'groups',
      groups: app.services.groups.list(),
    });
  });

  app.get<{ Params: { id: string } }>('/groups/:id', { config: { access: 'read' } }, async (request, reply) => {
    const id = parseId(request.params.id);
    const found = app.services.groups.get(id);
    if (!found) throw notFound(translate(request.locale, 'group.notFound'));
    return reply.page('pages/groups/show', {
      title: found.group.name,
      nav: 'groups',
      ...found,
      series: app.services.meetings.seriesList({ groupId: id }),
      handovers: app.services.handovers.summaries({ groupId: id }),
    });
  });
};

export default routes;

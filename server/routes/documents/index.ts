// Documents issued by the district and its groups.
import type { FastifyPluginAsync } from 'fastify';
import { translate } from '../../i18n/messages.js';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/documents', { config: { access: 'read' } }, async (request, reply) => {
    return reply.page('pages/documents/list', {
      title: translate(request.locale, 'document.list'),
      nav: 'documents',
      documents: app.services.documents.list(),
    });
  });
};

export default routes;

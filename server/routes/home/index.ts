// The home page: where the programme stands today.
import type { FastifyPluginAsync } from 'fastify';
import { translate } from '../../i18n/messages.js';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { access: 'read' } }, async (request, reply) => {
    const overview = app.services.overview.overview();
    return reply.page('pages/home', {
      title: translate(request.locale, 'home.title'),
      nav: 'home',
      ...overview,
    });
  });
};

export default routes;

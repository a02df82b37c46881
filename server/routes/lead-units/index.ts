// Lead units ranked by their overdue and soon-due items, paged: the dashboard's full ranking
// (its first few are on the dashboard), scoped like it by level, service line, group, enterprise.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels, serviceLines } from '../../../db/schema.js';
import { translate } from '../../i18n/messages.js';
import { RULES } from '../../services/risk.js';
import { optional, optionalId, parseQuery } from '../parse.js';

const query = z.object({
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  groupId: optionalId,
  enterpriseId: optionalId,
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});

/** Lead units on one page. */
const PER_PAGE = 50;

const routes: FastifyPluginAsync = async (app) => {
  app.get('/lead-units', { config: { access: 'read' } }, async (request, reply) => {
    const { page: asked, ...scope } = parseQuery(query, request.query);
    const ranking = app.services.dashboard.unitRanking(scope);
    const pages = Math.max(1, Math.ceil(ranking.length / PER_PAGE));
    const page = Math.min(asked ?? 1, pages);
    const link = (n: number) => {
      const params = new URLSearchParams(Object.entries(scope).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
      if (n > 1) params.set('page', String(n));
      const text = params.toString();
      return text ? `/lead-units?${text}` : '/lead-units';
    };
    return reply.page('pages/lead-units/list', {
      title: translate(request.locale, 'leadUnits.title'),
      nav: 'items',
      rows: ranking.slice((page - 1) * PER_PAGE, page * PER_PAGE),
      total: ranking.length,
      page,
      pages,
      prevPage: page > 1 ? link(page - 1) : null,
      nextPage: page < pages ? link(page + 1) : null,
      days: RULES.dueSoonDays,
      scope,
    });
  });
};

export default routes;

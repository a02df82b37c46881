// The home page of every role: the leaders' dashboard, scoped by the filters in the URL
// (enterprise level, service line, working group, enterprise) so a view can be bookmarked and sent.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels, serviceLines } from '../../../db/schema.js';
import { dashboardCharts, monthLabel } from '../../charts/dashboard.js';
import { translate } from '../../i18n/messages.js';
import { optional, optionalId, parseQuery } from '../parse.js';

const dashboardQuery = z.object({
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  groupId: optionalId,
  enterpriseId: optionalId,
});

const wan = (yuan: number) => Math.round(yuan / 1000) / 10;

const routes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { access: 'read' } }, async (request, reply) => {
    const filter = parseQuery(dashboardQuery, request.query);
    const dashboard = app.services.dashboard.build(filter);
    const locale = request.locale;
    const month = (m: string) => monthLabel(m, locale);
    return reply.page('pages/home', {
      title: translate(locale, 'home.title'),
      nav: 'home',
      ...dashboard,
      charts: dashboardCharts(dashboard, locale),
      // Words that depend on the page's language, so the template stays free of logic.
      deadlines: dashboard.deadlines.map((d) => ({ ...d, name: locale === 'en' && d.nameEn ? d.nameEn : d.name })),
      monthLabels: { thisMonth: month(dashboard.changes.thisMonth.month), lastMonth: month(dashboard.changes.lastMonth.month) },
      trend: dashboard.trend.map((p) => ({ ...p, monthLabel: month(p.month) })),
      moneyWan: {
        estimated: wan(dashboard.money.estimated),
        approved: wan(dashboard.money.approved),
        settlement: wan(dashboard.money.settlement),
        committed: wan(dashboard.money.committed),
        disbursed: wan(dashboard.money.disbursed),
        bySource: dashboard.money.bySource.map((s) => ({ ...s, committedWan: wan(s.committed), disbursedWan: wan(s.disbursed) })),
      },
    });
  });
};

export default routes;

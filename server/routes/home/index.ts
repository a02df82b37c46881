// The home page of every role: the leaders' dashboard, scoped by the filters in the URL
// (enterprise level, service line, working group, enterprise) so a view can be bookmarked and sent.
// With thousands of groups or enterprises, the form takes part of a name instead of a select.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels, serviceLines } from '../../../db/schema.js';
import { dashboardCharts, monthLabel } from '../../charts/dashboard.js';
import { translate, type Locale } from '../../i18n/messages.js';
import type { Dashboard } from '../../services/dashboard.js';
import { domains } from '../../services/memo.js';
import { isMonth } from '../../services/figures.js';
import type { Cell, Column } from '../../services/risk.js';
import { optional, optionalId, parseQuery } from '../parse.js';
import { ledgerLinks } from '../ledger/links.js';

const dashboardQuery = z.object({
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  groupId: optionalId,
  enterpriseId: optionalId,
  /** Part of a group's or an enterprise's name, when there are too many for a select. */
  group: optional(z.string().trim().max(100)),
  enterprise: optional(z.string().trim().max(100)),
  /** The month whose changes are shown. */
  month: optional(z.string().refine(isMonth, { message: 'validation.month' })),
});

const wan = (yuan: number) => Math.round(yuan / 1000) / 10;

/** A column's name: a service line, or 综合 for items of no line. */
const columnName = (column: Column, locale: Locale) => translate(locale, column === 'general' ? 'dash.column.general' : `serviceLine.${column}`);

/** Why a cell (or an enterprise) has its light, in words: what is late, for how long, what is due soon. */
function why(c: Pick<Cell, 'overdueItems' | 'lateHandovers' | 'maxOverdueDays' | 'dueSoon'>, locale: Locale, days: number): string {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const parts: string[] = [];
  if (c.overdueItems) parts.push(t('dash.why.overdueItems', { n: c.overdueItems }));
  if (c.lateHandovers) parts.push(t('dash.why.lateHandovers', { n: c.lateHandovers }));
  if (c.maxOverdueDays) parts.push(t('dash.why.longest', { n: c.maxOverdueDays }));
  if (!parts.length && c.dueSoon) parts.push(t('dash.why.dueSoon', { n: c.dueSoon, days }));
  return parts.length ? parts.join(locale === 'en' ? ', ' : '，') : t('dash.why.ok');
}

/** The portfolio's words in the page's language, so the template stays free of logic. */
function portfolioView(d: Dashboard, locale: Locale) {
  const days = d.rules.atRiskDays;
  const named = (column: Column) => ({ column, name: columnName(column, locale), hint: column === 'general' ? translate(locale, 'dash.column.generalHint') : null });
  const rows = (list: Dashboard['portfolio']['rows']) =>
    list.map((e) => ({
      ...e,
      why: why(e, locale, days),
      cells: e.cells.map((c) => (c.empty ? { ...c, name: columnName(c.column, locale) } : { ...c, name: columnName(c.column, locale), why: why(c, locale, days) })),
    }));
  return {
    ...d.portfolio,
    columns: d.portfolio.columns.map(named),
    rows: rows(d.portfolio.rows),
    ranking: rows(d.portfolio.ranking),
    rollup: d.portfolio.rollup.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, name: columnName(c.column, locale) })) })),
  };
}

const routes: FastifyPluginAsync = async (app) => {
  // The dashboard's HTML depends only on the data (every domain's version and the day), the
  // organisation's settings, the language and the query: it is reused until one of them changes,
  // so a write — by this process or any other — is seen on the very next request. The layout
  // around it (the user's name, the CSRF token) is rendered for each request.
  app.get('/', { config: { access: 'read' } }, async (request, reply) => {
    const query = parseQuery(dashboardQuery, request.query);
    const locale = request.locale;
    const title = translate(locale, 'home.title');
    const { memo, settings } = app.services;
    const key = `page:home:${settings.get().version}:${locale}:${JSON.stringify(query)}`;
    const html = memo.cached(key, domains, memo.versions(), app.clock.today(), () => app.renderView('pages/home', request, dashboardModel(query, locale)));
    return reply.page('pages/rendered', { title, nav: 'home', html });
  });

  function dashboardModel(query: z.infer<typeof dashboardQuery>, locale: Locale) {
    const { group, enterprise, month, ...filter } = query;
    // A name typed for the group or the enterprise: one match scopes the page, several are offered.
    const groupChoices = app.services.groups.choices();
    const enterpriseChoices = app.services.enterprises.choices();
    const groupMatches = group && !filter.groupId ? app.services.groups.matching(group, 20) : null;
    const enterpriseMatches = enterprise && !filter.enterpriseId ? app.services.enterprises.matching(enterprise, 20) : null;
    if (groupMatches?.length === 1) filter.groupId = groupMatches[0]!.id;
    if (enterpriseMatches?.length === 1) filter.enterpriseId = enterpriseMatches[0]!.id;
    const dashboard = app.services.dashboard.build(filter, { month });
    const monthName = (m: string) => monthLabel(m, locale);
    const queryWith = (extra: Record<string, string | number>) =>
      `/?${new URLSearchParams(Object.entries({ ...filter, ...extra }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString()}`;
    return {
      title: translate(locale, 'home.title'),
      nav: 'home',
      ...dashboard,
      portfolio: portfolioView(dashboard, locale),
      charts: dashboardCharts(dashboard, locale),
      options: {
        levels: enterpriseLevels.map((value) => ({ value, selected: value === filter.level })),
        serviceLines: serviceLines.map((value) => ({ value, selected: value === filter.serviceLine })),
        groups: groupChoices?.map((g) => ({ ...g, selected: g.id === filter.groupId })) ?? null,
        enterprises: enterpriseChoices?.map((e) => ({ ...e, selected: e.id === filter.enterpriseId })) ?? null,
        groupName: filter.groupId ? app.services.groups.record(filter.groupId)?.name ?? null : null,
        enterpriseName: filter.enterpriseId ? app.services.enterprises.record(filter.enterpriseId)?.shortName ?? null : null,
        groupSearch: group ?? '',
        enterpriseSearch: enterprise ?? '',
        groupMatches: groupMatches && groupMatches.length !== 1 ? groupMatches.map((g) => ({ ...g, href: queryWith({ groupId: g.id }) })) : null,
        enterpriseMatches: enterpriseMatches && enterpriseMatches.length !== 1 ? enterpriseMatches.map((e) => ({ ...e, href: queryWith({ enterpriseId: e.id }) })) : null,
      },
      // Words that depend on the page's language, so the template stays free of logic.
      deadlines: dashboard.deadlines.map((d) => ({
        ...d,
        name: locale === 'en' && d.nameEn ? d.nameEn : d.name,
        stageName: translate(locale, `stage.${d.stage}`),
        lineNames: d.serviceLineList.map((l) => translate(locale, `serviceLine.${l}`)).join('、'),
      })),
      monthLabels: { thisMonth: monthName(dashboard.changes.month), lastMonth: monthName(dashboard.changes.lastMonth) },
      monthChoice: dashboard.changes.month,
      ledger: ledgerLinks(filter, dashboard.changes.month, locale),
      trend: dashboard.trend.map((p) => ({ ...p, monthLabel: monthName(p.month) })),
      moneyWan: {
        estimated: wan(dashboard.money.estimated),
        approved: wan(dashboard.money.approved),
        settlement: wan(dashboard.money.settlement),
        committed: wan(dashboard.money.committed),
        disbursed: wan(dashboard.money.disbursed),
        bySource: dashboard.money.bySource.map((s) => ({ ...s, committedWan: wan(s.committed), disbursedWan: wan(s.disbursed) })),
      },
    };
  }
};

export default routes;

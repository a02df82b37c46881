// Enterprises: the list and one enterprise.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels, serviceLines } from '../../../db/schema.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { registerCrud } from '../crud.js';
import { optional, optionalId, parseId, parseQuery } from '../parse.js';

const listQuery = z.object({
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  groupId: optionalId,
  q: optional(z.string().trim().max(40)),
  sort: optional(z.enum(['risk'])),
  light: optional(z.enum(['onTrack', 'atRisk', 'offTrack'])),
  column: optional(z.enum([...serviceLines, 'general'])),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});

const routes: FastifyPluginAsync = async (app) => {
  registerCrud(app, {
    path: '/enterprises',
    nav: 'enterprises',
    resource: 'plan',
    noun: 'enterprise.one',
    fields: () => [
      { name: 'name', label: 'enterprise.name', type: 'text', required: true, maxLength: 100 },
      { name: 'shortName', label: 'enterprise.shortName', type: 'text', required: true, maxLength: 40 },
      { name: 'level', label: 'enterprise.level', type: 'select', required: true, values: enterpriseLevels, labelGroup: 'level' },
      { name: 'parentGroup', label: 'enterprise.parentGroup', type: 'text', maxLength: 100 },
      { name: 'formerPolicyBankrupt', label: 'enterprise.formerPolicyBankrupt', type: 'checkbox' },
      { name: 'devolvedFromCentral', label: 'enterprise.devolvedFromCentral', type: 'checkbox' },
      { name: 'contacts', label: 'enterprise.contacts', type: 'textarea', maxLength: 500 },
      { name: 'notes', label: 'common.notes', type: 'textarea', maxLength: 2000 },
      { name: 'isSample', label: 'edit.isSample', type: 'checkbox' },
    ],
    load: (id) => app.services.enterprises.record(id),
    create: (actor, input) => app.services.enterprises.create(actor, input),
    update: (actor, id, input) => void app.services.enterprises.update(actor, id, input),
    remove: (actor, id, version) => app.services.enterprises.remove(actor, id, version),
    showPath: (id) => `/enterprises/${id}`,
    listPath: '/enterprises',
  });

  app.get('/enterprises', { config: { access: 'read' } }, async (request, reply) => {
    const { page, ...filter } = parseQuery(listQuery, request.query);
    const locale = request.locale;
    const result = app.services.enterprises.list(filter, page);
    const columnName = (column: string) => translate(locale, column === 'general' ? 'dash.column.general' : `serviceLine.${column}`);
    const query = (pageNo: number) => {
      const params = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
      if (pageNo > 1) params.set('page', String(pageNo));
      const text = params.toString();
      return text ? `/enterprises?${text}` : '/enterprises';
    };
    const cellLink = (id: number, column: string, extra: Record<string, string>) =>
      `${column === 'general' ? '/items' : '/handovers'}?${new URLSearchParams({ enterpriseId: String(id), ...(column === 'general' ? { noLine: '1', open: '1' } : { serviceLine: column }), ...extra }).toString()}`;
    return reply.page('pages/enterprises/list', {
      title: translate(locale, 'enterprise.list'),
      nav: 'enterprises',
      rows: result.rows.map((e) => ({
        ...e,
        cells: e.cells.map((c) => ({
          ...c,
          name: columnName(c.column),
          href: cellLink(e.id, c.column, {}),
          overdueHref: `/items?${new URLSearchParams({ enterpriseId: String(e.id), overdue: '1', ...(c.column === 'general' ? { noLine: '1' } : { serviceLine: c.column }) }).toString()}`,
          lateHref: cellLink(e.id, c.column, { late: '1' }),
        })),
      })),
      total: result.total,
      page: result.page,
      pages: result.pages,
      prevPage: result.page > 1 ? query(result.page - 1) : null,
      nextPage: result.page < result.pages ? query(result.page + 1) : null,
      levels: enterpriseLevels,
      serviceLines,
      lights: ['offTrack', 'atRisk', 'onTrack'],
      columnName: filter.column ? columnName(filter.column) : null,
      filter,
    });
  });

  app.get<{ Params: { id: string } }>('/enterprises/:id', { config: { access: 'read' } }, async (request, reply) => {
    const found = app.services.enterprises.get(parseId(request.params.id));
    if (!found) throw notFound(translate(request.locale, 'enterprise.notFound'));
    return reply.page('pages/enterprises/show', {
      title: found.enterprise.shortName,
      nav: 'enterprises',
      ...found,
      moreHandovers: found.handoverCount > found.handovers.length,
      moreItems: found.totals.openItems > found.openItems.length,
      history: app.services.history.of('enterprise', found.enterprise.id, request.locale),
      instructionBox: app.services.instructions.box(request.user, 'enterprise', found.enterprise.id),
    });
  });
};

export default routes;

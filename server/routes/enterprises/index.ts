// Enterprises: the list and one enterprise.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels } from '../../../db/schema.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { registerCrud } from '../crud.js';
import { optional, parseId, parseQuery } from '../parse.js';

const listQuery = z.object({ level: optional(z.enum(enterpriseLevels)) });

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
    const filter = parseQuery(listQuery, request.query);
    return reply.page('pages/enterprises/list', {
      title: translate(request.locale, 'enterprise.list'),
      nav: 'enterprises',
      enterprises: app.services.enterprises.list(filter),
      levels: enterpriseLevels,
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
      history: app.services.history.of('enterprise', found.enterprise.id, request.locale),
      instructionBox: app.services.instructions.box(request.user, 'enterprise', found.enterprise.id),
    });
  });
};

export default routes;

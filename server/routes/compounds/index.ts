// Compounds: new, edit and delete forms (a compound is shown on its enterprise's page).
import type { FastifyPluginAsync } from 'fastify';
import { registerCrud } from '../crud.js';

const routes: FastifyPluginAsync = async (app) => {
  const enterpriseOf = (id: number) => app.services.compounds.record(id)?.enterpriseId;
  registerCrud(app, {
    path: '/compounds',
    nav: 'enterprises',
    resource: 'plan',
    noun: 'compound.one',
    fields: () => [
      { name: 'enterpriseId', label: 'agreement.enterprise', type: 'select', required: true, blank: true, options: app.services.compounds.enterpriseOptions().map((e) => ({ value: e.id, label: e.shortName })) },
      { name: 'name', label: 'compound.name', type: 'text', required: true, maxLength: 100 },
      { name: 'address', label: 'compound.address', type: 'text', maxLength: 200 },
      { name: 'street', label: 'plan.street', type: 'text', maxLength: 100 },
      { name: 'community', label: 'plan.community', type: 'text', maxLength: 100 },
      { name: 'buildings', label: 'compound.buildings', type: 'number', required: true },
      { name: 'floorArea', label: 'compound.floorArea', type: 'number', required: true },
      { name: 'households', label: 'compound.households', type: 'number', required: true },
      { name: 'waterCustomers', label: 'compound.waterCustomers', type: 'number', required: true, hint: 'plan.waterCustomersHint' },
      { name: 'isSample', label: 'edit.isSample', type: 'checkbox' },
    ],
    defaults: (query) => ({ enterpriseId: query.enterpriseId, buildings: 0, floorArea: 0, households: 0, waterCustomers: 0 }),
    load: (id) => app.services.compounds.record(id),
    create: (actor, input) => app.services.compounds.create(actor, input),
    update: (actor, id, input) => void app.services.compounds.update(actor, id, input),
    remove: (actor, id, version) => app.services.compounds.remove(actor, id, version),
    showPath: (id) => `/enterprises/${enterpriseOf(id) ?? ''}#compound-${id}`,
    listPath: '/enterprises',
  });
};

export default routes;

// The JSON API under /api/v1 and its OpenAPI document (/api/openapi.json, browsable at /api/docs,
// served from the app itself). Request bodies and queries are validated by the same zod schemas
// as the forms; the JSON Schemas attached to the routes only document them.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels, enterprises } from '../../../db/schema.js';
import { optionalEnum } from '../../forms.js';
import { enterpriseInput, enterprisePatch } from '../../services/enterprises.js';
import { pageOf } from '../../services/records.js';
import { registerGroupsApi } from './groups.js';
import { registerItemsApi } from './items.js';
import { registerPlanApi } from './plan.js';
import { registerApiResource } from './resource.js';

export const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; " +
  "script-src 'self'; script-src-attr 'none'; style-src 'self'; form-action 'self'";

const api: FastifyPluginAsync = async (app) => {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '三供一业分离移交督办系统 API',
        description: 'Handover tracker API. Authenticate with a personal token: `Authorization: Bearer TOKEN` (create one on /profile). Errors: `{"error","message","issues"}`.',
        version: '1',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    hideUntagged: true,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // The documentation loads nothing from another host: no https: fonts or styles, no validator badge.
    staticCSP: DOCS_CSP,
    uiConfig: { docExpansion: 'list', deepLinking: false, validatorUrl: null },
    uiHooks: {},
  });

  // zod is the one validator: the route schemas are for the OpenAPI document.
  app.setValidatorCompiler(() => () => true);

  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => app.swagger());

  registerApiResource(app, {
    name: 'enterprises',
    description: 'Handing-over enterprises',
    resource: 'plan',
    filters: z.object({ level: optionalEnum(enterpriseLevels).optional() }),
    input: enterpriseInput,
    patch: enterprisePatch,
    list: (filter, page, pageSize) => pageOf(app.db, enterprises, filter, page, pageSize),
    get: (id) => app.services.enterprises.record(id),
    create: (actor, input) => app.services.enterprises.create(actor, input),
    update: (actor, id, input) => app.services.enterprises.update(actor, id, input),
    remove: (actor, id, version) => app.services.enterprises.remove(actor, id, version),
  });
  registerPlanApi(app);
  registerItemsApi(app);
  registerGroupsApi(app);
};

export default api;

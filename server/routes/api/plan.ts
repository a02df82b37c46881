// API resources of the plan area, registered by ./index.ts: compounds, handovers (with their
// stages and money; marking a stage done or undoing it; the stage plan; the funding) and
// agreements (with the handovers they cover, `handoverIds`, in and out).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agreementKinds, agreementStatuses, agreements, compounds, handovers, serviceLines } from '../../../db/schema.js';
import { optionalEnum, optionalRef } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { agreementInput, agreementPatch } from '../../services/agreements.js';
import { compoundInput, compoundPatch } from '../../services/compounds.js';
import { fundingInput } from '../../services/funding.js';
import { handoverCreateInput, handoverPatch, stageDoneInput, stagePlanInput, stageUndoInput } from '../../services/handovers.js';
import { pageOf } from '../../services/records.js';
import { assertGroupWrite } from '../crud.js';
import { parseId } from '../parse.js';
import { jsonSchema, registerApiResource } from './resource.js';

const optionalId = () => optionalRef().optional();

export function registerPlanApi(app: FastifyInstance): void {
  registerApiResource(app, {
    name: 'compounds',
    description: 'Family compounds of the enterprises',
    resource: 'plan',
    filters: z.object({ enterpriseId: optionalId() }),
    input: compoundInput,
    patch: compoundPatch,
    list: (filter, page, pageSize) => pageOf(app.db, compounds, filter, page, pageSize),
    get: (id) => app.services.compounds.record(id),
    create: (actor, input) => app.services.compounds.create(actor, input),
    update: (actor, id, input) => app.services.compounds.update(actor, id, input),
    remove: (actor, id, version) => app.services.compounds.remove(actor, id, version),
  });

  registerApiResource(app, {
    name: 'handovers',
    description: 'Handovers (compound × service line) with their stages and money',
    resource: 'plan',
    filters: z.object({
      enterpriseId: optionalId(),
      serviceLine: optionalEnum(serviceLines).optional(),
      groupId: optionalId(),
      compoundId: optionalId(),
    }),
    input: handoverCreateInput,
    patch: handoverPatch,
    list: (filter, page, pageSize) => pageOf(app.db, handovers, filter, page, pageSize),
    get: (id) => app.services.handovers.full(id),
    create: (actor, input) => app.services.handovers.create(actor, input),
    update: (actor, id, input) => app.services.handovers.update(actor, id, input),
    remove: (actor, id, version) => app.services.handovers.remove(actor, id, version),
  });

  const tags = ['handovers'];
  const loadHandover = (id: number) => {
    const found = app.services.handovers.record(id);
    if (!found) throw notFound();
    return found;
  };
  const stageWrite = { access: { write: 'stages' as const } };

  app.post<{ Params: { id: string; stage: string } }>(
    '/api/v1/handovers/:id/stages/:stage/done',
    { config: stageWrite, schema: { tags, summary: 'Mark a stage done (actualDate defaults to today; send the stage version to guard against a stale view)', body: jsonSchema(stageDoneInput) } },
    async (request) => {
      const id = parseId(request.params.id);
      assertGroupWrite(request.user, loadHandover(id).groupId);
      app.services.handovers.markStageDone(request.actor, id, request.params.stage, request.body ?? {});
      return app.services.handovers.full(id);
    },
  );

  app.post<{ Params: { id: string; stage: string } }>(
    '/api/v1/handovers/:id/stages/:stage/undo',
    { config: stageWrite, schema: { tags, summary: 'Undo a stage (clears its actual date)', body: jsonSchema(stageUndoInput) } },
    async (request) => {
      const id = parseId(request.params.id);
      assertGroupWrite(request.user, loadHandover(id).groupId);
      app.services.handovers.undoStage(request.actor, id, request.params.stage, request.body ?? {});
      return app.services.handovers.full(id);
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/handovers/:id/plan',
    { config: { access: { write: 'plan' } }, schema: { tags, summary: "Set planned dates of the handover's stages (send the handover's version)", body: jsonSchema(stagePlanInput) } },
    async (request) => {
      const id = parseId(request.params.id);
      loadHandover(id);
      app.services.handovers.savePlan(request.actor, id, request.body ?? {});
      return app.services.handovers.full(id);
    },
  );

  app.put<{ Params: { id: string } }>(
    '/api/v1/handovers/:id/funding',
    { config: { access: { write: 'plan' } }, schema: { tags, summary: "Set the handover's money: costs and shares by source (send the funding's version once it exists)", body: jsonSchema(fundingInput) } },
    async (request) => {
      const id = parseId(request.params.id);
      loadHandover(id);
      app.services.funding.save(request.actor, id, request.body ?? {});
      return app.services.handovers.full(id);
    },
  );

  registerApiResource(app, {
    name: 'agreements',
    description: 'Agreements with the handovers they cover (handoverIds)',
    resource: 'plan',
    filters: z.object({
      enterpriseId: optionalId(),
      kind: optionalEnum(agreementKinds).optional(),
      status: optionalEnum(agreementStatuses).optional(),
    }),
    input: agreementInput,
    patch: agreementPatch,
    list: (filter, page, pageSize) => {
      const result = pageOf(app.db, agreements, filter, page, pageSize);
      const covered = app.services.agreements.coveredByMany(result.rows.map((r) => r.id as number));
      return { ...result, rows: result.rows.map((r) => ({ ...r, handoverIds: covered.get(r.id as number) ?? [] })) };
    },
    get: (id) => app.services.agreements.record(id),
    create: (actor, input) => app.services.agreements.create(actor, input),
    update: (actor, id, input) => app.services.agreements.update(actor, id, input),
    remove: (actor, id, version) => app.services.agreements.remove(actor, id, version),
  });
}

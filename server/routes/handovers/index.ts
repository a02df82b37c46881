// Handovers: the list (filterable by enterprise, service line and group), one handover's timeline,
// and the forms: new (with its stage plan), edit, delete, the stage plan, the money, and marking a
// stage done or undoing it from the timeline.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { enterpriseLevels, enterpriseWideServiceLines, fundingSources, handoverModes, serviceLines, stages as allStages, type HandoverMode } from '../../../db/schema.js';
import { allows, canWriteGroup } from '../../auth/policy.js';
import { formatMonth, isDay } from '../../dates.js';
import { isMonth, monthOf } from '../../services/figures.js';
import { ledgerLinks } from '../ledger/links.js';
import { pageQuery, pager } from '../pager.js';
import { type FieldErrors, single, translateErrors, ValidationError } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { ConflictError } from '../../services/records.js';
import { StageOrderError } from '../../services/handovers.js';
import { stageOrder } from '../../services/stage-plan.js';
import { assertGroupWrite, bodyOf } from '../crud.js';
import { fieldViews, renderForm, type FieldDef } from '../form-page.js';
import { deleteVersion, optional, optionalId, parseId, parseQuery } from '../parse.js';
import { flatten, nest } from './form-values.js';

type Values = Record<string, unknown>;

const flag = optional(z.enum(['1', 'true', 'on']).transform(() => true));
const listQuery = z.object({
  enterpriseId: optionalId,
  serviceLine: optional(z.enum(serviceLines)),
  groupId: optionalId,
  level: optional(z.enum(enterpriseLevels)),
  // Drill-down from the dashboard: late, taken over, a stage done in a month, a stage not done.
  late: flag,
  takenOver: flag,
  stageDoneIn: optional(z.string().refine(isMonth, { message: 'validation.month' })),
  notDone: optional(z.enum(allStages)),
  /** Part of a name, when there are too many enterprises or groups for a select. */
  enterprise: optional(z.string().trim().max(100)),
  group: optional(z.string().trim().max(100)),
  ...pageQuery,
});

const asId = (v: unknown) => {
  const n = Number(single(v));
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** The fields of a handover's own form (new and edit). */
function handoverFields(app: FastifyInstance, request: FastifyRequest, enterpriseId: number | null, isNew: boolean): FieldDef[] {
  const locale = request.locale;
  const enterpriseOptions = app.services.compounds.enterpriseOptions().map((e) => ({ value: e.id, label: e.shortName }));
  const compoundOptions = app.services.compounds
    .options(enterpriseId)
    .map((c) => ({ value: c.id, label: enterpriseId ? c.name : `${c.enterpriseName} · ${c.name}` }));
  const groupOptions = app.services.groups.names().map((g) => ({ value: g.id, label: g.name }));
  return [
    { name: 'enterpriseId', label: 'agreement.enterprise', type: 'select', required: true, options: enterpriseOptions, blank: true },
    { name: 'compoundId', label: 'compound.name', type: 'select', options: compoundOptions, blank: true, hint: translate(locale, 'plan.compoundHint', { lines: enterpriseWideServiceLines.map((l) => translate(locale, `serviceLine.${l}`)).join('、') }) },
    { name: 'serviceLine', label: 'handover.serviceLine', type: 'select', required: true, values: serviceLines, labelGroup: 'serviceLine', blank: true },
    { name: 'mode', label: 'handover.mode', type: 'select', required: true, values: handoverModes, labelGroup: 'mode', hint: isNew ? undefined : 'plan.modeHint' },
    { name: 'receiver', label: 'handover.receiver', type: 'text', maxLength: 200 },
    { name: 'coordinatingDepartment', label: 'handover.coordinatingDepartment', type: 'text', maxLength: 200 },
    { name: 'groupId', label: 'handover.group', type: 'select', options: groupOptions, blank: true },
    { name: 'leadUnit', label: 'handover.leadUnit', type: 'text', maxLength: 200 },
    { name: 'owner', label: 'handover.owner', type: 'text', maxLength: 100 },
    { name: 'issuesSummary', label: 'handover.issuesSummary', type: 'textarea', maxLength: 2000 },
    { name: 'nextSteps', label: 'handover.nextSteps', type: 'textarea', maxLength: 2000 },
    { name: 'isSample', label: 'edit.isSample', type: 'checkbox' },
  ];
}

/** One planned-date field per stage of the mode. */
function planFields(request: FastifyRequest, mode: HandoverMode): FieldDef[] {
  return stageOrder(mode).map((stage, index) => ({
    name: `plannedDates.${stage}`,
    label: `${index + 1}. ${translate(request.locale, `stage.${stage}`)}`,
    type: 'date',
  }));
}

function fundingFields(request: FastifyRequest): FieldDef[] {
  const word = (key: string) => translate(request.locale, key);
  return [
    { name: 'estimatedCost', label: 'plan.estimatedCostYuan', type: 'number' },
    { name: 'approvedCost', label: 'plan.approvedCostYuan', type: 'number' },
    { name: 'settlementCost', label: 'plan.settlementCostYuan', type: 'number' },
    ...fundingSources.flatMap((source): FieldDef[] => [
      { name: `shares.${source}.committed`, label: `${word(`funding.${source}`)} · ${word('handover.committed')}（${word('plan.yuanUnit')}）`, type: 'number' },
      { name: `shares.${source}.disbursed`, label: `${word(`funding.${source}`)} · ${word('handover.disbursed')}（${word('plan.yuanUnit')}）`, type: 'number' },
    ]),
    { name: 'note', label: 'common.notes', type: 'textarea', maxLength: 2000 },
    { name: 'isSample', label: 'edit.isSample', type: 'checkbox' },
  ];
}

const routes: FastifyPluginAsync = async (app) => {
  const plan = { config: { access: { write: 'plan' as const } } };
  const stagesWrite = { config: { access: { write: 'stages' as const } } };

  const titleOf = (request: FastifyRequest, found: NonNullable<ReturnType<typeof app.services.handovers.get>>) =>
    `${found.enterpriseShortName} ${found.compoundName ?? translate(request.locale, 'handover.enterpriseWide')} ${translate(request.locale, `serviceLine.${found.handover.serviceLine}`)}`;

  const loadOr404 = (request: FastifyRequest, id: number) => {
    const record = app.services.handovers.record(id);
    if (!record) throw notFound(translate(request.locale, 'handover.notFound'));
    return record;
  };

  /** The handover page; after a refused stage change it shows the error beside that stage. */
  function showPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { stage?: string; error?: string; value?: string; conflict?: boolean; order?: { pending: string[]; confirmed: boolean; reason: string; errors: Record<string, string> } } = {},
  ) {
    const found = app.services.handovers.get(id);
    if (!found) throw notFound(translate(request.locale, 'handover.notFound'));
    const user = request.user;
    const canMark = !!user && allows(user, { write: 'stages' }) && canWriteGroup(user, found.handover.groupId);
    const today = app.clock.today();
    const stages = found.stages.map((s) => ({
      ...s,
      canMark,
      error: extra.stage === s.stage ? extra.error ?? null : null,
      inputDate: extra.stage === s.stage && extra.value !== undefined ? extra.value : today,
      // Done before an earlier stage: the form comes back asking to confirm, with a reason.
      order:
        extra.stage === s.stage && extra.order
          ? {
              pending: extra.order.pending.map((p) => translate(request.locale, `stage.${p}`)).join('、'),
              confirmed: extra.order.confirmed,
              reason: extra.order.reason,
              confirmError: extra.order.errors.confirmOutOfOrder ?? null,
              reasonError: extra.order.errors.reason ?? null,
            }
          : null,
    }));
    const conflictStage = extra.conflict && extra.stage ? translate(request.locale, `stage.${extra.stage}`) : null;
    return reply.page('pages/handovers/show', {
      title: titleOf(request, found),
      nav: 'handovers',
      ...found,
      stages,
      canMark,
      today,
      conflictStage,
      history: app.services.history.of('handover', id, request.locale),
      instructionBox: app.services.instructions.box(request.user, 'handover', id),
    });
  }

  app.get('/handovers', { config: { access: 'read' } }, async (request, reply) => {
    const { after, before, enterprise, group, ...filter } = parseQuery(listQuery, request.query);
    const locale = request.locale;
    const t = (key: string) => translate(locale, key);
    // A name typed for the enterprise or the group: the first match scopes the list.
    const enterpriseChoices = app.services.enterprises.choices();
    const groupChoices = app.services.groups.choices();
    const enterpriseMatch = enterprise && !filter.enterpriseId ? app.services.enterprises.matching(enterprise, 1)[0] : undefined;
    const groupMatch = group && !filter.groupId ? app.services.groups.matching(group, 1)[0] : undefined;
    const nothing = (!!enterprise && !filter.enterpriseId && !enterpriseMatch) || (!!group && !filter.groupId && !groupMatch);
    const scoped = { ...filter, enterpriseId: filter.enterpriseId ?? enterpriseMatch?.id, groupId: filter.groupId ?? groupMatch?.id };
    const result = nothing ? { rows: [], total: 0, next: null, prev: null } : app.services.handovers.page(scoped, { after, before });
    // Filters without a control in the form travel as hidden fields and are named above the list.
    const scope = [
      ['level', 'enterprise.level', filter.level && t(`level.${filter.level}`)],
      ['late', 'handover.lateFilter', filter.late && t('common.yes')],
      ['takenOver', 'handover.takenOverFilter', filter.takenOver && t('common.yes')],
      ['stageDoneIn', 'handover.stageDoneIn', filter.stageDoneIn && formatMonth(filter.stageDoneIn, locale)],
      ['notDone', 'handover.notDone', filter.notDone && t(`stage.${filter.notDone}`)],
      ...(enterpriseChoices ? [] : [['enterpriseId', 'enterprise.name', filter.enterpriseId ? app.services.enterprises.record(filter.enterpriseId)?.shortName : undefined]]),
      ...(groupChoices ? [] : [['groupId', 'handover.group', filter.groupId ? app.services.groups.record(filter.groupId)?.name : undefined]]),
    ]
      .filter(([name, , shown]) => shown !== undefined && filter[name as keyof typeof filter] !== undefined)
      .map(([name, label, shown]) => ({ name, value: String(filter[name as keyof typeof filter]), label: t(label as string), shown }));
    return reply.page('pages/handovers/list', {
      title: t('handover.list'),
      nav: 'handovers',
      handovers: result.rows,
      pager: pager('/handovers', { ...filter, enterprise, group }, result),
      enterprises: enterpriseChoices,
      groups: groupChoices,
      enterpriseSearch: enterprise ?? (enterpriseMatch ? '' : ''),
      groupSearch: group ?? '',
      noMatch: nothing,
      serviceLines,
      scope,
      filter,
      ledger: ledgerLinks(scoped, monthOf(app.clock.today()), locale),
    });
  });

  // ---- New handover, with its stage plan ----
  function newForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FieldErrors, replan = false) {
    const mode = (handoverModes as readonly string[]).includes(String(single(values.mode))) ? (single(values.mode) as HandoverMode) : 'handoverFirst';
    const start = isDay(String(single(values.startDate) ?? '')) ? String(single(values.startDate)) : app.clock.today();
    const proposed = app.services.handovers.proposedPlan(mode, start);
    const shown: Values = { ...values, mode, startDate: single(values.startDate) ?? start };
    for (const p of proposed) {
      const key = `plannedDates.${p.stage}`;
      if (replan || shown[key] === undefined) shown[key] = p.plannedDate;
    }
    const locale = request.locale;
    const translated = errors ? translateErrors(errors, locale) : {};
    reply.status(errors ? 422 : 200);
    return reply.page('pages/handovers/form', {
      title: `${translate(locale, 'edit.new')}${translate(locale, 'handover.one')}`,
      nav: 'handovers',
      fields: fieldViews(handoverFields(app, request, asId(values.enterpriseId), true), shown, translated, locale),
      startField: fieldViews([{ name: 'startDate', label: 'plan.startDate', type: 'date', hint: 'plan.startHint' }], shown, translated, locale),
      planFields: fieldViews(planFields(request, mode), shown, translated, locale),
      formError: errors ? translated._ ?? translate(locale, 'validation.failed') : null,
      back: asId(values.enterpriseId) ? `/enterprises/${asId(values.enterpriseId)}` : '/handovers',
    });
  }

  app.get<{ Querystring: Record<string, string> }>('/handovers/new', plan, async (request, reply) => {
    const query = request.query;
    return newForm(request, reply, { enterpriseId: query.enterpriseId, compoundId: query.compoundId, serviceLine: query.serviceLine, mode: query.mode });
  });

  app.post('/handovers', plan, async (request, reply) => {
    const body = bodyOf(request);
    if (single(body._action) === 'replan') return newForm(request, reply, body, undefined, true);
    try {
      const id = app.services.handovers.create(request.actor, nest(body));
      return reply.redirect(`/handovers/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return newForm(request, reply, body, error.fields);
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/handovers/:id', { config: { access: 'read' } }, async (request, reply) =>
    showPage(request, reply, parseId(request.params.id)),
  );

  // ---- Edit and delete ----
  const editForm = (request: FastifyRequest, reply: FastifyReply, id: number, values: Values, record: Values, errors?: FieldErrors, conflict?: Values | null) =>
    renderForm(request, reply, {
      title: `${translate(request.locale, 'edit.edit')}${translate(request.locale, 'handover.one')}`,
      nav: 'handovers',
      action: `/handovers/${id}`,
      fields: handoverFields(app, request, asId(values.enterpriseId) ?? (record.enterpriseId as number), false),
      values,
      errors,
      conflict,
      version: record.version as number,
      back: `/handovers/${id}`,
      deleteAction: `/handovers/${id}/delete`,
    });

  app.get<{ Params: { id: string } }>('/handovers/:id/edit', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    return editForm(request, reply, id, record, record);
  });

  app.post<{ Params: { id: string } }>('/handovers/:id', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    const input = bodyOf(request);
    try {
      app.services.handovers.update(request.actor, id, input);
      return reply.redirect(`/handovers/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return editForm(request, reply, id, input, { ...record, version: input.version ?? record.version }, error.fields);
      if (error instanceof ConflictError) return editForm(request, reply, id, input, error.current, undefined, error.current);
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>('/handovers/:id/delete', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    const version = deleteVersion(request.body);
    try {
      app.services.handovers.remove(request.actor, id, version);
    } catch (error) {
      if (error instanceof ConflictError) return editForm(request, reply, id, error.current, error.current, undefined, error.current);
      throw error;
    }
    return reply.redirect(`/enterprises/${record.enterpriseId}`, 303);
  });

  // ---- The stage plan ----
  const planForm = (request: FastifyRequest, reply: FastifyReply, id: number, values: Values, version: number, errors?: FieldErrors, conflict?: Values | null) => {
    const record = loadOr404(request, id);
    const found = app.services.handovers.get(id)!;
    return renderForm(request, reply, {
      title: `${translate(request.locale, 'handover.stages')}：${titleOf(request, found)}`,
      nav: 'handovers',
      action: `/handovers/${id}/plan`,
      fields: found.stages.map((s) => ({ name: `plannedDates.${s.stage}`, label: `${s.position}. ${translate(request.locale, `stage.${s.stage}`)}`, type: 'date' as const })),
      values,
      errors,
      conflict,
      version: version ?? record.version,
      back: `/handovers/${id}`,
      intro: translate(request.locale, 'plan.stagePlanIntro', { mode: translate(request.locale, `mode.${record.mode}`) }),
    });
  };
  const planValues = (id: number) => {
    const found = app.services.handovers.get(id);
    return found ? Object.fromEntries(found.stages.map((s) => [`plannedDates.${s.stage}`, s.plannedDate])) : {};
  };

  app.get<{ Params: { id: string } }>('/handovers/:id/plan', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    return planForm(request, reply, id, planValues(id), record.version);
  });

  app.post<{ Params: { id: string } }>('/handovers/:id/plan', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    const input = bodyOf(request);
    try {
      app.services.handovers.savePlan(request.actor, id, nest(input));
      return reply.redirect(`/handovers/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return planForm(request, reply, id, input, Number(single(input.version)) || record.version, error.fields);
      if (error instanceof ConflictError) {
        const current = { ...flatten(error.current), version: error.current.version };
        return planForm(request, reply, id, input, current.version as number, undefined, current);
      }
      throw error;
    }
  });

  // ---- Money ----
  const fundingForm = (request: FastifyRequest, reply: FastifyReply, id: number, values: Values, version: number | null, errors?: FieldErrors, conflict?: Values | null) => {
    const found = app.services.handovers.get(id);
    if (!found) throw notFound(translate(request.locale, 'handover.notFound'));
    return renderForm(request, reply, {
      title: `${translate(request.locale, 'handover.funding')}：${titleOf(request, found)}`,
      nav: 'handovers',
      action: `/handovers/${id}/funding`,
      fields: fundingFields(request),
      values,
      errors,
      conflict,
      version,
      back: `/handovers/${id}`,
      intro: translate(request.locale, 'plan.fundingIntro'),
    });
  };

  app.get<{ Params: { id: string } }>('/handovers/:id/funding', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    loadOr404(request, id);
    const values = app.services.funding.formValues(id);
    return fundingForm(request, reply, id, values, (values.version as number | null) ?? null);
  });

  app.post<{ Params: { id: string } }>('/handovers/:id/funding', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    loadOr404(request, id);
    const input = bodyOf(request);
    try {
      app.services.funding.save(request.actor, id, nest(input));
      return reply.redirect(`/handovers/${id}#funding`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return fundingForm(request, reply, id, input, asId(input.version), error.fields);
      if (error instanceof ConflictError) return fundingForm(request, reply, id, input, error.current.version as number, undefined, error.current);
      throw error;
    }
  });

  // ---- Stages: done and undo, one click from the timeline ----
  const validStage = (stage: string) => (allStages as readonly string[]).includes(stage);

  for (const action of ['done', 'undo'] as const) {
    app.post<{ Params: { id: string; stage: string } }>(`/handovers/:id/stages/:stage/${action}`, stagesWrite, async (request, reply) => {
      const id = parseId(request.params.id);
      const stage = request.params.stage;
      if (!validStage(stage)) throw notFound();
      const record = loadOr404(request, id);
      assertGroupWrite(request.user, record.groupId);
      const input = bodyOf(request);
      try {
        if (action === 'done') app.services.handovers.markStageDone(request.actor, id, stage, input);
        else app.services.handovers.undoStage(request.actor, id, stage, input);
        return reply.redirect(`/handovers/${id}#stage-${stage}`, 303);
      } catch (error) {
        if (error instanceof StageOrderError) {
          reply.status(422);
          // The first time it only asks; errors show once the user answered without the tick or the reason.
          const errors = input.confirmOutOfOrder === undefined ? {} : translateErrors(error.fields, request.locale);
          const order = { pending: error.pending, confirmed: ['1', 'true', 'on'].includes(String(single(input.confirmOutOfOrder) ?? '')), reason: String(single(input.reason) ?? ''), errors };
          return showPage(request, reply, id, { stage, value: String(single(input.actualDate) ?? ''), order });
        }
        if (error instanceof ValidationError) {
          const message = Object.values(translateErrors(error.fields, request.locale))[0];
          reply.status(422);
          return showPage(request, reply, id, { stage, error: message, value: String(single(input.actualDate) ?? '') });
        }
        if (error instanceof ConflictError) {
          reply.status(409);
          return showPage(request, reply, id, { stage, conflict: true });
        }
        throw error;
      }
    });
  }
};

export default routes;

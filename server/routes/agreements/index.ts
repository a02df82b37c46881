// Agreements: the list, one agreement with the handovers it covers, its signed scan and history,
// and the forms: new, edit (status flow, covered handovers, completing their stage on signing),
// delete, and uploading the signed scan.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agreementKinds, agreementStatuses, enterpriseLevels, serviceLines, type AgreementKind } from '../../../db/schema.js';
import { type FieldErrors, single, translateErrors, ValidationError } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { uploadOf } from '../../plugins/attachments.js';
import { stageSignedBy } from '../../services/agreements.js';
import { acceptedFiles } from '../../services/attachments.js';
import { shanghaiWallTime } from '../../services/history.js';
import { ConflictError } from '../../services/records.js';
import { renderForm, type FieldDef } from '../form-page.js';
import { formatMonth } from '../../dates.js';
import { isMonth } from '../../services/figures.js';
import { pageQuery, pager } from '../pager.js';
import { deleteVersion, optional, optionalId, parseId, parseQuery } from '../parse.js';
import { bodyOf } from '../crud.js';

type Values = Record<string, unknown>;

const listQuery = z.object({
  kind: optional(z.enum(agreementKinds)),
  status: optional(z.enum(agreementStatuses)),
  enterpriseId: optionalId,
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  signedIn: optional(z.string().refine(isMonth, { message: 'validation.month' })),
  ...pageQuery,
});

const asId = (v: unknown) => {
  const n = Number(single(v));
  return Number.isInteger(n) && n > 0 ? n : null;
};

function agreementFields(app: FastifyInstance, request: FastifyRequest, values: Values, id: number | null): FieldDef[] {
  const locale = request.locale;
  const enterpriseId = asId(values.enterpriseId);
  const enterpriseKnown = enterpriseId !== null && app.services.enterprises.record(enterpriseId) !== null;
  const kind = (agreementKinds as readonly string[]).includes(String(single(values.kind))) ? (single(values.kind) as AgreementKind) : null;
  const stage = kind ? stageSignedBy[kind] : undefined;
  const handoverOptions = enterpriseKnown
    ? app.services.agreements.handoverOptions(enterpriseId).map((h) => ({
        value: h.id,
        label: `${h.compoundName ?? translate(locale, 'handover.enterpriseWide')} · ${translate(locale, `serviceLine.${h.serviceLine}`)}`,
      }))
    : [];
  const fields: FieldDef[] = [
    { name: 'kind', label: 'agreement.kind', type: 'select', required: true, values: agreementKinds, labelGroup: 'agreementKind', blank: true },
    { name: 'enterpriseId', label: 'agreement.enterprise', type: 'select', required: true, blank: true, options: app.services.compounds.enterpriseOptions().map((e) => ({ value: e.id, label: e.shortName })) },
    { name: 'title', label: 'agreement.title', type: 'text', required: true, maxLength: 200 },
    { name: 'number', label: 'agreement.number', type: 'text', maxLength: 100 },
    { name: 'partyA', label: 'agreement.partyA', type: 'text', maxLength: 200 },
    { name: 'partyB', label: 'agreement.partyB', type: 'text', maxLength: 200, hint: 'plan.partyBHint' },
    { name: 'status', label: 'agreement.status', type: 'select', required: true, values: agreementStatuses, labelGroup: 'agreementStatus', hint: 'plan.statusHint' },
    ...(id ? [{ name: 'statusReason', label: 'plan.statusReason', type: 'text', maxLength: 500, hint: 'plan.statusReasonHint' } satisfies FieldDef] : []),
    { name: 'signedOn', label: 'agreement.signedOn', type: 'date', hint: 'plan.signedOnHint' },
    { name: 'cutoffDate', label: 'agreement.cutoffDate', type: 'date' },
    { name: 'standard', label: 'agreement.standard', type: 'textarea', maxLength: 2000 },
    { name: 'timeframe', label: 'agreement.timeframe', type: 'textarea', maxLength: 2000 },
    { name: 'method', label: 'agreement.method', type: 'textarea', maxLength: 2000 },
    { name: 'scope', label: 'agreement.scope', type: 'textarea', maxLength: 2000 },
    { name: 'amount', label: 'plan.amountYuan', type: 'number' },
    { name: 'groupId', label: 'handover.group', type: 'select', blank: true, options: app.services.groups.names().map((g) => ({ value: g.id, label: g.name })) },
  ];
  if (enterpriseKnown) {
    fields.push({ name: 'parentAgreementId', label: 'plan.parentAgreement', type: 'select', blank: true, options: app.services.agreements.parentOptions(enterpriseId, id).map((a) => ({ value: a.id, label: a.title })), hint: 'plan.parentAgreementHint' });
    fields.push({ name: 'handoverIds', label: 'agreement.covers', type: 'checkboxes', options: handoverOptions, hint: handoverOptions.length ? undefined : 'plan.noHandovers' });
  } else {
    fields.push({ name: 'handoverIds', label: 'agreement.covers', type: 'checkboxes', options: [], hint: 'plan.chooseEnterpriseFirst' });
  }
  if (!kind || stage) {
    fields.push({
      name: 'completeStages',
      label: stage ? translate(locale, 'plan.completeStage', { stage: translate(locale, `stage.${stage}`) }) : 'plan.completeStageAny',
      type: 'checkbox',
    });
  }
  fields.push({ name: 'isSample', label: 'edit.isSample', type: 'checkbox' });
  return fields;
}

const routes: FastifyPluginAsync = async (app) => {
  const plan = { config: { access: { write: 'plan' as const } } };

  const loadOr404 = (request: FastifyRequest, id: number) => {
    const record = app.services.agreements.record(id);
    if (!record) throw notFound(translate(request.locale, 'agreement.notFound'));
    return record;
  };

  function showPage(request: FastifyRequest, reply: FastifyReply, id: number, uploadError: string | null = null) {
    const found = app.services.agreements.get(id);
    if (!found) throw notFound(translate(request.locale, 'agreement.notFound'));
    const files = app.attachments.listFor('agreement', id).map((a) => ({
      ...a,
      current: a.id === found.agreement.attachmentId,
      uploadedLocal: shanghaiWallTime(a.uploadedAt),
      sizeLabel: a.size >= 1024 * 1024 ? `${(a.size / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(a.size / 1024))} KB`,
    }));
    return reply.page('pages/agreements/show', {
      title: found.agreement.title,
      nav: 'agreements',
      ...found,
      files,
      signedScan: files.find((f) => f.current) ?? null,
      uploadError,
      accept: acceptedFiles,
      maxMb: Math.round(app.attachments.maxBytes / 1024 / 1024),
      history: app.services.history.of('agreement', id, request.locale),
    });
  }

  app.get('/agreements', { config: { access: 'read' } }, async (request, reply) => {
    const { after, before, ...filter } = parseQuery(listQuery, request.query);
    const result = app.services.agreements.list(filter, { after, before });
    return reply.page('pages/agreements/list', {
      title: translate(request.locale, 'agreement.list'),
      nav: 'agreements',
      agreements: result.rows,
      pager: pager('/agreements', filter, result),
      signedInLabel: filter.signedIn ? formatMonth(filter.signedIn, request.locale) : null,
      kinds: agreementKinds,
      statuses: agreementStatuses,
      filter,
    });
  });

  const form = (request: FastifyRequest, reply: FastifyReply, opts: { id: number | null; values: Values; version?: number | null; errors?: FieldErrors; conflict?: Values | null }) => {
    const noun = translate(request.locale, 'agreement.one');
    const enterpriseId = asId(opts.values.enterpriseId);
    return renderForm(request, reply, {
      title: `${translate(request.locale, opts.id ? 'edit.edit' : 'edit.new')}${noun}`,
      nav: 'agreements',
      action: opts.id ? `/agreements/${opts.id}` : '/agreements',
      fields: agreementFields(app, request, opts.values, opts.id),
      values: opts.values,
      errors: opts.errors,
      conflict: opts.conflict,
      version: opts.version ?? null,
      back: opts.id ? `/agreements/${opts.id}` : enterpriseId ? `/enterprises/${enterpriseId}` : '/agreements',
      deleteAction: opts.id ? `/agreements/${opts.id}/delete` : null,
    });
  };

  app.get<{ Querystring: Record<string, string> }>('/agreements/new', plan, async (request, reply) =>
    form(request, reply, { id: null, values: { enterpriseId: request.query.enterpriseId, kind: request.query.kind, status: 'drafting', handoverIds: request.query.handoverId } }),
  );

  app.post('/agreements', plan, async (request, reply) => {
    const input = bodyOf(request);
    try {
      const id = app.services.agreements.create(request.actor, input);
      return reply.redirect(`/agreements/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return form(request, reply, { id: null, values: input, errors: error.fields });
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/agreements/:id', { config: { access: 'read' } }, async (request, reply) =>
    showPage(request, reply, parseId(request.params.id)),
  );

  app.get<{ Params: { id: string } }>('/agreements/:id/edit', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    return form(request, reply, { id, values: record, version: record.version });
  });

  app.post<{ Params: { id: string } }>('/agreements/:id', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    const input = bodyOf(request);
    // Unticking every covered handover sends no handoverIds at all: that means "none".
    if (input.handoverIds === undefined) input.handoverIds = [];
    try {
      app.services.agreements.update(request.actor, id, input);
      return reply.redirect(`/agreements/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return form(request, reply, { id, values: input, version: asId(input.version) ?? record.version, errors: error.fields });
      if (error instanceof ConflictError) return form(request, reply, { id, values: input, version: error.current.version as number, conflict: error.current });
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>('/agreements/:id/delete', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id);
    const version = deleteVersion(request.body);
    try {
      app.services.agreements.remove(request.actor, id, version);
    } catch (error) {
      if (error instanceof ConflictError) return form(request, reply, { id, values: error.current, version: error.current.version as number, conflict: error.current });
      throw error;
    }
    return reply.redirect(`/enterprises/${record.enterpriseId}`, 303);
  });

  // The signed scan: a multipart form (file + the CSRF token as a field), checked and stored by the
  // attachment service; a refusal shows the agreement again with the reason beside the upload field.
  app.post<{ Params: { id: string } }>('/agreements/:id/attachment', plan, async (request, reply) => {
    const id = parseId(request.params.id);
    loadOr404(request, id);
    const body = bodyOf(request);
    try {
      app.attachments.store(request.actor, 'agreement', id, uploadOf(body.file), 'file', (tx, attachmentId) =>
        app.services.agreements.setAttachment(tx, request.actor, id, attachmentId),
      );
      return reply.redirect(`/agreements/${id}#files`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const tooLarge = error.fields.file?.key === 'plan.fileTooLarge';
        reply.status(tooLarge ? 413 : 422);
        return showPage(request, reply, id, translateErrors(error.fields, request.locale).file ?? null);
      }
      throw error;
    }
  });
};

export default routes;

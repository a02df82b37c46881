// Documents issued by the district and its groups, and the policy deadlines the dashboard counts
// down to: lists for everyone, new / edit / delete forms for the office.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { documentStatuses } from '../../../db/schema.js';
import { translateErrors, ValidationError } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { uploadOf } from '../../plugins/attachments.js';
import { acceptedFiles } from '../../services/attachments.js';
import { registerCrud } from '../crud.js';
import { parseId } from '../parse.js';

const routes: FastifyPluginAsync = async (app) => {
  const showList = (request: FastifyRequest, reply: FastifyReply, upload: { id: number; error: string } | null = null) =>
    reply.page('pages/documents/list', {
      title: translate(request.locale, 'document.list'),
      nav: 'documents',
      documents: app.services.documents.list().map((d) => ({
        ...d,
        file: d.document.attachmentId ? app.attachments.listFor('document', d.document.id).find((a) => a.id === d.document.attachmentId) ?? null : null,
        uploadError: upload?.id === d.document.id ? upload.error : null,
      })),
      accept: acceptedFiles,
      maxMb: Math.round(app.attachments.maxBytes / 1024 / 1024),
    });

  app.get('/documents', { config: { access: 'read' } }, async (request, reply) => showList(request, reply));

  // The document's file (the issued text): the same checked, hash-named storage as agreements' scans.
  app.post<{ Params: { id: string } }>('/documents/:id/attachment', { config: { access: { write: 'plan' } } }, async (request, reply) => {
    const id = parseId(request.params.id);
    if (!app.services.planAdmin.documents.record(id)) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      app.attachments.store(request.actor, 'document', id, uploadOf(body.file), 'file', (tx, attachmentId) =>
        app.services.planAdmin.documents.setAttachment(tx, request.actor, id, attachmentId),
      );
      return reply.redirect(`/documents#document-${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        reply.status(error.fields.file?.key === 'plan.fileTooLarge' ? 413 : 422);
        return showList(request, reply, { id, error: translateErrors(error.fields, request.locale).file ?? translate(request.locale, 'validation.failed') });
      }
      throw error;
    }
  });

  registerCrud(app, {
    path: '/documents',
    nav: 'documents',
    resource: 'plan',
    noun: 'document.one',
    fields: () => [
      { name: 'title', label: 'document.title', type: 'text', required: true, maxLength: 200 },
      { name: 'docNumber', label: 'plan.docNumber', type: 'text', maxLength: 100 },
      { name: 'issuer', label: 'document.issuer', type: 'text', maxLength: 200 },
      { name: 'groupId', label: 'handover.group', type: 'select', blank: true, options: app.services.groups.names().map((g) => ({ value: g.id, label: g.name })) },
      { name: 'status', label: 'document.status', type: 'select', required: true, values: documentStatuses, labelGroup: 'documentStatus' },
      { name: 'issuedOn', label: 'document.issuedOn', type: 'date' },
      { name: 'summary', label: 'plan.summary', type: 'textarea', maxLength: 2000 },
      { name: 'isSample', label: 'edit.isSample', type: 'checkbox' },
    ],
    defaults: () => ({ status: 'issued' }),
    load: (id) => app.services.planAdmin.documents.record(id),
    create: (actor, input) => app.services.planAdmin.documents.create(actor, input),
    update: (actor, id, input) => void app.services.planAdmin.documents.update(actor, id, input),
    remove: (actor, id, version) => app.services.planAdmin.documents.remove(actor, id, version),
    showPath: (id) => `/documents#document-${id}`,
    listPath: '/documents',
  });

  app.get('/policy-deadlines', { config: { access: 'read' } }, async (request, reply) => {
    return reply.page('pages/documents/deadlines', {
      title: translate(request.locale, 'plan.deadlines'),
      nav: 'documents',
      // Each deadline in the user's language: the English name only in the English interface.
      deadlines: app.services.planAdmin.deadlines.list().map((d) => ({ ...d, shownName: request.locale === 'en' && d.nameEn ? d.nameEn : d.name })),
    });
  });

  registerCrud(app, {
    path: '/policy-deadlines',
    nav: 'documents',
    resource: 'plan',
    noun: 'plan.deadlineOne',
    fields: () => [
      { name: 'name', label: 'plan.deadlineName', type: 'text', required: true, maxLength: 100 },
      { name: 'nameEn', label: 'plan.deadlineNameEn', type: 'text', maxLength: 100 },
      { name: 'dueDate', label: 'plan.dueDate', type: 'date', required: true },
      { name: 'basis', label: 'plan.basis', type: 'textarea', maxLength: 2000 },
      { name: 'sortOrder', label: 'plan.sortOrder', type: 'number', required: true },
    ],
    defaults: () => ({ sortOrder: 0 }),
    load: (id) => app.services.planAdmin.deadlines.record(id),
    create: (actor, input) => app.services.planAdmin.deadlines.create(actor, input),
    update: (actor, id, input) => void app.services.planAdmin.deadlines.update(actor, id, input),
    remove: (actor, id, version) => app.services.planAdmin.deadlines.remove(actor, id, version),
    showPath: (id) => `/policy-deadlines#deadline-${id}`,
    listPath: '/policy-deadlines',
  });
};

export default routes;

// The settings page (admins): the organisation's name, the programme's title and the issuing organ
// of minutes. A failed save shows the form again with the input and each error beside its field
// (422); saving over a newer version shows what changed meanwhile (409).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { translateErrors, ValidationError, type FieldErrors } from '../../forms.js';
import { translate } from '../../i18n/messages.js';
import { ConflictError } from '../../services/records.js';
import { fieldViews, type FieldDef } from '../form-page.js';

const read = { config: { access: { read: 'settings' } } } as const;
const write = { config: { access: { write: 'settings' } } } as const;

const fields: FieldDef[] = [
  { name: 'organisationName', label: 'settings.organisationName', hint: 'settings.organisationNameHint', type: 'text', required: true, maxLength: 40 },
  { name: 'programmeTitle', label: 'settings.programmeTitle', hint: 'settings.programmeTitleHint', type: 'text', required: true, maxLength: 40 },
  { name: 'minutesOrgan', label: 'settings.minutesOrgan', hint: 'settings.minutesOrganHint', type: 'text', required: true, maxLength: 60 },
];

type Values = Record<string, unknown>;

const routes: FastifyPluginAsync = async (app) => {
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    model: { values: Values; version: number; errors?: FieldErrors; conflict?: Values | null; saved?: boolean; status?: number },
  ) => {
    const locale = request.locale;
    const errors = model.errors ? translateErrors(model.errors, locale) : {};
    const views = fieldViews(fields, model.values, errors, locale);
    const conflict = model.conflict
      ? fieldViews(fields, model.conflict, {}, locale)
          .map((theirs, i) => ({ label: theirs.label, theirs: theirs.value, yours: views[i]!.value }))
          .filter((row) => row.theirs !== row.yours)
      : null;
    reply.status(model.status ?? 200);
    return reply.page('pages/admin/settings', {
      title: translate(locale, 'settings.title'),
      nav: 'admin',
      fields: views,
      version: model.version,
      conflict,
      formError: model.errors ? translate(locale, 'validation.failed') : null,
      saved: model.saved ?? false,
    });
  };

  app.get<{ Querystring: { saved?: string } }>('/admin/settings', read, async (request, reply) => {
    const { version, ...values } = app.services.settings.get();
    return show(request, reply, { values, version, saved: request.query.saved === '1' });
  });

  app.post('/admin/settings', write, async (request, reply) => {
    const body = { ...((request.body ?? {}) as Values) };
    try {
      app.services.settings.update(request.actor, body);
      return reply.redirect('/admin/settings?saved=1', 303);
    } catch (error) {
      const version = Number(body.version) || app.services.settings.get().version;
      if (error instanceof ValidationError) return show(request, reply, { values: body, version, errors: error.fields, status: 422 });
      if (error instanceof ConflictError) {
        const { version: current, ...theirs } = app.services.settings.get();
        return show(request, reply, { values: body, version: current, conflict: theirs, status: 409 });
      }
      throw error;
    }
  });
};

export default routes;

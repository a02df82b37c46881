// Leader instructions (领导批示): a leader gives one on an item, enterprise or handover (the form
// is in the instruction box of those pages); an owner acknowledges it. Both redirect back (303).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { single, ValidationError } from '../../forms.js';
import { translate } from '../../i18n/messages.js';
import { targetPath } from '../../services/instructions.js';
import type { ItemWriter } from '../../services/items.js';
import { renderForm } from '../form-page.js';
import { parseId } from '../parse.js';

type Values = Record<string, unknown>;

const writer = (request: FastifyRequest): ItemWriter => ({ actor: request.actor, user: request.user! });
/** Only a path of this site is a place to go back to. */
const safeBack = (v: unknown) => {
  const s = single(v);
  return typeof s === 'string' && /^\/(?![/\\])[\w\-/?=&#%.]*$/.test(s) ? s : null;
};

const routes: FastifyPluginAsync = async (app) => {
  app.post<{ Querystring: Values }>('/instructions', { config: { access: { write: 'instructions' } } }, async (request, reply) => {
    // The target may come in the body (the box's hidden fields) or the query (the form shown again).
    const input: Values = { ...(request.query ?? {}), ...((request.body ?? {}) as Values) };
    try {
      const row = app.services.instructions.create(writer(request), input);
      return reply.redirect(`${targetPath(row.targetType, row.targetId)}#instructions`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const type = single(input.targetType);
      const id = Number(single(input.targetId));
      const known = (type === 'item' || type === 'enterprise' || type === 'handover') && Number.isSafeInteger(id) && id > 0 && !error.fields.targetId && !error.fields.targetType;
      return renderForm(request, reply, {
        title: translate(request.locale, 'instruction.addTitle'),
        nav: '',
        action: known ? `/instructions?targetType=${type}&targetId=${id}` : '/instructions',
        fields: known
          ? [{ name: 'text', label: 'instruction.text', type: 'textarea', required: true, maxLength: 2000 }]
          : [
              { name: 'targetType', label: 'instruction.on', type: 'select', required: true, values: ['item', 'enterprise', 'handover'], labelGroup: 'instructionTarget' },
              { name: 'targetId', label: 'instruction.target', type: 'number', required: true, hint: 'item.idHint' },
              { name: 'text', label: 'instruction.text', type: 'textarea', required: true, maxLength: 2000 },
            ],
        values: input,
        errors: error.fields,
        back: known ? targetPath(type, id) : '/my',
        submit: translate(request.locale, 'instruction.submit'),
      });
    }
  });

  app.post<{ Params: { id: string } }>('/instructions/:id/acknowledge', { config: { access: { write: 'items' } } }, async (request, reply) => {
    const id = parseId(request.params.id);
    const row = app.services.instructions.acknowledge(writer(request), id);
    const back = safeBack((request.body as Values | undefined)?.back) ?? `${targetPath(row.targetType, row.targetId)}#instructions`;
    return reply.redirect(back, 303);
  });
};

export default routes;

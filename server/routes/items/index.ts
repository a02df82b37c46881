// Tracked items: the filtered list (overdue first), one item with its history, and the workflow on
// it — create and edit, a status update with a progress note, close-out (销号) and reopening,
// delay requests and their decision. Plain forms that redirect (303); a refused form comes back
// with the input and the errors beside the fields; a stale version (409) shows what changed.
// A status update sent by htmx (HX-Request) is answered with the updated list row only.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  enterpriseLevels,
  itemKinds,
  itemStatuses,
  problemCategories,
  problemLevels,
  serviceLines,
  stages,
  type ItemStatus,
} from '../../../db/schema.js';
import { allows } from '../../auth/policy.js';
import { formatDay, formatMonth } from '../../dates.js';
import { ValidationError } from '../../forms.js';
import { isMonth } from '../../services/figures.js';
import { HttpError, notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { finishedStatuses, mayUpdateItem, parseUnits, type ItemWriter } from '../../services/items.js';
import { ConflictError } from '../../services/records.js';
import { renderForm, type FieldDef } from '../form-page.js';
import { deleteVersion, optional, optionalId, parseId, parseQuery } from '../parse.js';
import { pageQuery, pager } from '../pager.js';
import { fromHtmx, sendFragment } from './fragment.js';
import { itemRow, statusChoices } from './views.js';
import { bodyOf } from '../crud.js';
import { escalationLines, workdayStanding } from '../notify/index.js';

type Values = Record<string, unknown>;

const flag = optional(z.enum(['1', 'true', 'on']).transform(() => true));
const listQuery = z.object({
  kind: optional(z.enum(itemKinds)),
  status: optional(z.enum(itemStatuses)),
  groupId: optionalId,
  enterpriseId: optionalId,
  leadUnit: optional(z.string().max(100)),
  open: flag,
  overdue: flag,
  // Drill-down from the dashboard: its scope, items due within N days, problems by category and level.
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  dueWithin: optional(z.coerce.number().int().min(0).max(366)),
  category: optional(z.enum(problemCategories)),
  problemLevel: optional(z.enum(problemLevels)),
  /** Part of a working group's name, when there are too many groups for a select. */
  group: optional(z.string().trim().max(100)),
  // The items behind the dashboard's 综合 column and behind a month's figures.
  noLine: flag,
  addedIn: optional(z.string().refine(isMonth, { message: 'validation.month' })),
  closedIn: optional(z.string().refine(isMonth, { message: 'validation.month' })),
  becameOverdueIn: optional(z.string().refine(isMonth, { message: 'validation.month' })),
  ...pageQuery,
});

/** Links that open the new-item form carry its source: ?kind=problem&handoverId=3. */
const newQuery = z.object({
  kind: optional(z.enum(itemKinds)).catch(undefined),
  groupId: optionalId.catch(undefined),
  enterpriseId: optionalId.catch(undefined),
  handoverId: optionalId.catch(undefined),
  agreementId: optionalId.catch(undefined),
  meetingId: optionalId.catch(undefined),
});

/** The audit keeps the supporting units as stored (a JSON list): show them as names. */
function readableUnits<T extends { changes: { field: string; before: string; after: string }[] }>(entries: T[], unitsLabel: string): T[] {
  const names = (v: string) => (v.startsWith('[') ? parseUnits(v).join('、') || '—' : v);
  return entries.map((e) => ({ ...e, changes: e.changes.map((c) => (c.field === unitsLabel ? { ...c, before: names(c.before), after: names(c.after) } : c)) }));
}

export const ROW_TEMPLATE = '{{#each rows}}{{> item-row}}{{/each}}';

const mayWriteMeetings = (user: FastifyRequest['user']) => allows(user, { write: 'meetings' });

const writer = (request: FastifyRequest): ItemWriter => ({ actor: request.actor, user: request.user!, locale: request.locale });

const routes: FastifyPluginAsync = async (app) => {
  const items = app.services.items;
  const write = { config: { access: { write: 'items' as const } } };
  const closure = { config: { access: { write: 'itemClosure' as const } } };

  const loadOr404 = (request: FastifyRequest, id: number) => {
    const record = items.record(id);
    if (!record) throw notFound(translate(request.locale, 'item.notFound'));
    return record;
  };

  // ---- The list and one item ----

  app.get('/items', { config: { access: 'read' } }, async (request, reply) => {
    const query = parseQuery(listQuery, request.query);
    const { after, before, group, ...filter } = query;
    // A name typed for the group: the groups it matches (none matched: nothing is listed).
    const groupChoices = app.services.groups.choices();
    const matched = group && !filter.groupId ? app.services.groups.matching(group) : null;
    const result = items.list(matched ? { ...filter, groupIds: matched.map((g) => g.id) } : filter, { after, before });
    // Filters that arrive from the dashboard's drill-down links have no control in the form:
    // they travel as hidden fields and are named above the list, so filtering further keeps them.
    const enterprise = filter.enterpriseId ? app.services.enterprises.record(filter.enterpriseId) : null;
    const scopeLabels: [keyof typeof filter, string, string | undefined][] = [
      ['enterpriseId', 'enterprise.name', enterprise?.shortName],
      // With too many groups for a select, a chosen group travels as a hidden field too.
      ...(groupChoices ? [] : ([['groupId', 'item.group', filter.groupId ? app.services.groups.record(filter.groupId)?.name : undefined]] as [keyof typeof filter, string, string | undefined][])),
      ['leadUnit', 'item.leadUnit', filter.leadUnit],
      ['level', 'enterprise.level', filter.level && translate(request.locale, `level.${filter.level}`)],
      ['serviceLine', 'handover.serviceLine', filter.serviceLine && translate(request.locale, `serviceLine.${filter.serviceLine}`)],
      ['dueWithin', 'item.dueWithin', filter.dueWithin === undefined ? undefined : String(filter.dueWithin)],
      ['noLine', 'handover.serviceLine', filter.noLine ? translate(request.locale, 'dash.column.general') : undefined],
      ['addedIn', 'dashChange.added', filter.addedIn && formatMonth(filter.addedIn, request.locale)],
      ['closedIn', 'dashChange.closed', filter.closedIn && formatMonth(filter.closedIn, request.locale)],
      ['becameOverdueIn', 'dashChange.becameOverdue', filter.becameOverdueIn && formatMonth(filter.becameOverdueIn, request.locale)],
      ['category', 'item.category', filter.category && translate(request.locale, `category.${filter.category}`)],
      ['problemLevel', 'item.level', filter.problemLevel && translate(request.locale, `problemLevel.${filter.problemLevel}`)],
    ];
    const scope = scopeLabels
      .filter(([name]) => filter[name] !== undefined)
      .map(([name, label, shown]) => ({ name, value: String(filter[name]), label: translate(request.locale, label), shown: shown ?? String(filter[name]) }));
    return reply.page('pages/items/list', {
      title: translate(request.locale, 'item.list'),
      nav: 'items',
      ...result,
      scope,
      kinds: itemKinds,
      statuses: itemStatuses,
      groups: groupChoices,
      groupSearch: group ?? '',
      groupMatches: matched ? matched.length : null,
      filter,
      pager: pager('/items', { ...filter, group }, result),
    });
  });

  app.get<{ Params: { id: string } }>('/items/:id', { config: { access: 'read' } }, async (request, reply) => {
    const id = parseId(request.params.id);
    const found = items.get(id);
    if (!found) throw notFound(translate(request.locale, 'item.notFound'));
    const user = request.user;
    const item = found.item;
    const may = mayUpdateItem(user, item);
    const delays = items.delaysOf(id).map((d) => ({ ...d.request, requester: d.requester, decider: d.decider, pending: d.request.status === 'pending' }));
    const pending = delays.some((d) => d.pending);
    return reply.page('pages/items/show', {
      title: item.title,
      nav: 'items',
      ...found,
      delays,
      // A decision belongs to the minutes: edited by those who edit meetings (services/items.ts).
      mayEdit: may && (item.kind !== 'decision' || mayWriteMeetings(user)),
      mayUpdate: may && item.status !== 'closed',
      mayRequestDelay: may && !finishedStatuses.includes(item.status) && !pending,
      mayClose: !!request.user && ['admin', 'office'].includes(request.user.role),
      isClosed: item.status === 'closed',
      statusChoices: statusChoices(request.locale, item.status),
      instructionBox: app.services.instructions.box(user, 'item', id),
      history: readableUnits(app.services.history.of('item', id, request.locale), translate(request.locale, 'item.supportUnits')),
      // Working days: where the deadline stands, and the steps of the escalation ladder taken.
      workdayStanding: workdayStanding(app.services.workingDays.calendar(), item, app.clock.today(), request.locale),
      dueWorkdaysText: item.dueWorkdays ? translate(request.locale, 'item.dueWorkdaysN', { n: item.dueWorkdays }) : null,
      escalations: escalationLines(app.services.escalations.ofItem(id), request.locale),
    });
  });

  // ---- Create and edit ----

  function itemFields(request: FastifyRequest, record: Values | null, enterpriseId?: number | null): FieldDef[] {
    const user = request.user!;
    const options = items.formOptions({ enterpriseId: enterpriseId ?? null });
    const locale = request.locale;
    const groupChoices = user.role === 'staff' ? options.groups.filter((g) => user.groupIds.includes(g.id) || g.id === record?.groupId) : options.groups;
    // Decisions and links to meetings are written by those who edit meetings: others are not offered them.
    const meetingsToo = mayWriteMeetings(user);
    const refField = <T extends { id: number }>(name: string, label: string, rows: T[] | null, name_: (r: T) => string): FieldDef =>
      rows ? { name, label, type: 'select', blank: true, options: rows.map((r) => ({ value: r.id, label: name_(r) })) } : { name, label, type: 'number', hint: 'item.idHint' };
    return [
      { name: 'kind', label: 'item.kind', type: 'select', required: true, values: meetingsToo ? itemKinds : itemKinds.filter((k) => k !== 'decision'), labelGroup: 'itemKind' },
      { name: 'title', label: 'item.title', type: 'text', required: true, maxLength: 200 },
      { name: 'detail', label: 'item.detail', type: 'textarea', maxLength: 4000 },
      { name: 'leadUnit', label: 'item.leadUnit', type: 'text', required: true, maxLength: 100 },
      { name: 'supportUnits', label: 'item.supportUnits', type: 'textarea', hint: 'item.supportUnitsHint' },
      { name: 'owner', label: 'item.owner', type: 'text', maxLength: 50 },
      refField('ownerUserId', 'item.ownerUserId', options.users.length > 500 ? null : options.users, (u) => u.name),
      { name: 'groupId', label: 'item.group', type: 'select', required: true, blank: true, options: groupChoices.map((g) => ({ value: g.id, label: g.name })) },
      { name: 'dueDate', label: 'item.dueDate', type: 'date', required: true, hint: 'item.dueDateHint' },
      { name: 'dueWorkdays', label: 'item.dueWorkdays', type: 'number', hint: 'item.dueWorkdaysHint' },
      { name: 'category', label: 'item.category', type: 'select', blank: true, values: problemCategories, labelGroup: 'category', hint: 'item.problemOnlyHint' },
      { name: 'level', label: 'item.level', type: 'select', blank: true, values: problemLevels, labelGroup: 'problemLevel', hint: 'item.problemOnlyHint' },
      { name: 'raisedOn', label: 'item.raisedOn', type: 'date', hint: 'item.raisedOnHint' },
      refField('enterpriseId', 'item.enterprise', options.enterprises, (e) => e.name),
      refField('handoverId', 'item.handover', options.handovers, (h) =>
        [h.enterprise, h.compound ?? translate(locale, 'handover.enterpriseWide'), translate(locale, `serviceLine.${h.serviceLine}`)].join(' · '),
      ),
      { name: 'stage', label: 'item.stage', type: 'select', blank: true, values: stages, labelGroup: 'stage' },
      refField('agreementId', 'item.agreement', options.agreements, (a) => a.name),
      ...(meetingsToo ? [refField('meetingId', 'item.meeting', options.meetings, (m) => `${formatDay(m.startsAt.slice(0, 10), request.locale)} ${m.name}`)] : []),
    ];
  }

  /** A record as form values: the units as text. */
  const formValues = (record: Values): Values => ({
    ...record,
    supportUnits: typeof record.supportUnits === 'string' ? parseUnits(record.supportUnits).join('、') : record.supportUnits,
  });

  const showItemForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { id: number | null; values: Values; record: Values | null; errors?: ValidationError['fields']; conflict?: Values | null },
  ) => {
    const locale = request.locale;
    const may = opts.record ? mayUpdateItem(request.user, opts.record as { groupId: number | null }) : true;
    const enterpriseId = Number(opts.values.enterpriseId) || null;
    return renderForm(request, reply, {
      title: opts.id ? `${translate(locale, 'item.edit')}：${String(opts.record?.title ?? '')}` : translate(locale, opts.values.kind === 'problem' ? 'item.newProblem' : 'item.new'),
      nav: 'items',
      action: opts.id ? `/items/${opts.id}` : '/items',
      fields: itemFields(request, opts.record, enterpriseId),
      values: opts.values,
      errors: opts.errors,
      conflict: opts.conflict ? formValues(opts.conflict) : null,
      version: (opts.record?.version as number | undefined) ?? null,
      back: opts.id ? `/items/${opts.id}` : '/items',
      deleteAction: opts.id && request.user && ['admin', 'office'].includes(request.user.role) ? `/items/${opts.id}/delete` : null,
      intro: may ? null : translate(locale, 'item.notYourGroup'),
    });
  };

  app.get('/items/new', write, async (request, reply) => {
    const query = newQuery.parse(request.query ?? {});
    const user = request.user!;
    const values: Values = { kind: query.kind ?? 'problem', ...query };
    if (!values.groupId && user.role === 'staff' && user.groupIds.length === 1) values.groupId = user.groupIds[0];
    if (values.kind === 'problem') values.raisedOn = app.clock.today();
    return showItemForm(request, reply, { id: null, values, record: null });
  });

  app.post('/items', write, async (request, reply) => {
    const input = bodyOf(request);
    try {
      const id = items.create(writer(request), input);
      return reply.redirect(`/items/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showItemForm(request, reply, { id: null, values: input, record: null, errors: error.fields });
      throw error;
    }
  });

  // Staff open the form of their own groups' items only: the save would be refused anyway.
  app.get<{ Params: { id: string } }>('/items/:id/edit', write, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id) as unknown as Values;
    if (!mayUpdateItem(request.user, record as { groupId: number | null })) throw new HttpError(403, 'forbidden', 'item.notYourGroup');
    if (record.kind === 'decision' && !mayWriteMeetings(request.user)) throw new HttpError(403, 'forbidden', 'item.meetingByOffice');
    return showItemForm(request, reply, { id, values: formValues(record), record });
  });

  app.post<{ Params: { id: string } }>('/items/:id', write, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id) as unknown as Values;
    const input = bodyOf(request);
    try {
      items.update(writer(request), id, input);
      return reply.redirect(`/items/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showItemForm(request, reply, { id, values: input, record: { ...record, version: input.version ?? record.version }, errors: error.fields });
      if (error instanceof ConflictError) return showItemForm(request, reply, { id, values: input, record: error.current, conflict: error.current });
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>('/items/:id/delete', closure, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id) as unknown as Values;
    const version = deleteVersion(request.body);
    try {
      items.remove(writer(request), id, version);
    } catch (error) {
      if (error instanceof ConflictError) return showItemForm(request, reply, { id, values: formValues(error.current), record: error.current, conflict: error.current });
      throw error;
    }
    return reply.redirect('/items', 303);
  });

  // ---- Status with a progress note ----

  const statusForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    record: Values,
    opts: { values: Values; errors?: ValidationError['fields']; conflict?: Values | null; from: string },
  ) =>
    renderForm(request, reply, {
      title: translate(request.locale, 'item.updateTitle', { title: String(record.title) }),
      nav: opts.from === 'my' ? 'my' : 'items',
      action: `/items/${String(record.id)}/status${opts.from === 'my' ? '?from=my' : ''}`,
      fields: [
        { name: 'status', label: 'item.newStatus', type: 'select', required: true, options: statusChoices(request.locale, record.status as ItemStatus).map((c) => ({ value: c.value, label: c.label })) },
        { name: 'note', label: 'item.note', type: 'textarea', maxLength: 2000, hint: 'item.notePlaceholder' },
      ],
      values: opts.values,
      errors: opts.errors,
      conflict: opts.conflict ? { ...opts.conflict, note: opts.conflict.progress } : null,
      version: (opts.values.version as number | undefined) ?? (record.version as number),
      back: opts.from === 'my' ? '/my' : `/items/${String(record.id)}`,
      submit: translate(request.locale, 'item.updateSubmit'),
    });

  app.post<{ Params: { id: string }; Querystring: { from?: string } }>('/items/:id/status', write, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id) as unknown as Values;
    const input = bodyOf(request);
    const from = input.from === 'my' || request.query.from === 'my' ? 'my' : 'item';
    const htmx = fromHtmx(request);
    const row = (state: Parameters<typeof itemRow>[3], status = 200) => {
      const fresh = items.row(id)!;
      const open = items.openInstructionCounts([id]).get(id) ?? 0;
      return sendFragment(request, reply, ROW_TEMPLATE, { rows: [itemRow(fresh, request.user, request.locale, { ...state, openInstructions: open })] }, status);
    };
    try {
      items.changeStatus(writer(request), id, input);
    } catch (error) {
      if (error instanceof ValidationError) {
        if (htmx) return row({ input, errors: error.fields }, 422);
        return statusForm(request, reply, record, { values: input, errors: error.fields, from });
      }
      if (error instanceof ConflictError) {
        const current = error.current as { status: ItemStatus; progress: string | null; version: number };
        if (htmx) return row({ input, conflict: current }, 409);
        return statusForm(request, reply, record, { values: { ...input, version: current.version }, conflict: current, from });
      }
      throw error;
    }
    if (htmx) return row({ saved: true });
    return reply.redirect(from === 'my' ? `/my?updated=${id}#item-${id}` : `/items/${id}`, 303);
  });

  // ---- Close-out and reopening (the office) ----

  for (const action of ['close', 'reopen'] as const) {
    app.post<{ Params: { id: string } }>(`/items/:id/${action}`, closure, async (request, reply) => {
      const id = parseId(request.params.id);
      const record = loadOr404(request, id) as unknown as Values;
      const input = bodyOf(request);
      try {
        if (action === 'close') items.close(writer(request), id, input);
        else items.reopen(writer(request), id, input);
        return reply.redirect(`/items/${id}`, 303);
      } catch (error) {
        const show = (errors?: ValidationError['fields'], conflict?: Values) =>
          renderForm(request, reply, {
            title: translate(request.locale, action === 'close' ? 'item.closeTitle' : 'item.reopenTitle', { title: String(record.title) }),
            nav: 'items',
            action: `/items/${id}/${action}`,
            fields: [{ name: 'note', label: action === 'close' ? 'item.closeNote' : 'item.reopenNote', type: 'textarea', required: true, maxLength: 2000, hint: action === 'close' ? 'item.closeNoteHint' : undefined }],
            values: input,
            errors,
            conflict: conflict ? { ...conflict, note: action === 'close' ? conflict.closeNote : conflict.progress } : null,
            version: conflict ? (conflict.version as number) : Number(input.version) || (record.version as number),
            back: `/items/${id}`,
            submit: translate(request.locale, action === 'close' ? 'item.closeOut' : 'item.reopen'),
          });
        if (error instanceof ValidationError) return show(error.fields);
        if (error instanceof ConflictError) return show(undefined, error.current);
        throw error;
      }
    });
  }

  // ---- Delay requests ----

  app.post<{ Params: { id: string } }>('/items/:id/delay-requests', write, async (request, reply) => {
    const id = parseId(request.params.id);
    const record = loadOr404(request, id) as unknown as Values;
    const input = bodyOf(request);
    try {
      items.requestDelay(writer(request), id, input);
      return reply.redirect(`/items/${id}#delays`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return renderForm(request, reply, {
          title: translate(request.locale, 'item.requestDelayTitle', { title: String(record.title) }),
          nav: 'items',
          action: `/items/${id}/delay-requests`,
          fields: [
            { name: 'newDueDate', label: 'item.newDueDate', type: 'date', required: true },
            { name: 'reason', label: 'item.delayReason', type: 'textarea', required: true, maxLength: 1000 },
          ],
          values: input,
          errors: error.fields,
          back: `/items/${id}`,
          submit: translate(request.locale, 'item.requestDelay'),
        });
      }
      throw error;
    }
  });

  app.post<{ Params: { id: string; requestId: string } }>('/items/:id/delay-requests/:requestId/decision', closure, async (request, reply) => {
    const id = parseId(request.params.id);
    const requestId = parseId(request.params.requestId);
    const record = loadOr404(request, id) as unknown as Values;
    const input = bodyOf(request);
    try {
      items.decideDelay(writer(request), id, requestId, input);
      return reply.redirect(input.from === 'my' ? '/my#delays' : `/items/${id}#delays`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return renderForm(request, reply, {
          title: translate(request.locale, 'item.decideTitle', { title: String(record.title) }),
          nav: 'items',
          action: `/items/${id}/delay-requests/${requestId}/decision`,
          fields: [
            { name: 'approve', label: 'item.decision', type: 'select', required: true, blank: true, options: [{ value: '1', label: translate(request.locale, 'item.approve') }, { value: '0', label: translate(request.locale, 'item.reject') }] },
            { name: 'note', label: 'item.decisionNote', type: 'textarea', maxLength: 2000, hint: 'item.decisionNoteHint' },
          ],
          values: input,
          errors: error.fields,
          back: `/items/${id}`,
        });
      }
      throw error;
    }
  });
};

export default routes;

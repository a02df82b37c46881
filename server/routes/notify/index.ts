// 督办 that pushes: the inbox (/inbox, own messages only, mark one or all read), the printable
// 催办单 and its 签收 (the lead unit's working group, or the office), the month's 通报 list, and the
// admin pages of the working-day corrections and of the escalation ladder.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { itemKinds, type ItemKind } from '../../../db/schema.js';
import { formatDay, formatMonth } from '../../dates.js';
import { translateErrors, ValidationError, type FieldErrors } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { translate, type Locale } from '../../i18n/messages.js';
import { isMonth } from '../../services/figures.js';
import { parseUnits } from '../../services/items.js';
import { ConflictError } from '../../services/records.js';
import type { Calendar } from '../../services/working-days.js';
import { deleteVersion, optional, parseId, parseQuery } from '../parse.js';
import { pageQuery, pager } from '../pager.js';

const signedIn = { config: { access: 'read' } } as const;
const adminRead = { config: { access: { read: 'settings' } } } as const;
const adminWrite = { config: { access: { write: 'settings' } } } as const;

const inboxQuery = z.object({ ...pageQuery, unread: optional(z.enum(['1']).transform(() => true)), marked: optional(z.coerce.number().int().min(0)).catch(undefined) });
const yearQuery = z.object({ year: optional(z.coerce.number().int().min(2000).max(2100)).catch(undefined), saved: optional(z.string()).catch(undefined) });

/** "Due within N working days" / "overdue by N working days" of an open item, in words. */
export function workdayStanding(cal: Calendar, item: { dueDate: string; status: string }, today: string, locale: Locale): string | null {
  if (item.status === 'done' || item.status === 'closed') return null;
  const { overdue, workdays } = cal.standing(item.dueDate, today);
  if (overdue) return workdays ? translate(locale, 'workday.overdue', { n: workdays }) : translate(locale, 'workday.overdueUnderOne');
  if (item.dueDate === today) return translate(locale, 'workday.dueToday');
  return workdays ? translate(locale, 'workday.dueWithin', { n: workdays }) : translate(locale, 'workday.dueTodayOff');
}

/** The steps of the ladder taken on an item, in words (the item's page). */
export function escalationLines(steps: { id: number; step: string; onDay: string; dueDate: string; workdays: number; year: number | null; number: number | null; cycle: string; signedByName: string | null; signedOn: string | null }[], locale: Locale) {
  return steps.map((s) => ({
    id: s.id,
    isUrge: s.step === 'urge',
    text: translate(locale, `escalation.${s.step}`, {
      date: formatDay(s.onDay, locale),
      n: s.workdays,
      number: translate(locale, 'urge.number', { year: s.year ?? '', n: s.number ?? '' }),
      month: s.step === 'report' ? formatMonth(s.cycle, locale) : '',
    }),
    deadline: translate(locale, 'escalation.forDeadline', { date: formatDay(s.dueDate, locale) }),
    signed: s.signedOn ? translate(locale, 'urge.signedBy', { name: s.signedByName ?? '', date: formatDay(s.signedOn, locale) }) : null,
  }));
}

/** `hour`: the hour of the daily job `notify` (NOTIFY_HOUR), told on the ladder page. */
const routes: FastifyPluginAsync<{ hour: number }> = async (app, opts) => {
  const escalations = app.services.escalations;

  // ---- The inbox ----

  app.get('/inbox', signedIn, async (request, reply) => {
    const { after, before, unread, marked } = parseQuery(inboxQuery, request.query);
    const result = app.services.inbox.list(request.user!.id, request.locale, { after, before, unread });
    return reply.page('pages/notify/inbox', {
      title: translate(request.locale, 'inbox.title'),
      nav: 'inbox',
      ...result,
      rows: result.rows.map((r) => ({ ...r, day: formatDay(r.onDay, request.locale) })),
      unreadOnly: !!unread,
      marked: marked === undefined ? null : translate(request.locale, 'inbox.markedAll', { n: marked }),
      pager: pager('/inbox', { unread }, result),
    });
  });

  app.post<{ Params: { id: string } }>('/inbox/:id/read', signedIn, async (request, reply) => {
    const link = app.services.inbox.markRead(request.user!.id, parseId(request.params.id));
    const open = (request.body as Record<string, unknown> | undefined)?.open === '1';
    // Only a path of this site: the link was written by the ladder, but it is never an open redirect.
    return reply.redirect(open && link && /^\/[a-z]/.test(link) ? link : '/inbox', 303);
  });

  app.post('/inbox/read-all', signedIn, async (request, reply) => {
    const n = app.services.inbox.markAllRead(request.user!.id);
    return reply.redirect(`/inbox?marked=${n}`, 303);
  });

  // ---- 催办单 ----

  app.get<{ Params: { id: string }; Querystring: { signed?: string } }>('/urges/:id', signedIn, async (request, reply) => {
    const found = escalations.urge(parseId(request.params.id));
    const locale = request.locale;
    if (!found) throw notFound(translate(locale, 'urge.notFound'));
    const { urge, item, groupName } = found;
    const today = app.clock.today();
    const org = app.services.settings.get();
    return reply.page('pages/notify/urge', {
      title: `${translate(locale, 'urge.title')} ${translate(locale, 'urge.number', { year: urge.year, n: urge.number })}`,
      nav: 'items',
      urge,
      item,
      groupName,
      number: translate(locale, 'urge.number', { year: urge.year, n: urge.number }),
      issuer: org.minutesOrgan || org.organisationName,
      body: translate(locale, 'urge.body', { title: item.title, date: formatDay(urge.dueDate, locale), today: formatDay(urge.onDay, locale), n: urge.workdays }),
      supportUnits: parseUnits(item.supportUnits).join('、'),
      signed: urge.signedOn ? translate(locale, 'urge.signedBy', { name: urge.signedByName ?? '', date: formatDay(urge.signedOn, locale) }) : null,
      maySign: !urge.signedAt && escalations.maySign(request.user, item),
      justSigned: request.query.signed === '1',
      stillOpen: item.status !== 'done' && item.status !== 'closed' && item.dueDate <= today,
    });
  });

  app.post<{ Params: { id: string } }>('/urges/:id/sign', { config: { access: { write: 'items' } } }, async (request, reply) => {
    const id = parseId(request.params.id);
    escalations.sign(request.user!, request.actor, id);
    return reply.redirect(`/urges/${id}?signed=1`, 303);
  });

  // ---- The month's 通报 ----

  app.get<{ Params: { month: string } }>('/notices/:month', signedIn, async (request, reply) => {
    const month = request.params.month;
    if (!isMonth(month)) throw notFound();
    const { after, before } = parseQuery(z.object(pageQuery), request.query);
    const result = escalations.noticesOf(month, { after, before });
    const locale = request.locale;
    return reply.page('pages/notify/notices', {
      title: translate(locale, 'notices.title', { month: formatMonth(month, locale) }),
      nav: 'items',
      ...result,
      rows: result.rows.map((r) => ({ ...r, due: formatDay(r.dueDate, locale), overdue: translate(locale, 'notices.overdueN', { n: r.workdays }) })),
      pager: pager(`/notices/${month}`, {}, result),
    });
  });

  // ---- Working days (admin) ----

  const showYear = (request: FastifyRequest, reply: FastifyReply, year: number, model: { values?: Record<string, unknown>; errors?: FieldErrors; saved?: string | null; status?: number } = {}) => {
    const locale = request.locale;
    const data = app.services.workingDays.year(year);
    const kindOf = (work: boolean, weekend: boolean) => translate(locale, work ? (weekend ? 'workingDays.makeUp' : 'workingDays.work') : weekend ? 'workingDays.rest' : 'workingDays.holiday');
    const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    reply.status(model.status ?? 200);
    return reply.page('pages/notify/working-days', {
      title: translate(locale, 'workingDays.title'),
      nav: 'admin',
      year,
      prevYear: year - 1,
      nextYear: year + 1,
      known: data.known,
      library: data.library.map((d) => ({ day: formatDay(d.day, locale), kind: kindOf(d.work, isWeekend(d.day)), name: d.name ?? '' })),
      corrections: data.corrections.map((c) => ({ ...c, shown: formatDay(c.day, locale), kind: kindOf(c.work, isWeekend(c.day)) })),
      values: { day: '', work: false, name: '', ...model.values },
      workChecked: ['1', 'true', 'on'].includes(String(([] as unknown[]).concat(model.values?.work ?? '').at(-1))),
      errors: model.errors ? translateErrors(model.errors, locale) : {},
      formError: model.errors ? translate(locale, 'validation.failed') : null,
      saved: model.saved ?? null,
    });
  };

  app.get('/admin/working-days', adminRead, async (request, reply) => {
    const { year, saved } = parseQuery(yearQuery, request.query);
    const shown = year ?? Number(app.clock.today().slice(0, 4));
    return showYear(request, reply, shown, { saved: saved === 'removed' ? translate(request.locale, 'workingDays.removed') : saved ? translate(request.locale, 'workingDays.saved') : null });
  });

  app.post('/admin/working-days', adminWrite, async (request, reply) => {
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    try {
      app.services.workingDays.save(request.actor, body);
      const day = String(body.day).trim();
      return reply.redirect(`/admin/working-days?year=${day.slice(0, 4)}&saved=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const typed = typeof body.day === 'string' && /^\d{4}/.test(body.day) ? Number(body.day.slice(0, 4)) : Number(app.clock.today().slice(0, 4));
      return showYear(request, reply, typed >= 2000 && typed <= 2100 ? typed : Number(app.clock.today().slice(0, 4)), { values: body, errors: error.fields, status: 422 });
    }
  });

  app.post<{ Params: { id: string } }>('/admin/working-days/:id/delete', adminWrite, async (request, reply) => {
    const id = parseId(request.params.id);
    const version = deleteVersion(request.body);
    const year = (request.body as Record<string, unknown>).year;
    app.services.workingDays.remove(request.actor, id, version);
    return reply.redirect(`/admin/working-days?saved=removed${typeof year === 'string' && /^\d{4}$/.test(year) ? `&year=${year}` : ''}`, 303);
  });

  // ---- The escalation ladder (admin) ----

  const showLadder = (request: FastifyRequest, reply: FastifyReply, model: { kind?: ItemKind; values?: Record<string, unknown>; errors?: FieldErrors; conflict?: boolean; saved?: ItemKind | null; status?: number } = {}) => {
    const locale = request.locale;
    const errors = model.errors ? translateErrors(model.errors, locale) : {};
    reply.status(model.status ?? 200);
    return reply.page('pages/notify/ladder', {
      title: translate(locale, 'ladder.title'),
      nav: 'admin',
      intro: translate(locale, 'ladder.intro', { hour: opts.hour }),
      ladders: escalations.ladders().map((l) => {
        const mine = model.kind === l.kind;
        const v = mine && model.values ? model.values : l;
        const on = (x: unknown) => x === true || ['1', 'true', 'on'].includes(String(([] as unknown[]).concat(x ?? '').at(-1)));
        return {
          kind: l.kind,
          label: translate(locale, `itemKind.${l.kind}`),
          version: mine && model.conflict ? l.version : Number(v.version ?? l.version),
          enabled: on(v.enabled),
          remindBefore: v.remindBefore,
          urgeAfter: v.urgeAfter,
          escalateAfter: v.escalateAfter,
          reportAtMonthEnd: on(v.reportAtMonthEnd),
          errors: mine ? errors : {},
          conflict: mine && model.conflict,
        };
      }),
      formError: model.errors ? translate(locale, 'validation.failed') : null,
      saved: model.saved ? translate(locale, 'ladder.saved', { kind: translate(locale, `itemKind.${model.saved}`) }) : null,
    });
  };

  app.get<{ Querystring: { saved?: string } }>('/admin/ladder', adminRead, async (request, reply) => {
    const saved = (itemKinds as readonly string[]).includes(request.query.saved ?? '') ? (request.query.saved as ItemKind) : null;
    return showLadder(request, reply, { saved });
  });

  app.post<{ Params: { kind: string } }>('/admin/ladder/:kind', adminWrite, async (request, reply) => {
    const kind = request.params.kind;
    if (!(itemKinds as readonly string[]).includes(kind)) throw notFound();
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    try {
      escalations.saveLadder(request.actor, kind, body);
      return reply.redirect(`/admin/ladder?saved=${kind}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showLadder(request, reply, { kind: kind as ItemKind, values: body, errors: error.fields, status: 422 });
      if (error instanceof ConflictError) return showLadder(request, reply, { kind: kind as ItemKind, values: body, conflict: true, status: 409 });
      throw error;
    }
  });
};

export default routes;

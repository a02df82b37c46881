// Meetings: the series with their cadence state, the meetings held and planned, one meeting; and
// the office's forms: meeting series, scheduling and recording a meeting, its attendance and
// agenda (whole lists, plain forms: blank rows to fill and "more rows" without JavaScript), and
// its decisions. Issuing, reopening and the exports live in ../minutes/.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attendanceKinds, cadences, meetingKinds, meetingStatuses } from '../../../db/schema.js';
import { formatDay, isDay } from '../../dates.js';
import { single, translateErrors, ValidationError, type FieldErrors } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { translate, type Locale } from '../../i18n/messages.js';
import { isClockTime } from '../../services/meeting-records.js';
import { nthChoices, scheduleFormValues, scheduleFromForm, scheduleKinds, scheduleOf, scheduleToCadence, weekdayCodes } from '../../services/recurrence.js';
import { assertEditable } from '../../services/minutes.js';
import { ConflictError } from '../../services/records.js';
import { registerCrud } from '../crud.js';
import { fieldViews, renderForm, type FieldDef } from '../form-page.js';
import { pageQuery, pager } from '../pager.js';
import { deleteVersion, optional, optionalId, parseId, parseQuery } from '../parse.js';

const listQuery = z.object({
  seriesId: optionalId,
  groupId: optionalId,
  month: optional(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
  /** Only the series behind their cadence. */
  behind: optional(z.enum(['1', 'true', 'on']).transform(() => true)),
  seriesPage: optional(z.coerce.number().int().min(1).max(100_000)),
  ...pageQuery,
});

/** Meeting series on one page of the list. */
const SERIES_PER_PAGE = 30;
const newQuery = z.object({ seriesId: optionalId, groupId: optionalId });

type Values = Record<string, unknown>;
type WithId = { Params: { id: string } };
type WithDecision = { Params: { id: string; itemId: string } };

const text = (v: unknown): string => {
  const one = single(v);
  return one === undefined || one === null ? '' : String(one).trim();
};
/** Blank rows offered under the filled ones, and how many "more rows" adds. */
const BLANK_ROWS = 3;
const MORE_ROWS = 5;
const MAX_ROWS = 500;

/** The rows of the conflict table: each field as it is now beside the user's input, where they differ. */
function conflictRows(fields: FieldDef[], mine: Values, theirs: Values, locale: Locale) {
  const shown = (f: ReturnType<typeof fieldViews>[number]) =>
    f.isSelect ? f.options.filter((o) => o.selected).map((o) => o.label).join('、') : f.isCheckbox ? (f.checked ? '✓' : '—') : f.value;
  const yours = fieldViews(fields, mine, {}, locale);
  return fieldViews(fields, theirs, {}, locale)
    .map((f, i) => ({ label: f.label, theirs: shown(f), yours: shown(yours[i]!) }))
    .filter((row) => row.theirs !== row.yours);
}

const routes: FastifyPluginAsync = async (app) => {
  const records = app.services.meetingRecords;
  const write = { config: { access: { write: 'meetings' as const } } };
  const body = (request: FastifyRequest) => ({ ...((request.body ?? {}) as Values) });

  /** The meetings page; with a feed token just created, its calendar addresses carry it. */
  function showMeetings(request: FastifyRequest, reply: FastifyReply, query: unknown, feedToken: string | null = null) {
    const { after, before, behind, seriesPage, ...filter } = parseQuery(listQuery, query);
    // The series: those behind first (most behind first), then the rest in list order, paged.
    // Every series' next due date is worked out from its rule: remembered until a meeting, series
    // or group changes (or the day does), like the dashboard's sections.
    const memo = app.services.memo;
    const all = memo.cached(`meetings:series:${filter.groupId ?? 0}`, ['meetings', 'groups'], memo.versions(), app.clock.today(), () =>
      app.services.meetings.seriesList(filter.groupId ? { groupId: filter.groupId } : {}),
    );
    const shownSeries = (behind ? all.filter((s) => s.behind) : all).slice().sort((a, b) => Number(b.behind) - Number(a.behind) || b.daysLate - a.daysLate);
    const seriesPages = Math.max(1, Math.ceil(shownSeries.length / SERIES_PER_PAGE));
    const sp = Math.min(seriesPage ?? 1, seriesPages);
    const seriesLink = (n: number) => {
      const query = new URLSearchParams({ ...(filter.groupId ? { groupId: String(filter.groupId) } : {}), ...(behind ? { behind: '1' } : {}), ...(n > 1 ? { seriesPage: String(n) } : {}) }).toString();
      return query ? `/meetings?${query}` : '/meetings';
    };
    const meetings = app.services.meetings.list(filter, { after, before });
    const pageSeries = shownSeries.slice((sp - 1) * SERIES_PER_PAGE, sp * SERIES_PER_PAGE);
    // Full addresses to paste into a calendar app (PUBLIC_URL, else this request's origin).
    const origin = app.publicUrlOf(request);
    const address = (path: string) => `${origin}${path}${feedToken ? `?token=${encodeURIComponent(feedToken)}` : ''}`;
    const calendar = {
      withToken: !!feedToken,
      planned: address('/calendar/planned.ics'),
      series: pageSeries.map((s) => ({ id: s.series.id, name: s.series.name, address: address(`/calendar/series/${s.series.id}.ics`) })),
    };
    return reply.page('pages/meetings/list', {
      calendar,
      title: translate(request.locale, 'nav.meetings'),
      nav: 'meetings',
      series: pageSeries,
      seriesTotal: shownSeries.length,
      behindCount: all.filter((s) => s.behind).length,
      seriesPrev: sp > 1 ? seriesLink(sp - 1) : null,
      seriesNext: sp < seriesPages ? seriesLink(sp + 1) : null,
      behindHref: `/meetings?${new URLSearchParams({ ...(filter.groupId ? { groupId: String(filter.groupId) } : {}), behind: '1' }).toString()}`,
      seriesPageText: { page: sp, pages: seriesPages },
      meetings: meetings.rows,
      pager: pager('/meetings', { ...filter, behind }, meetings),
      behind,
      filter,
    });
  }

  app.get('/meetings', { config: { access: 'read' } }, async (request, reply) => showMeetings(request, reply, request.query));

  // A calendar app cannot sign in: this makes the user a calendar feed token (shown once, as on
  // the profile) and shows the page again with every address carrying it, ready to copy.
  app.post('/meetings/calendar-address', { config: { access: 'read' } }, async (request, reply) => {
    const form = body(request);
    const query = { ...(form.groupId ? { groupId: form.groupId } : {}), ...(form.seriesPage ? { seriesPage: form.seriesPage } : {}) };
    // The page's input is checked before anything is written: a bad request makes no token.
    parseQuery(listQuery, query);
    const token = app.services.accounts.createFeedToken(request.actor, request.user!.id, translate(request.locale, 'calendarAddress.tokenName'));
    return showMeetings(request, reply, query, token);
  });

  app.get<WithId>('/meetings/:id', { config: { access: 'read' } }, async (request, reply) => {
    const found = app.services.meetings.get(parseId(request.params.id));
    if (!found) throw notFound(translate(request.locale, 'meeting.notFound'));
    return reply.page('pages/meetings/show', { title: found.meeting.title, nav: 'meetings', ...found });
  });

  // ---------------------------------------------------------------- series
  // The form offers the cadence in words (schedule, nth, weekday, dates); the service stores a
  // cadence and, for the custom ones, a rule (recurrence.ts turns one into the other).
  /** The form's input as the service's: schedule → cadence + rrule; the form's own errors first. */
  const seriesInputOf = (input: Values): Values => {
    const chosen = scheduleFromForm(input);
    if ('errors' in chosen) throw new ValidationError(chosen.errors);
    return { ...input, ...scheduleToCadence(chosen.schedule) };
  };
  /** The service's errors beside the form's fields: the rule's beside the dates (or the choice). */
  const onSeriesForm = (input: Values, run: () => void) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ValidationError) {
        const { cadence, rrule, ...rest } = error.fields;
        const where = single(input.schedule) === 'dates' ? 'dates' : 'schedule';
        throw new ValidationError({ ...rest, ...(cadence ? { schedule: cadence } : {}), ...(rrule ? { [where]: rrule } : {}) });
      }
      if (error instanceof ConflictError) throw new ConflictError(seriesValues(error.current));
      throw error;
    }
  };
  // Chosen dates are written back as 2018年5月15日, which the form reads in either language.
  const seriesValues = (record: Values): Values => ({ ...record, ...scheduleFormValues(String(record.cadence), (record.rrule as string | null) ?? null, 'zh-CN') });
  registerCrud(app, {
    path: '/meeting-series',
    nav: 'meetings',
    resource: 'meetings',
    noun: 'series.one',
    fields: (_request, record) => {
      const { groups } = records.formOptions(null);
      // A rule written over the API that the choices do not cover stays until another is chosen.
      const keepsRule = !!record && scheduleOf(String(record.cadence), (record.rrule as string | null) ?? null).kind === 'rule';
      return [
        { name: 'groupId', label: 'meeting.group', type: 'select', required: true, blank: true, options: groups.map((g) => ({ value: g.id, label: g.name })) },
        { name: 'name', label: 'series.name', type: 'text', required: true, maxLength: 100 },
        { name: 'kind', label: 'meeting.kind', type: 'select', required: true, values: meetingKinds, labelGroup: 'meetingKind' },
        { name: 'schedule', label: 'schedule.label', type: 'select', required: true, values: keepsRule ? [...scheduleKinds, 'rule'] : scheduleKinds, labelGroup: 'schedule.kind', hint: 'schedule.hint' },
        { name: 'nth', label: 'schedule.nthLabel', type: 'select', values: nthChoices, labelGroup: 'schedule.nth' },
        { name: 'weekday', label: 'schedule.weekdayLabel', type: 'select', values: weekdayCodes, labelGroup: 'schedule.weekday' },
        { name: 'dates', label: 'schedule.datesLabel', type: 'textarea', maxLength: 4000, hint: 'schedule.datesHint' },
        { name: 'graceDays', label: 'series.graceDays', type: 'number', hint: 'series.graceDaysHint' },
        { name: 'startedOn', label: 'series.startedOn', type: 'date', required: true },
        { name: 'active', label: 'series.active', type: 'checkbox' },
        { name: 'issuingOffice', label: 'series.issuingOffice', type: 'text', maxLength: 100, hint: 'series.issuingOfficeHint' },
        { name: 'distribution', label: 'series.distribution', type: 'textarea', maxLength: 1000 },
        ...(keepsRule ? [{ name: 'rule', label: 'schedule.kind.rule', type: 'hidden' as const }] : []),
      ] as FieldDef[];
    },
    defaults: (query) => ({ groupId: query.groupId ?? '', kind: 'regular', schedule: 'monthly', nth: '1', weekday: 'MO', graceDays: 0, active: '1', startedOn: app.clock.today() }),
    load: (id) => {
      const record = records.seriesRecord(id);
      return record ? seriesValues(record) : null;
    },
    create: (actor, input) => {
      let id = 0;
      onSeriesForm(input, () => (id = records.createSeries(actor, seriesInputOf(input))));
      return id;
    },
    update: (actor, id, input) => onSeriesForm(input, () => void records.updateSeries(actor, id, seriesInputOf(input))),
    remove: (actor, id, version) => records.removeSeries(actor, id, version),
    showPath: (id) => `/meetings?seriesId=${id}`,
    listPath: '/meetings',
  });

  // ---------------------------------------------------------------- a meeting
  const meetingFields = (groupId: number | null): FieldDef[] => {
    const { series, groups } = records.formOptions(groupId);
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    return [
      { name: 'seriesId', label: 'meeting.series', type: 'select', blank: true, options: series.map((s) => ({ value: s.id, label: `${s.name}（${groupName.get(s.groupId) ?? ''}）` })), hint: 'meetingForm.seriesHint' },
      { name: 'groupId', label: 'meeting.group', type: 'select', blank: true, options: groups.map((g) => ({ value: g.id, label: g.name })), hint: 'meetingForm.groupHint' },
      { name: 'title', label: 'meeting.title', type: 'text', required: true, maxLength: 200 },
      { name: 'kind', label: 'meeting.kind', type: 'select', required: true, values: meetingKinds, labelGroup: 'meetingKind' },
      { name: 'startsOn', label: 'meetingForm.startsOn', type: 'date', required: true },
      { name: 'startsTime', label: 'meetingForm.startsTime', type: 'text', required: true, hint: 'meetingForm.timeHint' },
      { name: 'endsTime', label: 'meetingForm.endsTime', type: 'text', hint: 'meetingForm.endsHint' },
      { name: 'place', label: 'meeting.place', type: 'text', maxLength: 200 },
      { name: 'chair', label: 'meeting.chair', type: 'text', maxLength: 50 },
      { name: 'chairPost', label: 'meetingForm.chairPost', type: 'text', maxLength: 100 },
      { name: 'recorder', label: 'meeting.recorder', type: 'text', maxLength: 50 },
      { name: 'topic', label: 'meetingForm.topic', type: 'textarea', maxLength: 1000, hint: 'meetingForm.topicHint' },
      { name: 'heard', label: 'meeting.heard', type: 'textarea', maxLength: 10000, hint: 'meetingForm.heardHint' },
      { name: 'summary', label: 'meetingForm.summary', type: 'textarea', maxLength: 10000, hint: 'meetingForm.summaryHint' },
      { name: 'status', label: 'meeting.status', type: 'select', required: true, values: meetingStatuses, labelGroup: 'meetingStatus' },
      { name: 'isSample', label: 'edit.isSample', type: 'checkbox' },
    ];
  };

  /** A stored meeting as form values (the day and the times apart). */
  const asForm = (m: Values): Values => ({
    ...m,
    startsOn: String(m.startsAt ?? '').slice(0, 10),
    startsTime: String(m.startsAt ?? '').slice(11, 16),
    endsTime: m.endsAt ? String(m.endsAt).slice(11, 16) : '',
  });

  /**
   * The form's day and times as the service's startsAt / endsAt. A part the form cannot read
   * gives its own error and a value the service refuses, so nothing is saved.
   */
  function fromForm(values: Values): { input: Values; errors: FieldErrors } {
    const errors: FieldErrors = {};
    const startsOn = text(values.startsOn);
    const startsTime = text(values.startsTime);
    const endsTime = text(values.endsTime);
    if (!startsOn) errors.startsOn = { key: 'validation.required' };
    else if (!isDay(startsOn)) errors.startsOn = { key: 'validation.date' };
    if (!startsTime) errors.startsTime = { key: 'validation.required' };
    else if (!isClockTime(startsTime)) errors.startsTime = { key: 'validation.time' };
    if (endsTime && !isClockTime(endsTime)) errors.endsTime = { key: 'validation.time' };
    const { startsOn: _d, startsTime: _s, endsTime: _e, ...rest } = values;
    return {
      input: {
        ...rest,
        startsAt: errors.startsOn || errors.startsTime ? '' : `${startsOn}T${startsTime}`,
        endsAt: errors.endsTime ? 'invalid' : endsTime && !errors.startsOn ? `${startsOn}T${endsTime}` : '',
      },
      errors,
    };
  }

  /** Service errors on startsAt / endsAt shown beside the time inputs; the form's own errors first. */
  function mergeErrors(form: FieldErrors, service: FieldErrors): FieldErrors {
    const merged: FieldErrors = { ...form };
    for (const [path, error] of Object.entries(service)) {
      if (path === 'startsAt') {
        if (!form.startsOn && !form.startsTime) merged.startsTime = error;
      } else if (path === 'endsAt') {
        if (!form.endsTime && !form.startsOn) merged.endsTime = error;
      } else merged[path] = error;
    }
    return merged;
  }

  function showMeetingForm(
    request: FastifyRequest,
    reply: FastifyReply,
    opts: { id: number | null; values: Values; version: number | null; errors?: FieldErrors; conflict?: Values | null; deletable?: boolean; intro?: string | null },
  ) {
    const locale = request.locale;
    const groupId = Number(text(opts.values.groupId)) || null;
    const fields = meetingFields(groupId);
    const errors = opts.errors ? translateErrors(opts.errors, locale) : {};
    const views = fieldViews(fields, opts.values, errors, locale).map((f) => ({ ...f, isTime: f.name === 'startsTime' || f.name === 'endsTime' }));
    const conflict = opts.conflict ? conflictRows(fields, opts.values, asForm(opts.conflict), locale) : null;
    const back = opts.id ? `/meetings/${opts.id}` : '/meetings';
    reply.status(opts.conflict ? 409 : opts.errors ? 422 : 200);
    return reply.page('pages/meetings/edit', {
      title: opts.id ? `${translate(locale, 'edit.edit')}${translate(locale, 'meetingForm.one')}` : translate(locale, 'meetingForm.new'),
      nav: 'meetings',
      intro: opts.intro ?? null,
      action: opts.id ? `/meetings/${opts.id}` : '/meetings',
      fields: views,
      formError: errors._ ?? (opts.errors && Object.keys(opts.errors).length ? translate(locale, 'validation.failed') : null),
      conflict,
      version: opts.conflict ? opts.conflict.version : opts.version,
      back,
      deleteAction: opts.id && opts.deletable ? `/meetings/${opts.id}/delete` : null,
    });
  }

  const meetingOr404 = (request: FastifyRequest<{ Params: { id: string } }>) => {
    const m = records.meetingRecord(parseId(request.params.id));
    if (!m) throw notFound(translate(request.locale, 'meeting.notFound'));
    return m;
  };

  app.get<{ Querystring: Record<string, string> }>('/meetings/new', write, async (request, reply) => {
    const { seriesId, groupId } = parseQuery(newQuery, request.query);
    const today = app.clock.today();
    const values: Values = { groupId: groupId ?? '', kind: 'regular', status: 'planned', startsOn: today, startsTime: '09:00' };
    let intro: string | null = null;
    const series = seriesId ? records.seriesDetail(seriesId) : null;
    if (series) {
      // Scheduling the series' next meeting: on its due date (today when that has passed), in the
      // place and with the chair of its latest meeting.
      const latest = records.meetingPage({ seriesId: series.id }, 1, 1).rows[0];
      Object.assign(values, {
        seriesId: series.id,
        groupId: series.groupId,
        kind: series.kind,
        title: series.name,
        startsOn: series.nextDue < today ? today : series.nextDue,
        startsTime: latest ? latest.startsAt.slice(11, 16) : '09:00',
        place: latest?.place ?? '',
        chair: latest?.chair ?? '',
        chairPost: latest?.chairPost ?? '',
        recorder: latest?.recorder ?? '',
      });
      intro = translate(request.locale, 'meetingForm.nextDue', { name: series.name, date: formatDay(series.nextDue, request.locale) });
    }
    return showMeetingForm(request, reply, { id: null, values, version: null, intro });
  });

  app.post('/meetings', write, async (request, reply) => {
    const values = body(request);
    const { input, errors } = fromForm(values);
    try {
      const id = records.createMeeting(request.actor, input);
      return reply.redirect(`/meetings/${id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showMeetingForm(request, reply, { id: null, values, version: null, errors: mergeErrors(errors, error.fields) });
      throw error;
    }
  });

  app.get<WithId>('/meetings/:id/edit', write, async (request, reply) => {
    const m = meetingOr404(request);
    assertEditable(m, request.locale);
    return showMeetingForm(request, reply, { id: m.id, values: asForm(m), version: m.version, deletable: m.issueNumber === null });
  });

  app.post<WithId>('/meetings/:id', write, async (request, reply) => {
    const m = meetingOr404(request);
    const values = body(request);
    const { input, errors } = fromForm(values);
    const deletable = m.issueNumber === null;
    try {
      records.updateMeeting(request.actor, m.id, input, { locale: request.locale });
      return reply.redirect(`/meetings/${m.id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return showMeetingForm(request, reply, { id: m.id, values, version: Number(text(values.version)) || m.version, errors: mergeErrors(errors, error.fields), deletable });
      }
      if (error instanceof ConflictError) return showMeetingForm(request, reply, { id: m.id, values, version: null, conflict: error.current, deletable });
      throw error;
    }
  });

  app.post<WithId>('/meetings/:id/delete', write, async (request, reply) => {
    const m = meetingOr404(request);
    const version = deleteVersion(request.body);
    try {
      records.removeMeeting(request.actor, m.id, version, { locale: request.locale });
    } catch (error) {
      if (error instanceof ConflictError) return showMeetingForm(request, reply, { id: m.id, values: asForm(error.current), version: null, conflict: error.current, deletable: true });
      throw error;
    }
    return reply.redirect('/meetings', 303);
  });

  // ---------------------------------------------------------------- attendance and agenda lists
  type Cell = { name: string; value: string; error: string | null; label: string };
  interface ListSpec {
    /** Path segment and template. */
    name: 'attendance' | 'agenda';
    columns: readonly string[];
    /** A submitted row worth keeping (not blank). */
    filled(row: Record<string, string>): boolean;
    stored(meetingId: number): Record<string, string>[];
    save(request: FastifyRequest, meetingId: number, version: number, rows: Record<string, string | null>[]): void;
  }

  const listSpecs: Record<'attendance' | 'agenda', ListSpec> = {
    attendance: {
      name: 'attendance',
      columns: ['kind', 'memberId', 'name', 'unit', 'post', 'standIn'],
      filled: (r) => Boolean(r.name || r.unit || r.post || r.standIn || r.memberId),
      stored: (id) =>
        records.attendanceOf(id).map((a) => ({ kind: a.kind, memberId: a.memberId ? String(a.memberId) : '', name: a.name, unit: a.unit, post: a.post ?? '', standIn: a.standIn ?? '' })),
      save: (request, id, version, rows) => records.setAttendance(request.actor, id, version, rows, { locale: request.locale }),
    },
    agenda: {
      name: 'agenda',
      columns: ['position', 'title', 'presenter', 'itemId'],
      filled: (r) => Boolean(r.title || r.presenter || r.itemId),
      stored: (id) => records.agendaOf(id).map((a) => ({ position: String(a.position), title: a.title, presenter: a.presenter ?? '', itemId: a.itemId ? String(a.itemId) : '' })),
      save: (request, id, version, rows) => records.setAgenda(request.actor, id, version, rows, { locale: request.locale }),
    },
  };

  /** The submitted rows (field_0, field_1 …), as many as the form said it had. */
  function submittedRows(spec: ListSpec, values: Values) {
    const count = Math.min(Math.max(Number(text(values.rows)) || 0, 0), MAX_ROWS);
    const rows: { row: Record<string, string>; removed: boolean }[] = [];
    for (let i = 0; i < count; i++) {
      const row = Object.fromEntries(spec.columns.map((c) => [c, text(values[`${c}_${i}`])]));
      rows.push({ row, removed: ['1', 'on', 'true'].includes(text(values[`remove_${i}`])) });
    }
    return rows;
  }

  function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    spec: ListSpec,
    meeting: { id: number; title: string; groupId: number; seriesId: number | null; startsAt: string },
    opts: { rows: Record<string, string>[]; version: number; blanks?: number; errors?: Record<number, Record<string, string>>; conflict?: Record<string, string>[] | null; status?: number },
  ) {
    const locale = request.locale;
    const options = records.formOptions(meeting.groupId);
    const carried = app.services.minutes.carriedOver(meeting).items;
    const itemChoices = [
      ...carried.map((c) => ({ value: String(c.id), label: `${c.title}（${translate(locale, 'item.dueDate')} ${formatDay(c.dueDate, locale)}）` })),
      ...options.openItems.filter((o) => !carried.some((c) => c.id === o.id)).map((o) => ({ value: String(o.id), label: `${o.title}（${translate(locale, 'item.dueDate')} ${formatDay(o.dueDate, locale)}）` })),
    ];
    const memberChoices = options.members.map((m) => ({ value: String(m.id), label: `${m.name} · ${m.unit}${m.duty ? ` · ${m.duty}` : ''}` }));
    const all = [...opts.rows, ...Array.from({ length: opts.blanks ?? BLANK_ROWS }, () => ({}) as Record<string, string>)];
    const rows = all.map((row, i) => {
      const errors = opts.errors?.[i] ?? {};
      const cell = (name: string): Cell => ({ name: `${name}_${i}`, value: row[name] ?? '', error: errors[name] ?? null, label: translate(locale, `meetingList.${spec.name}.${name}`) });
      const choose = (name: string, choices: { value: string; label: string }[]) => {
        const value = row[name] ?? '';
        // A value the list does not offer (a closed item, another group's member) stays chosen.
        const all = value && !choices.some((c) => c.value === value) ? [{ value, label: `#${value}` }, ...choices] : choices;
        return { ...cell(name), options: all.map((c) => ({ ...c, selected: c.value === value })) };
      };
      return {
        index: i,
        number: i + 1,
        removeName: `remove_${i}`,
        cells:
          spec.name === 'attendance'
            ? {
                kind: choose('kind', attendanceKinds.map((k) => ({ value: k, label: translate(locale, `attendance.${k}`) }))),
                memberId: choose('memberId', memberChoices),
                name: cell('name'),
                unit: cell('unit'),
                post: cell('post'),
                standIn: cell('standIn'),
              }
            : {
                position: { ...cell('position'), value: row.position || String(i + 1) },
                title: cell('title'),
                presenter: cell('presenter'),
                itemId: choose('itemId', itemChoices),
              },
        hasError: Object.keys(errors).length > 0,
      };
    });
    reply.status(opts.status ?? 200);
    return reply.page(`pages/meetings/${spec.name}`, {
      title: `${translate(locale, `meetingList.${spec.name}.heading`)}：${meeting.title}`,
      nav: 'meetings',
      meeting,
      action: `/meetings/${meeting.id}/${spec.name}`,
      rows,
      rowCount: rows.length,
      version: opts.version,
      hasMembers: memberChoices.length > 0,
      formError: opts.errors && Object.keys(opts.errors).length ? translate(locale, 'validation.failed') : null,
      conflict: opts.conflict ?? null,
    });
  }

  for (const spec of Object.values(listSpecs)) {
    app.get<WithId>(`/meetings/:id/${spec.name}`, write, async (request, reply) => {
      const m = meetingOr404(request);
      assertEditable(m, request.locale);
      return showList(request, reply, spec, m, { rows: spec.stored(m.id), version: m.version });
    });

    app.post<WithId>(`/meetings/:id/${spec.name}`, write, async (request, reply) => {
      const m = meetingOr404(request);
      const values = body(request);
      const submitted = submittedRows(spec, values);
      const version = Number(text(values.version)) || 0;
      // Rows kept: the filled ones not marked for removal, remembering where each was on the form.
      const kept = submitted.map((s, i) => ({ ...s, i })).filter((s) => !s.removed && spec.filled(s.row));
      const shownRows = kept.map((s) => s.row);
      if (text(values.more)) {
        assertEditable(m, request.locale);
        return showList(request, reply, spec, m, { rows: shownRows, version: version || m.version, blanks: BLANK_ROWS + MORE_ROWS });
      }
      const nullable = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v]));
      try {
        spec.save(request, m.id, version, shownRows.map(nullable));
        return reply.redirect(`/meetings/${m.id}`, 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          const translated = translateErrors(error.fields, request.locale);
          const errors: Record<number, Record<string, string>> = {};
          for (const [path, message] of Object.entries(translated)) {
            const [, index, field] = path.split('.');
            const at = Number(index);
            if (Number.isInteger(at) && field) (errors[at] ??= {})[field] = message;
            else (errors[0] ??= {})[spec.columns[0]!] = message;
          }
          return showList(request, reply, spec, m, { rows: shownRows, version: version || m.version, errors, status: 422 });
        }
        if (error instanceof ConflictError) {
          const current = records.meetingRecord(m.id)!;
          return showList(request, reply, spec, m, { rows: shownRows, version: current.version, conflict: spec.stored(m.id), status: 409 });
        }
        throw error;
      }
    });
  }

  // ---------------------------------------------------------------- decisions
  const decisionFields: FieldDef[] = [
    { name: 'title', label: 'decision.title', type: 'textarea', required: true, maxLength: 500 },
    { name: 'detail', label: 'item.detail', type: 'textarea', maxLength: 4000 },
    { name: 'leadUnit', label: 'item.leadUnit', type: 'text', required: true, maxLength: 100 },
    { name: 'supportUnits', label: 'item.supportUnits', type: 'textarea', hint: 'decision.supportUnitsHint' },
    { name: 'owner', label: 'item.owner', type: 'text', maxLength: 50 },
    { name: 'dueDate', label: 'item.dueDate', type: 'date', required: true },
    { name: 'position', label: 'decision.position', type: 'number', hint: 'decision.positionHint' },
  ];
  const decisionAsForm = (d: Values): Values => ({ ...d, supportUnits: Array.isArray(d.supportUnits) ? d.supportUnits.join('、') : d.supportUnits });

  const showDecisionForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    meeting: { id: number; title: string },
    opts: { itemId: number | null; values: Values; version: number | null; errors?: FieldErrors; conflict?: Values | null },
  ) =>
    renderForm(request, reply, {
      title: `${translate(request.locale, opts.itemId ? 'edit.edit' : 'edit.new')}${translate(request.locale, 'decision.one')}`,
      intro: meeting.title,
      nav: 'meetings',
      action: opts.itemId ? `/meetings/${meeting.id}/decisions/${opts.itemId}` : `/meetings/${meeting.id}/decisions`,
      fields: decisionFields,
      values: opts.values,
      errors: opts.errors,
      conflict: opts.conflict ? decisionAsForm({ ...opts.conflict, supportUnits: parseUnitsLoose(opts.conflict.supportUnits) }) : null,
      version: opts.version,
      back: `/meetings/${meeting.id}`,
      deleteAction: opts.itemId ? `/meetings/${meeting.id}/decisions/${opts.itemId}/delete` : null,
    });

  const decisionOr404 = (request: FastifyRequest<WithDecision>, meetingId: number) => {
    const d = records.decisionRecord(meetingId, parseId(request.params.itemId));
    if (!d) throw notFound(translate(request.locale, 'item.notFound'));
    return d;
  };

  app.get<WithId>('/meetings/:id/decisions/new', write, async (request, reply) => {
    const m = meetingOr404(request);
    assertEditable(m, request.locale);
    return showDecisionForm(request, reply, m, { itemId: null, values: {}, version: null });
  });

  app.post<WithId>('/meetings/:id/decisions', write, async (request, reply) => {
    const m = meetingOr404(request);
    const values = body(request);
    try {
      records.createDecision(request.actor, m.id, values, { locale: request.locale });
      return reply.redirect(`/meetings/${m.id}#decisions`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showDecisionForm(request, reply, m, { itemId: null, values, version: null, errors: error.fields });
      throw error;
    }
  });

  app.get<WithDecision>('/meetings/:id/decisions/:itemId/edit', write, async (request, reply) => {
    const m = meetingOr404(request);
    assertEditable(m, request.locale);
    const d = decisionOr404(request, m.id);
    return showDecisionForm(request, reply, m, { itemId: d.id, values: decisionAsForm(d), version: d.version });
  });

  app.post<WithDecision>('/meetings/:id/decisions/:itemId', write, async (request, reply) => {
    const m = meetingOr404(request);
    const d = decisionOr404(request, m.id);
    const values = body(request);
    try {
      records.updateDecision(request.actor, m.id, d.id, values, { locale: request.locale });
      return reply.redirect(`/meetings/${m.id}#decisions`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showDecisionForm(request, reply, m, { itemId: d.id, values, version: Number(text(values.version)) || d.version, errors: error.fields });
      if (error instanceof ConflictError) return showDecisionForm(request, reply, m, { itemId: d.id, values, version: null, conflict: error.current });
      throw error;
    }
  });

  app.post<WithDecision>('/meetings/:id/decisions/:itemId/delete', write, async (request, reply) => {
    const m = meetingOr404(request);
    const d = decisionOr404(request, m.id);
    const version = deleteVersion(request.body);
    try {
      records.removeDecision(request.actor, m.id, d.id, version, { locale: request.locale });
    } catch (error) {
      if (error instanceof ConflictError) return showDecisionForm(request, reply, m, { itemId: d.id, values: decisionAsForm(d), version: null, conflict: error.current });
      throw error;
    }
    return reply.redirect(`/meetings/${m.id}#decisions`, 303);
  });
};

/** supportUnits as stored (JSON text) or already a list. */
function parseUnitsLoose(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  try {
    const parsed: unknown = JSON.parse(String(value ?? '[]'));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export default routes;

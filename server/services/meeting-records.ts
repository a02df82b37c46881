// Writing meetings: meeting series (会议制度) with their cadence, meetings with their attendance
// and agenda, and the decisions (议定事项) agreed there, each a tracked item of kind 'decision'.
// Every write runs in one transaction with its audit entry. A meeting whose minutes are issued
// is read-only (services/minutes.ts assertEditable) until the office reopens them: its record,
// attendance, agenda and decisions are all refused with 409 and nothing changes.
//
// Rules chosen here:
// - A custom cadence needs an RRULE (RFC 5545) that the rrule library's `rrulestr` parses, of
//   frequency daily, weekly, monthly or yearly, that gives a meeting date within ten years of
//   the series' start. The occurrence search runs in a worker thread with a time limit, because
//   a rule that never occurs (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) makes the library iterate up
//   to the year 9999.
// - A meeting of a series belongs to the series' working group. A meeting held cannot lie in the
//   future; its end is not before its start. Once its minutes were numbered, its series and group
//   stay (the number belongs to the series' sequence), and it cannot be deleted.
// - Attendance and agenda are edited as whole lists against the meeting's version; each change
//   bumps the version and is audited on the meeting with the lists before and after.
// - A decision takes the meeting's group, its next position and status notStarted; while no delay
//   was approved its agreed deadline (originalDueDate) follows the deadline; it can be removed only
//   while nobody has reported on it (no progress notes, delay requests or instructions).
import { and, asc, count, desc, eq, max, sql, type SQL } from 'drizzle-orm';
import rrulePkg from 'rrule';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import {
  attendanceKinds,
  cadences,
  delayRequests,
  groupMembers,
  groups,
  instructions,
  itemUpdates,
  items,
  meetingAgenda,
  meetingAttendance,
  meetingKinds,
  meetingSeries,
  meetingStatuses,
  meetings,
  type Meeting,
  type MeetingSeries,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { isDay } from '../dates.js';
import { blank, single, day, enumOf, type FieldError, type FieldErrors, flag, int, line, note, optionalEnum, optionalInt, optionalRef, parseInput, ref, ValidationError, versionField } from '../forms.js';
import { HttpError } from '../http-errors.js';
import type { Locale } from '../i18n/messages.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { cadenceState } from './cadence.js';
import { datesOfRule, ruleDays } from './recurrence.js';
import { parseUnits } from './items.js';
import { assertEditable } from './minutes.js';
import { ConflictError, deleteRecord, insertRecord, notFoundRecord, readRecord, updateRecord } from './records.js';

const { rrulestr, RRule } = rrulePkg;

export interface WriteOptions {
  /** The language of refusals that carry parameters (the minutes' number). */
  locale?: Locale;
}


// ---------------------------------------------------------------- RRULE

const RULE_PARTS: Record<string, RegExp> = {
  FREQ: /^[A-Z]+$/,
  INTERVAL: /^[1-9]\d{0,3}$/,
  COUNT: /^[1-9]\d{0,3}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  WKST: /^(MO|TU|WE|TH|FR|SA|SU)$/,
  BYDAY: /^([+-]?([1-9]|[1-4]\d|5[0-3])?(MO|TU|WE|TH|FR|SA|SU))(,[+-]?([1-9]|[1-4]\d|5[0-3])?(MO|TU|WE|TH|FR|SA|SU))*$/,
  BYMONTH: /^(1[0-2]|[1-9])(,(1[0-2]|[1-9]))*$/,
  BYMONTHDAY: /^[+-]?(3[01]|[12]\d|[1-9])(,[+-]?(3[01]|[12]\d|[1-9]))*$/,
  BYYEARDAY: /^[+-]?(36[0-6]|3[0-5]\d|[12]\d\d|[1-9]\d?)(,[+-]?(36[0-6]|3[0-5]\d|[12]\d\d|[1-9]\d?))*$/,
  BYWEEKNO: /^[+-]?(5[0-3]|[1-4]\d|[1-9])(,[+-]?(5[0-3]|[1-4]\d|[1-9]))*$/,
  BYSETPOS: /^[+-]?(36[0-6]|3[0-5]\d|[12]\d\d|[1-9]\d?)(,[+-]?(36[0-6]|3[0-5]\d|[12]\d\d|[1-9]\d?))*$/,
};
const MEETING_FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'];
/** Years after the start within which a rule must give a meeting date. */
const RULE_HORIZON_YEARS = 10;

/** 'rrule:freq=monthly;byday=1mo' → 'FREQ=MONTHLY;BYDAY=1MO' (the form cadence.ts reads). */
export const normalizeRule = (rule: string) => rule.trim().replace(/^RRULE:/i, '').toUpperCase();

/** Whether the rule gives a meeting date within the horizon after the start (a bounded search: see recurrence.ts). */
function givesADate(rule: string, startedOn: string): boolean {
  const [y, m, d] = startedOn.split('-').map(Number) as [number, number, number];
  const horizon = new Date(Date.UTC(y + RULE_HORIZON_YEARS, m - 1, d)).toISOString().slice(0, 10);
  return ruleDays(rule, startedOn, horizon, 1).length > 0;
}

/** Why a recurrence rule is refused, or null when it is a usable meeting cadence. */
export function checkRule(raw: string, startedOn: string): FieldError | null {
  const rule = normalizeRule(raw);
  if (/[\r\n]/.test(rule)) return { key: 'validation.rruleOneLine' };
  // Chosen dates (RDATE;VALUE=DATE:20180515,…): each a real day, one at least on or after the start.
  const dates = datesOfRule(rule);
  if (dates) {
    if (!dates.every(isDay)) return { key: 'schedule.badDate' };
    if (isDay(startedOn) && !dates.some((d) => d >= startedOn)) return { key: 'schedule.datesBeforeStart' };
    return null;
  }
  const parts = rule.split(';').map((p) => p.split('='));
  const names = new Set<string>();
  for (const part of parts) {
    const [name, value, extra] = part;
    if (!name || value === undefined || extra !== undefined || !RULE_PARTS[name] || !RULE_PARTS[name]!.test(value) || names.has(name)) {
      return { key: 'validation.rrule', params: { part: part.join('=') } };
    }
    names.add(name);
  }
  if (!names.has('FREQ')) return { key: 'validation.rruleFreq' };
  if (names.has('COUNT') && names.has('UNTIL')) return { key: 'validation.rrule', params: { part: 'COUNT + UNTIL' } };
  try {
    rrulestr(rule, { dtstart: new Date(Date.UTC(2018, 0, 1)) });
  } catch {
    return { key: 'validation.rrule', params: { part: rule } };
  }
  const freq = parts.find((p) => p[0] === 'FREQ')![1]!;
  if (!(RRule.FREQUENCIES as readonly string[]).includes(freq)) return { key: 'validation.rrule', params: { part: `FREQ=${freq}` } };
  if (!MEETING_FREQUENCIES.includes(freq)) return { key: 'validation.rruleFreq' };
  if (!isDay(startedOn)) return null; // the start date's own error is shown beside it
  if (!givesADate(rule, startedOn)) return { key: 'validation.rruleNoDate', params: { years: RULE_HORIZON_YEARS } };
  return null;
}

// ---------------------------------------------------------------- input

/** Local wall time in Asia/Shanghai, 'YYYY-MM-DDTHH:mm'. */
const WALL_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;
export const isWallTime = (v: unknown): v is string => typeof v === 'string' && WALL_TIME.test(v) && isDay(v.slice(0, 10));
export const wallTime = () =>
  z.preprocess(
    (v) => (typeof single(v) === 'string' ? (single(v) as string).trim() : single(v)),
    z.string({ message: 'validation.required' }).min(1, { message: 'validation.required' }).refine(isWallTime, { message: 'validation.dateTime' }),
  );
export const optionalWallTime = () =>
  z.preprocess((v) => (blank(single(v)) ? null : String(single(v)).trim()), z.union([z.null(), z.string().refine(isWallTime, { message: 'validation.dateTime' })]));

/** 'HH:mm' for the time inputs of the meeting form. */
export const isClockTime = (v: unknown): v is string => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v);

const zeroIfBlank = (schema: z.ZodTypeAny) => z.preprocess((v) => (blank(single(v)) ? 0 : single(v)), schema);
/** A checkbox that is on when the API leaves it out (forms always send it). */
const onUnlessOff = () => z.preprocess((v) => (v === undefined ? true : v), flag());

export const seriesInput = z.object({
  groupId: ref(),
  name: line(100),
  kind: enumOf(meetingKinds),
  cadence: enumOf(cadences),
  rrule: note(500),
  graceDays: zeroIfBlank(int(0, 366)),
  startedOn: day(),
  active: onUnlessOff(),
  issuingOffice: note(100),
  distribution: note(1000),
});
export const seriesPatch = seriesInput.partial().extend({ version: versionField() });

export const attendanceRow = z.object({
  kind: enumOf(attendanceKinds),
  /** Filled from the contact directory when a member is picked and the name is left blank. */
  name: note(50),
  unit: note(100),
  post: note(100),
  standIn: note(100),
  memberId: optionalRef(),
});
export const agendaRow = z.object({
  position: optionalInt(1, 999),
  title: line(300),
  presenter: note(100),
  itemId: optionalRef(),
});

export const meetingInput = z.object({
  seriesId: optionalRef(),
  /** Taken from the series when left out. */
  groupId: optionalRef(),
  title: line(200),
  kind: optionalEnum(meetingKinds),
  startsAt: wallTime(),
  endsAt: optionalWallTime(),
  place: note(200),
  chair: note(50),
  chairPost: note(100),
  recorder: note(50),
  topic: note(1000),
  heard: note(10000),
  summary: note(10000),
  status: optionalEnum(meetingStatuses),
  isSample: flag(),
  /** When given, replaces the meeting's attendance (API). */
  attendance: z.array(attendanceRow).max(500).optional(),
  /** When given, replaces the meeting's agenda (API). */
  agenda: z.array(agendaRow).max(200).optional(),
});
export const meetingPatch = meetingInput.partial().extend({ version: versionField() });

/** Units written one per line or separated by 、 , ; (or a JSON array from the API). */
export const unitList = () =>
  z.preprocess(
    (v) => {
      const list = Array.isArray(v) ? v : blank(v) ? [] : String(v).split(/[、,，;；\r\n]+/);
      return list.map((u) => (typeof u === 'string' ? u.trim() : u)).filter((u) => u !== '');
    },
    z
      .array(z.string({ message: 'validation.invalid' }))
      .max(30, { message: 'validation.tooManyUnits' })
      .refine((list) => list.every((u) => u.length <= 100), { message: 'validation.unitTooLong' }),
  );

export const decisionInput = z.object({
  title: line(500),
  detail: note(4000),
  leadUnit: line(100),
  supportUnits: unitList(),
  owner: note(50),
  dueDate: day(),
  position: optionalInt(1, 999),
});
export const decisionPatch = decisionInput.partial().extend({ version: versionField() });

type MeetingValues = z.infer<typeof meetingInput>;
type AttendanceInput = z.infer<typeof attendanceRow>;
type AgendaInput = z.infer<typeof agendaRow>;

const fail = (errors: FieldErrors) => {
  if (Object.keys(errors).length) throw new ValidationError(errors);
};

// ---------------------------------------------------------------- service

export function createMeetingRecordService(db: Db, clock: Clock) {
  const write = <T>(fn: (tx: DbOrTx) => T): T => db.transaction(fn, { behavior: 'immediate' });

  // ---- Series ----
  function seriesRecord(id: number) {
    return db.select().from(meetingSeries).where(eq(meetingSeries.id, id)).get() ?? null;
  }

  /** Series with their last meeting held (one query, whatever the number of series). */
  function seriesWithState(where: SQL | undefined, page?: { limit: number; offset: number }) {
    const today = clock.today();
    const query = db
      .select({
        series: meetingSeries,
        lastHeld: sql<string | null>`(SELECT max(substr(m.starts_at, 1, 10)) FROM meetings m
          WHERE m.series_id = meeting_series.id AND m.status = 'held' AND substr(m.starts_at, 1, 10) <= ${today})`,
      })
      .from(meetingSeries)
      .where(where)
      .orderBy(asc(meetingSeries.id));
    const rows = page ? query.limit(page.limit).offset(page.offset).all() : query.all();
    return rows.map(({ series, lastHeld }) => {
      const state = cadenceState(series, lastHeld, today);
      return { ...series, lastHeld, nextDue: state.nextDue, behind: series.active ? state.behind : false, daysLate: series.active ? state.daysLate : 0 };
    });
  }

  /** A series with its next due date and whether it is behind (API, scheduling form). */
  function seriesDetail(id: number) {
    return seriesWithState(eq(meetingSeries.id, id))[0] ?? null;
  }

  function seriesPage(filter: { groupId?: number }, page: number, pageSize: number) {
    const where = filter.groupId ? eq(meetingSeries.groupId, filter.groupId) : undefined;
    const total = db.select({ n: count() }).from(meetingSeries).where(where).get()?.n ?? 0;
    return { rows: seriesWithState(where, { limit: pageSize, offset: (page - 1) * pageSize }), total, page, pageSize };
  }

  type SeriesValues = z.infer<typeof seriesInput>;
  function checkSeries(tx: DbOrTx, values: SeriesValues): SeriesValues {
    const errors: FieldErrors = {};
    if (!tx.select({ id: groups.id }).from(groups).where(eq(groups.id, values.groupId)).get()) errors.groupId = { key: 'validation.reference' };
    let rrule: string | null = null;
    if (values.rrule !== null) {
      const problem = checkRule(values.rrule, values.startedOn);
      if (problem) errors.rrule = problem;
      else rrule = normalizeRule(values.rrule);
    } else if (values.cadence === 'custom') {
      errors.rrule = { key: 'validation.rruleRequired' };
    }
    fail(errors);
    // The rule is used by the custom cadence only; another cadence keeps none.
    return { ...values, rrule: values.cadence === 'custom' ? rrule : null };
  }

  function createSeries(actor: Actor, input: unknown): number {
    const values = parseInput(seriesInput, input);
    return write((tx) => insertRecord(tx, meetingSeries, checkSeries(tx, values), actor, 'meetingSeries'));
  }

  function updateSeries(actor: Actor, id: number, input: unknown) {
    const { version, ...changes } = parseInput(seriesPatch, input);
    return write((tx) => {
      const current = tx.select().from(meetingSeries).where(eq(meetingSeries.id, id)).get();
      if (!current) throw notFoundRecord();
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...was } = current;
      const checked = checkSeries(tx, { ...was, ...changes } as SeriesValues);
      return updateRecord(tx, meetingSeries, id, version, { ...changes, rrule: checked.rrule }, actor, 'meetingSeries');
    });
  }

  /** A series goes only while it has no meetings (otherwise: mark it inactive). */
  function removeSeries(actor: Actor, id: number, version: number) {
    write((tx) => {
      const current = readRecord(tx, meetingSeries, id);
      if (!current) throw notFoundRecord();
      if (current.version !== version) throw new ConflictError(current);
      if (tx.select({ n: count() }).from(meetings).where(eq(meetings.seriesId, id)).get()?.n) throw new HttpError(409, 'in_use', 'meetings.error.seriesInUse');
      deleteRecord(tx, meetingSeries, id, version, actor, 'meetingSeries');
    });
  }

  // ---- Meetings: reading ----
  function meetingRecord(id: number) {
    return db.select().from(meetings).where(eq(meetings.id, id)).get() ?? null;
  }

  function attendanceOf(meetingId: number) {
    return db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId)).orderBy(asc(meetingAttendance.sortOrder), asc(meetingAttendance.id)).all();
  }
  function agendaOf(meetingId: number) {
    return db.select().from(meetingAgenda).where(eq(meetingAgenda.meetingId, meetingId)).orderBy(asc(meetingAgenda.position), asc(meetingAgenda.id)).all();
  }
  function decisionsOf(meetingId: number) {
    return db
      .select()
      .from(items)
      .where(and(eq(items.meetingId, meetingId), eq(items.kind, 'decision')))
      .orderBy(asc(items.position), asc(items.id))
      .all()
      .map((d) => ({ ...d, supportUnits: parseUnits(d.supportUnits) }));
  }

  /** A meeting with its attendance, agenda and decisions (API). */
  function meetingDetail(id: number) {
    const meeting = meetingRecord(id);
    if (!meeting) return null;
    return { ...meeting, attendance: attendanceOf(id), agenda: agendaOf(id), decisions: decisionsOf(id) };
  }

  function meetingPage(filter: { seriesId?: number; groupId?: number; month?: string; status?: Meeting['status'] }, page: number, pageSize: number) {
    const where = and(
      filter.seriesId ? eq(meetings.seriesId, filter.seriesId) : undefined,
      filter.groupId ? eq(meetings.groupId, filter.groupId) : undefined,
      filter.month ? sql`substr(${meetings.startsAt}, 1, 7) = ${filter.month}` : undefined,
      filter.status ? eq(meetings.status, filter.status) : undefined,
    );
    const total = db.select({ n: count() }).from(meetings).where(where).get()?.n ?? 0;
    const rows = db
      .select()
      .from(meetings)
      .where(where)
      .orderBy(desc(meetings.startsAt), desc(meetings.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all();
    return { rows, total, page, pageSize };
  }

  /** What the meeting forms offer: series, groups, the group's contact directory, open items. */
  function formOptions(groupId: number | null) {
    return {
      series: db.select({ id: meetingSeries.id, name: meetingSeries.name, groupId: meetingSeries.groupId }).from(meetingSeries).orderBy(asc(meetingSeries.groupId), asc(meetingSeries.id)).all(),
      groups: db.select({ id: groups.id, name: groups.name }).from(groups).orderBy(sql`CASE ${groups.kind} WHEN 'leading' THEN 1 WHEN 'coordination' THEN 2 ELSE 3 END`, asc(groups.sortOrder), asc(groups.id)).all(),
      members: groupId ? db.select().from(groupMembers).where(eq(groupMembers.groupId, groupId)).orderBy(asc(groupMembers.sortOrder), asc(groupMembers.id)).all() : [],
      openItems: groupId
        ? db
            .select({ id: items.id, title: items.title, kind: items.kind, dueDate: items.dueDate })
            .from(items)
            .where(and(eq(items.groupId, groupId), sql`${items.status} <> 'closed'`))
            .orderBy(asc(items.dueDate), asc(items.id))
            .limit(200)
            .all()
        : [],
    };
  }

  // ---- Meetings: writing ----
  function loadEditable(tx: DbOrTx, id: number, options: WriteOptions): Meeting {
    const m = tx.select().from(meetings).where(eq(meetings.id, id)).get();
    if (!m) throw notFoundRecord();
    assertEditable(m, options.locale);
    return m;
  }

  /** Refuses a stale version, then moves the meeting to the next one. */
  function touch(tx: DbOrTx, m: Meeting, version: number) {
    if (m.version !== version) throw new ConflictError(m as unknown as Record<string, unknown>);
    tx.update(meetings).set({ version: m.version + 1, updatedAt: clock.instant() }).where(eq(meetings.id, m.id)).run();
  }

  type MeetingFields = Omit<MeetingValues, 'attendance' | 'agenda'>;
  /** The meeting's fields as they will be stored, or the problems beside each field. */
  function checkMeeting(tx: DbOrTx, values: MeetingFields, current: Meeting | null) {
    const errors: FieldErrors = {};
    let groupId = values.groupId;
    let series: MeetingSeries | undefined;
    if (values.seriesId !== null) {
      series = tx.select().from(meetingSeries).where(eq(meetingSeries.id, values.seriesId)).get();
      if (!series) errors.seriesId = { key: 'validation.reference' };
      else if (groupId === null) groupId = series.groupId;
      else if (groupId !== series.groupId) errors.groupId = { key: 'validation.seriesGroup' };
    }
    if (groupId === null) errors.groupId ??= { key: 'validation.required' };
    else if (!tx.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId)).get()) errors.groupId ??= { key: 'validation.reference' };
    if (values.endsAt !== null && values.endsAt < values.startsAt) errors.endsAt = { key: 'validation.endsBeforeStarts' };
    const status = values.status ?? 'planned';
    if (status === 'held' && values.startsAt.slice(0, 10) > clock.today()) errors.status = { key: 'validation.heldInFuture' };
    if (current && current.issueNumber !== null && (values.seriesId !== current.seriesId || groupId !== current.groupId)) {
      errors[values.seriesId !== current.seriesId ? 'seriesId' : 'groupId'] = { key: 'validation.numberedSeries' };
    }
    fail(errors);
    return { ...values, groupId: groupId!, kind: values.kind ?? series?.kind ?? 'regular', status };
  }

  /** Attendance rows as stored: blanks filled from the contact directory, stand-ins only for the excused. */
  function checkAttendance(tx: DbOrTx, rows: AttendanceInput[]) {
    const errors: FieldErrors = {};
    const stored = rows.map((row, i) => {
      let { name, unit, post } = row;
      if (row.memberId !== null) {
        const member = tx.select().from(groupMembers).where(eq(groupMembers.id, row.memberId)).get();
        if (!member) errors[`attendance.${i}.memberId`] = { key: 'validation.reference' };
        else {
          name ??= member.name;
          unit ??= member.unit;
          post ??= member.post;
        }
      }
      if (name === null) errors[`attendance.${i}.name`] ??= { key: 'validation.required' };
      if (unit === null) errors[`attendance.${i}.unit`] ??= { key: 'validation.required' };
      if (row.standIn !== null && row.kind !== 'excused') errors[`attendance.${i}.standIn`] = { key: 'validation.standInExcused' };
      return { kind: row.kind, name: name ?? '', unit: unit ?? '', post, standIn: row.standIn, memberId: row.memberId, sortOrder: i + 1 };
    });
    fail(errors);
    return stored;
  }

  function checkAgenda(tx: DbOrTx, rows: AgendaInput[]) {
    const errors: FieldErrors = {};
    rows.forEach((row, i) => {
      if (row.itemId !== null && !tx.select({ id: items.id }).from(items).where(eq(items.id, row.itemId)).get()) errors[`agenda.${i}.itemId`] = { key: 'validation.reference' };
    });
    fail(errors);
    return rows
      .map((row, i) => ({ row, order: row.position ?? i + 1, i }))
      .sort((a, b) => a.order - b.order || a.i - b.i)
      .map(({ row }, i) => ({ position: i + 1, title: row.title, presenter: row.presenter, itemId: row.itemId }));
  }

  const attendanceView = (rows: { kind: string; name: string; unit: string; post: string | null; standIn: string | null; memberId: number | null }[]) =>
    rows.map(({ kind, name, unit, post, standIn, memberId }) => ({ kind, name, unit, post, standIn, memberId }));
  const agendaView = (rows: { position: number; title: string; presenter: string | null; itemId: number | null }[]) =>
    rows.map(({ position, title, presenter, itemId }) => ({ position, title, presenter, itemId }));

  function replaceAttendance(tx: DbOrTx, actor: Actor, meetingId: number, rows: ReturnType<typeof checkAttendance>) {
    const before = attendanceView(tx.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId)).orderBy(asc(meetingAttendance.sortOrder), asc(meetingAttendance.id)).all());
    tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId)).run();
    if (rows.length) tx.insert(meetingAttendance).values(rows.map((r) => ({ ...r, meetingId }))).run();
    appendAudit(tx, actor, { action: 'update', entityType: 'meeting', entityId: meetingId, before: { attendance: before }, after: { attendance: attendanceView(rows) } });
  }

  function replaceAgenda(tx: DbOrTx, actor: Actor, meetingId: number, rows: ReturnType<typeof checkAgenda>) {
    const before = agendaView(tx.select().from(meetingAgenda).where(eq(meetingAgenda.meetingId, meetingId)).orderBy(asc(meetingAgenda.position)).all());
    tx.delete(meetingAgenda).where(eq(meetingAgenda.meetingId, meetingId)).run();
    if (rows.length) tx.insert(meetingAgenda).values(rows.map((r) => ({ ...r, meetingId }))).run();
    appendAudit(tx, actor, { action: 'update', entityType: 'meeting', entityId: meetingId, before: { agenda: before }, after: { agenda: agendaView(rows) } });
  }

  function createMeeting(actor: Actor, input: unknown): number {
    const { attendance, agenda, ...values } = parseInput(meetingInput, input);
    return write((tx) => {
      const stored = checkMeeting(tx, values, null);
      const rows = attendance ? checkAttendance(tx, attendance) : null;
      const agendaRows = agenda ? checkAgenda(tx, agenda) : null;
      const id = insertRecord(tx, meetings, stored, actor, 'meeting');
      if (rows?.length) replaceAttendance(tx, actor, id, rows);
      if (agendaRows?.length) replaceAgenda(tx, actor, id, agendaRows);
      return id;
    });
  }

  function updateMeeting(actor: Actor, id: number, input: unknown, options: WriteOptions = {}) {
    const { version, attendance, agenda, ...changes } = parseInput(meetingPatch, input);
    return write((tx) => {
      const current = loadEditable(tx, id, options);
      if (current.version !== version) throw new ConflictError(current as unknown as Record<string, unknown>);
      const merged: MeetingFields = {
        seriesId: current.seriesId,
        // A new series brings its group unless a group is named too.
        groupId: changes.seriesId !== undefined && changes.seriesId !== null && changes.seriesId !== current.seriesId ? null : current.groupId,
        title: current.title,
        kind: current.kind,
        startsAt: current.startsAt,
        endsAt: current.endsAt,
        place: current.place,
        chair: current.chair,
        chairPost: current.chairPost,
        recorder: current.recorder,
        topic: current.topic,
        heard: current.heard,
        summary: current.summary,
        status: current.status,
        isSample: current.isSample,
        ...changes,
      };
      const stored = checkMeeting(tx, merged, current);
      const rows = attendance ? checkAttendance(tx, attendance) : null;
      const agendaRows = agenda ? checkAgenda(tx, agenda) : null;
      const after = updateRecord(tx, meetings, id, version, stored, actor, 'meeting');
      if (rows) replaceAttendance(tx, actor, id, rows);
      if (agendaRows) replaceAgenda(tx, actor, id, agendaRows);
      if (stored.groupId !== current.groupId) {
        // A decision belongs to its meeting's working group.
        for (const d of tx.select().from(items).where(and(eq(items.meetingId, id), eq(items.kind, 'decision'))).all()) {
          updateRecord(tx, items, d.id, d.version, { groupId: stored.groupId }, actor, 'item');
        }
      }
      return after;
    });
  }

  function removeMeeting(actor: Actor, id: number, version: number, options: WriteOptions = {}) {
    write((tx) => {
      const current = loadEditable(tx, id, options);
      if (current.version !== version) throw new ConflictError(current as unknown as Record<string, unknown>);
      if (current.issueNumber !== null) throw new HttpError(409, 'minutes_issued', 'meetings.error.deleteNumbered');
      if (tx.select({ n: count() }).from(items).where(and(eq(items.meetingId, id), eq(items.kind, 'decision'))).get()?.n) {
        throw new HttpError(409, 'in_use', 'meetings.error.deleteDecisions');
      }
      const attendance = attendanceView(tx.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, id)).all());
      const agenda = agendaView(tx.select().from(meetingAgenda).where(eq(meetingAgenda.meetingId, id)).all());
      tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, id)).run();
      tx.delete(meetingAgenda).where(eq(meetingAgenda.meetingId, id)).run();
      if (attendance.length || agenda.length) {
        appendAudit(tx, actor, { action: 'update', entityType: 'meeting', entityId: id, before: { attendance, agenda }, after: { attendance: [], agenda: [] } });
      }
      deleteRecord(tx, meetings, id, version, actor, 'meeting');
    });
  }

  function setAttendance(actor: Actor, id: number, version: number, input: unknown, options: WriteOptions = {}) {
    const rows = parseInput(z.object({ attendance: z.array(attendanceRow).max(500) }), { attendance: input }).attendance;
    write((tx) => {
      const m = loadEditable(tx, id, options);
      const stored = checkAttendance(tx, rows);
      touch(tx, m, version);
      replaceAttendance(tx, actor, id, stored);
    });
  }

  function setAgenda(actor: Actor, id: number, version: number, input: unknown, options: WriteOptions = {}) {
    const rows = parseInput(z.object({ agenda: z.array(agendaRow).max(200) }), { agenda: input }).agenda;
    write((tx) => {
      const m = loadEditable(tx, id, options);
      const stored = checkAgenda(tx, rows);
      touch(tx, m, version);
      replaceAgenda(tx, actor, id, stored);
    });
  }

  // ---- Decisions ----
  function decisionRecord(meetingId: number, itemId: number) {
    const row = db.select().from(items).where(and(eq(items.id, itemId), eq(items.meetingId, meetingId), eq(items.kind, 'decision'))).get();
    return row ? { ...row, supportUnits: parseUnits(row.supportUnits) } : null;
  }

  function loadDecision(tx: DbOrTx, meetingId: number, itemId: number) {
    const d = tx.select().from(items).where(and(eq(items.id, itemId), eq(items.meetingId, meetingId), eq(items.kind, 'decision'))).get();
    if (!d) throw notFoundRecord();
    return d;
  }

  function createDecision(actor: Actor, meetingId: number, input: unknown, options: WriteOptions = {}): number {
    const values = parseInput(decisionInput, input);
    return write((tx) => {
      const m = loadEditable(tx, meetingId, options);
      const next = (tx.select({ n: max(items.position) }).from(items).where(and(eq(items.meetingId, meetingId), eq(items.kind, 'decision'))).get()?.n ?? 0) + 1;
      return insertRecord(
        tx,
        items,
        {
          kind: 'decision',
          title: values.title,
          detail: values.detail,
          leadUnit: values.leadUnit,
          supportUnits: JSON.stringify(values.supportUnits),
          owner: values.owner,
          groupId: m.groupId,
          dueDate: values.dueDate,
          originalDueDate: values.dueDate,
          status: 'notStarted',
          meetingId,
          position: values.position ?? next,
          raisedOn: m.startsAt.slice(0, 10),
          createdBy: actor.userId,
          isSample: false,
        },
        actor,
        'item',
      );
    });
  }

  function updateDecision(actor: Actor, meetingId: number, itemId: number, input: unknown, options: WriteOptions = {}) {
    const { version, supportUnits, ...changes } = parseInput(decisionPatch, input);
    return write((tx) => {
      loadEditable(tx, meetingId, options);
      const d = loadDecision(tx, meetingId, itemId);
      const values: Record<string, unknown> = { ...changes };
      if (supportUnits) values.supportUnits = JSON.stringify(supportUnits);
      if (changes.dueDate !== undefined && changes.dueDate !== d.dueDate) {
        if (d.delayCount > 0) throw new ValidationError({ dueDate: { key: 'validation.decisionDelayed' } });
        // Still the deadline agreed at the meeting: correcting it corrects the agreed one.
        values.originalDueDate = changes.dueDate;
      }
      return updateRecord(tx, items, itemId, version, values, actor, 'item');
    });
  }

  function removeDecision(actor: Actor, meetingId: number, itemId: number, version: number, options: WriteOptions = {}) {
    write((tx) => {
      loadEditable(tx, meetingId, options);
      const d = loadDecision(tx, meetingId, itemId);
      if (d.version !== version) throw new ConflictError(d as unknown as Record<string, unknown>);
      const reported =
        d.status !== 'notStarted' ||
        (tx.select({ n: count() }).from(itemUpdates).where(eq(itemUpdates.itemId, itemId)).get()?.n ?? 0) > 0 ||
        (tx.select({ n: count() }).from(delayRequests).where(eq(delayRequests.itemId, itemId)).get()?.n ?? 0) > 0 ||
        (tx.select({ n: count() }).from(instructions).where(and(eq(instructions.targetType, 'item'), eq(instructions.targetId, itemId))).get()?.n ?? 0) > 0;
      if (reported) throw new HttpError(409, 'in_use', 'meetings.error.decisionReported');
      deleteRecord(tx, items, itemId, version, actor, 'item');
    });
  }

  return {
    seriesRecord,
    seriesDetail,
    seriesPage,
    createSeries,
    updateSeries,
    removeSeries,
    meetingRecord,
    meetingDetail,
    meetingPage,
    attendanceOf,
    agendaOf,
    decisionsOf,
    formOptions,
    createMeeting,
    updateMeeting,
    removeMeeting,
    setAttendance,
    setAgenda,
    decisionRecord,
    createDecision,
    updateDecision,
    removeDecision,
  };
}

export type MeetingRecordService = ReturnType<typeof createMeetingRecordService>;

// Minutes (纪要): the draft → issued (印发) workflow with gap-free numbering, the items carried
// over from earlier meetings, and the view models every export renders (DOCX, print view,
// Markdown, the monthly pack, the calendar feeds). The exports only lay these models out.
//
// Numbering (第×期): per meeting series and year of issue. A meeting without a series (a forum,
// a leading group's meeting) is numbered per working group and year among that group's meetings
// without a series, so a group's ad-hoc meetings keep a sequence of their own beside its series.
// The number is max + 1 computed inside an IMMEDIATE transaction, which holds SQLite's write lock
// from the read to the write: two issuers, in this process or another, never see the same max.
// The unique index meetings_issue_uq (series_id, issue_year, issue_number) backs the series case.
// Reopening keeps the number, so re-issuing never leaves a gap or takes a second number.
import { and, asc, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  groups,
  itemUpdates,
  items,
  meetingAgenda,
  meetingAttendance,
  meetingSeries,
  meetings,
  type Item,
  type ItemStatus,
  type Meeting,
  type Role,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween, formatDay, formatMonth, isDay, parseDay, plusMonths } from '../dates.js';
import { HttpError, notFound } from '../http-errors.js';
import { translate, type Locale } from '../i18n/messages.js';
import { cleanText } from '../text.js';
import { appendAudit, type Actor } from './audit.js';
import { itemFigureSql, type ItemFigure } from './figures.js';
import { finishedStatuses, parseUnits } from './items.js';
import { createSettingsService, type OrganisationSettings, type SettingsService } from './settings.js';

/** Roles that may reopen issued minutes. */
export const reopenRoles: readonly Role[] = ['office', 'admin'];

/** Rows listed per change table of the monthly pack; the rest are counted. */
const PACK_LIST_LIMIT = 200;

const refuse = (status: number, code: string, locale: Locale, key: string, params: Record<string, unknown> = {}) =>
  new HttpError(status, code, translate(locale, key, params));

/** Whether a meeting's record may still be edited: only while its minutes are a draft. */
export function isEditable(meeting: Pick<Meeting, 'minutesStatus'>): boolean {
  return meeting.minutesStatus !== 'issued';
}

/**
 * Refuses (409) any change to a meeting whose minutes are issued. Meeting forms call this before
 * they write the meeting, its attendance, agenda or decisions.
 */
export function assertEditable(meeting: Pick<Meeting, 'minutesStatus' | 'issueNumber'>, locale: Locale = 'zh-CN'): void {
  if (!isEditable(meeting)) throw refuse(409, 'minutes_issued', locale, 'minutes.error.readOnly', { n: meeting.issueNumber ?? '' });
}

// ---- Chinese numerals for the 一、（一） markers ----
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for any list of decisions). */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  return `${DIGITS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest)}`;
}

const marker = (locale: Locale, key: 'minutesDoc.sectionMarker' | 'minutesDoc.entryMarker', n: number) =>
  translate(locale, key, { n: locale === 'en' ? String(n) : chineseNumeral(n) });

/** Ends a heading-like title with a full stop unless it already ends with punctuation. */
function asSentence(text: string, locale: Locale): string {
  const trimmed = text.trim();
  return /[。！？；：.!?;:]$/.test(trimmed) ? trimmed : `${trimmed}${translate(locale, 'minutesDoc.sentenceEnd')}`;
}

/** Straight double quotes as Chinese typesetting has them: “…”, pairing within the text. */
export function curlyQuotes(text: string): string {
  let opening = true;
  return text.replace(/"/g, () => {
    const mark = opening ? '“' : '”';
    opening = !opening;
    return mark;
  });
}

/** Width of a 2号 line (156 mm at 22 pt): 20 characters. */
const TITLE_LINE = 20;

/**
 * The 纪要 mark in lines: a long title breaks before its 会议纪要 / 纪要 so that no line ends in
 * the middle of a word (GB/T 9704 asks for meaningful breaks); otherwise the layout wraps it.
 */
export function titleLines(title: string, locale: Locale): string[] {
  if (locale === 'en' || title.length <= TITLE_LINE) return [title];
  for (const suffix of ['会议纪要', '座谈会纪要', '纪要']) {
    const head = title.slice(0, -suffix.length);
    if (title.endsWith(suffix) && head.length <= TITLE_LINE && head.length >= suffix.length) return [head, suffix];
  }
  return [title];
}

/** Text compared as it is printed: straight quotes as Chinese quotation marks, no spaces. */
const sameText = (text: string) => curlyQuotes(text).replace(/\s+/g, '');

/**
 * The organ at the head of a 纪要's title (GB/T 9704: the issuing organ's name before 纪要): the
 * organisation and the programme before a working group's name, the organisation before a
 * meeting's own title, leaving out what the name already says.
 */
export function titleOrgan(name: string, org: Pick<OrganisationSettings, 'organisationName' | 'programmeTitle'>, withProgramme: boolean): string {
  const named = sameText(name);
  const organisation = sameText(org.organisationName);
  if (organisation && named.startsWith(organisation)) return '';
  const programme = sameText(org.programmeTitle);
  return `${org.organisationName.trim()}${withProgramme && programme && !named.includes(programme) ? org.programmeTitle.trim() : ''}`;
}

/** A file name any system accepts: straight quotes become “ ”, reserved characters go. */
export function safeFileName(name: string): string {
  return curlyQuotes(name)
    .replace(/[\\/:*?<>|\u0000-\u001f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
}

/** Every text of a view model with Chinese quotation marks and no control characters (the day and the file name stay as they are). */
function quoted<T>(value: T): T {
  // Control characters stored before the input was cleaned never reach a Word or Markdown file.
  if (typeof value === 'string') return curlyQuotes(cleanText(value)) as T;
  if (Array.isArray(value)) return value.map(quoted) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'fileName' || k === 'meetingDay' || k === 'month' ? v : quoted(v)]),
    ) as T;
  }
  return value;
}

// ---- View models ----

export interface MinutesEntry {
  /** （一） */
  marker: string;
  /** The entry's title, ending with a full stop (set in 楷体). */
  title: string;
  body: string | null;
  /** （牵头单位：…；配合单位：…；完成时限：…） */
  terms: string;
}

export interface MinutesSection {
  /** 一、 */
  marker: string;
  /** A heading line in 黑体 (会议议定如下事项：). */
  heading: string | null;
  /** Text that follows the marker in the same paragraph (会议听取了……). */
  lead: string | null;
  paragraphs: string[];
  entries: MinutesEntry[];
}

export interface MinutesDocument {
  meetingId: number;
  /** 纪要标志: ××××会议纪要 */
  title: string;
  /** The title broken into its lines. */
  titleLines: string[];
  /** 第3期, or null for a draft never issued */
  numberLabel: string | null;
  draft: boolean;
  draftLabel: string;
  issuingOffice: string;
  /** The issue date under the title (empty for a draft). */
  dateLine: string;
  opening: string;
  sections: MinutesSection[];
  /** 出席 / 列席 / 请假 lines (not `label`: a template helper has that name). */
  attendance: { caption: string; colon: string; text: string }[];
  distributionLabel: string;
  distribution: string | null;
  /** ×年×月×日印发 (null for a draft). */
  issuedLine: string | null;
  meetingDay: string;
  meetingTitle: string;
  /** Without extension. */
  fileName: string;
}

export interface CarriedItem {
  id: number;
  kind: Item['kind'];
  title: string;
  leadUnit: string;
  dueDate: string;
  /** Status on the day the carry-over is taken (the meeting's day, or today for a later meeting). */
  status: ItemStatus;
  overdue: boolean;
  overdueDays: number;
  sourceMeetingId: number | null;
  sourceTitle: string | null;
}

export interface CarriedOver {
  /** The day the statuses are read: the meeting's day, or today when the meeting is still ahead. */
  asOf: string;
  previous: { id: number; title: string; issueNumber: number | null; issueYear: number | null; total: number; done: number; open: number } | null;
  items: CarriedItem[];
}

export interface PackDraft {
  meetingId: number;
  title: string;
  day: string;
  /** 草稿（未印发） */
  status: string;
}

export interface PackRow {
  no: number;
  title: string;
  leadUnit: string;
  due: string;
  status: string;
}

export interface MonthlyPack {
  month: string;
  monthLabel: string;
  scopeLabel: string;
  compiledOn: string;
  /** The organisation and programme at the head of the cover (may be empty). */
  heading: string;
  /** The compiling organ (编印单位): the issuing organ of minutes from the settings (may be empty). */
  compiler: string;
  /** The issued minutes of the month, in order. */
  meetings: MinutesDocument[];
  contents: string[];
  /** Meetings held in the month whose minutes are not issued: listed, not reproduced. */
  drafts: PackDraft[];
  decisions: PackRow[];
  /** The month's item figures (figures.ts): closed, added, became overdue — each with its count. */
  changes: { figure: ItemFigure | 'notices'; total: number; heading: string; rows: PackRow[]; more: number }[];
  fileName: string;
}

export interface CalendarMeeting {
  id: number;
  title: string;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  chair: string | null;
  topic: string | null;
  status: Meeting['status'];
  version: number;
  updatedAt: string;
  groupName: string;
  agenda: string[];
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The fields of a meeting the workflow changes, for the audit entry. */
const workflowFields = (m: Meeting) => ({
  minutesStatus: m.minutesStatus,
  issueYear: m.issueYear,
  issueNumber: m.issueNumber,
  issuedOn: m.issuedOn,
  issuedBy: m.issuedBy,
  issuingOffice: m.issuingOffice,
  distribution: m.distribution,
});


export function createMinutesService(db: Db, clock: Clock, settings: Pick<SettingsService, 'get'> = createSettingsService(db)) {
  /** Meetings of the same numbering sequence: the series, or the group's meetings without one. */
  const sameSequence = (m: Pick<Meeting, 'seriesId' | 'groupId'>): SQL =>
    m.seriesId !== null ? eq(meetings.seriesId, m.seriesId) : and(isNull(meetings.seriesId), eq(meetings.groupId, m.groupId))!;

  function numberTaken(tx: Tx, m: Meeting, year: number, n: number): boolean {
    return !!tx
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(sameSequence(m), eq(meetings.issueYear, year), eq(meetings.issueNumber, n), ne(meetings.id, m.id)))
      .get();
  }

  function nextNumber(tx: Tx, m: Meeting, year: number): number {
    const row = tx
      .select({ max: sql<number | null>`max(${meetings.issueNumber})` })
      .from(meetings)
      .where(and(sameSequence(m), eq(meetings.issueYear, year)))
      .get();
    return (row?.max ?? 0) + 1;
  }

  /**
   * Issues (印发) a held meeting's minutes: numbers them (keeping the number of minutes issued
   * before and reopened), dates them (today unless given), fills the issuing office and the
   * distribution from the series when the meeting has none, and records it in the audit log.
   */
  function issue(meetingId: number, actor: Actor, options: { issuedOn?: string; locale?: Locale } = {}): Meeting {
    const locale = options.locale ?? 'zh-CN';
    const today = clock.today();
    return db.transaction(
      (tx) => {
        const m = tx.select().from(meetings).where(eq(meetings.id, meetingId)).get();
        if (!m) throw notFound(translate(locale, 'meeting.notFound'));
        if (m.minutesStatus === 'issued') throw refuse(409, 'minutes_issued', locale, 'minutes.error.alreadyIssued', { n: m.issueNumber });
        if (m.status !== 'held') throw refuse(409, 'meeting_not_held', locale, 'minutes.error.notHeld');
        const meetingDay = m.startsAt.slice(0, 10);
        const issuedOn = options.issuedOn ?? (today < meetingDay ? meetingDay : today);
        if (!isDay(issuedOn) || issuedOn < meetingDay || issuedOn > (today < meetingDay ? meetingDay : today)) {
          throw refuse(400, 'invalid_issued_on', locale, 'minutes.error.issuedOn', {
            from: formatDay(meetingDay, locale),
            to: formatDay(today, locale),
          });
        }
        let issueYear = m.issueYear;
        let issueNumber = m.issueNumber;
        if (issueYear === null || issueNumber === null || numberTaken(tx, m, issueYear, issueNumber)) {
          issueYear = Number(issuedOn.slice(0, 4));
          issueNumber = nextNumber(tx, m, issueYear);
        }
        const series = m.seriesId ? tx.select().from(meetingSeries).where(eq(meetingSeries.id, m.seriesId)).get() : undefined;
        const group = tx.select({ leadDepartment: groups.leadDepartment }).from(groups).where(eq(groups.id, m.groupId)).get();
        const organ = settings.get().minutesOrgan.trim();
        const change = {
          minutesStatus: 'issued' as const,
          issueYear,
          issueNumber,
          issuedOn,
          issuedBy: actor.userId,
          issuingOffice: m.issuingOffice ?? series?.issuingOffice ?? group?.leadDepartment ?? (organ || null),
          distribution: m.distribution ?? series?.distribution ?? null,
        };
        const updated = tx
          .update(meetings)
          .set({ ...change, version: m.version + 1, updatedAt: clock.instant() })
          .where(eq(meetings.id, m.id))
          .returning()
          .get();
        appendAudit(tx, actor, { action: 'update', entityType: 'meeting', entityId: m.id, before: workflowFields(m), after: workflowFields(updated) });
        return updated;
      },
      { behavior: 'immediate' },
    );
  }

  /** Returns issued minutes to draft (office and admin only); the number stays. */
  function reopen(meetingId: number, actor: Actor & { role?: Role | null }, options: { locale?: Locale } = {}): Meeting {
    const locale = options.locale ?? 'zh-CN';
    if (actor.role && !reopenRoles.includes(actor.role)) throw refuse(403, 'forbidden', locale, 'minutes.error.reopenRole');
    const { role: _role, ...who } = actor;
    return db.transaction(
      (tx) => {
        const m = tx.select().from(meetings).where(eq(meetings.id, meetingId)).get();
        if (!m) throw notFound(translate(locale, 'meeting.notFound'));
        if (m.minutesStatus !== 'issued') throw refuse(409, 'minutes_not_issued', locale, 'minutes.error.notIssued');
        const updated = tx
          .update(meetings)
          .set({ minutesStatus: 'draft', version: m.version + 1, updatedAt: clock.instant() })
          .where(eq(meetings.id, m.id))
          .returning()
          .get();
        appendAudit(tx, who, { action: 'update', entityType: 'meeting', entityId: m.id, before: workflowFields(m), after: workflowFields(updated) });
        return updated;
      },
      { behavior: 'immediate' },
    );
  }

  /** Records a download (DOCX, Markdown, monthly pack) in the audit log. */
  function recordExport(actor: Actor, entityType: 'meeting' | 'monthlyPack', entityId: number | null, detail?: Record<string, unknown>) {
    db.transaction((tx) => appendAudit(tx, actor, { action: 'export', entityType, entityId, after: detail }), { behavior: 'immediate' });
  }

  type Sequenced = Pick<Meeting, 'id' | 'seriesId' | 'groupId' | 'startsAt'>;
  /** The numbering sequence a meeting is in: its series, or its group's meetings without one. */
  const sequenceOf = (m: Pick<Meeting, 'seriesId' | 'groupId'>) => (m.seriesId !== null ? `s${m.seriesId}` : `g${m.groupId}`);
  /** SQL's ascending order, NULL first. */
  const ascending = (a: string | number | null, b: string | number | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

  /**
   * For each meeting: the open decisions and problems of the earlier meetings of its series
   * (decided there or put on their agenda) that were not closed out by the meeting's day, and
   * how the previous meeting's decisions stand. Read as of the meeting's day, so issued minutes
   * say the same thing whenever they are exported; a meeting still ahead reads today's state.
   * Five queries however many meetings (the monthly pack asks for a month's at once): the earlier
   * meetings of their sequences, those meetings' agendas, the items decided there or on them,
   * the previous meetings' decisions, and the status changes of all of these.
   */
  /** How many ids one `IN (…)` list binds at most. */
  const IN_LIST_CHUNK = 5000;

  function carriedOverMany(list: Sequenced[]): Map<number, CarriedOver> {
    const result = new Map<number, CarriedOver>();
    if (!list.length) return result;
    const today = clock.today();
    const seriesIds = [...new Set(list.filter((m) => m.seriesId !== null).map((m) => m.seriesId!))];
    const groupIds = [...new Set(list.filter((m) => m.seriesId === null).map((m) => m.groupId))];
    const latest = list.reduce((max, m) => (m.startsAt > max ? m.startsAt : max), '');
    const inSequences = or(
      seriesIds.length ? inArray(meetings.seriesId, seriesIds) : undefined,
      groupIds.length ? and(isNull(meetings.seriesId), inArray(meetings.groupId, groupIds)) : undefined,
    );
    const historyWhere = and(eq(meetings.status, 'held'), lt(meetings.startsAt, latest), inSequences);
    const history = db
      .select({ id: meetings.id, title: meetings.title, issueNumber: meetings.issueNumber, issueYear: meetings.issueYear, seriesId: meetings.seriesId, groupId: meetings.groupId, startsAt: meetings.startsAt })
      .from(meetings)
      .where(historyWhere)
      .orderBy(asc(meetings.startsAt), asc(meetings.id))
      .all();
    const historyIds = db.select({ id: meetings.id }).from(meetings).where(historyWhere);
    const agenda = db
      .select({ meetingId: meetingAgenda.meetingId, itemId: meetingAgenda.itemId })
      .from(meetingAgenda)
      .where(and(inArray(meetingAgenda.meetingId, historyIds), sql`${meetingAgenda.itemId} IS NOT NULL`))
      .all();
    const candidates = db
      .select({ item: items, sourceTitle: meetings.title, sourceStartsAt: meetings.startsAt })
      .from(items)
      .leftJoin(meetings, eq(meetings.id, items.meetingId))
      .where(
        and(
          inArray(items.kind, ['decision', 'problem']),
          or(inArray(items.meetingId, historyIds), inArray(items.id, db.select({ id: meetingAgenda.itemId }).from(meetingAgenda).where(inArray(meetingAgenda.meetingId, historyIds)))),
        ),
      )
      .all();

    // Everything grouped by numbering sequence once, so each meeting looks only at its own
    // sequence (a month of a national programme holds thousands of meetings).
    const historyBySequence = new Map<string, typeof history>();
    const sequenceOfMeeting = new Map<number, string>();
    for (const h of history) {
      const key = sequenceOf(h);
      sequenceOfMeeting.set(h.id, key);
      const found = historyBySequence.get(key);
      if (found) found.push(h);
      else historyBySequence.set(key, [h]);
    }
    const agendaBySequence = new Map<string, typeof agenda>();
    for (const a of agenda) {
      const key = sequenceOfMeeting.get(a.meetingId);
      if (key === undefined) continue;
      const found = agendaBySequence.get(key);
      if (found) found.push(a);
      else agendaBySequence.set(key, [a]);
    }
    const candidatesBySequence = new Map<string, typeof candidates>();
    const onAgendaOf = new Map<number, Set<string>>();
    for (const a of agenda) {
      const key = sequenceOfMeeting.get(a.meetingId);
      if (key === undefined || a.itemId === null) continue;
      const keys = onAgendaOf.get(a.itemId) ?? new Set<string>();
      keys.add(key);
      onAgendaOf.set(a.itemId, keys);
    }
    for (const c of candidates) {
      const keys = new Set(onAgendaOf.get(c.item.id) ?? []);
      const source = c.item.meetingId !== null ? sequenceOfMeeting.get(c.item.meetingId) : undefined;
      if (source !== undefined) keys.add(source);
      for (const key of keys) {
        const found = candidatesBySequence.get(key);
        if (found) found.push(c);
        else candidatesBySequence.set(key, [c]);
      }
    }

    // Each meeting's earlier meetings, and the previous one.
    const earlierOf = new Map<number, typeof history>();
    for (const m of list) {
      earlierOf.set(m.id, (historyBySequence.get(sequenceOf(m)) ?? []).filter((h) => h.startsAt < m.startsAt && h.id !== m.id));
    }
    const previousIds = [...new Set(list.map((m) => earlierOf.get(m.id)!.at(-1)?.id).filter((id): id is number => id !== undefined))];
    const previousDecisions: Item[] = [];
    for (let i = 0; i < previousIds.length; i += IN_LIST_CHUNK) {
      previousDecisions.push(...db.select().from(items).where(and(inArray(items.meetingId, previousIds.slice(i, i + IN_LIST_CHUNK)), eq(items.kind, 'decision'))).all());
    }
    const decisionsOfMeeting = new Map<number, Item[]>();
    for (const d of previousDecisions) decisionsOfMeeting.set(d.meetingId!, [...(decisionsOfMeeting.get(d.meetingId!) ?? []), d]);
    const asOfs = list.map((m) => (m.startsAt.slice(0, 10) < today ? m.startsAt.slice(0, 10) : today));
    const latestAsOf = asOfs.reduce((max, d) => (d > max ? d : max), '');
    const itemIds = [...new Set([...candidates.map((c) => c.item.id), ...previousDecisions.map((d) => d.id)])];
    // Each item's status changes in order, to read its status on any of the days.
    const changes = new Map<number, { onDate: string; toStatus: ItemStatus }[]>();
    // In chunks (each item's changes all in one, in order): a list of every item id in one
    // statement can exceed what SQLite binds.
    for (let i = 0; i < itemIds.length; i += IN_LIST_CHUNK) {
      for (const u of db
        .select({ itemId: itemUpdates.itemId, onDate: itemUpdates.onDate, toStatus: itemUpdates.toStatus })
        .from(itemUpdates)
        .where(and(inArray(itemUpdates.itemId, itemIds.slice(i, i + IN_LIST_CHUNK)), lte(itemUpdates.onDate, latestAsOf)))
        .orderBy(asc(itemUpdates.onDate), asc(itemUpdates.at), asc(itemUpdates.id))
        .all()) {
        const list = changes.get(u.itemId);
        if (list) list.push({ onDate: u.onDate, toStatus: u.toStatus });
        else changes.set(u.itemId, [{ onDate: u.onDate, toStatus: u.toStatus }]);
      }
    }
    /** An item's status on a past day, from its recorded status changes (undefined before the first). */
    const changedTo = (itemId: number, day: string): ItemStatus | undefined => {
      let found: ItemStatus | undefined;
      for (const c of changes.get(itemId) ?? []) if (c.onDate <= day) found = c.toStatus;
      return found;
    };

    list.forEach((m, i) => {
      const asOf = asOfs[i]!;
      const current = asOf >= today;
      const earlier = earlierOf.get(m.id)!;
      const earlierIds = new Set(earlier.map((h) => h.id));
      const onEarlierAgenda = new Set((agendaBySequence.get(sequenceOf(m)) ?? []).filter((a) => earlierIds.has(a.meetingId)).map((a) => a.itemId!));
      const open = (item: Item) => (current ? item.status !== 'closed' : item.closedOn === null || item.closedOn > asOf);
      const rows = (candidatesBySequence.get(sequenceOf(m)) ?? [])
        .filter(({ item }) => ((item.meetingId !== null && earlierIds.has(item.meetingId)) || onEarlierAgenda.has(item.id)) && open(item))
        .sort(
          (a, b) =>
            ascending(a.sourceStartsAt ?? '9999', b.sourceStartsAt ?? '9999') ||
            ascending(a.item.position, b.item.position) ||
            ascending(a.item.dueDate, b.item.dueDate) ||
            a.item.id - b.item.id,
        );
      const statusOf = (item: Item): ItemStatus => {
        if (current) return item.status;
        const changed = changedTo(item.id, asOf);
        return item.doneOn && item.doneOn <= asOf && changed === undefined ? 'done' : (changed ?? 'notStarted');
      };
      const carried = rows.map(({ item, sourceTitle }) => {
        const status = statusOf(item);
        const overdue = !finishedStatuses.includes(status) && item.dueDate < asOf;
        return {
          id: item.id,
          kind: item.kind,
          title: item.title,
          leadUnit: item.leadUnit,
          dueDate: item.dueDate,
          status,
          overdue,
          overdueDays: overdue ? daysBetween(item.dueDate, asOf) : 0,
          sourceMeetingId: item.meetingId,
          sourceTitle,
        };
      });

      let previous: CarriedOver['previous'] = null;
      const prev = earlier.at(-1);
      if (prev) {
        const decisions = decisionsOfMeeting.get(prev.id) ?? [];
        if (decisions.length) {
          const doneOnDay = (d: Item) => {
            if (current) return finishedStatuses.includes(d.status);
            const s = changedTo(d.id, asOf);
            return (s !== undefined && finishedStatuses.includes(s)) || (!!d.doneOn && d.doneOn <= asOf) || (!!d.closedOn && d.closedOn <= asOf);
          };
          const done = decisions.filter(doneOnDay).length;
          previous = { id: prev.id, title: prev.title, issueNumber: prev.issueNumber, issueYear: prev.issueYear, total: decisions.length, done, open: decisions.length - done };
        }
      }
      result.set(m.id, { asOf, previous, items: carried });
    });
    return result;
  }

  /** carriedOverMany for one meeting. */
  function carriedOver(m: Sequenced): CarriedOver {
    return carriedOverMany([m]).get(m.id)!;
  }

  /**
   * Meetings with everything their minutes need, in three queries however many there are (the
   * monthly pack reads a month's meetings at once): the meetings with their group and series,
   * their attendance, their decisions.
   */
  function loadMany(where: SQL) {
    const rows = db
      .select({ meeting: meetings, groupName: groups.name, leadDepartment: groups.leadDepartment, series: meetingSeries })
      .from(meetings)
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .leftJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
      .where(where)
      .orderBy(asc(meetings.startsAt), asc(meetings.id))
      .all();
    const ids = rows.map((r) => r.meeting.id);
    const attendanceOf = new Map<number, (typeof meetingAttendance.$inferSelect)[]>();
    const decisionsOf = new Map<number, Item[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const a of db
        .select()
        .from(meetingAttendance)
        .where(inArray(meetingAttendance.meetingId, chunk))
        .orderBy(asc(meetingAttendance.sortOrder), asc(meetingAttendance.id))
        .all()) {
        attendanceOf.set(a.meetingId, [...(attendanceOf.get(a.meetingId) ?? []), a]);
      }
      for (const d of db
        .select()
        .from(items)
        .where(and(inArray(items.meetingId, chunk), eq(items.kind, 'decision')))
        .orderBy(asc(items.position), asc(items.id))
        .all()) {
        decisionsOf.set(d.meetingId!, [...(decisionsOf.get(d.meetingId!) ?? []), d]);
      }
    }
    return rows.map((r) => ({ ...r, attendance: attendanceOf.get(r.meeting.id) ?? [], decisions: decisionsOf.get(r.meeting.id) ?? [] }));
  }

  /** A meeting with everything its minutes need, or null. */
  function load(meetingId: number) {
    return loadMany(eq(meetings.id, meetingId))[0] ?? null;
  }

  function statusText(locale: Locale, status: ItemStatus, overdueDays: number): string {
    const label = translate(locale, `itemStatus.${status}`);
    return overdueDays > 0
      ? translate(locale, 'minutesDoc.statusWithNote', { status: label, note: translate(locale, 'minutesDoc.overdueDays', { n: overdueDays }) })
      : label;
  }

  /** 2018年第3期: the number in its series and year of issue. */
  const numberOf = (locale: Locale, year: number | null, n: number | null) =>
    n === null ? null : year === null ? translate(locale, 'minutesDoc.numberOnly', { n }) : translate(locale, 'minutesDoc.number', { year, n });

  function compose(found: NonNullable<ReturnType<typeof load>>, locale: Locale, org: OrganisationSettings, carried = carriedOver(found.meeting)): MinutesDocument {
    const { meeting: m, groupName, leadDepartment, series, attendance, decisions } = found;
    const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
    const meetingDay = m.startsAt.slice(0, 10);
    const issued = m.minutesStatus === 'issued';
    // <organ><group>会议纪要 for a series' meetings, <organ><meeting>纪要 for the others.
    const title = series
      ? t('minutesDoc.title', { organ: titleOrgan(groupName, org, true), name: groupName })
      : t('minutesDoc.titleOfMeeting', { organ: titleOrgan(m.title, org, false), title: m.title });
    const numberLabel = numberOf(locale, m.issueYear, m.issueNumber);
    const issuingOffice = m.issuingOffice ?? series?.issuingOffice ?? leadDepartment ?? org.minutesOrgan.trim();

    // Opening: time, chair, place, title, topic.
    const hour = Number(m.startsAt.slice(11, 13));
    const period = t(hour < 12 ? 'minutesDoc.morning' : hour < 18 ? 'minutesDoc.afternoon' : 'minutesDoc.evening');
    const when = locale === 'en' ? `${formatDay(meetingDay, locale)} ${period}` : `${formatDay(meetingDay, locale)}${period}`;
    let chair: string | null = null;
    if (m.chair) {
      const seat = attendance.find((a) => a.name === m.chair);
      const role = [seat?.unit, m.chairPost ?? seat?.post].filter(Boolean).join(locale === 'en' ? ' ' : '');
      chair = role ? (locale === 'en' ? `${m.chair} (${role})` : `${role}${m.chair}`) : m.chair;
    }
    const openingKey = chair && m.place ? 'minutesDoc.openingChairPlace' : chair ? 'minutesDoc.openingChair' : m.place ? 'minutesDoc.openingPlace' : 'minutesDoc.openingBare';
    const opening =
      t(openingKey, { when, chair, place: m.place, title: m.title }) +
      (m.topic ? t('minutesDoc.openingTopic', { topic: m.topic.replace(/[。.]$/, '') }) : '') +
      t(decisions.length ? 'minutesDoc.openingEndDecisions' : 'minutesDoc.openingEnd');

    const sections: MinutesSection[] = [];
    const section = (s: Omit<MinutesSection, 'marker'>) => sections.push({ marker: marker(locale, 'minutesDoc.sectionMarker', sections.length + 1), ...s });
    const date = (day: string) => formatDay(day, locale);
    const list = (names: string[]) => names.join(t('minutesDoc.listSeparator'));

    if (m.heard) section({ heading: null, lead: m.heard.trim(), paragraphs: [], entries: [] });
    if (decisions.length || m.summary) {
      section({
        heading: t('minutesDoc.decisionsHeading'),
        lead: null,
        paragraphs: m.summary ? [m.summary.trim()] : [],
        entries: decisions.map((d, i) => {
          const support = parseUnits(d.supportUnits);
          // The deadline agreed at the meeting: a later delay does not rewrite the minutes.
          const due = date(d.originalDueDate);
          return {
            marker: marker(locale, 'minutesDoc.entryMarker', i + 1),
            title: asSentence(d.title, locale),
            body: d.detail?.trim() || null,
            terms: support.length
              ? t('minutesDoc.decisionTerms', { lead: d.leadUnit, support: list(support), due })
              : t('minutesDoc.decisionTermsLead', { lead: d.leadUnit, due }),
          };
        }),
      });
    }
    if (carried.previous || carried.items.length) {
      const paragraphs: string[] = [];
      const p = carried.previous;
      if (p) {
        const numbered = p.issueNumber !== null;
        const key = p.open
          ? numbered ? 'minutesDoc.carriedSummary' : 'minutesDoc.carriedSummaryPlain'
          : p.total === 1
            ? numbered ? 'minutesDoc.carriedOneDone' : 'minutesDoc.carriedOneDonePlain'
            : numbered ? 'minutesDoc.carriedAllDone' : 'minutesDoc.carriedAllDonePlain';
        paragraphs.push(t(key, { number: numberOf(locale, p.issueYear, p.issueNumber), total: p.total, done: p.done, open: p.open }));
      }
      if (carried.items.length) paragraphs.push(t('minutesDoc.carriedIntro'));
      section({
        heading: t('minutesDoc.carriedHeading'),
        lead: null,
        paragraphs,
        entries: carried.items.map((c, i) => ({
          marker: marker(locale, 'minutesDoc.entryMarker', i + 1),
          title: asSentence(c.title, locale),
          body: null,
          terms: t('minutesDoc.carriedTerms', { lead: c.leadUnit, due: date(c.dueDate), status: statusText(locale, c.status, c.overdueDays) }),
        })),
      });
    }

    const people = (kind: 'present' | 'attending' | 'excused') =>
      list(
        attendance
          .filter((a) => a.kind === kind)
          .map((a) =>
            a.standIn
              ? t('minutesDoc.personStandIn', { name: a.name, unit: a.unit, standIn: a.standIn.replace(/^委托|参会$/g, '') })
              : t('minutesDoc.person', { name: a.name, unit: a.unit }),
          ),
      );
    const attendanceLines = (['present', 'attending', 'excused'] as const)
      .map((kind) => ({ caption: t(`minutesDoc.${kind}`), colon: t('minutesDoc.colon'), text: people(kind) }))
      .filter((line) => line.text);

    const issuedOn = issued && m.issuedOn ? m.issuedOn : null;
    const fileName = safeFileName(numberLabel ? (locale === 'en' ? `${title} ${numberLabel}` : `${numberLabel}-${title}`) : `${title}${t('minutesDoc.draft')}`);
    return quoted({
      meetingId: m.id,
      title,
      titleLines: titleLines(curlyQuotes(title), locale),
      numberLabel,
      draft: !issued,
      draftLabel: t('minutesDoc.draft'),
      issuingOffice,
      dateLine: issuedOn ? date(issuedOn) : '',
      opening,
      sections,
      attendance: attendanceLines,
      distributionLabel: t('minutesDoc.distribution'),
      distribution: m.distribution ?? series?.distribution ?? null,
      issuedLine: issuedOn ? t('minutesDoc.issuedOn', { date: date(issuedOn) }) : null,
      meetingDay,
      meetingTitle: m.title,
      fileName,
    });
  }

  /** The 纪要 of one held meeting, ready to lay out; 404 for no meeting, 409 for one not held. */
  function document(meetingId: number, locale: Locale = 'zh-CN'): MinutesDocument {
    const found = load(meetingId);
    if (!found) throw notFound(translate(locale, 'meeting.notFound'));
    if (found.meeting.status !== 'held') throw refuse(409, 'no_minutes', locale, 'minutes.error.noMinutes');
    return compose(found, locale, settings.get());
  }

  /**
   * The monthly pack (月度纪要汇编): every meeting held in the month (of one group, or all) in
   * order, the month's decisions with their status today, and the items closed, added and fallen
   * overdue in the month. 404 when no meeting was held in the month.
   */
  function monthlyPack(month: string, options: { groupId?: number; locale?: Locale } = {}): MonthlyPack {
    const locale = options.locale ?? 'zh-CN';
    const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
    const today = clock.today();
    const first = `${month}-01`;
    if (!parseDay(first)) throw refuse(400, 'bad_request', locale, 'minutes.error.month');
    const next = plusMonths(first, 1);
    let scopeLabel = t('pack.scopeAll');
    if (options.groupId) {
      const group = db.select({ name: groups.name }).from(groups).where(eq(groups.id, options.groupId)).get();
      if (!group) throw notFound(t('minutes.error.groupNotFound'));
      scopeLabel = group.name;
    }
    const monthLabel = formatMonth(month, locale);
    // The month's meetings in one batch of reads; only issued minutes are reproduced, the others
    // are listed as not issued.
    const held = loadMany(
      and(eq(meetings.status, 'held'), gte(meetings.startsAt, first), lt(meetings.startsAt, next), options.groupId ? eq(meetings.groupId, options.groupId) : undefined)!,
    );
    if (!held.length) throw notFound(t('minutes.error.noMeetings', { month: monthLabel }));
    const org = settings.get();
    const issuedMeetings = held.filter((h) => h.meeting.minutesStatus === 'issued');
    const carried = carriedOverMany(issuedMeetings.map((h) => h.meeting));
    const docs = issuedMeetings.map((found) => compose(found, locale, org, carried.get(found.meeting.id)));
    const drafts: PackDraft[] = held
      .filter((h) => h.meeting.minutesStatus !== 'issued')
      .map((h) => ({ meetingId: h.meeting.id, title: h.meeting.title, day: formatDay(h.meeting.startsAt.slice(0, 10), locale), status: t('pack.notIssued') }));

    const row = (no: number, item: Item): PackRow => {
      const overdue = !finishedStatuses.includes(item.status) && item.dueDate < today;
      return {
        no,
        title: item.title,
        leadUnit: item.leadUnit,
        due: formatDay(item.dueDate, locale),
        status: statusText(locale, item.status, overdue ? daysBetween(item.dueDate, today) : 0),
      };
    };
    // The decisions of the issued minutes, in the order of the minutes.
    const decisions = issuedMeetings.flatMap((h) => h.decisions).map((item, i) => row(i + 1, item));

    const inScope = options.groupId ? eq(items.groupId, options.groupId) : undefined;
    const changeList = (figure: ItemFigure | 'notices', heading: string, order: SQL, where: SQL = itemFigureSql(figure as ItemFigure, month, today)) => {
      const condition = and(where, inScope);
      const total = db.select({ n: sql<number>`count(*)` }).from(items).where(condition).get()?.n ?? 0;
      const rows = db.select().from(items).where(condition).orderBy(order, asc(items.id)).limit(PACK_LIST_LIMIT).all();
      return { figure, total, heading: t(heading, { n: total }), rows: rows.map((r, i) => row(i + 1, r)), more: Math.max(0, total - rows.length) };
    };
    // The month's figures, each from its one definition (figures.ts), as the dashboard counts them.
    const changes = [
      changeList('closed', 'pack.closed', asc(items.closedOn)),
      changeList('added', 'pack.added', asc(items.createdAt)),
      changeList('becameOverdue', 'pack.overdue', asc(items.dueDate)),
    ];
    // The month's 通报 (services/escalations.ts): items raised to a leader and still open at month end.
    const noticed = changeList('notices', 'pack.notices', asc(items.dueDate), sql`${items.id} IN (SELECT e.item_id FROM escalations e WHERE e.step = 'report' AND e.cycle = ${month})`);
    if (noticed.rows.length) changes.push(noticed);

    return quoted({
      month,
      monthLabel,
      scopeLabel,
      compiledOn: formatDay(today, locale),
      heading: `${org.organisationName.trim()}${org.programmeTitle.trim()}`,
      compiler: org.minutesOrgan.trim(),
      meetings: docs,
      contents: docs.map((d) =>
        t('pack.contentsEntry', {
          date: t('pack.contentsDay', { m: Number(d.meetingDay.slice(5, 7)), d: Number(d.meetingDay.slice(8, 10)) }),
          title: d.meetingTitle,
          number: d.numberLabel ?? t('minutesStatus.draft'),
        }),
      ),
      drafts,
      decisions,
      changes,
      fileName: safeFileName(
        `${t('pack.fileName', { month: monthLabel })}${options.groupId ? `-${scopeLabel}` : ''}`,
      ),
    });
  }

  /** Meetings for a calendar feed: one series (all its meetings), or every planned meeting. */
  function calendarMeetings(filter: { seriesId: number } | { planned: true }): { name: string; meetings: CalendarMeeting[] } | null {
    let name: string;
    let where: SQL | undefined;
    if ('seriesId' in filter) {
      const series = db.select({ name: meetingSeries.name }).from(meetingSeries).where(eq(meetingSeries.id, filter.seriesId)).get();
      if (!series) return null;
      name = series.name;
      where = eq(meetings.seriesId, filter.seriesId);
    } else {
      name = '';
      where = eq(meetings.status, 'planned');
    }
    const rows = db
      .select({ meeting: meetings, groupName: groups.name })
      .from(meetings)
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(where)
      .orderBy(asc(meetings.startsAt), asc(meetings.id))
      .all();
    const agenda = new Map<number, string[]>();
    if (rows.length) {
      const ids = rows.map((r) => r.meeting.id);
      for (let i = 0; i < ids.length; i += 500) {
        for (const a of db
          .select({ meetingId: meetingAgenda.meetingId, title: meetingAgenda.title })
          .from(meetingAgenda)
          .where(inArray(meetingAgenda.meetingId, ids.slice(i, i + 500)))
          .orderBy(asc(meetingAgenda.meetingId), asc(meetingAgenda.position))
          .all()) {
          agenda.set(a.meetingId, [...(agenda.get(a.meetingId) ?? []), a.title]);
        }
      }
    }
    return {
      name,
      meetings: rows.map(({ meeting: m, groupName }) => ({
        id: m.id,
        title: m.title,
        startsAt: m.startsAt,
        endsAt: m.endsAt,
        place: m.place,
        chair: m.chair,
        topic: m.topic,
        status: m.status,
        version: m.version,
        updatedAt: m.updatedAt,
        groupName,
        agenda: agenda.get(m.id) ?? [],
      })),
    };
  }

  return {
    isEditable,
    assertEditable,
    issue,
    reopen,
    recordExport,
    carriedOver,
    document,
    monthlyPack,
    calendarMeetings,
  };
}

export type MinutesService = ReturnType<typeof createMinutesService>;

// Tracked items (督办事项): milestones, decisions and problems share one list, one overdue rule
// and one life cycle. Reading side: filtered, paged lists and one item with its history.
// Writing side (every write in one transaction with its audit entry and, for a change of status,
// its item_updates row):
// - create / edit the three kinds; category, level and raisedOn belong to problems only; the
//   original deadline is the deadline at creation; only the office moves a deadline by editing
//   (a correction), everyone else asks for a delay;
// - status change with a progress note in one step: notStarted / inProgress / done (已完成, reported);
//   'delayed' comes from an approved delay, 'closed' (销号) and reopening only from the office;
//   a problem's first update sets firstResponseOn, done sets doneOn;
// - delay requests: one pending at a time, a new deadline after the current one; approval moves
//   the deadline, counts the delay and marks the item delayed, the original deadline stays;
// - staff write only the items of their working groups (checked here, so forms and API agree).
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import {
  agreements,
  delayRequests,
  enterprises,
  groups,
  handovers,
  instructions,
  itemKinds,
  itemStatuses,
  itemUpdates,
  items,
  meetings,
  problemCategories,
  problemLevels,
  stages,
  users,
  type EnterpriseLevel,
  type ItemKind,
  type ItemStatus,
  type ServiceLine,
} from '../../db/schema.js';
import { allows, canWriteGroup, type SessionUser } from '../auth/policy.js';
import type { Clock } from '../clock.js';
import { daysBetween, plusDays } from '../dates.js';
import { blank, day, enumOf, line, note, optionalDay, optionalEnum, optionalInt, optionalRef, parseInput, ref, single, ValidationError, versionField, type FieldErrors } from '../forms.js';
import { HttpError } from '../http-errors.js';
import { cleanLine } from '../text.js';
import type { Locale } from '../i18n/messages.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { itemFigureSql } from './figures.js';
import { keysetPage, pageSizeOf } from './keyset.js';
import { assertEditable } from './minutes.js';
import { ConflictError, deleteRecord, insertRecord, notFoundRecord, updateRecord } from './records.js';
import type { WorkingDayService } from './working-days.js';
import { createMemo, type Memo } from './memo.js';

/** Statuses in which an item is finished as far as deadlines go. */
export const finishedStatuses: ItemStatus[] = ['done', 'closed'];

export const isOverdue = (item: { status: ItemStatus; dueDate: string }, today: string): boolean =>
  !finishedStatuses.includes(item.status) && item.dueDate < today;

/** The scope the dashboard and the list share: enterprise level, service line, working group, enterprise. */
export interface ItemScope {
  level?: EnterpriseLevel;
  serviceLine?: ServiceLine;
  groupId?: number;
  enterpriseId?: number;
}

/**
 * Conditions on `items` for a scope. An item's service line is its handover's, else its working
 * group's, and its level its enterprise's: both kept on the item by triggers, so each is an index.
 */
export function itemScope(scope: ItemScope): SQL[] {
  const parts: (SQL | undefined)[] = [
    scope.enterpriseId ? eq(items.enterpriseId, scope.enterpriseId) : undefined,
    scope.level ? eq(items.enterpriseLevel, scope.level) : undefined,
    scope.serviceLine ? eq(items.serviceLine, scope.serviceLine) : undefined,
    scope.groupId ? eq(items.groupId, scope.groupId) : undefined,
  ];
  return parts.filter((p): p is SQL => p !== undefined);
}

/** Overdue: not finished and past its deadline. */
export const overdueSql = (today: string) => sql`${items.finished} = 0 AND ${items.dueDate} < ${today}`;

export interface ItemFilter extends ItemScope {
  kind?: ItemKind;
  status?: ItemStatus;
  leadUnit?: string;
  open?: boolean;
  overdue?: boolean;
  /** Not finished and due between today and today + N days. */
  dueWithin?: number;
  category?: (typeof problemCategories)[number];
  problemLevel?: (typeof problemLevels)[number];
  /** Items of these working groups only ("my items"); an empty list matches nothing. */
  groupIds?: number[];
  /** Items of no service line (the dashboard's 综合 column). */
  noLine?: boolean;
  /** The items behind a month's figure (services/figures.ts): added, closed, became overdue in 'YYYY-MM'. */
  addedIn?: string;
  closedIn?: string;
  becameOverdueIn?: string;
}

export interface PageRequest {
  /** Cursors from the previous page's links. */
  after?: string;
  before?: string;
  pageSize?: number;
}

// ---- Input (the forms and the API share these schemas) ----

/** Units typed as text separated by 、 , ; or new lines (or sent as a JSON array): a list of names. */
export const unitList = () =>
  z.preprocess((v) => {
    if (v === undefined || v === null) return [];
    const parts = ([] as unknown[]).concat(v).flatMap((x) => (typeof x === 'string' ? x.split(/[、,，;；\r\n]+/) : [x]));
    const names = parts.map((x) => (typeof x === 'string' ? cleanLine(x).trim() : x)).filter((x) => x !== '');
    return [...new Set(names)];
  }, z.array(z.string().max(100)).max(50));

/** A tracked item as forms and the API write it (GLOSSARY names). */
export const itemInput = z.object({
  kind: enumOf(itemKinds),
  title: line(200),
  detail: note(4000),
  leadUnit: line(100),
  supportUnits: unitList(),
  owner: note(50),
  ownerUserId: optionalRef(),
  groupId: ref(),
  dueDate: day(),
  /** "Within N working days" (N 个工作日内): sets the deadline N working days from today. */
  dueWorkdays: optionalInt(1, 250),
  category: optionalEnum(problemCategories),
  level: optionalEnum(problemLevels),
  raisedOn: optionalDay(),
  enterpriseId: optionalRef(),
  handoverId: optionalRef(),
  stage: optionalEnum(stages),
  agreementId: optionalRef(),
  meetingId: optionalRef(),
});
export const itemPatch = itemInput.partial().extend({ version: versionField() });

/** Statuses a status update may set; 'delayed' only stays when the item already is delayed. */
export const reportableStatuses = ['notStarted', 'inProgress', 'done'] as const satisfies readonly ItemStatus[];

export const statusInput = z.object({ status: enumOf(itemStatuses), note: note(2000), version: versionField() });
export const closeInput = z.object({ note: line(2000), version: versionField() });
export const reopenInput = closeInput;
export const delayInput = z.object({ newDueDate: day(), reason: line(1000) });
const yesNo = z.preprocess(
  (v) => {
    const last = single(v);
    if (last === true || last === 'true' || last === '1') return true;
    if (last === false || last === 'false' || last === '0') return false;
    return last === undefined || last === null || last === '' ? undefined : 'invalid';
  },
  z.boolean({ message: 'validation.choose' }),
);
export const decisionInput = z.object({ approve: yesNo, note: note(2000) });

/** Who writes: the audit actor and the signed-in user whose role and groups decide. */
export interface ItemWriter {
  actor: Actor;
  user: SessionUser;
  /** The language of refusals that carry parameters (the number of issued minutes). */
  locale?: Locale;
}

const forbidden = () => new HttpError(403, 'forbidden', 'item.notYourGroup');
const refused = (fields: FieldErrors) => new ValidationError(fields);
const isOffice = (user: SessionUser) => user.role === 'office' || user.role === 'admin';

/** Whether the user may update the item's status, ask for delays and edit it (staff: own groups). */
export const mayUpdateItem = (user: SessionUser | null, item: { groupId: number | null }) =>
  !!user && ['admin', 'office', 'staff'].includes(user.role) && canWriteGroup(user, item.groupId);

export function createItemService(db: Db, clock: Clock, workingDays?: WorkingDayService, memo: Memo = createMemo(db)) {
  /** The deadline "within N working days" of today (calendar days when no working-day service is given). */
  const deadlineIn = (n: number) => (workingDays ? workingDays.calendar().addWorkdays(clock.today(), n) : plusDays(clock.today(), n));

  function conditions(filter: ItemFilter): SQL | undefined {
    const today = clock.today();
    const parts: (SQL | undefined)[] = [
      filter.kind ? eq(items.kind, filter.kind) : undefined,
      filter.status ? eq(items.status, filter.status) : undefined,
      ...itemScope(filter),
      filter.leadUnit ? eq(items.leadUnit, filter.leadUnit) : undefined,
      filter.open ? ne(items.status, 'closed') : undefined,
      filter.overdue ? overdueSql(today) : undefined,
      filter.dueWithin !== undefined ? and(eq(items.finished, false), gte(items.dueDate, today), lte(items.dueDate, plusDays(today, filter.dueWithin))) : undefined,
      filter.category ? eq(items.category, filter.category) : undefined,
      filter.problemLevel ? eq(items.level, filter.problemLevel) : undefined,
      filter.groupIds ? (filter.groupIds.length ? inArray(items.groupId, filter.groupIds) : sql`0`) : undefined,
      filter.noLine ? isNull(items.serviceLine) : undefined,
      filter.addedIn ? itemFigureSql('added', filter.addedIn, today) : undefined,
      filter.closedIn ? itemFigureSql('closed', filter.closedIn, today) : undefined,
      filter.becameOverdueIn ? itemFigureSql('becameOverdue', filter.becameOverdueIn, today) : undefined,
    ];
    return and(...parts);
  }

  function decorate<T extends { status: ItemStatus; dueDate: string }>(row: T, today: string) {
    const overdue = isOverdue(row, today);
    return {
      ...row,
      overdue,
      overdueDays: overdue ? daysBetween(row.dueDate, today) : 0,
      daysLeft: finishedStatuses.includes(row.status) ? null : daysBetween(today, row.dueDate),
    };
  }

  const listColumns = {
    id: items.id,
    kind: items.kind,
    title: items.title,
    leadUnit: items.leadUnit,
    owner: items.owner,
    dueDate: items.dueDate,
    originalDueDate: items.originalDueDate,
    delayCount: items.delayCount,
    status: items.status,
    progress: items.progress,
    groupId: items.groupId,
    groupName: groups.name,
    enterpriseId: items.enterpriseId,
    isSample: items.isSample,
    version: items.version,
  };

  /** One item as a row of the lists (for redrawing one row after an inline update). */
  function row(id: number) {
    const found = db.select(listColumns).from(items).leftJoin(groups, eq(groups.id, items.groupId)).where(eq(items.id, id)).get();
    return found ? decorate(found, clock.today()) : null;
  }

  /** How many items a filter matches: counted through an index, and remembered until the items change. */
  function countOf(filter: ItemFilter, where: SQL | undefined): number {
    return memo.cached(`items:count:${JSON.stringify(filter)}`, ['items'], memo.versions(), clock.today(), () => db.select({ n: sql<number>`count(*)` }).from(items).where(where).get()?.n ?? 0);
  }

  /**
   * One page of items: overdue first (oldest deadline first), then open by deadline, finished last.
   * Each part is read in order from an index after the cursor of the page before (keyset), so a page
   * costs the same on page 1 and on page 20,000.
   */
  function list(filter: ItemFilter = {}, request: PageRequest = {}) {
    const today = clock.today();
    const pageSize = pageSizeOf(request.pageSize);
    const where = conditions(filter);
    const scoped = (part: SQL) => (where ? and(where, part)! : part);
    const page = keysetPage({
      segments: [scoped(overdueSql(today)), scoped(sql`${items.finished} = 0 AND ${items.dueDate} >= ${today}`), scoped(sql`${items.finished} = 1`)],
      keys: [sql`${items.dueDate}`, sql`${items.id}`],
      fetch: (condition, order, limit) => db.select(listColumns).from(items).leftJoin(groups, eq(groups.id, items.groupId)).where(condition).orderBy(order).limit(limit).all(),
      keyOf: (row) => [row.dueDate, row.id],
    }, { size: pageSize, after: request.after, before: request.before });
    return { rows: page.rows.map((r) => decorate(r, today)), total: countOf(filter, where), next: page.next, prev: page.prev, pageSize };
  }

  function get(id: number) {
    const today = clock.today();
    const row = db
      .select({
        item: items,
        groupName: groups.name,
        enterpriseName: enterprises.shortName,
        meetingTitle: meetings.title,
        agreementTitle: agreements.title,
        handoverLine: handovers.serviceLine,
        closedByName: sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${items.closedBy})`,
      })
      .from(items)
      .leftJoin(groups, eq(groups.id, items.groupId))
      .leftJoin(enterprises, eq(enterprises.id, items.enterpriseId))
      .leftJoin(meetings, eq(meetings.id, items.meetingId))
      .leftJoin(agreements, eq(agreements.id, items.agreementId))
      .leftJoin(handovers, eq(handovers.id, items.handoverId))
      .where(eq(items.id, id))
      .get();
    if (!row) return null;
    return {
      ...row,
      item: { ...decorate(row.item, today), supportUnits: parseUnits(row.item.supportUnits) },
      updates: db.select().from(itemUpdates).where(eq(itemUpdates.itemId, id)).orderBy(desc(itemUpdates.at), desc(itemUpdates.id)).all(),
      delays: db.select().from(delayRequests).where(eq(delayRequests.itemId, id)).orderBy(asc(delayRequests.id)).all(),
      instructions: db
        .select()
        .from(instructions)
        .where(and(eq(instructions.targetType, 'item'), eq(instructions.targetId, id)))
        .orderBy(desc(instructions.givenOn))
        .all(),
    };
  }

  /** Decisions of the given meetings, in minutes order. */
  function decisionsOf(meetingIds: number[]) {
    if (!meetingIds.length) return [];
    const today = clock.today();
    return db
      .select()
      .from(items)
      .where(and(inArray(items.meetingId, meetingIds), eq(items.kind, 'decision')))
      .orderBy(asc(items.meetingId), asc(items.position), asc(items.id))
      .all()
      .map((r) => ({ ...decorate(r, today), supportUnits: parseUnits(r.supportUnits) }));
  }

  // ---- Writes ----

  type ItemRow = typeof items.$inferSelect;

  function load(tx: DbOrTx, id: number): ItemRow {
    const row = tx.select().from(items).where(eq(items.id, id)).get();
    if (!row) throw notFoundRecord();
    return row;
  }

  function assertMay(user: SessionUser, groupId: number | null) {
    if (!canWriteGroup(user, groupId)) throw forbidden();
  }

  /**
   * A decision is part of its meeting's minutes, and a link to a meeting puts an item into them:
   * both are written only by those who may edit meetings, and only while the minutes are a
   * draft (issued minutes are read-only for everyone: services/minutes.ts assertEditable).
   */
  function assertMeetingWritable(tx: DbOrTx, w: ItemWriter, meetingIds: (number | null | undefined)[]) {
    if (!allows(w.user, { write: 'meetings' })) throw new HttpError(403, 'forbidden', 'item.meetingByOffice');
    for (const id of new Set(meetingIds)) {
      if (typeof id !== 'number') continue;
      const meeting = tx.select({ minutesStatus: meetings.minutesStatus, issueNumber: meetings.issueNumber }).from(meetings).where(eq(meetings.id, id)).get();
      if (meeting) assertEditable(meeting, w.locale);
    }
  }

  /**
   * Staff write within their working groups, and so does everything an item points to: the
   * handover, agreement and meeting it comes from belong to one of their groups too. Only the
   * references this write sets or changes are checked.
   */
  function assertReferencesInGroups(tx: DbOrTx, user: SessionUser, changed: Record<string, unknown>) {
    if (user.role !== 'staff') return;
    const errors: FieldErrors = {};
    const owned = (field: string, table: typeof handovers | typeof agreements | typeof meetings) => {
      const id = changed[field];
      if (typeof id !== 'number') return;
      const row = tx.select({ groupId: table.groupId }).from(table).where(eq(table.id, id)).get();
      if (row && !canWriteGroup(user, row.groupId)) errors[field] = { key: 'item.referenceOtherGroup' };
    };
    owned('handoverId', handovers);
    owned('agreementId', agreements);
    owned('meetingId', meetings);
    if (Object.keys(errors).length) throw refused(errors);
  }

  const exists = (tx: DbOrTx, table: typeof groups | typeof users | typeof enterprises | typeof meetings, id: number) =>
    !!tx.select({ id: table.id }).from(table).where(eq(table.id, id)).get();

  /** References exist and agree; category, level and raisedOn belong to problems. Fills the enterprise from the source. */
  function checkValues(tx: DbOrTx, values: Record<string, unknown>, given: Record<string, unknown>) {
    const errors: FieldErrors = {};
    const bad = (field: string, key = 'validation.reference') => (errors[field] ??= { key });
    if (typeof values.groupId === 'number' && !exists(tx, groups, values.groupId)) bad('groupId');
    if (typeof values.ownerUserId === 'number' && !exists(tx, users, values.ownerUserId)) bad('ownerUserId');
    if (typeof values.enterpriseId === 'number' && !exists(tx, enterprises, values.enterpriseId)) bad('enterpriseId');
    if (typeof values.meetingId === 'number' && !exists(tx, meetings, values.meetingId)) bad('meetingId');
    for (const [field, table] of [['handoverId', handovers], ['agreementId', agreements]] as const) {
      const id = values[field];
      if (typeof id !== 'number') continue;
      const source = tx.select({ enterpriseId: table.enterpriseId }).from(table).where(eq(table.id, id)).get();
      if (!source) bad(field);
      else if (values.enterpriseId === null || values.enterpriseId === undefined) values.enterpriseId = source.enterpriseId;
      else if (values.enterpriseId !== source.enterpriseId) bad(field, 'item.otherEnterprise');
    }
    if (values.kind !== 'problem') {
      for (const field of ['category', 'level', 'raisedOn'] as const) {
        if (values[field] === null || values[field] === undefined) continue;
        // Kept from the record when the kind changes: dropped; typed for a milestone or decision: refused.
        if (given[field] !== undefined && given[field] !== null) bad(field, 'item.problemOnly');
        else values[field] = null;
      }
    }
    if (Object.keys(errors).length) throw refused(errors);
  }

  function writeUpdate(tx: DbOrTx, w: ItemWriter, itemId: number, fromStatus: ItemStatus | null, toStatus: ItemStatus, text: string | null) {
    tx.insert(itemUpdates)
      .values({ itemId, onDate: clock.today(), fromStatus, toStatus, note: text, userId: w.user.id, author: w.user.displayName, at: clock.instant() })
      .run();
  }

  /** A problem's first answer is the day of its first update. */
  const firstResponse = (item: ItemRow) => (item.kind === 'problem' && !item.firstResponseOn ? { firstResponseOn: clock.today() } : {});

  /**
   * Parses item input; the problems-only fields are checked on the raw input too, so that a form
   * with several mistakes shows them all at once.
   */
  function parseItem<T extends z.ZodTypeAny>(schema: T, input: unknown, currentKind?: ItemKind): z.infer<T> {
    let raw = (input ?? {}) as Record<string, unknown>;
    // A deadline in working days stands for the date: the date may be left blank.
    const workdays = Number(single(raw.dueWorkdays));
    if (!blank(single(raw.dueWorkdays)) && Number.isInteger(workdays) && workdays >= 1 && workdays <= 250 && blank(single(raw.dueDate)) && currentKind === undefined) {
      raw = { ...raw, dueDate: deadlineIn(workdays) };
      input = raw;
    }
    const kind = single(raw.kind) ?? currentKind;
    const extra: FieldErrors = {};
    if (typeof kind === 'string' && (itemKinds as readonly string[]).includes(kind) && kind !== 'problem') {
      for (const field of ['category', 'level', 'raisedOn']) {
        const v = single(raw[field]);
        if (v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')) extra[field] = { key: 'item.problemOnly' };
      }
    }
    try {
      return parseInput(schema, input);
    } catch (error) {
      if (error instanceof ValidationError && Object.keys(extra).length) throw refused({ ...error.fields, ...extra });
      throw error;
    }
  }

  function create(w: ItemWriter, input: unknown): number {
    const values: Record<string, unknown> = { ...parseItem(itemInput, input) };
    if (typeof values.dueWorkdays === 'number') values.dueDate = deadlineIn(values.dueWorkdays);
    const given = { ...values };
    return db.transaction((tx) => {
      checkValues(tx, values, given);
      assertMay(w.user, values.groupId as number);
      if (values.kind === 'decision' || values.meetingId !== null) assertMeetingWritable(tx, w, [values.meetingId as number | null]);
      assertReferencesInGroups(tx, w.user, values);
      if (values.kind === 'problem' && !values.raisedOn) values.raisedOn = clock.today();
      return insertRecord(
        tx,
        items,
        {
          ...values,
          supportUnits: JSON.stringify(values.supportUnits),
          originalDueDate: values.dueDate,
          status: 'notStarted',
          createdBy: w.user.id,
        },
        w.actor,
        'item',
      );
    });
  }

  function update(w: ItemWriter, id: number, input: unknown) {
    const { version, ...given } = parseItem(itemPatch, input, record(id)?.kind);
    return db.transaction((tx) => {
      const current = load(tx, id);
      assertMay(w.user, current.groupId);
      const values: Record<string, unknown> = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
      // A new "within N working days" sets the deadline from today; a deadline typed instead drops it.
      if (typeof values.dueWorkdays === 'number' && values.dueWorkdays !== current.dueWorkdays) values.dueDate = deadlineIn(values.dueWorkdays);
      else if (values.dueDate !== undefined && values.dueDate !== current.dueDate && current.dueWorkdays !== null) values.dueWorkdays = null;
      const merged: Record<string, unknown> = { ...current, supportUnits: parseUnits(current.supportUnits), ...values };
      if (values.groupId !== undefined) assertMay(w.user, values.groupId as number);
      if (current.version !== version) throw new ConflictError(current);
      checkValues(tx, merged, values);
      const changes: Record<string, unknown> = {};
      for (const key of Object.keys(itemInput.shape)) if (key in values || merged[key] !== (current as Record<string, unknown>)[key]) changes[key] = merged[key];
      const differs = (key: string) => merged[key] !== (current as Record<string, unknown>)[key];
      if (current.kind === 'decision' || merged.kind === 'decision' || differs('meetingId')) {
        assertMeetingWritable(tx, w, [current.meetingId, merged.meetingId as number | null]);
      }
      assertReferencesInGroups(tx, w.user, Object.fromEntries(['handoverId', 'agreementId', 'meetingId'].filter(differs).map((k) => [k, merged[k]])));
      changes.supportUnits = JSON.stringify(merged.supportUnits);
      if (changes.dueDate !== undefined && changes.dueDate !== current.dueDate) {
        // Only the office corrects a deadline by editing; a correction before any delay is the original deadline too.
        if (!isOffice(w.user)) throw refused({ dueDate: { key: 'item.dueDateByDelay' } });
        if (current.delayCount === 0) changes.originalDueDate = changes.dueDate;
      }
      return updateRecord(tx, items, id, version, changes, w.actor, 'item');
    });
  }

  /** Removes an item entered by mistake: only while nothing has been recorded on it. */
  function remove(w: ItemWriter, id: number, version: number) {
    db.transaction((tx) => {
      const current = load(tx, id);
      assertMay(w.user, current.groupId);
      if (current.meetingId !== null) assertMeetingWritable(tx, w, [current.meetingId]);
      const used =
        (tx.select({ n: count() }).from(itemUpdates).where(eq(itemUpdates.itemId, id)).get()?.n ?? 0) +
        (tx.select({ n: count() }).from(delayRequests).where(eq(delayRequests.itemId, id)).get()?.n ?? 0) +
        (tx.select({ n: count() }).from(instructions).where(and(eq(instructions.targetType, 'item'), eq(instructions.targetId, id))).get()?.n ?? 0);
      if (used) throw new HttpError(409, 'conflict', 'item.hasHistory');
      deleteRecord(tx, items, id, version, w.actor, 'item');
    });
  }

  /** A status update with its progress note (进展情况), in one step. */
  function changeStatus(w: ItemWriter, id: number, input: unknown) {
    const { status, note: text, version } = parseInput(statusInput, input);
    return db.transaction((tx) => {
      const current = load(tx, id);
      assertMay(w.user, current.groupId);
      if (current.version !== version) throw new ConflictError(current);
      if (current.status === 'closed') throw refused({ status: { key: 'item.closedReopenFirst' } });
      if (status === 'closed') throw refused({ status: { key: 'item.closeByOffice' } });
      if (status === 'delayed' && current.status !== 'delayed') throw refused({ status: { key: 'item.delayedByApproval' } });
      if (!text && status === current.status) throw refused({ note: { key: 'item.noteRequired' } });
      if (!text && status === 'done') throw refused({ note: { key: 'item.doneNoteRequired' } });
      const changes: Record<string, unknown> = { status, ...firstResponse(current) };
      if (text) changes.progress = text;
      if (status === 'done' && current.status !== 'done') changes.doneOn = clock.today();
      if (status !== 'done' && current.status === 'done') changes.doneOn = null;
      const after = updateRecord(tx, items, id, version, changes, w.actor, 'item');
      writeUpdate(tx, w, id, current.status, status, text);
      return after;
    });
  }

  /** 销号: the office confirms the item finished (route: resource itemClosure). */
  function close(w: ItemWriter, id: number, input: unknown) {
    const { note: text, version } = parseInput(closeInput, input);
    return db.transaction((tx) => {
      const current = load(tx, id);
      if (current.version !== version) throw new ConflictError(current);
      if (current.status === 'closed') throw refused({ _: { key: 'item.alreadyClosed' } });
      const today = clock.today();
      const after = updateRecord(
        tx,
        items,
        id,
        version,
        { status: 'closed', closedOn: today, closedBy: w.user.id, closeNote: text, doneOn: current.doneOn ?? today, ...firstResponse(current) },
        w.actor,
        'item',
      );
      writeUpdate(tx, w, id, current.status, 'closed', text);
      return after;
    });
  }

  /** Reopening a closed item (office): back to in progress, with the reason. */
  function reopen(w: ItemWriter, id: number, input: unknown) {
    const { note: text, version } = parseInput(reopenInput, input);
    return db.transaction((tx) => {
      const current = load(tx, id);
      if (current.version !== version) throw new ConflictError(current);
      if (current.status !== 'closed') throw refused({ _: { key: 'item.notClosed' } });
      const after = updateRecord(tx, items, id, version, { status: 'inProgress', closedOn: null, closedBy: null, closeNote: null, doneOn: null }, w.actor, 'item');
      writeUpdate(tx, w, id, 'closed', 'inProgress', text);
      return after;
    });
  }

  /** The lead unit asks for a later deadline, with a reason. */
  function requestDelay(w: ItemWriter, id: number, input: unknown): number {
    const { newDueDate, reason } = parseInput(delayInput, input);
    return db.transaction((tx) => {
      const current = load(tx, id);
      assertMay(w.user, current.groupId);
      if (finishedStatuses.includes(current.status)) throw refused({ _: { key: 'item.delayFinished' } });
      const pending = tx.select({ id: delayRequests.id }).from(delayRequests).where(and(eq(delayRequests.itemId, id), eq(delayRequests.status, 'pending'))).get();
      if (pending) throw refused({ _: { key: 'item.delayPending' } });
      if (newDueDate <= current.dueDate) throw refused({ newDueDate: { key: 'item.delayAfterDue', params: { date: current.dueDate } } });
      const row = tx
        .insert(delayRequests)
        .values({ itemId: id, previousDueDate: current.dueDate, newDueDate, reason, status: 'pending', requestedBy: w.user.id, requestedOn: clock.today() })
        .returning()
        .get();
      appendAudit(tx, w.actor, { action: 'create', entityType: 'delayRequest', entityId: row.id, after: row });
      return row.id;
    });
  }

  /** The office approves (the deadline moves, the delay is counted) or rejects (with a note). */
  function decideDelay(w: ItemWriter, id: number, requestId: number, input: unknown) {
    const { approve, note: text } = parseInput(decisionInput, input);
    return db.transaction((tx) => {
      const request = tx.select().from(delayRequests).where(and(eq(delayRequests.id, requestId), eq(delayRequests.itemId, id))).get();
      if (!request) throw notFoundRecord();
      if (request.status !== 'pending') throw refused({ _: { key: 'item.delayDecided' } });
      if (!approve && !text) throw refused({ note: { key: 'item.rejectNoteRequired' } });
      const today = clock.today();
      const decided = tx
        .update(delayRequests)
        .set({ status: approve ? 'approved' : 'rejected', decidedBy: w.user.id, decidedOn: today, decisionNote: text })
        .where(eq(delayRequests.id, requestId))
        .returning()
        .get()!;
      appendAudit(tx, w.actor, {
        action: 'update',
        entityType: 'delayRequest',
        entityId: requestId,
        before: { status: request.status },
        after: { status: decided.status, decisionNote: text, decidedOn: today },
      });
      if (approve) {
        const current = load(tx, id);
        const status: ItemStatus = finishedStatuses.includes(current.status) ? current.status : 'delayed';
        updateRecord(tx, items, id, current.version, { dueDate: request.newDueDate, delayCount: current.delayCount + 1, status }, w.actor, 'item');
        writeUpdate(tx, w, id, current.status, status, text ?? request.reason);
      }
      return decided;
    });
  }

  // ---- Reading for the workflow pages and the API ----

  /** An item as the API shows it: the record, its units as a list, and whether it is overdue. */
  function apiRecord(id: number) {
    const found = db.select().from(items).where(eq(items.id, id)).get();
    if (!found) return null;
    return {
      ...found,
      supportUnits: parseUnits(found.supportUnits),
      overdue: isOverdue(found, clock.today()),
      updates: db.select().from(itemUpdates).where(eq(itemUpdates.itemId, id)).orderBy(asc(itemUpdates.id)).all(),
      delayRequests: db.select().from(delayRequests).where(eq(delayRequests.itemId, id)).orderBy(asc(delayRequests.id)).all(),
      instructions: db.select().from(instructions).where(and(eq(instructions.targetType, 'item'), eq(instructions.targetId, id))).orderBy(asc(instructions.id)).all(),
    };
  }

  /** One page of item records for the API, in id order. */
  function apiPage(filter: ItemFilter, page: number, pageSize: number) {
    const today = clock.today();
    const where = conditions(filter);
    const total = db.select({ n: count() }).from(items).where(where).get()?.n ?? 0;
    const rows = db
      .select()
      .from(items)
      .where(where)
      .orderBy(asc(items.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all()
      .map((r) => ({ ...r, supportUnits: parseUnits(r.supportUnits), overdue: isOverdue(r, today) }));
    return { rows, total, page, pageSize };
  }

  function record(id: number) {
    return db.select().from(items).where(eq(items.id, id)).get() ?? null;
  }

  /** Delay requests awaiting the office, oldest first, with their item. */
  function pendingDelays(limit = 100) {
    return db
      .select({ request: delayRequests, title: items.title, dueDate: items.dueDate, leadUnit: items.leadUnit, requester: users.displayName })
      .from(delayRequests)
      .innerJoin(items, eq(items.id, delayRequests.itemId))
      .leftJoin(users, eq(users.id, delayRequests.requestedBy))
      .where(eq(delayRequests.status, 'pending'))
      .orderBy(asc(delayRequests.requestedOn), asc(delayRequests.id))
      .limit(limit)
      .all();
  }

  /** Delay requests of one item with who asked and who decided. */
  function delaysOf(id: number) {
    const decider = sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${delayRequests.decidedBy})`;
    return db
      .select({ request: delayRequests, requester: users.displayName, decider })
      .from(delayRequests)
      .leftJoin(users, eq(users.id, delayRequests.requestedBy))
      .where(eq(delayRequests.itemId, id))
      .orderBy(asc(delayRequests.id))
      .all();
  }

  /** Choices for the item form's references (large tables fall back to typing an id). */
  function formOptions(filter: { enterpriseId?: number | null } = {}) {
    const cap = 500;
    const handoverRows = db
      .select({ id: handovers.id, enterprise: enterprises.shortName, compound: sql<string | null>`(SELECT c.name FROM compounds c WHERE c.id = ${handovers.compoundId})`, serviceLine: handovers.serviceLine })
      .from(handovers)
      .innerJoin(enterprises, eq(enterprises.id, handovers.enterpriseId))
      .where(filter.enterpriseId ? eq(handovers.enterpriseId, filter.enterpriseId) : undefined)
      .orderBy(asc(handovers.enterpriseId), asc(handovers.id))
      .limit(cap + 1)
      .all();
    const capped = <T>(rows: T[]) => (rows.length > cap ? null : rows);
    return {
      groups: db.select({ id: groups.id, name: groups.name }).from(groups).orderBy(asc(groups.sortOrder), asc(groups.id)).all(),
      users: db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.disabled, false)).orderBy(asc(users.displayName)).limit(cap + 1).all(),
      enterprises: capped(db.select({ id: enterprises.id, name: enterprises.shortName }).from(enterprises).orderBy(asc(enterprises.id)).limit(cap + 1).all()),
      handovers: capped(handoverRows),
      agreements: capped(db.select({ id: agreements.id, name: agreements.title }).from(agreements).where(filter.enterpriseId ? eq(agreements.enterpriseId, filter.enterpriseId) : undefined).orderBy(desc(agreements.id)).limit(cap + 1).all()),
      meetings: capped(db.select({ id: meetings.id, name: meetings.title, startsAt: meetings.startsAt }).from(meetings).orderBy(desc(meetings.startsAt)).limit(cap + 1).all()),
    };
  }

  /** Unacknowledged instruction counts per item, for the "my items" rows. */
  function openInstructionCounts(ids: number[]) {
    if (!ids.length) return new Map<number, number>();
    const rows = db
      .select({ id: instructions.targetId, n: count() })
      .from(instructions)
      .where(and(eq(instructions.targetType, 'item'), inArray(instructions.targetId, ids), isNull(instructions.acknowledgedAt)))
      .groupBy(instructions.targetId)
      .all();
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  return {
    list,
    get,
    decisionsOf,
    row,
    record,
    apiRecord,
    apiPage,
    create,
    update,
    remove,
    changeStatus,
    close,
    reopen,
    requestDelay,
    decideDelay,
    pendingDelays,
    delaysOf,
    formOptions,
    openInstructionCounts,
  };
}

export function parseUnits(value: string | null): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export type ItemService = ReturnType<typeof createItemService>;

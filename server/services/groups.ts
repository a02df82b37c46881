// Working groups and their contact directory (通讯录): reading, and the office's writes.
// Rules: a group's parent exists and is not the group itself or one of its subgroups; a service
// line belongs to special working groups only; names are unique. A group is deleted only when
// nothing refers to it any more (series, meetings, handovers, items, agreements, documents,
// subgroups, member accounts); its contact directory goes with it, each entry audited.
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { keysetPage, pageSizeOf } from './keyset.js';
import {
  agreements,
  documents,
  enterprises,
  groupKinds,
  groupMembers,
  groups,
  handovers,
  items,
  meetingSeries,
  meetings,
  serviceLines,
  userGroups,
  users,
  type GroupKind,
} from '../../db/schema.js';
import { blank, single, enumOf, type FieldErrors, flag, int, line, note, optionalDay, optionalEnum, optionalRef, parseInput, ValidationError, versionField } from '../forms.js';
import { HttpError } from '../http-errors.js';
import type { Actor, DbOrTx } from './audit.js';
import { ConflictError, deleteRecord, insertRecord, notFoundRecord, pageOf, readRecord, updateRecord } from './records.js';


/** A display order: blank means 0. */
export const sortOrderField = () => z.preprocess((v) => (blank(single(v)) ? 0 : single(v)), int(0, 100_000));

/** Digits, spaces, - + ( ) and × (for masked digits), with at least three digits: 0574-8688 1234, (0574) 8×××××××. */
export const PHONE_PATTERN = /^[0-9+\-()（）×\s]+$/;
export const isPhone = (value: string) => PHONE_PATTERN.test(value) && (value.match(/[0-9]/g)?.length ?? 0) >= 3;

const phoneField = () => note(30).refine((v) => v === null || isPhone(v), { message: 'validation.phone' });
const emailField = () => note(100).refine((v) => v === null || z.email().safeParse(v).success, { message: 'validation.email' });

/** A working group as forms and the API write it. */
export const groupInput = z.object({
  name: line(100),
  kind: enumOf(groupKinds),
  parentId: optionalRef(),
  leadDepartment: note(100),
  serviceLine: optionalEnum(serviceLines),
  enterpriseId: optionalRef(),
  establishedOn: optionalDay(),
  description: note(2000),
  sortOrder: sortOrderField(),
});
export const groupPatch = groupInput.partial().extend({ version: versionField() });

/** One entry of the contact directory. `duty` is free text (组长 / 副组长 / 成员 / 联络员 …). */
export const memberInput = z.object({
  name: line(50),
  unit: line(100),
  post: note(100),
  duty: note(30),
  phone: phoneField(),
  email: emailField(),
  userId: optionalRef(),
  sortOrder: sortOrderField(),
  isSample: flag(),
});
export const memberPatch = memberInput.partial().extend({ version: versionField() });
/** A new entry names its group (the form takes it from the page, the API from the body). */
export const memberCreate = memberInput.extend({ groupId: optionalRef() });

type GroupValues = z.infer<typeof groupInput>;

/** Leading group first, then the coordination group, then the special groups, each by its sort order. */
/** A list filter offers a select of groups up to this many; beyond, a name to search. */
export const FILTER_SELECT_LIMIT = 150;

const groupOrder = [sql`CASE ${groups.kind} WHEN 'leading' THEN 1 WHEN 'coordination' THEN 2 ELSE 3 END`, asc(groups.sortOrder), asc(groups.id)];

export function createGroupService(db: Db) {
  /**
   * One page of working groups in the usual order (leading, coordination, then the others), each
   * with its contact directory; `q` finds groups by part of their name.
   */
  function list(filter: { q?: string } = {}, request: { after?: string; before?: string; pageSize?: number } = {}) {
    const kindRank = sql<number>`CASE ${groups.kind} WHEN 'leading' THEN 1 WHEN 'coordination' THEN 2 ELSE 3 END`;
    const where = filter.q ? sql`instr(${groups.name}, ${filter.q}) > 0` : sql`1 = 1`;
    const page = keysetPage(
      {
        segments: [where],
        keys: [sql`${kindRank}`, sql`${groups.sortOrder}`, sql`${groups.id}`],
        fetch: (condition, order, limit) =>
          db
            .select({
              group: groups,
              rank: kindRank,
              memberCount: sql<number>`(SELECT count(*) FROM group_members m WHERE m.group_id = groups.id)`,
              handoverCount: sql<number>`(SELECT count(*) FROM handovers h WHERE h.group_id = groups.id)`,
            })
            .from(groups)
            .where(condition)
            .orderBy(order)
            .limit(limit)
            .all(),
        keyOf: (r) => [r.rank, r.group.sortOrder, r.group.id],
      },
      { size: pageSizeOf(request.pageSize, 30), after: request.after, before: request.before },
    );
    const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM groups WHERE ${where}`)!.n;
    const ids = page.rows.map((r) => r.group.id);
    const parentIds = [...new Set(page.rows.map((r) => r.group.parentId).filter((x): x is number => x !== null))];
    const members = ids.length ? db.select().from(groupMembers).where(inArray(groupMembers.groupId, ids)).orderBy(asc(groupMembers.groupId), asc(groupMembers.sortOrder), asc(groupMembers.id)).all() : [];
    const parents = new Map(parentIds.length ? db.select({ id: groups.id, name: groups.name }).from(groups).where(inArray(groups.id, parentIds)).all().map((g) => [g.id, g.name]) : []);
    return {
      ...page,
      total,
      rows: page.rows.map((g) => ({
        ...g,
        parentName: g.group.parentId ? parents.get(g.group.parentId) ?? null : null,
        members: members.filter((m) => m.groupId === g.group.id),
      })),
    };
  }

  function get(id: number) {
    const group = db.select().from(groups).where(eq(groups.id, id)).get();
    if (!group) return null;
    const parent = group.parentId ? db.select().from(groups).where(eq(groups.id, group.parentId)).get() ?? null : null;
    const children = db.select().from(groups).where(eq(groups.parentId, id)).orderBy(asc(groups.sortOrder), asc(groups.id)).all();
    const members = membersOf(id);
    const enterprise = group.enterpriseId ? db.select({ id: enterprises.id, shortName: enterprises.shortName }).from(enterprises).where(eq(enterprises.id, group.enterpriseId)).get() ?? null : null;
    return { group, parent, children, members, enterprise };
  }

  function membersOf(groupId: number) {
    return db.select().from(groupMembers).where(eq(groupMembers.groupId, groupId)).orderBy(asc(groupMembers.sortOrder), asc(groupMembers.id)).all();
  }

  // ---- Reading for forms and the API ----
  function record(id: number) {
    return db.select().from(groups).where(eq(groups.id, id)).get() ?? null;
  }

  /** A group with its contact directory (API). */
  function withMembers(id: number) {
    const group = record(id);
    return group ? { ...group, members: membersOf(id) } : null;
  }

  function page(filter: { kind?: GroupKind; parentId?: number }, pageNo: number, pageSize: number) {
    return pageOf(db, groups, filter, pageNo, pageSize);
  }

  /** Every group's id and name, in the order of the group list: for selects, without the members. */
  function names() {
    return db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .orderBy(...groupOrder)
      .all();
  }

  /** A filter's choice of group: every name when there are few; at national size, none (the form takes a name to search). */
  function choices(limit = FILTER_SELECT_LIMIT) {
    const few = db.select({ id: groups.id, name: groups.name }).from(groups).orderBy(...groupOrder).limit(limit + 1).all();
    return few.length > limit ? null : few;
  }

  /** Groups whose name contains the text (at most `limit`, in list order). */
  function matching(text: string, limit = 50) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return db.select({ id: groups.id, name: groups.name }).from(groups).where(sql`${groups.name} LIKE ${pattern} ESCAPE '\\'`).orderBy(...groupOrder).limit(limit).all();
  }

  /** Choices for the parent and enterprise selects. */
  function options() {
    return {
      groups: db.select({ id: groups.id, name: groups.name, parentId: groups.parentId }).from(groups).orderBy(asc(groups.sortOrder), asc(groups.id)).all(),
      enterprises: db.select({ id: enterprises.id, name: enterprises.shortName }).from(enterprises).orderBy(asc(enterprises.id)).all(),
      users: db.select({ id: users.id, name: users.displayName, username: users.username }).from(users).where(eq(users.disabled, false)).orderBy(asc(users.displayName)).all(),
    };
  }

  // ---- Writes ----
  /** Cross-field and reference rules on the group as it will be. */
  function checkGroup(tx: DbOrTx, values: GroupValues, id: number | null) {
    const errors: FieldErrors = {};
    if (values.parentId !== null) {
      if (id !== null && values.parentId === id) errors.parentId = { key: 'validation.parentSelf' };
      else if (!tx.select({ id: groups.id }).from(groups).where(eq(groups.id, values.parentId)).get()) errors.parentId = { key: 'validation.reference' };
      else if (id !== null) {
        // Walking up from the new parent must not reach this group (no cycles).
        const seen = new Set<number>();
        let at: number | null = values.parentId;
        while (at !== null && !seen.has(at)) {
          if (at === id) {
            errors.parentId = { key: 'validation.parentCycle' };
            break;
          }
          seen.add(at);
          at = tx.select({ parentId: groups.parentId }).from(groups).where(eq(groups.id, at)).get()?.parentId ?? null;
        }
      }
    }
    if (values.enterpriseId !== null && !tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, values.enterpriseId)).get()) {
      errors.enterpriseId = { key: 'validation.reference' };
    }
    if (values.serviceLine !== null && values.kind !== 'special') errors.serviceLine = { key: 'validation.serviceLineSpecial' };
    const sameName = tx.select({ id: groups.id }).from(groups).where(eq(groups.name, values.name)).get();
    if (sameName && sameName.id !== id) errors.name = { key: 'validation.groupNameTaken' };
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }

  function create(actor: Actor, input: unknown): number {
    const values = parseInput(groupInput, input);
    return db.transaction((tx) => {
      checkGroup(tx, values, null);
      return insertRecord(tx, groups, values, actor, 'group');
    });
  }

  function update(actor: Actor, id: number, input: unknown) {
    const { version, ...changes } = parseInput(groupPatch, input);
    return db.transaction((tx) => {
      const current = tx.select().from(groups).where(eq(groups.id, id)).get();
      if (!current) throw notFoundRecord();
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...was } = current;
      checkGroup(tx, { ...was, ...changes } as GroupValues, id);
      return updateRecord(tx, groups, id, version, changes, actor, 'group');
    });
  }

  /** How many records still refer to a group, by kind (all zero: it may be deleted). */
  function referencesTo(tx: DbOrTx, id: number) {
    const n = (table: SQLiteTable, column: SQLiteColumn) => tx.select({ n: count() }).from(table).where(eq(column, id)).get()?.n ?? 0;
    return {
      series: n(meetingSeries, meetingSeries.groupId),
      meetings: n(meetings, meetings.groupId),
      handovers: n(handovers, handovers.groupId),
      items: n(items, items.groupId),
      agreements: n(agreements, agreements.groupId),
      documents: n(documents, documents.groupId),
      subgroups: n(groups, groups.parentId),
      accounts: n(userGroups, userGroups.groupId),
    };
  }

  function remove(actor: Actor, id: number, version: number) {
    db.transaction((tx) => {
      const current = readRecord(tx, groups, id);
      if (!current) throw notFoundRecord();
      if (current.version !== version) throw new ConflictError(current);
      if (Object.values(referencesTo(tx, id)).some((n) => n > 0)) throw new HttpError(409, 'in_use', 'groups.error.inUse');
      for (const m of tx.select({ id: groupMembers.id }).from(groupMembers).where(eq(groupMembers.groupId, id)).all()) {
        deleteRecord(tx, groupMembers, m.id, null, actor, 'groupMember');
      }
      deleteRecord(tx, groups, id, version, actor, 'group');
    });
  }

  // ---- The contact directory ----
  function memberRecord(id: number) {
    return db.select().from(groupMembers).where(eq(groupMembers.id, id)).get() ?? null;
  }

  function checkUser(tx: DbOrTx, userId: number | null | undefined) {
    if (userId !== null && userId !== undefined && !tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) {
      throw new ValidationError({ userId: { key: 'validation.reference' } });
    }
  }

  function createMember(actor: Actor, groupId: number | null, input: unknown): number {
    const { groupId: fromBody, ...values } = parseInput(memberCreate, input);
    const target = groupId ?? fromBody;
    return db.transaction((tx) => {
      if (target === null || !tx.select({ id: groups.id }).from(groups).where(eq(groups.id, target)).get()) {
        throw new ValidationError({ groupId: { key: target === null ? 'validation.required' : 'validation.reference' } });
      }
      checkUser(tx, values.userId);
      return insertRecord(tx, groupMembers, { ...values, groupId: target }, actor, 'groupMember');
    });
  }

  function updateMember(actor: Actor, id: number, input: unknown) {
    const { version, ...changes } = parseInput(memberPatch, input);
    return db.transaction((tx) => {
      checkUser(tx, changes.userId);
      return updateRecord(tx, groupMembers, id, version, changes, actor, 'groupMember');
    });
  }

  function removeMember(actor: Actor, id: number, version: number) {
    db.transaction((tx) => deleteRecord(tx, groupMembers, id, version, actor, 'groupMember'));
  }

  /** Whether a contact belongs to a group (for nested routes). */
  function memberOf(groupId: number, memberId: number) {
    return db.select().from(groupMembers).where(and(eq(groupMembers.id, memberId), eq(groupMembers.groupId, groupId))).get() ?? null;
  }

  return { list, names, choices, matching, get, membersOf, record, withMembers, page, options, create, update, remove, memberRecord, memberOf, createMember, updateMember, removeMember };
}

export type GroupService = ReturnType<typeof createGroupService>;

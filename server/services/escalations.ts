// The escalation ladder (督办升级): what happens when a deadline nears or passes, counted in
// China's working days (services/working-days.ts), per item kind as the admin configured it
// (table escalation_ladders, /admin/ladder):
//   1. reminder   — `remindBefore` working days or fewer before the deadline, to the lead unit's people;
//   2. urge       — a 催办单, numbered per year (〔2018〕第3号), once the item is `urgeAfter` working
//                   days overdue; the lead unit signs for it (签收) in the app;
//   3. escalation — raised to the working group's responsible leader once the item is
//                   `escalateAfter` working days further overdue (the 催办单 unsigned or not, the
//                   item is still overdue);
//   4. report     — on the last day of a month, a raised item still open is listed as 通报 for that
//                   month (`noticesOf(month)`: the monthly report and the minutes pack read it).
// Each step is due at a fixed distance from the deadline, so a day's run takes, in order, every
// step an item is due for (a first run on long-overdue items, or a ladder just enabled, takes them
// all at once). A step is taken once per item and deadline: the unique (item, step, cycle) refuses
// a second, and an approved delay (a new deadline) opens a new cycle. Finished items (done, closed)
// take no step. Every step is one row in `escalations` (shown on the item's page), one audit
// entry, and messages in the inbox of the people it concerns.
//
// Scale: each step reads the open items of a deadline range from the index items_open_due_idx
// (finished, due_date, id), a batch of BATCH (200) at a time after the last one (keyset), skipping those
// that took the step already (a probe of the unique index); the people of a batch are read in one
// query per kind of recipient. No query runs per item.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import {
  escalationLadders,
  escalations,
  groupMembers,
  groups,
  itemKinds,
  items,
  notifications,
  userGroups,
  users,
  type EscalationStep,
  type ItemKind,
} from '../../db/schema.js';
import { canWriteGroup, type SessionUser } from '../auth/policy.js';
import type { Clock } from '../clock.js';
import { plusDays } from '../dates.js';
import { flag, int, parseInput, versionField } from '../forms.js';
import { HttpError } from '../http-errors.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { keysetPage, pageSizeOf } from './keyset.js';
import { notFoundRecord, updateRecord } from './records.js';
import type { Calendar, WorkingDayService } from './working-days.js';

/** Items per transaction: each step writes a signed audit entry (~1–2 ms), so a batch holds the write lock well under a second. */
export const BATCH = 200;

export const ladderInput = z.object({
  enabled: flag(),
  remindBefore: int(0, 60),
  urgeAfter: int(1, 60),
  escalateAfter: int(1, 60),
  reportAtMonthEnd: flag(),
  version: versionField(),
});

export interface LadderRun {
  day: string;
  reminder: number;
  urge: number;
  escalation: number;
  report: number;
  messages: number;
}

/** Who is actually speaking when the ladder writes: the system, on the day's run. */
const SYSTEM: Actor = { userId: null, username: 'system', ip: null };

const isMonthEnd = (day: string) => plusDays(day, 1).slice(0, 7) !== day.slice(0, 7);

type Candidate = { id: number; kind: ItemKind; title: string; dueDate: string; leadUnit: string; groupId: number | null; ownerUserId: number | null };

export function createEscalationService(db: Db, clock: Clock, workingDays: WorkingDayService) {
  // ---- The ladders ----

  function ladders() {
    return db.select().from(escalationLadders).orderBy(asc(escalationLadders.id)).all();
  }

  function ladderOf(kind: ItemKind) {
    return db.select().from(escalationLadders).where(eq(escalationLadders.kind, kind)).get() ?? null;
  }

  /** Saves one kind's ladder (admin): versioned and audited. */
  function saveLadder(actor: Actor, kind: string, input: unknown) {
    if (!(itemKinds as readonly string[]).includes(kind)) throw notFoundRecord();
    const { version, ...values } = parseInput(ladderInput, input);
    return db.transaction(
      (tx) => {
        const current = tx.select().from(escalationLadders).where(eq(escalationLadders.kind, kind as ItemKind)).get();
        if (!current) throw notFoundRecord();
        return updateRecord(tx, escalationLadders, current.id, version, values, actor, 'escalationLadder');
      },
      { behavior: 'immediate' },
    );
  }

  // ---- Who hears of a step ----

  const active = and(eq(users.disabled, false));

  /**
   * The lead unit's people of each item: its responsible person, its working group's users, and
   * the members of the lead unit in the group's contact directory who have an account; the office
   * when there is none.
   */
  function leadUnitPeople(tx: DbOrTx, batch: Candidate[]): Map<number, Set<number>> {
    const groupIds = [...new Set(batch.map((c) => c.groupId).filter((g): g is number => g !== null))];
    const byGroup = new Map<number, number[]>();
    const members = new Map<string, number[]>();
    if (groupIds.length) {
      for (const r of tx.select({ groupId: userGroups.groupId, userId: userGroups.userId }).from(userGroups).innerJoin(users, eq(users.id, userGroups.userId)).where(and(inArray(userGroups.groupId, groupIds), active)).all()) {
        byGroup.set(r.groupId, [...(byGroup.get(r.groupId) ?? []), r.userId]);
      }
      for (const r of tx
        .select({ groupId: groupMembers.groupId, unit: groupMembers.unit, userId: groupMembers.userId })
        .from(groupMembers)
        .innerJoin(users, eq(users.id, groupMembers.userId))
        .where(and(inArray(groupMembers.groupId, groupIds), isNotNull(groupMembers.userId), active))
        .all()) {
        const key = `${r.groupId}\u0000${r.unit}`;
        members.set(key, [...(members.get(key) ?? []), r.userId!]);
      }
    }
    const owners = new Set(
      batch.map((c) => c.ownerUserId).filter((u): u is number => u !== null).length
        ? tx.select({ id: users.id }).from(users).where(and(inArray(users.id, batch.map((c) => c.ownerUserId).filter((u): u is number => u !== null)), active)).all().map((u) => u.id)
        : [],
    );
    // An item whose lead unit has nobody with an account is not left unheard: the office (专班办公室) is told.
    let office: number[] | null = null;
    const officeUsers = () => (office ??= tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'office'), active)).all().map((u) => u.id));
    return new Map(
      batch.map((c) => {
        const people = new Set<number>();
        if (c.ownerUserId !== null && owners.has(c.ownerUserId)) people.add(c.ownerUserId);
        if (c.groupId !== null) {
          for (const u of byGroup.get(c.groupId) ?? []) people.add(u);
          for (const u of members.get(`${c.groupId}\u0000${c.leadUnit}`) ?? []) people.add(u);
        }
        if (!people.size) for (const u of officeUsers()) people.add(u);
        return [c.id, people];
      }),
    );
  }

  /**
   * The responsible leaders of each item's working group: its members with an account whose duty
   * names them 组长 (or 副组长), else those of the group above it, else every user with the leader
   * role. Read once per run (groups and their leaders are few).
   */
  function leaderFinder(tx: DbOrTx) {
    const parents = new Map(tx.select({ id: groups.id, parentId: groups.parentId }).from(groups).all().map((g) => [g.id, g.parentId]));
    const heads = new Map<number, number[]>();
    for (const r of tx
      .select({ groupId: groupMembers.groupId, userId: groupMembers.userId })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(and(isNotNull(groupMembers.userId), sql`${groupMembers.duty} LIKE '%组长%'`, active))
      .orderBy(asc(groupMembers.sortOrder), asc(groupMembers.id))
      .all()) {
      heads.set(r.groupId, [...(heads.get(r.groupId) ?? []), r.userId!]);
    }
    const everyLeader = tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'leader'), active)).all().map((u) => u.id);
    return (groupId: number | null): number[] => {
      for (let g = groupId, hops = 0; g !== null && g !== undefined && hops < 20; g = parents.get(g) ?? null, hops++) {
        const found = heads.get(g);
        if (found?.length) return found;
      }
      return everyLeader;
    };
  }

  // ---- The day's run ----

  /** The open items of one kind in a deadline range that have not taken `step` for their deadline, a batch after `after`. */
  function candidates(kind: ItemKind, range: SQL, step: EscalationStep, after: { due: string; id: number } | null, needs?: EscalationStep): Candidate[] {
    const taken = (s: EscalationStep) => sql`EXISTS (SELECT 1 FROM escalations e WHERE e.item_id = ${items.id} AND e.step = ${s} AND e.cycle = ${items.dueDate})`;
    return db
      .select({ id: items.id, kind: items.kind, title: items.title, dueDate: items.dueDate, leadUnit: items.leadUnit, groupId: items.groupId, ownerUserId: items.ownerUserId })
      .from(items)
      .where(
        and(
          eq(items.finished, false),
          range,
          eq(items.kind, kind),
          after ? sql`(${items.dueDate}, ${items.id}) > (${after.due}, ${after.id})` : undefined,
          sql`NOT ${taken(step)}`,
          needs ? taken(needs) : undefined,
        ),
      )
      .orderBy(asc(items.dueDate), asc(items.id))
      .limit(BATCH)
      .all();
  }

  /**
   * Takes one step for a batch in one transaction: the escalation rows (a row another process
   * wrote meanwhile is skipped by the unique index), an audit entry each, and the inbox messages.
   */
  function takeStep(day: string, step: EscalationStep, batch: Candidate[], cal: Calendar, recipients: (tx: DbOrTx, batch: Candidate[]) => Map<number, Iterable<number>>): { steps: number; messages: number } {
    return db.transaction(
      (tx) => {
        const now = clock.now().toISOString();
        const year = Number(day.slice(0, 4));
        let number = step === 'urge' ? (tx.select({ n: sql<number>`coalesce(max(${escalations.number}), 0)` }).from(escalations).where(eq(escalations.year, year)).get()?.n ?? 0) : 0;
        const people = recipients(tx, batch);
        let steps = 0;
        let messages = 0;
        for (const c of batch) {
          const standing = cal.standing(c.dueDate, day);
          const cycle = step === 'report' ? day.slice(0, 7) : c.dueDate;
          const row = tx
            .insert(escalations)
            .values({
              itemId: c.id,
              step,
              cycle,
              onDay: day,
              dueDate: c.dueDate,
              workdays: standing.workdays,
              year: step === 'urge' ? year : null,
              number: step === 'urge' ? ++number : null,
              leadUnit: c.leadUnit,
              createdAt: now,
            })
            .onConflictDoNothing()
            .returning()
            .get();
          if (!row) {
            if (step === 'urge') number--;
            continue;
          }
          steps++;
          appendAudit(tx, SYSTEM, { action: 'create', entityType: 'escalation', entityId: row.id, after: row });
          const params = { dueDate: c.dueDate, workdays: standing.workdays, year: row.year, number: row.number, leadUnit: c.leadUnit };
          const to = [...(people.get(c.id) ?? [])];
          if (to.length) {
            tx.insert(notifications)
              .values(to.map((userId) => ({ userId, kind: step, itemId: c.id, escalationId: row.id, title: c.title, params: JSON.stringify(params), link: step === 'urge' ? `/urges/${row.id}` : `/items/${c.id}`, onDay: day, createdAt: now })))
              .onConflictDoNothing()
              .run();
            messages += to.length;
          }
        }
        return { steps, messages };
      },
      { behavior: 'immediate' },
    );
  }

  /** Runs one step over every candidate, batch after batch. */
  function sweep(day: string, kind: ItemKind, step: EscalationStep, range: SQL, cal: Calendar, recipients: (tx: DbOrTx, batch: Candidate[]) => Map<number, Iterable<number>>, needs?: EscalationStep) {
    let after: { due: string; id: number } | null = null;
    const total = { steps: 0, messages: 0 };
    for (;;) {
      const batch = candidates(kind, range, step, after, needs);
      if (!batch.length) break;
      const done = takeStep(day, step, batch, cal, recipients);
      total.steps += done.steps;
      total.messages += done.messages;
      const last = batch.at(-1)!;
      after = { due: last.dueDate, id: last.id };
      if (batch.length < BATCH) break;
    }
    return total;
  }

  /** The ladder of one day (the scheduler's job `notify`, or `npm run daily`). */
  function run(day: string): LadderRun {
    const cal = workingDays.calendar();
    const result: LadderRun = { day, reminder: 0, urge: 0, escalation: 0, report: 0, messages: 0 };
    const add = (step: EscalationStep, done: { steps: number; messages: number }) => {
      result[step] += done.steps;
      result.messages += done.messages;
    };
    const toLeadUnit = (tx: DbOrTx, batch: Candidate[]) => leadUnitPeople(tx, batch);
    let findLeaders: ((groupId: number | null) => number[]) | null = null;
    const toLeaders = (tx: DbOrTx, batch: Candidate[]) => {
      findLeaders ??= leaderFinder(tx);
      return new Map(batch.map((c) => [c.id, findLeaders!(c.groupId)]));
    };
    for (const ladder of ladders()) {
      if (!ladder.enabled) continue;
      const kind = ladder.kind;
      if (ladder.remindBefore > 0) {
        // Due today up to the last day with at most `remindBefore` working days left.
        const range = and(sql`${items.dueDate} >= ${day}`, lt(items.dueDate, cal.addWorkdays(day, ladder.remindBefore + 1)))!;
        add('reminder', sweep(day, kind, 'reminder', range, cal, toLeadUnit));
      }
      add('urge', sweep(day, kind, 'urge', lt(items.dueDate, cal.nthWorkdayBack(day, ladder.urgeAfter)), cal, toLeadUnit));
      const raisedBefore = cal.nthWorkdayBack(day, ladder.urgeAfter + ladder.escalateAfter);
      add('escalation', sweep(day, kind, 'escalation', lt(items.dueDate, raisedBefore), cal, toLeaders, 'urge'));
      if (ladder.reportAtMonthEnd && isMonthEnd(day)) {
        // The month's 通报: cycle is the month, so the row is looked for by month, not by deadline.
        add('report', sweepReports(day, kind, cal));
      }
    }
    if (result.report) result.messages += announceNotices(day, result.report);
    return result;
  }

  /** At month end: the raised items of a kind still open, listed once for the month. */
  function sweepReports(day: string, kind: ItemKind, cal: Calendar) {
    const month = day.slice(0, 7);
    let after: { due: string; id: number } | null = null;
    const total = { steps: 0, messages: 0 };
    for (;;) {
      const batch: Candidate[] = db
        .select({ id: items.id, kind: items.kind, title: items.title, dueDate: items.dueDate, leadUnit: items.leadUnit, groupId: items.groupId, ownerUserId: items.ownerUserId })
        .from(items)
        .where(
          and(
            eq(items.finished, false),
            lt(items.dueDate, day),
            eq(items.kind, kind),
            after ? sql`(${items.dueDate}, ${items.id}) > (${after.due}, ${after.id})` : undefined,
            sql`EXISTS (SELECT 1 FROM escalations e WHERE e.item_id = ${items.id} AND e.step = 'escalation' AND e.cycle = ${items.dueDate})`,
            sql`NOT EXISTS (SELECT 1 FROM escalations e WHERE e.item_id = ${items.id} AND e.step = 'report' AND e.cycle = ${month})`,
          ),
        )
        .orderBy(asc(items.dueDate), asc(items.id))
        .limit(BATCH)
        .all();
      if (!batch.length) break;
      const done = takeStep(day, 'report', batch, cal, () => new Map());
      total.steps += done.steps;
      const last: Candidate = batch.at(-1)!;
      after = { due: last.dueDate, id: last.id };
      if (batch.length < BATCH) break;
    }
    return total;
  }

  /** One message per office user and leader: the month's 通报 list is out. Once per month. */
  function announceNotices(day: string, n: number): number {
    const month = day.slice(0, 7);
    return db.transaction((tx) => {
      const readers = tx.select({ id: users.id }).from(users).where(and(inArray(users.role, ['office', 'leader']), active)).all();
      const now = clock.now().toISOString();
      let sent = 0;
      for (const r of readers) {
        const known = tx.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.userId, r.id), eq(notifications.kind, 'notice'), eq(notifications.title, month))).get();
        if (known) continue;
        tx.insert(notifications).values({ userId: r.id, kind: 'notice', title: month, params: JSON.stringify({ month, n }), link: `/notices/${month}`, onDay: day, createdAt: now }).run();
        sent++;
      }
      return sent;
    });
  }

  // ---- Reading ----

  /** The steps taken on an item, oldest first (its page). */
  function ofItem(itemId: number) {
    return db.select().from(escalations).where(eq(escalations.itemId, itemId)).orderBy(asc(escalations.id)).all();
  }

  /** One 催办单 with its item (the printable page). */
  function urge(id: number) {
    const row = db
      .select({ urge: escalations, item: items, groupName: groups.name })
      .from(escalations)
      .innerJoin(items, eq(items.id, escalations.itemId))
      .leftJoin(groups, eq(groups.id, items.groupId))
      .where(and(eq(escalations.id, id), eq(escalations.step, 'urge')))
      .get();
    return row ?? null;
  }

  /** Whether the user may sign for a 催办单: the lead unit's working group (staff), or the office. */
  const maySign = (user: SessionUser | null, item: { groupId: number | null }) =>
    !!user && ['admin', 'office', 'staff'].includes(user.role) && canWriteGroup(user, item.groupId);

  /** 签收: the lead unit acknowledges the 催办单 (once; audited). */
  function sign(user: SessionUser, actor: Actor, id: number) {
    return db.transaction(
      (tx) => {
        const found = tx.select({ urge: escalations, groupId: items.groupId }).from(escalations).innerJoin(items, eq(items.id, escalations.itemId)).where(and(eq(escalations.id, id), eq(escalations.step, 'urge'))).get();
        if (!found) throw notFoundRecord();
        if (!maySign(user, { groupId: found.groupId })) throw new HttpError(403, 'forbidden', 'urge.notYourGroup');
        if (found.urge.signedAt) throw new HttpError(409, 'conflict', 'urge.alreadySigned');
        const signed = { signedBy: user.id, signedByName: user.displayName, signedAt: clock.instant(), signedOn: clock.today() };
        tx.update(escalations).set(signed).where(eq(escalations.id, id)).run();
        appendAudit(tx, actor, { action: 'update', entityType: 'escalation', entityId: id, before: { signedAt: null }, after: signed });
        return signed;
      },
      { behavior: 'immediate' },
    );
  }

  /**
   * The month's 通报 (items raised to a leader and still open at month end), a page at a time in
   * deadline order: what the monthly report and the minutes pack list.
   */
  function noticesOf(month: string, page: { after?: string; before?: string; size?: number } = {}) {
    const where = and(eq(escalations.step, 'report'), eq(escalations.cycle, month))!;
    const result = keysetPage(
      {
        segments: [where],
        keys: [sql`${escalations.dueDate}`, sql`${escalations.id}`],
        fetch: (condition, order, limit) =>
          db
            .select({ id: escalations.id, itemId: items.id, title: items.title, kind: items.kind, leadUnit: escalations.leadUnit, dueDate: escalations.dueDate, workdays: escalations.workdays, status: items.status, groupName: groups.name })
            .from(escalations)
            .innerJoin(items, eq(items.id, escalations.itemId))
            .leftJoin(groups, eq(groups.id, items.groupId))
            .where(condition)
            .orderBy(order)
            .limit(limit)
            .all(),
        keyOf: (r) => [r.dueDate, r.id],
      },
      { size: pageSizeOf(page.size, 100, 500), after: page.after, before: page.before },
    );
    const total = db.select({ n: sql<number>`count(*)` }).from(escalations).where(where).get()?.n ?? 0;
    return { ...result, total };
  }

  /** The SQL condition "the item is in the 通报 of `month`", for lists that filter items by it. */
  const noticedIn = (month: string) => sql`${items.id} IN (SELECT e.item_id FROM escalations e WHERE e.step = 'report' AND e.cycle = ${month})`;

  /** 催办单 still waiting for 签收, newest first (for the lead unit's page). */
  function unsigned(groupIds: number[] | null, limit = 50) {
    return db
      .select({ urge: escalations, title: items.title })
      .from(escalations)
      .innerJoin(items, eq(items.id, escalations.itemId))
      .where(and(eq(escalations.step, 'urge'), isNull(escalations.signedAt), eq(items.finished, false), groupIds ? (groupIds.length ? inArray(items.groupId, groupIds) : sql`0`) : undefined))
      .orderBy(desc(escalations.id))
      .limit(limit)
      .all();
  }

  return { ladders, ladderOf, saveLadder, run, ofItem, urge, maySign, sign, noticesOf, noticedIn, unsigned };
}

export type EscalationService = ReturnType<typeof createEscalationService>;

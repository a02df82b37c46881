// Leader instructions (领导批示) on an item, an enterprise or a handover. A leader writes one; it is
// shown prominently to the owners until one of them acknowledges it.
//
// Rules chosen here:
// - The owners of a target are the working groups of the item or handover; for an enterprise,
//   the groups owning one of its handovers and the enterprise's own leading group.
// - Staff of an owning group, or the office, acknowledge (once; a second time changes nothing).
// - givenOn is today; the author's name is kept as written then (users may be renamed later).
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { compounds, enterprises, groups, handovers, instructionTargets, instructions, items } from '../../db/schema.js';
import type { SessionUser } from '../auth/policy.js';
import type { Clock } from '../clock.js';
import { enumOf, line, parseInput, ref, ValidationError } from '../forms.js';
import { HttpError } from '../http-errors.js';
import { translate, type Locale } from '../i18n/messages.js';
import { appendAudit } from './audit.js';
import { notFoundRecord } from './records.js';
import type { ItemWriter } from './items.js';

export type InstructionTarget = (typeof instructionTargets)[number];

export const instructionInput = z.object({
  targetType: enumOf(instructionTargets),
  targetId: ref(),
  text: line(2000),
});

type Row = typeof instructions.$inferSelect;

export const targetPath = (type: string, id: number) => `/${type === 'item' ? 'items' : type === 'handover' ? 'handovers' : 'enterprises'}/${id}`;

export function createInstructionService(db: Db, clock: Clock) {
  /** The working groups that own a target. */
  function ownerGroups(type: InstructionTarget, id: number): number[] {
    if (type === 'item') {
      const g = db.select({ g: items.groupId }).from(items).where(eq(items.id, id)).get()?.g;
      return g ? [g] : [];
    }
    if (type === 'handover') {
      const g = db.select({ g: handovers.groupId }).from(handovers).where(eq(handovers.id, id)).get()?.g;
      return g ? [g] : [];
    }
    const fromHandovers = db.selectDistinct({ g: handovers.groupId }).from(handovers).where(eq(handovers.enterpriseId, id)).all().map((r) => r.g);
    const own = db.select({ g: groups.id }).from(groups).where(eq(groups.enterpriseId, id)).all().map((r) => r.g);
    return [...new Set([...fromHandovers, ...own].filter((g): g is number => typeof g === 'number'))];
  }

  function targetExists(type: InstructionTarget, id: number): boolean {
    const table = type === 'item' ? items : type === 'handover' ? handovers : enterprises;
    return !!db.select({ id: table.id }).from(table).where(eq(table.id, id)).get();
  }

  function mayAcknowledge(user: SessionUser | null, row: Pick<Row, 'targetType' | 'targetId'>): boolean {
    if (!user) return false;
    if (user.role === 'office' || user.role === 'admin') return true;
    if (user.role !== 'staff') return false;
    return ownerGroups(row.targetType, row.targetId).some((g) => user.groupIds.includes(g));
  }

  function create(w: ItemWriter, input: unknown): Row {
    const values = parseInput(instructionInput, input);
    if (!targetExists(values.targetType, values.targetId)) throw new ValidationError({ targetId: { key: 'validation.reference' } });
    return db.transaction((tx) => {
      const row = tx
        .insert(instructions)
        .values({ ...values, authorId: w.user.id, authorName: w.user.displayName, givenOn: clock.today(), createdAt: clock.instant() })
        .returning()
        .get();
      appendAudit(tx, w.actor, { action: 'create', entityType: 'instruction', entityId: row.id, after: row });
      return row;
    });
  }

  function acknowledge(w: ItemWriter, id: number): Row {
    return db.transaction((tx) => {
      const row = tx.select().from(instructions).where(eq(instructions.id, id)).get();
      if (!row) throw notFoundRecord();
      if (!mayAcknowledge(w.user, row)) throw new HttpError(403, 'forbidden', 'instruction.notYours');
      if (row.acknowledgedAt) return row;
      const after = tx
        .update(instructions)
        .set({ acknowledgedBy: w.user.id, acknowledgedAt: clock.instant() })
        .where(eq(instructions.id, id))
        .returning()
        .get()!;
      appendAudit(tx, w.actor, {
        action: 'update',
        entityType: 'instruction',
        entityId: id,
        before: { acknowledgedBy: null, acknowledgedAt: null },
        after: { acknowledgedBy: after.acknowledgedBy, acknowledgedAt: after.acknowledgedAt },
      });
      return after;
    });
  }

  function get(id: number) {
    return db.select().from(instructions).where(eq(instructions.id, id)).get() ?? null;
  }

  const acknowledgerName = sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = ${instructions.acknowledgedBy})`;

  /**
   * The box shown on an item, enterprise or handover page: unacknowledged instructions first
   * (prominent), then the acknowledged ones; whether this user may acknowledge them.
   */
  function box(user: SessionUser | null, type: InstructionTarget, id: number) {
    const rows = db
      .select({ instruction: instructions, acknowledgedByName: acknowledgerName })
      .from(instructions)
      .where(and(eq(instructions.targetType, type), eq(instructions.targetId, id)))
      .orderBy(desc(instructions.givenOn), desc(instructions.id))
      .all();
    const mayAck = rows.some((r) => !r.instruction.acknowledgedAt) ? mayAcknowledge(user, { targetType: type, targetId: id }) : false;
    const view = rows.map((r) => ({ ...r.instruction, acknowledgedByName: r.acknowledgedByName, mayAcknowledge: mayAck && !r.instruction.acknowledgedAt }));
    return {
      targetType: type,
      targetId: id,
      back: targetPath(type, id),
      open: view.filter((r) => !r.acknowledgedAt),
      acknowledged: view.filter((r) => r.acknowledgedAt),
      any: view.length > 0,
    };
  }

  /** Conditions: instructions on targets owned by any of these groups. */
  function ownedBy(groupIds: number[]): SQL {
    if (!groupIds.length) return sql`0`;
    return or(
      and(eq(instructions.targetType, 'item'), inArray(instructions.targetId, db.select({ id: items.id }).from(items).where(inArray(items.groupId, groupIds)))),
      and(eq(instructions.targetType, 'handover'), inArray(instructions.targetId, db.select({ id: handovers.id }).from(handovers).where(inArray(handovers.groupId, groupIds)))),
      and(
        eq(instructions.targetType, 'enterprise'),
        or(
          inArray(instructions.targetId, db.select({ id: handovers.enterpriseId }).from(handovers).where(inArray(handovers.groupId, groupIds))),
          inArray(instructions.targetId, db.select({ id: sql<number>`${groups.enterpriseId}` }).from(groups).where(inArray(groups.id, groupIds))),
        ),
      ),
    )!;
  }

  /** Names and links of the targets, for lists that mix them. */
  function withTargets(rows: (Row & { acknowledgedByName?: string | null })[], locale: Locale) {
    const ids = (type: InstructionTarget) => rows.filter((r) => r.targetType === type).map((r) => r.targetId);
    const itemIds = ids('item');
    const handoverIds = ids('handover');
    const enterpriseIds = ids('enterprise');
    const titles = new Map<string, string>();
    if (itemIds.length) for (const r of db.select({ id: items.id, title: items.title }).from(items).where(inArray(items.id, itemIds)).all()) titles.set(`item:${r.id}`, r.title);
    if (enterpriseIds.length) for (const r of db.select({ id: enterprises.id, name: enterprises.shortName }).from(enterprises).where(inArray(enterprises.id, enterpriseIds)).all()) titles.set(`enterprise:${r.id}`, r.name);
    if (handoverIds.length) {
      const found = db
        .select({ id: handovers.id, enterprise: enterprises.shortName, compound: compounds.name, serviceLine: handovers.serviceLine })
        .from(handovers)
        .innerJoin(enterprises, eq(enterprises.id, handovers.enterpriseId))
        .leftJoin(compounds, eq(compounds.id, handovers.compoundId))
        .where(inArray(handovers.id, handoverIds))
        .all();
      for (const r of found) titles.set(`handover:${r.id}`, [r.enterprise, r.compound, translate(locale, `serviceLine.${r.serviceLine}`)].filter(Boolean).join(' · '));
    }
    return rows.map((r) => ({ ...r, targetTitle: titles.get(`${r.targetType}:${r.targetId}`) ?? `#${r.targetId}`, targetHref: targetPath(r.targetType, r.targetId) }));
  }

  /**
   * Unacknowledged instructions this user should see first: the office sees them all, staff those
   * on their groups' targets. Each says whether the user may acknowledge it.
   */
  function openFor(user: SessionUser, locale: Locale, limit = 50) {
    const scope = user.role === 'office' || user.role === 'admin' ? undefined : user.role === 'staff' ? ownedBy(user.groupIds) : sql`0`;
    const rows = db
      .select()
      .from(instructions)
      .where(and(isNull(instructions.acknowledgedAt), scope))
      .orderBy(desc(instructions.givenOn), desc(instructions.id))
      .limit(limit)
      .all();
    return withTargets(rows, locale).map((r) => ({ ...r, mayAcknowledge: user.role !== 'staff' || mayAcknowledge(user, r) }));
  }

  /** The instructions a leader gave, newest first, acknowledged or not. */
  function givenBy(user: SessionUser, locale: Locale, limit = 50) {
    const rows = db
      .select({ instruction: instructions, acknowledgedByName: acknowledgerName })
      .from(instructions)
      .where(eq(instructions.authorId, user.id))
      .orderBy(desc(instructions.givenOn), desc(instructions.id))
      .limit(limit)
      .all();
    return withTargets(
      rows.map((r) => ({ ...r.instruction, acknowledgedByName: r.acknowledgedByName })),
      locale,
    );
  }

  /** All of them, for the API and tests: a target's instructions in order. */
  function listFor(type: InstructionTarget, id: number) {
    return db
      .select()
      .from(instructions)
      .where(and(eq(instructions.targetType, type), eq(instructions.targetId, id)))
      .orderBy(asc(instructions.id))
      .all();
  }

  return { create, acknowledge, get, box, openFor, givenBy, listFor, mayAcknowledge, ownerGroups };
}

export type InstructionService = ReturnType<typeof createInstructionService>;

// Tracked items (督办事项): milestones, decisions and problems share one list, one overdue rule
// and one life cycle. Reading side: filtered, paged lists and one item with its history.
import { and, asc, desc, eq, inArray, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  agreements,
  delayRequests,
  enterprises,
  groups,
  handovers,
  instructions,
  itemUpdates,
  items,
  meetings,
  type ItemKind,
  type ItemStatus,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween } from '../dates.js';

/** Statuses in which an item is finished as far as deadlines go. */
export const finishedStatuses: ItemStatus[] = ['done', 'closed'];

export const isOverdue = (item: { status: ItemStatus; dueDate: string }, today: string): boolean =>
  !finishedStatuses.includes(item.status) && item.dueDate < today;

export interface ItemFilter {
  kind?: ItemKind;
  status?: ItemStatus;
  groupId?: number;
  enterpriseId?: number;
  leadUnit?: string;
  open?: boolean;
  overdue?: boolean;
  page?: number;
  pageSize?: number;
}

export function createItemService(db: Db, clock: Clock) {
  function conditions(filter: ItemFilter): SQL | undefined {
    const today = clock.today();
    const parts: (SQL | undefined)[] = [
      filter.kind ? eq(items.kind, filter.kind) : undefined,
      filter.status ? eq(items.status, filter.status) : undefined,
      filter.groupId ? eq(items.groupId, filter.groupId) : undefined,
      filter.enterpriseId ? eq(items.enterpriseId, filter.enterpriseId) : undefined,
      filter.leadUnit ? eq(items.leadUnit, filter.leadUnit) : undefined,
      filter.open ? ne(items.status, 'closed') : undefined,
      filter.overdue ? and(notInArray(items.status, finishedStatuses), lt(items.dueDate, today)) : undefined,
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

  function list(filter: ItemFilter = {}) {
    const today = clock.today();
    const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
    const where = conditions(filter);
    const total = db.select({ n: sql<number>`count(*)` }).from(items).where(where).get()?.n ?? 0;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(Math.max(filter.page ?? 1, 1), pages);
    const rows = db
      .select({
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
      })
      .from(items)
      .leftJoin(groups, eq(groups.id, items.groupId))
      .where(where)
      // Overdue first (oldest deadline first), then open by deadline, finished last.
      .orderBy(
        sql`CASE WHEN ${items.status} IN ('done','closed') THEN 2 WHEN ${items.dueDate} < ${today} THEN 0 ELSE 1 END`,
        asc(items.dueDate),
        asc(items.id),
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all();
    return { rows: rows.map((r) => decorate(r, today)), total, page, pages, pageSize };
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

  return { list, get, decisionsOf };
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

// The in-app inbox (消息, /inbox): the messages of the escalation ladder to one user — reminders,
// 催办单, items raised to a leader, the month's 通报 — newest first, unread until opened or marked
// read. A user reads and marks only their own messages. The words are put together when shown
// (the user's language), from the message's kind and parameters. Marking read is the user's own
// state, like a session's last use: it is not written to the audit log.
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { notifications } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { formatDay, formatMonth } from '../dates.js';
import { notFound } from '../http-errors.js';
import { translate, type Locale } from '../i18n/messages.js';
import { keysetPage } from './keyset.js';

/** The header shows at most this many unread ("99+"): the count stops there. */
export const UNREAD_CAP = 100;

type Row = typeof notifications.$inferSelect;

/** A message in words: a line saying what happened, and where to go. */
export function describe(row: Pick<Row, 'kind' | 'title' | 'params' | 'link'>, locale: Locale): { headline: string; text: string; link: string | null } {
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(row.params) as Record<string, unknown>;
  } catch {
    params = {};
  }
  const due = typeof params.dueDate === 'string' ? formatDay(params.dueDate, locale) : '';
  const words = {
    title: row.title,
    date: due,
    n: params.workdays ?? params.n ?? 0,
    number: translate(locale, 'urge.number', { year: params.year ?? '', n: params.number ?? '' }),
    unit: params.leadUnit ?? '',
    month: typeof params.month === 'string' ? formatMonth(params.month, locale) : row.title,
  };
  const kind = ['reminder', 'urge', 'escalation', 'report', 'notice'].includes(row.kind) ? row.kind : 'other';
  return {
    headline: translate(locale, `inbox.kind.${kind}`),
    text: translate(locale, `inbox.text.${kind}`, words),
    link: row.link,
  };
}

export function createInboxService(db: Db, clock: Clock) {
  const mine = (userId: number) => eq(notifications.userId, userId);

  /** A page of the user's messages, newest first (keyset on the id). */
  function list(userId: number, locale: Locale, page: { after?: string; before?: string; unread?: boolean } = {}) {
    const where = and(mine(userId), page.unread ? isNull(notifications.readAt) : undefined)!;
    const result = keysetPage(
      {
        segments: [where],
        keys: [sql`${notifications.id}`],
        descending: true,
        fetch: (condition, order, limit) => db.select().from(notifications).where(condition).orderBy(order).limit(limit).all(),
        keyOf: (r) => [r.id],
      },
      { size: 50, after: page.after, before: page.before },
    );
    const total = db.select({ n: count() }).from(notifications).where(where).get()?.n ?? 0;
    return { ...result, total, rows: result.rows.map((r) => ({ ...r, ...describe(r, locale), unread: r.readAt === null })) };
  }

  /** Unread messages, counted up to UNREAD_CAP (the header's badge). */
  function unreadCount(userId: number): number {
    return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM notifications WHERE user_id = ${userId} AND read_at IS NULL LIMIT ${UNREAD_CAP})`)?.n ?? 0;
  }

  /** Marks one of the user's messages read; another user's is a 404. Returns the message's link. */
  function markRead(userId: number, id: number): string | null {
    const row = db.select({ id: notifications.id, link: notifications.link, readAt: notifications.readAt }).from(notifications).where(and(eq(notifications.id, id), mine(userId))).get();
    if (!row) throw notFound();
    if (!row.readAt) db.update(notifications).set({ readAt: clock.now().toISOString() }).where(eq(notifications.id, id)).run();
    return row.link;
  }

  /** Marks all the user's messages read; returns how many were unread. */
  function markAllRead(userId: number): number {
    return db.update(notifications).set({ readAt: clock.now().toISOString() }).where(and(mine(userId), isNull(notifications.readAt))).run().changes;
  }

  /** The messages a user received on a day (their digest), oldest first, at most `limit`, and how many in all. */
  function ofDay(userId: number, day: string, limit = 100) {
    const where = and(mine(userId), eq(notifications.onDay, day));
    const rows = db.select().from(notifications).where(where).orderBy(notifications.id).limit(limit).all();
    const total = db.select({ n: count() }).from(notifications).where(where).get()?.n ?? 0;
    return { rows, total };
  }

  /** The users who received messages on a day, in id order, a batch after `afterUserId`. */
  function recipientsOf(day: string, afterUserId: number, limit: number): number[] {
    return db
      .selectDistinct({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.onDay, day), sql`${notifications.userId} > ${afterUserId}`))
      .orderBy(notifications.userId)
      .limit(limit)
      .all()
      .map((r) => r.userId);
  }

  /** How many messages of each kind went out on a day (the day's summary). */
  function countsOf(day: string) {
    return db.select({ kind: notifications.kind, n: count() }).from(notifications).where(eq(notifications.onDay, day)).groupBy(notifications.kind).all();
  }

  return { list, unreadCount, markRead, markAllRead, ofDay, recipientsOf, countsOf };
}

export type InboxService = ReturnType<typeof createInboxService>;

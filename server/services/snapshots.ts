// Monthly snapshots: the stage of every handover and the status of every item, frozen for a month,
// so that month-on-month changes come from records rather than from guesses.
//
// A snapshot of month M describes the tracker "as of" a day:
// - the current month: as of today (taking it again later in the month replaces it);
// - a past month: as of its last day, rebuilt from the dated records (stage actual dates, the
//   items' status history in item_updates, creation dates and approved delay requests; every
//   handover is included, since plans are often entered after the fact). A past
//   month's snapshot is "final" once taken; until then the dashboard takes it on its first build of
//   the following month (see `ensureFinal`), so no timer is needed.
// Taking a month again replaces it (delete + insert in one transaction), never duplicates it.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { itemStatuses, snapshots } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { isMonth, lastDayOf, monthOf } from './figures.js';
import { finishedStatuses } from './items.js';

export { firstDayOf, isMonth, lastDayOf, monthOf, previousMonth } from './figures.js';

/** Item statuses that still run against a deadline, as an SQL list. */
export const unfinishedSql = sql.raw(
  `(${itemStatuses.filter((s) => !finishedStatuses.includes(s)).map((s) => `'${s}'`).join(',')})`,
);

export interface SnapshotSummary {
  month: string;
  asOf: string;
  takenAt: string;
  handovers: number;
  items: number;
}

export class SnapshotError extends Error {}

export function createSnapshotService(db: Db, clock: Clock) {
  function get(month: string) {
    return db.select().from(snapshots).where(eq(snapshots.month, month)).get() ?? null;
  }

  function list() {
    return db.select().from(snapshots).orderBy(asc(snapshots.month)).all();
  }

  /** Freezes every handover's stage and every item's status for `month` (default: this month). */
  function take(month: string = monthOf(clock.today())): SnapshotSummary {
    if (!isMonth(month)) throw new SnapshotError(`not a month (YYYY-MM): ${month}`);
    const today = clock.today();
    const current = monthOf(today);
    if (month > current) throw new SnapshotError(`${month} has not begun (today is ${today})`);
    const live = month === current;
    const asOf = live ? today : lastDayOf(month);
    const takenAt = clock.instant();

    return db.transaction(
      (tx) => {
        tx.run(sql`DELETE FROM snapshot_items WHERE month = ${month}`);
        tx.run(sql`DELETE FROM snapshot_handovers WHERE month = ${month}`);
        tx.run(sql`DELETE FROM snapshots WHERE month = ${month}`);
        tx.run(sql`INSERT INTO snapshots (month, taken_at, as_of) VALUES (${month}, ${takenAt}, ${asOf})`);

        // The stage reached is the last stage done by position; positions are 1–9, so the
        // largest "position||stage" string names it.
        tx.run(sql`INSERT INTO snapshot_handovers (month, handover_id, stage, stages_done)
          SELECT ${month}, h.id,
                 substr(max(CASE WHEN s.actual_date <= ${asOf} THEN s.position || s.stage END), 2),
                 count(CASE WHEN s.actual_date <= ${asOf} THEN 1 END)
          FROM handovers h LEFT JOIN handover_stages s ON s.handover_id = h.id
          GROUP BY h.id`);

        if (live) {
          tx.run(sql`INSERT INTO snapshot_items (month, item_id, status, overdue)
            SELECT ${month}, i.id, i.status, (i.status IN ${unfinishedSql} AND i.due_date < ${asOf})
            FROM items i`);
        } else {
          // Status then: the last recorded change on or before the day, else the done/closed dates.
          // Deadline then: before a delay approved after the day, the deadline it replaced.
          tx.run(sql`INSERT INTO snapshot_items (month, item_id, status, overdue)
            SELECT ${month}, id, status, (status IN ${unfinishedSql} AND due_then < ${asOf})
            FROM (
              SELECT i.id AS id,
                coalesce(
                  (SELECT u.to_status FROM item_updates u WHERE u.item_id = i.id AND u.on_date <= ${asOf}
                    ORDER BY u.on_date DESC, u.at DESC, u.id DESC LIMIT 1),
                  CASE WHEN i.closed_on <= ${asOf} THEN 'closed' WHEN i.done_on <= ${asOf} THEN 'done' ELSE 'notStarted' END
                ) AS status,
                coalesce(
                  (SELECT d.previous_due_date FROM delay_requests d
                    WHERE d.item_id = i.id AND d.status = 'approved' AND coalesce(d.decided_on, d.requested_on) > ${asOf}
                    ORDER BY coalesce(d.decided_on, d.requested_on), d.id LIMIT 1),
                  i.due_date
                ) AS due_then
              FROM items i
              WHERE date(i.created_at, '+8 hours') <= ${asOf}
            )`);
        }

        const counts = tx.get<{ handovers: number; items: number }>(sql`SELECT
          (SELECT count(*) FROM snapshot_handovers WHERE month = ${month}) AS handovers,
          (SELECT count(*) FROM snapshot_items WHERE month = ${month}) AS items`)!;
        return { month, asOf, takenAt, ...counts };
      },
      { behavior: 'immediate' },
    );
  }

  /**
   * Makes sure a past month has its final snapshot (as of its last day): takes it when missing or
   * when it was taken before the month ended. Returns what was taken, or null when nothing was needed.
   */
  function ensureFinal(month: string): SnapshotSummary | null {
    if (!isMonth(month) || month >= monthOf(clock.today())) return null;
    const existing = get(month);
    if (existing && existing.asOf >= lastDayOf(month)) return null;
    return take(month);
  }

  return { get, list, take, ensureFinal };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;

// The overview on the home page: totals, progress per service line, policy deadlines, what is
// overdue and the meetings coming. A handful of aggregate queries, whatever the data's size.
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { policyDeadlines, serviceLines, type ServiceLine } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween } from '../dates.js';
import type { ItemService } from './items.js';

export function createOverviewService(db: Db, clock: Clock, itemService: ItemService) {
  function totals() {
    const today = clock.today();
    const row = db.get<{
      enterprises: number;
      compounds: number;
      households: number;
      handovers: number;
      openItems: number;
      overdueItems: number;
    }>(sql`SELECT
        (SELECT count(*) FROM enterprises) AS enterprises,
        (SELECT count(*) FROM compounds) AS compounds,
        (SELECT coalesce(sum(households), 0) FROM compounds) AS households,
        (SELECT count(*) FROM handovers) AS handovers,
        (SELECT count(*) FROM items WHERE status <> 'closed') AS openItems,
        (SELECT count(*) FROM items WHERE status NOT IN ('done','closed') AND due_date < ${today}) AS overdueItems`);
    // A compound counts as handed over when every one of its handovers has taken over its functions.
    const handedOver = db.get<{ households: number }>(sql`SELECT coalesce(sum(c.households), 0) AS households
      FROM compounds c
      WHERE EXISTS (SELECT 1 FROM handovers h WHERE h.compound_id = c.id)
        AND NOT EXISTS (SELECT 1 FROM handovers h
          LEFT JOIN handover_stages s ON s.handover_id = h.id AND s.stage = 'takeover'
          WHERE h.compound_id = c.id AND (s.actual_date IS NULL))`);
    return { ...row!, handedOverHouseholds: handedOver?.households ?? 0 };
  }

  /** Per service line: handovers, stages done out of planned, and households whose line is taken over. */
  function byLine() {
    const rows = db.all<{ serviceLine: ServiceLine; handovers: number; done: number; total: number; takenOver: number; takenOverHouseholds: number }>(sql`
      SELECT h.service_line AS serviceLine, count(DISTINCT h.id) AS handovers,
             count(s.actual_date) AS done, count(s.id) AS total,
             count(DISTINCT CASE WHEN s.stage = 'takeover' AND s.actual_date IS NOT NULL THEN h.id END) AS takenOver,
             coalesce((SELECT sum(c.households) FROM handovers h2 JOIN compounds c ON c.id = h2.compound_id
               JOIN handover_stages t ON t.handover_id = h2.id AND t.stage = 'takeover' AND t.actual_date IS NOT NULL
               WHERE h2.service_line = h.service_line), 0) AS takenOverHouseholds
      FROM handovers h LEFT JOIN handover_stages s ON s.handover_id = h.id
      GROUP BY h.service_line`);
    const order = new Map(serviceLines.map((l, i) => [l, i]));
    return rows
      .sort((a, b) => order.get(a.serviceLine)! - order.get(b.serviceLine)!)
      .map((r) => ({ ...r, percent: r.total ? Math.round((r.done * 100) / r.total) : 0 }));
  }

  function deadlines() {
    const today = clock.today();
    return db
      .select()
      .from(policyDeadlines)
      .orderBy(asc(policyDeadlines.sortOrder), asc(policyDeadlines.dueDate))
      .all()
      .map((d) => {
        const days = daysBetween(today, d.dueDate);
        return { ...d, daysLeft: Math.max(days, 0), daysPast: Math.max(-days, 0), past: days < 0 };
      });
  }

  function upcomingMeetings(limit = 5) {
    const today = clock.today();
    return db.all<{ id: number; title: string; startsAt: string; place: string | null; groupName: string }>(sql`
      SELECT m.id AS id, m.title AS title, m.starts_at AS startsAt, m.place AS place, g.name AS groupName
      FROM meetings m JOIN groups g ON g.id = m.group_id
      WHERE m.status = 'planned' AND substr(m.starts_at, 1, 10) >= ${today}
      ORDER BY m.starts_at LIMIT ${limit}`);
  }

  function overview() {
    return {
      totals: totals(),
      byLine: byLine(),
      deadlines: deadlines(),
      overdue: itemService.list({ overdue: true, pageSize: 10 }),
      upcoming: upcomingMeetings(),
    };
  }

  return { overview };
}

// Meeting series (会议制度) with their cadence state, and meetings with attendance, agenda and decisions.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { groups, meetingAgenda, meetingAttendance, meetingSeries, meetings } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { cadenceState } from './cadence.js';
import { keysetPage, pageSizeOf } from './keyset.js';
import type { ItemService } from './items.js';
import { createMinutesService, isEditable } from './minutes.js';

export function createMeetingService(db: Db, clock: Clock, itemService: ItemService) {
  const minutes = createMinutesService(db, clock);

  /** Every series with its last held meeting, next due date and whether it is behind. */
  function seriesList(filter: { groupId?: number } = {}) {
    const today = clock.today();
    const rows = db
      .select({
        series: meetingSeries,
        groupName: groups.name,
        groupKind: groups.kind,
        lastHeld: sql<string | null>`(SELECT max(substr(m.starts_at, 1, 10)) FROM meetings m
          WHERE m.series_id = meeting_series.id AND m.status = 'held' AND substr(m.starts_at, 1, 10) <= ${today})`,
        heldCount: sql<number>`(SELECT count(*) FROM meetings m WHERE m.series_id = meeting_series.id AND m.status = 'held')`,
        nextPlanned: sql<string | null>`(SELECT min(m.starts_at) FROM meetings m
          WHERE m.series_id = meeting_series.id AND m.status = 'planned' AND substr(m.starts_at, 1, 10) >= ${today})`,
      })
      .from(meetingSeries)
      .innerJoin(groups, eq(groups.id, meetingSeries.groupId))
      .where(filter.groupId ? eq(meetingSeries.groupId, filter.groupId) : undefined)
      .orderBy(sql`CASE ${groups.kind} WHEN 'leading' THEN 1 WHEN 'coordination' THEN 2 ELSE 3 END`, asc(groups.sortOrder), asc(meetingSeries.id))
      .all();
    return rows.map((r) => ({ ...r, ...(r.series.active ? cadenceState(r.series, r.lastHeld, today) : { nextDue: null, behind: false, daysLate: 0 }) }));
  }

  /** One page of meetings, newest first (keyset on the start time), and how many match. */
  function list(filter: { seriesId?: number; groupId?: number; month?: string } = {}, request: { after?: string; before?: string; pageSize?: number } = {}) {
    const where = and(
      filter.seriesId ? eq(meetings.seriesId, filter.seriesId) : undefined,
      filter.groupId ? eq(meetings.groupId, filter.groupId) : undefined,
      filter.month ? and(sql`${meetings.startsAt} >= ${`${filter.month}-01`}`, sql`${meetings.startsAt} < ${`${filter.month}-99`}`) : undefined,
    ) ?? sql`1 = 1`;
    const page = keysetPage(
      {
        segments: [where],
        keys: [sql`${meetings.startsAt}`, sql`${meetings.id}`],
        descending: true,
        fetch: (condition, order, limit) =>
          db
            .select({ meeting: meetings, groupName: groups.name, seriesName: meetingSeries.name })
            .from(meetings)
            .innerJoin(groups, eq(groups.id, meetings.groupId))
            .leftJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
            .where(condition)
            .orderBy(order)
            .limit(limit)
            .all(),
        keyOf: (r) => [r.meeting.startsAt, r.meeting.id],
      },
      { size: pageSizeOf(request.pageSize), after: request.after, before: request.before },
    );
    const total = db.select({ n: sql<number>`count(*)` }).from(meetings).where(where).get()?.n ?? 0;
    // Each month's first row opens a group on the list, which links the month's minutes pack.
    const heldMonths = new Set(page.rows.filter((r) => r.meeting.status === 'held').map((r) => r.meeting.startsAt.slice(0, 7)));
    const rows = page.rows.map((r, i) => {
      const month = r.meeting.startsAt.slice(0, 7);
      return { ...r, month, monthStarts: i === 0 || page.rows[i - 1]!.meeting.startsAt.slice(0, 7) !== month, monthHasMinutes: heldMonths.has(month) };
    });
    return { ...page, rows, total };
  }

  function get(id: number) {
    const row = db
      .select({ meeting: meetings, groupName: groups.name, series: meetingSeries })
      .from(meetings)
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .leftJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
      .where(eq(meetings.id, id))
      .get();
    if (!row) return null;
    const attendance = db
      .select()
      .from(meetingAttendance)
      .where(eq(meetingAttendance.meetingId, id))
      .orderBy(asc(meetingAttendance.sortOrder), asc(meetingAttendance.id))
      .all();
    return {
      ...row,
      present: attendance.filter((a) => a.kind === 'present'),
      attending: attendance.filter((a) => a.kind === 'attending'),
      excused: attendance.filter((a) => a.kind === 'excused'),
      agenda: db.select().from(meetingAgenda).where(eq(meetingAgenda.meetingId, id)).orderBy(asc(meetingAgenda.position)).all(),
      decisions: itemService.decisionsOf([id]),
      /** Open items of the series' earlier meetings, carried to this one until closed out. */
      carriedOver: minutes.carriedOver(row.meeting),
      /** Issued minutes are read-only (services.minutes.assertEditable). */
      editable: isEditable(row.meeting),
    };
  }

  return { seriesList, list, get };
}

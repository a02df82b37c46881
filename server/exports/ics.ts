// Calendar feeds (RFC 5545) of meetings, written with ical-generator. Meetings are stored as
// Asia/Shanghai wall times ('YYYY-MM-DDTHH:mm'); they are written as such with
// TZID=Asia/Shanghai and the VTIMEZONE below, so every client shows them at the local time
// whatever the server's own zone. UIDs depend on the meeting only, never on the host.
// Text is cleaned of control characters and escaped as RFC 5545 wants (ical-generator writes the
// calendar's name as given, so it is escaped here): a line break in a name never starts a line of
// the feed. A cancelled meeting says so in its title too; each event links to its meeting page.
import ical, { escape, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { translate, type Locale } from '../i18n/messages.js';
import { cleanLine, cleanText } from '../text.js';
import type { CalendarMeeting } from '../services/minutes.js';

export const TIME_ZONE = 'Asia/Shanghai';
export const UID_DOMAIN = 'sgyy-tracker';
/** A meeting without an end time lasts two hours. */
const DEFAULT_HOURS = 2;

/** China has kept UTC+8 without daylight saving since 1991. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  `X-LIC-LOCATION:${TIME_ZONE}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export const meetingUid = (id: number) => `meeting-${id}@${UID_DOMAIN}`;

/** Adds hours to a wall time, on the wall clock (no zone is involved). */
export function plusHours(wallTime: string, hours: number): string {
  const [date, time = '00:00'] = wallTime.split('T');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const shifted = new Date(Date.UTC(y!, mo! - 1, d!, h! + hours, mi!));
  return shifted.toISOString().slice(0, 16);
}

/**
 * ical-generator writes a zoned time from the local fields of the Date it parses; a wall time
 * without an offset parses to exactly those fields, so DTSTART carries the stored time as is.
 */
const wall = (value: string) => `${value.slice(0, 16)}:00`;

const statusOf: Record<CalendarMeeting['status'], ICalEventStatus> = {
  planned: ICalEventStatus.CONFIRMED,
  held: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

export interface CalendarOptions {
  /** The tracker's address (no trailing slash), for each event's link to its meeting page. */
  baseUrl?: string;
}

export function meetingsCalendar(name: string, meetings: CalendarMeeting[], locale: Locale, options: CalendarOptions = {}): string {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const calendar = ical({
    name: escape(cleanLine(name), false),
    prodId: { company: 'sgyy-tracker', product: 'meetings', language: locale === 'en' ? 'EN' : 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone name: ical-generator would then write DTSTAMP as a local time, where
    // RFC 5545 wants UTC. The events name the zone, and the generator adds its VTIMEZONE.
    timezone: { name: null, generator: (zone) => (zone === TIME_ZONE ? VTIMEZONE : null) },
  });
  for (const m of meetings) {
    const description = cleanText(
      [
        cleanLine(m.groupName),
        m.chair ? t('calendar.chair', { chair: cleanLine(m.chair) }) : null,
        m.topic ? t('calendar.topic', { topic: m.topic }) : null,
        m.agenda.length ? [t('calendar.agenda'), ...m.agenda.map((a, i) => `${i + 1}. ${cleanLine(a)}`)].join('\n') : null,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    const title = cleanLine(m.title);
    calendar.createEvent({
      id: meetingUid(m.id),
      sequence: Math.max(0, m.version - 1),
      start: wall(m.startsAt),
      end: wall(m.endsAt ?? plusHours(m.startsAt, DEFAULT_HOURS)),
      timezone: TIME_ZONE,
      stamp: new Date(m.updatedAt),
      summary: m.status === 'cancelled' ? t('calendar.cancelled', { title }) : title,
      location: m.place ? cleanLine(m.place) : undefined,
      description,
      status: statusOf[m.status],
      url: options.baseUrl ? `${options.baseUrl}/meetings/${m.id}` : undefined,
    });
  }
  // Every content line ends with CRLF, the last one too.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

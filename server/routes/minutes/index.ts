// Minutes and calendars: issue and reopen a meeting's minutes, download them (Word, Markdown),
// print them, the monthly pack, and the iCalendar feeds. Thin handlers: parse, call the minutes
// service, lay the view model out with an exporter, reply.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isDay } from '../../dates.js';
import { contentDisposition } from '../../exports/content-disposition.js';
import { meetingsCalendar } from '../../exports/ics.js';
import { layoutMinutes, minutesDocx } from '../../exports/minutes-docx.js';
import { minutesPrintPage } from '../../exports/minutes-html.js';
import { minutesMarkdown } from '../../exports/minutes-markdown.js';
import { monthlyPackDocx } from '../../exports/monthly-pack-docx.js';
import { printCss } from '../../exports/print-css.js';
import { HttpError, issuesOf, notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { domains } from '../../services/memo.js';
import { heavyExports } from '../../limit.js';
import { optional, optionalId, parseId, parseQuery } from '../parse.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const read = { config: { access: 'read' as const } };
/** Calendar feeds: a signed-in browser, or a calendar client with ?token=<calendar feed token>. */
const feedAccess = { config: { access: 'read' as const, feed: true } };
const writeMeetings = { config: { access: { write: 'meetings' as const } } };

const issueForm = z.object({
  issuedOn: optional(z.string().refine(isDay, { message: 'YYYY-MM-DD' })),
});

const packQuery = z.object({ groupId: optionalId });

type WithId = { Params: { id: string } };

function download(reply: FastifyReply, type: string, fileName: string, fallback: string, body: Buffer | string, kind: 'attachment' | 'inline' = 'attachment') {
  return reply
    .header('content-type', type)
    .header('content-disposition', contentDisposition(kind, fileName, fallback))
    .header('cache-control', 'private, no-store')
    .send(body);
}

const routes: FastifyPluginAsync = async (app) => {
  const minutes = app.services.minutes;

  // Laying a 纪要 out as Word would (to set the 版记 at the foot of the page) is the slow part of
  // its Word file, so the file is reused while nothing it shows can have changed: the data (every
  // domain's version and the day), the settings and the language, as for the dashboard.
  app.get<WithId>('/meetings/:id/minutes.docx', read, async (request, reply) => {
    const id = parseId(request.params.id);
    const { memo, settings } = app.services;
    const key = `file:minutes:${id}:${settings.get().version}:${request.locale}`;
    const made = memo.cached(key, domains, memo.versions(), app.clock.today(), () => {
      const doc = minutes.document(id, request.locale);
      return minutesDocx(doc).then((file) => ({ doc, file }));
    });
    // A file that failed to build is not kept for the next request.
    const { doc, file } = await made.catch((error: unknown) => {
      memo.forget(key);
      throw error;
    });
    minutes.recordExport(request.actor, 'meeting', doc.meetingId, { format: 'docx' });
    return download(reply, DOCX, `${doc.fileName}.docx`, `minutes-${doc.meetingId}.docx`, file);
  });

  app.get<WithId>('/meetings/:id/minutes.md', read, async (request, reply) => {
    const doc = minutes.document(parseId(request.params.id), request.locale);
    const text = minutesMarkdown(doc);
    minutes.recordExport(request.actor, 'meeting', doc.meetingId, { format: 'markdown' });
    return download(reply, 'text/markdown; charset=utf-8', `${doc.fileName}.md`, `minutes-${doc.meetingId}.md`, text, 'inline');
  });

  app.get<WithId>('/meetings/:id/print', read, async (request, reply) => {
    const doc = minutes.document(parseId(request.params.id), request.locale);
    return reply.type('text/html; charset=utf-8').send(minutesPrintPage(doc, request.locale, layoutMinutes(doc)));
  });

  // The print page's stylesheet, written from the GB/T 9704 description the Word 纪要 uses.
  app.get('/minutes/print.css', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(printCss()),
  );

  app.post<WithId>('/meetings/:id/minutes/issue', writeMeetings, async (request, reply) => {
    const id = parseId(request.params.id);
    const parsed = issueForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      throw new HttpError(400, 'bad_request', translate(request.locale, 'minutes.error.issuedOnFormat'), issuesOf(parsed.error));
    }
    minutes.issue(id, request.actor, { issuedOn: parsed.data.issuedOn, locale: request.locale });
    return reply.redirect(`/meetings/${id}`, 303);
  });

  app.post<WithId>('/meetings/:id/minutes/reopen', writeMeetings, async (request, reply) => {
    const id = parseId(request.params.id);
    minutes.reopen(id, { ...request.actor, role: request.user?.role ?? null }, { locale: request.locale });
    return reply.redirect(`/meetings/${id}`, 303);
  });

  app.get<{ Params: { month: string } }>('/minutes/monthly/:month.docx', read, async (request, reply) => {
    const month = request.params.month;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw notFound(translate(request.locale, 'minutes.error.month'));
    const { groupId } = parseQuery(packQuery, request.query);
    // The pack of a big month is built in memory: it shares the server's slots for heavy exports.
    const { pack, file } = await heavyExports(async () => {
      const pack = minutes.monthlyPack(month, { groupId, locale: request.locale });
      return { pack, file: await monthlyPackDocx(pack, request.locale) };
    });
    // A pack has no row of its own: its audit id is the month as a number (201709).
    minutes.recordExport(request.actor, 'monthlyPack', Number(month.replace('-', '')), { month, groupId: groupId ?? null, format: 'docx' });
    return download(reply, DOCX, `${pack.fileName}.docx`, `minutes-${month}${groupId ? `-group-${groupId}` : ''}.docx`, file);
  });

  const feed = (reply: FastifyReply, name: string, body: string, fallback: string) =>
    download(reply, 'text/calendar; charset=utf-8', `${name}.ics`, fallback, body, 'inline');

  app.get<WithId>('/calendar/series/:id.ics', feedAccess, async (request, reply) => {
    const found = minutes.calendarMeetings({ seriesId: parseId(request.params.id) });
    if (!found) throw notFound(translate(request.locale, 'minutes.error.seriesNotFound'));
    const body = meetingsCalendar(found.name, found.meetings, request.locale, { baseUrl: app.publicUrlOf(request) });
    return feed(reply, found.name, body, `series-${request.params.id}.ics`);
  });

  app.get('/calendar/planned.ics', feedAccess, async (request, reply) => {
    const found = minutes.calendarMeetings({ planned: true })!;
    const name = translate(request.locale, 'calendar.plannedName');
    return feed(reply, name, meetingsCalendar(name, found.meetings, request.locale, { baseUrl: app.publicUrlOf(request) }), 'planned.ics');
  });
};

export default routes;

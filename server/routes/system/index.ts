// Health check and the language switch.
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { locales } from '../../i18n/messages.js';

const ORIGIN = 'http://tracker.invalid';

/**
 * Only a path on this site may be returned to, never another host. Browsers drop tabs and line
 * breaks and read a backslash as a slash, so `/\t/evil.example` would leave the site: anything with
 * a control character or a backslash, anything that is not a plain path, falls back to `/`. What is
 * kept is re-encoded as ASCII, so the Location header can always be written.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

const routes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) => {
    app.db.get(sql`SELECT 1`);
    return reply.send({ status: 'ok' });
  });

  app.get<{ Params: { locale: string }; Querystring: { next?: string } }>('/lang/:locale', { config: { access: 'public' } }, async (request, reply) => {
    const locale = z.enum(locales).safeParse(request.params.locale);
    if (locale.success) {
      reply.setCookie('lang', locale.data, { ...app.cookieOptions, maxAge: 365 * 24 * 3600 });
    }
    return reply.redirect(safeNext(request.query.next), 303);
  });
};

export default routes;

// Health check and the language switch.
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { locales } from '../../i18n/messages.js';

/** Only same-site relative paths may be returned to, never another host. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

const routes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) => {
    app.db.get(sql`SELECT 1`);
    return reply.send({ status: 'ok' });
  });

  app.get<{ Params: { locale: string }; Querystring: { next?: string } }>('/lang/:locale', { config: { access: 'public' } }, async (request, reply) => {
    const locale = z.enum(locales).safeParse(request.params.locale);
    if (locale.success) {
      reply.setCookie('lang', locale.data, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    }
    return reply.redirect(safeNext(request.query.next), 303);
  });
};

export default routes;

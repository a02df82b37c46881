// Who is asking, and may they: sessions from the cookie on pages, Bearer tokens on /api/, the
// route's declared `config.access` checked before every handler, CSRF on every state-changing
// form. A route without a declared access rule is refused at start-up, so none is left open.
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { allows, type Access, type SessionUser } from '../auth/policy.js';
import { randomSecret, sameSecret } from '../auth/passwords.js';
import type { Config } from '../config.js';
import { translate } from '../i18n/messages.js';
import type { Actor } from '../services/audit.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** A feed (iCalendar) that calendar clients poll: accepts a read-only feed token as ?token=. */
    feed?: boolean;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    /** The signed-in session (pages only): its id and CSRF token. */
    session: { id: string; csrf: string } | null;
    /** The cookie named a session that has timed out. */
    sessionExpired: boolean;
    actor: Actor;
  }
}

export const SESSION_COOKIE = 'sid';
export const PRE_SESSION_COOKIE = 'csrf_pre';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isApi = (url: string) => url.startsWith('/api/') && !url.startsWith('/api/docs');

/** Static files and the API's own documentation assets need no declaration. */
const implicitlyPublic = (url: string) => url.startsWith('/static/') || url.startsWith('/api/docs');

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function sendRefusal(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, key: string) {
  const message = translate(request.locale ?? 'zh-CN', key);
  reply.status(status);
  if (isApi(request.url)) return reply.send({ error: status === 401 ? 'unauthorized' : 'forbidden', message, issues: [] });
  return reply.page('errors/403', { title: translate(request.locale, 'auth.forbidden.title'), message });
}

export default fp(
  async (app, opts: { config: Config }) => {
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: opts.config.COOKIE_SECURE,
    };

    app.decorate('cookieOptions', cookieOptions);

    const accessRules: AccessRule[] = [];
    app.decorate('accessRules', accessRules);
    app.addHook('onRoute', (route) => {
      if (!route.config?.access) {
        if (!implicitlyPublic(route.url ?? '')) {
          throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access)`);
        }
        route.config = { ...route.config, access: 'public' };
      }
      for (const method of ([] as string[]).concat(route.method)) {
        accessRules.push({ method, url: route.url ?? '', access: route.config.access! });
      }
    });

    app.decorateRequest('user', null);
    app.decorateRequest('session', null);
    app.decorateRequest('sessionExpired', false);
    app.decorateRequest('actor', null as unknown as Actor);

    app.addHook('onRequest', async (request) => {
      if (isApi(request.url)) {
        // The API takes Bearer tokens only: a browser's cookie never authorizes an API call.
        const token = bearerOf(request);
        request.user = token ? app.services.accounts.resolveToken(token) : null;
      } else if (request.routeOptions.config?.feed && typeof (request.query as Record<string, unknown>)?.token === 'string') {
        // Calendar clients cannot sign in: a feed URL carries a read-only feed token (scope
        // "calendar", made on /profile), never a personal API token, which can write.
        request.user = app.services.accounts.resolveFeedToken((request.query as Record<string, string>).token!);
      } else {
        const token = request.cookies[SESSION_COOKIE];
        if (token) {
          const found = app.services.accounts.resolveSession(token);
          if ('user' in found) {
            request.user = found.user;
            request.session = { id: found.id, csrf: found.csrf };
          } else {
            request.sessionExpired = found.expired;
          }
        }
      }
      request.actor = { userId: request.user?.id ?? null, username: request.user?.username ?? null, ip: request.ip };
    });

    app.addHook('preHandler', async (request, reply) => {
      const access = request.routeOptions.config?.access ?? 'read';
      if (!allows(request.user, access)) {
        if (!request.user) {
          if (!isApi(request.url) && SAFE_METHODS.has(request.method)) {
            const next = encodeURIComponent(request.url);
            return reply.redirect(`/login?next=${next}${request.sessionExpired ? '&expired=1' : ''}`, 303);
          }
          return sendRefusal(request, reply, 401, request.sessionExpired ? 'login.expired' : 'login.title');
        }
        return sendRefusal(request, reply, 403, 'auth.forbidden.body');
      }
      if (SAFE_METHODS.has(request.method) || isApi(request.url)) return;
      // Forms: the token must come back in the body (or a header, for scripted forms).
      const body = request.body as Record<string, unknown> | undefined;
      const sent = typeof body?._csrf === 'string' ? body._csrf : (request.headers['x-csrf-token'] as string | undefined);
      const expected = request.session?.csrf ?? request.cookies[PRE_SESSION_COOKIE];
      if (!expected || !sent || !sameSecret(sent, expected)) {
        return sendRefusal(request, reply, 403, 'auth.csrf');
      }
    });

    // Pages, API answers and exports are one user's view: no shared or browser cache keeps them
    // (a shared office PC's back button, a proxy). Static files keep their own caching.
    app.addHook('onSend', async (request, reply) => {
      if (!reply.hasHeader('cache-control') && !implicitlyPublic(request.url)) reply.header('cache-control', 'private, no-store');
    });

    /** Sets the session cookie after a successful sign-in (a new id every time). */
    app.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: opts.config.SESSION_MAX_HOURS * 3600 });
      reply.clearCookie(PRE_SESSION_COOKIE, { path: '/' });
    });
    app.decorate('clearSessionCookie', (reply: FastifyReply) => {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    });
    /** A CSRF token for forms shown before sign-in (double-submit cookie). */
    app.decorate('preSessionCsrf', (request: FastifyRequest, reply: FastifyReply) => {
      const existing = request.cookies[PRE_SESSION_COOKIE];
      if (existing && existing.length >= 20) return existing;
      const token = randomSecret(24);
      reply.setCookie(PRE_SESSION_COOKIE, token, cookieOptions);
      return token;
    });
    // Expired sessions and old audit entries are swept by the daily job `sweep` (server/jobs.ts).
    // Refused sign-ins are summed per address and window; each ended window becomes one audit entry.
    const refusals = setInterval(() => {
      try {
        app.services.accounts.flushRefusals();
      } catch (error) {
        // The counts stay in login_refusals and are written at the next minute.
        app.log.warn({ err: error }, 'could not write the sign-in refusal summaries');
      }
    }, 60_000);
    refusals.unref();
    // Counts of a window still open stay in login_refusals and are summed up after a restart.
    app.addHook('onClose', async () => clearInterval(refusals));
  },
  { name: 'auth', dependencies: ['db', 'views'] },
);

export interface AccessRule {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declared, for the role × route test and the docs. */
    accessRules: AccessRule[];
    /** Path, HttpOnly, SameSite=Lax and Secure (with COOKIE_SECURE) for every cookie the app sets. */
    cookieOptions: { path: string; httpOnly: boolean; sameSite: 'lax'; secure: boolean };
    setSessionCookie(reply: FastifyReply, token: string): void;
    clearSessionCookie(reply: FastifyReply): void;
    preSessionCsrf(request: FastifyRequest, reply: FastifyReply): string;
  }
}

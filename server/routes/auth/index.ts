// Sign in, sign out, and the user's own profile: password and personal API tokens.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { translateErrors, ValidationError, type FieldErrors } from '../../forms.js';
import { translate } from '../../i18n/messages.js';
import { safeNext } from '../system/index.js';
import { parseId } from '../parse.js';

const loginBody = z.object({
  username: z.string().max(200).default(''),
  password: z.string().max(500).default(''),
  next: z.string().max(2000).optional(),
});

const routes: FastifyPluginAsync = async (app) => {
  const showLogin = (request: FastifyRequest, reply: FastifyReply, model: { username?: string; error?: string; next?: string; status?: number }) => {
    reply.status(model.status ?? 200);
    return reply.page('pages/auth/login', {
      title: translate(request.locale, 'login.title'),
      loginCsrf: app.preSessionCsrf(request, reply),
      username: model.username ?? '',
      error: model.error ?? null,
      next: safeNext(model.next),
    });
  };

  app.get<{ Querystring: { next?: string; expired?: string } }>('/login', { config: { access: 'public' } }, async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.next), 303);
    return showLogin(request, reply, {
      next: request.query.next,
      error: request.query.expired ? translate(request.locale, 'login.expired') : undefined,
    });
  });

  app.post('/login', { config: { access: 'public' } }, async (request, reply) => {
    const parsed = loginBody.safeParse(request.body ?? {});
    const input = parsed.success ? parsed.data : { username: '', password: '', next: '/' };
    const result = await app.services.accounts.signIn(input.username, input.password, request.ip, request.headers['user-agent'] ?? null);
    if (!result.ok) {
      const key = result.reason === 'throttled' ? 'login.throttled' : result.reason === 'disabled' ? 'login.disabled' : 'login.failed';
      return showLogin(request, reply, {
        username: input.username,
        error: translate(request.locale, key),
        next: input.next,
        status: result.reason === 'throttled' ? 429 : 401,
      });
    }
    // A fresh session id at every sign-in; any session the browser had is ended.
    if (request.session) app.services.accounts.signOut(request.session.id, request.actor);
    app.setSessionCookie(reply, result.token);
    // Staff work from their own items: with no other page asked for, they land there.
    const next = safeNext(input.next);
    return reply.redirect(next === '/' && result.user.role === 'staff' ? '/my' : next, 303);
  });

  app.post('/logout', { config: { access: 'read' } }, async (request, reply) => {
    if (request.session) app.services.accounts.signOut(request.session.id, request.actor);
    app.clearSessionCookie(reply);
    return reply.redirect('/login', 303);
  });

  const showProfile = (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; notice?: string; newToken?: string; tokenName?: string; newFeedToken?: string; feedErrors?: FieldErrors; feedTokenName?: string; status?: number } = {},
  ) => {
    const user = request.user!;
    const groupNames = app.services.groups
      .names()
      .filter((g) => user.groupIds.includes(g.id))
      .map((g) => g.name);
    reply.status(extra.status ?? 200);
    return reply.page('pages/auth/profile', {
      title: translate(request.locale, 'profile.title'),
      nav: 'profile',
      groupNames,
      tokens: app.services.accounts.listTokens(user.id),
      errors: extra.errors ? translateErrors(extra.errors, request.locale) : {},
      notice: extra.notice ?? null,
      newToken: extra.newToken ?? null,
      tokenName: extra.tokenName ?? '',
      feedTokens: app.services.accounts.listFeedTokens(user.id),
      feedErrors: extra.feedErrors ? translateErrors(extra.feedErrors, request.locale) : {},
      feedTokenName: extra.feedTokenName ?? '',
      // The addresses to paste into a calendar app, shown with the new token only.
      feedUrls: extra.newFeedToken
        ? {
            token: extra.newFeedToken,
            planned: `${app.publicUrlOf(request)}/calendar/planned.ics?token=${extra.newFeedToken}`,
            series: `${app.publicUrlOf(request)}/calendar/series/N.ics?token=${extra.newFeedToken}`,
          }
        : null,
    });
  };

  app.get('/profile', { config: { access: 'read' } }, async (request, reply) => showProfile(request, reply));

  app.post('/profile/password', { config: { access: 'read' } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const current = typeof body.currentPassword === 'string' ? body.currentPassword : '';
    const next = typeof body.newPassword === 'string' ? body.newPassword : '';
    const again = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
    try {
      if (!(await app.services.accounts.checkCurrentPassword(request.user!.id, current))) {
        throw new ValidationError({ currentPassword: { key: 'profile.wrongPassword' } });
      }
      if (next !== again) throw new ValidationError({ confirmPassword: { key: 'validation.passwordMismatch' } });
      await app.services.accounts.setPassword(request.actor, request.user!.id, next, 'newPassword');
    } catch (error) {
      if (error instanceof ValidationError) return showProfile(request, reply, { errors: error.fields, status: 422 });
      throw error;
    }
    // Changing the password ends every session, this one included: sign in again.
    app.clearSessionCookie(reply);
    return reply.redirect('/login', 303);
  });

  app.post('/profile/tokens', { config: { access: 'read' } }, async (request, reply) => {
    const name = (request.body as Record<string, unknown> | undefined)?.name;
    try {
      const token = app.services.accounts.createToken(request.actor, request.user!.id, name);
      return showProfile(request, reply, { newToken: token });
    } catch (error) {
      if (error instanceof ValidationError) return showProfile(request, reply, { errors: error.fields, tokenName: String(name ?? ''), status: 422 });
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>('/profile/tokens/:id/revoke', { config: { access: 'read' } }, async (request, reply) => {
    app.services.accounts.revokeToken(request.actor, request.user!.id, parseId(request.params.id));
    return reply.redirect('/profile', 303);
  });

  app.post('/profile/feed-tokens', { config: { access: 'read' } }, async (request, reply) => {
    const name = (request.body as Record<string, unknown> | undefined)?.name;
    try {
      const token = app.services.accounts.createFeedToken(request.actor, request.user!.id, name);
      return showProfile(request, reply, { newFeedToken: token });
    } catch (error) {
      if (error instanceof ValidationError) return showProfile(request, reply, { feedErrors: error.fields, feedTokenName: String(name ?? ''), status: 422 });
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>('/profile/feed-tokens/:id/revoke', { config: { access: 'read' } }, async (request, reply) => {
    app.services.accounts.revokeFeedToken(request.actor, request.user!.id, parseId(request.params.id));
    return reply.redirect('/profile#feeds', 303);
  });

  app.get('/api/v1/me', { config: { access: 'read' } }, async (request) => {
    const { id, username, displayName, role, groupIds } = request.user!;
    return { id, username, displayName, role, groupIds };
  });
};

export default routes;

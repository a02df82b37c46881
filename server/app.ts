// The application as a Fastify plugin: infrastructure first (cookies, forms, security headers,
// static files, database, views), then the feature routes, then one error and one 404 handler.
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { translateErrors, ValidationError } from './forms.js';
import { HttpError } from './http-errors.js';
import { isMessageKey, translate } from './i18n/messages.js';
import { ConflictError } from './services/records.js';
import attachmentsPlugin from './plugins/attachments.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import viewsPlugin from './plugins/views.js';
import adminRoutes from './routes/admin/index.js';
import agreementRoutes from './routes/agreements/index.js';
import apiRoutes from './routes/api/index.js';
import attachmentRoutes from './routes/attachments/index.js';
import authRoutes from './routes/auth/index.js';
import compoundRoutes from './routes/compounds/index.js';
import documentRoutes from './routes/documents/index.js';
import enterpriseRoutes from './routes/enterprises/index.js';
import groupRoutes from './routes/groups/index.js';
import handoverRoutes from './routes/handovers/index.js';
import homeRoutes from './routes/home/index.js';
import itemRoutes from './routes/items/index.js';
import instructionRoutes from './routes/instructions/index.js';
import myRoutes from './routes/my/index.js';
import meetingRoutes from './routes/meetings/index.js';
import minutesRoutes from './routes/minutes/index.js';
import settingsRoutes from './routes/settings/index.js';
import systemRoutes from './routes/system/index.js';

export interface AppOptions {
  config: Config;
}

const publicRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../public');

const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/') || request.url === '/healthz';

function renderError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, issues: { path: string; message: string }[] = [], extra: Record<string, unknown> = {}) {
  const locale = request.locale ?? 'zh-CN';
  const words = (text: string) => (isMessageKey(text) ? translate(locale, text) : text);
  reply.status(status);
  const shownIssues = issues.map((i) => ({ path: i.path, message: words(i.message) }));
  if (wantsJson(request) || !reply.page) return reply.send({ error: code, message: words(message), issues: shownIssues, ...extra });
  const template = status === 404 ? '404' : status === 403 ? '403' : status >= 500 ? '500' : '400';
  const key = status === 404 ? 'notFound' : status >= 500 ? 'server' : 'badRequest';
  return reply.page(`errors/${template}`, {
    title: translate(locale, status === 403 ? 'auth.forbidden.title' : `error.${key}.title`),
    message: status >= 500 ? null : words(message),
    issues: shownIssues,
  });
}

/** SQLite refusing a write: a reference still in use, or a rule of the schema. */
function constraintError(error: unknown, request: FastifyRequest): { status: number; key: string } | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) return null;
  // ON DELETE RESTRICT reports itself as a trigger constraint, with this message.
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint failed/.test(String((error as Error).message))) {
    const deleting = request.method === 'DELETE' || request.url.split('?')[0]!.endsWith('/delete');
    return deleting ? { status: 409, key: 'edit.inUse' } : { status: 422, key: 'edit.badReference' };
  }
  return { status: 422, key: 'edit.constraint' };
}

const app: FastifyPluginAsync<AppOptions> = async (fastify, opts) => {
  await fastify.register(fastifyCookie);
  await fastify.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
  await fastify.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: opts.config.COOKIE_SECURE,
  });
  await fastify.register(dbPlugin, { config: opts.config });
  await fastify.register(viewsPlugin, { config: opts.config });
  await fastify.register(authPlugin, { config: opts.config });
  // After the auth plugin, whose onRoute hook marks the static files public.
  await fastify.register(fastifyStatic, { root: publicRoot, prefix: '/static/', maxAge: '1h' });
  await fastify.register(attachmentsPlugin, { config: opts.config });

  fastify.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof ConflictError) {
      return renderError(request, reply, 409, error.code, error.message, [], { current: error.current });
    }
    if (error instanceof ValidationError) {
      const issues = Object.entries(translateErrors(error.fields, request.locale ?? 'zh-CN')).map(([path, message]) => ({ path, message }));
      return renderError(request, reply, 422, error.code, error.message, issues);
    }
    if (error instanceof HttpError) {
      return renderError(request, reply, error.statusCode, error.code, error.message, error.issues);
    }
    const constraint = constraintError(error, request);
    if (constraint) {
      request.log.warn({ err: error, url: request.url }, 'write refused by a database constraint');
      return renderError(request, reply, constraint.status, constraint.status === 409 ? 'conflict' : 'validation_failed', constraint.key);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    const message = status >= 500 ? translate(request.locale ?? 'zh-CN', 'error.server.body') : error.message;
    return renderError(request, reply, status, status >= 500 ? 'internal_error' : error.code ?? 'bad_request', message);
  });
  fastify.setNotFoundHandler(async (request, reply) =>
    renderError(request, reply, 404, 'not_found', translate(request.locale ?? 'zh-CN', 'error.notFound.body')),
  );

  await fastify.register(systemRoutes);
  await fastify.register(authRoutes);
  await fastify.register(adminRoutes);
  await fastify.register(settingsRoutes);
  await fastify.register(apiRoutes);
  await fastify.register(homeRoutes);
  await fastify.register(enterpriseRoutes);
  await fastify.register(compoundRoutes);
  await fastify.register(handoverRoutes);
  await fastify.register(agreementRoutes);
  await fastify.register(itemRoutes);
  await fastify.register(myRoutes);
  await fastify.register(instructionRoutes);
  await fastify.register(groupRoutes);
  await fastify.register(meetingRoutes);
  await fastify.register(minutesRoutes);
  await fastify.register(documentRoutes);
  await fastify.register(attachmentRoutes);
};

export default app;

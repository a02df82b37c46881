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
import { storageProblem } from '../db/storage-errors.js';
import { redactUrl } from './logger.js';
import { cleanDeep } from './text.js';
import attachmentsPlugin from './plugins/attachments.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import schedulerPlugin from './plugins/scheduler.js';
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
import leadUnitRoutes from './routes/lead-units/index.js';
import ledgerRoutes from './routes/ledger/index.js';
import itemRoutes from './routes/items/index.js';
import instructionRoutes from './routes/instructions/index.js';
import myRoutes from './routes/my/index.js';
import notifyRoutes from './routes/notify/index.js';
import meetingRoutes from './routes/meetings/index.js';
import minutesRoutes from './routes/minutes/index.js';
import settingsRoutes from './routes/settings/index.js';
import systemRoutes from './routes/system/index.js';

export interface AppOptions {
  config: Config;
}

/** What a 503 for a full or read-only disk asks clients to wait before trying again. */
export const STORAGE_RETRY_AFTER_SECONDS = 60;
declare module 'fastify' {
  interface FastifyInstance {
    /** The tracker's address for links that leave the app (calendar events): PUBLIC_URL, else the request's own. */
    publicUrlOf(request: FastifyRequest): string;
  }
}

/** scheme://host[:port] of a request, when its Host header is a plain host name or address. */
function requestOrigin(request: FastifyRequest, config: Config): string {
  const host = request.host;
  if (/^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host)) return `${request.protocol}://${host}`;
  return `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${config.PORT}`;
}

const publicRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../public');

const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/') || request.url === '/healthz';

function renderError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, issues: { path: string; message: string }[] = [], extra: Record<string, unknown> = {}) {
  const locale = request.locale ?? 'zh-CN';
  const words = (text: string) => (isMessageKey(text) ? translate(locale, text) : text);
  reply.status(status);
  const shownIssues = issues.map((i) => ({ path: i.path, message: words(i.message) }));
  if (wantsJson(request) || !reply.page) return reply.send({ error: code, message: words(message), issues: shownIssues, ...extra });
  if (status === 503) return reply.page('errors/503', { title: translate(locale, 'storage.title'), message: words(message) });
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
  fastify.decorate('publicUrlOf', (request: FastifyRequest) => opts.config.PUBLIC_URL ?? requestOrigin(request, opts.config));
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
  await fastify.register(schedulerPlugin, { config: opts.config });
  // Control characters (a NUL, a stray CR) never reach a service, the database or a page again.
  fastify.addHook('preValidation', async (request) => {
    if (request.body) request.body = cleanDeep(request.body);
    if (request.query) request.query = cleanDeep(request.query);
  });

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
    // A full or read-only disk: nothing was written (the transaction rolled back); try again later.
    const storage = storageProblem(error);
    if (storage) {
      request.log.error({ err: error, url: request.url, method: request.method }, `storage cannot take the write (${storage})`);
      reply.header('retry-after', String(STORAGE_RETRY_AFTER_SECONDS));
      return renderError(request, reply, 503, 'storage_unavailable', storage === 'busy' ? 'storage.busy' : storage === 'readonly' ? 'storage.readonly' : 'storage.full');
    }
    const constraint = constraintError(error, request);
    if (constraint) {
      request.log.warn({ err: error, url: redactUrl(request.url) }, 'write refused by a database constraint');
      return renderError(request, reply, constraint.status, constraint.status === 409 ? 'conflict' : 'validation_failed', constraint.key);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error, url: redactUrl(request.url), method: request.method }, 'request failed');
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
  await fastify.register(leadUnitRoutes);
  await fastify.register(enterpriseRoutes);
  await fastify.register(compoundRoutes);
  await fastify.register(handoverRoutes);
  await fastify.register(agreementRoutes);
  await fastify.register(itemRoutes);
  await fastify.register(myRoutes);
  await fastify.register(notifyRoutes, { hour: opts.config.NOTIFY_HOUR });
  await fastify.register(instructionRoutes);
  await fastify.register(groupRoutes);
  await fastify.register(meetingRoutes);
  await fastify.register(minutesRoutes);
  await fastify.register(documentRoutes);
  await fastify.register(attachmentRoutes);
  await fastify.register(ledgerRoutes);
};

export default app;

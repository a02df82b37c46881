// Administration (admins only): users, roles, group memberships, passwords; the audit log.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditActions, roles } from '../../../db/schema.js';
import { translateErrors, ValidationError, wholeNumber, type FieldErrors } from '../../forms.js';
import { HttpError, notFound } from '../../http-errors.js';
import { isMessageKey, translate } from '../../i18n/messages.js';
import { formatMonth } from '../../dates.js';
import { describeAuditFailure } from '../../services/audit.js';
import { optional, optionalId, parseId, parseQuery } from '../parse.js';

const users = { config: { access: { write: 'users' } } } as const;
const audit = { config: { access: { read: 'audit' } } } as const;

const auditQuery = z.object({
  action: optional(z.enum(auditActions)),
  entityType: optional(z.string().max(40)),
  entityId: optionalId,
  userId: optionalId,
  from: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  to: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  page: optional(wholeNumber(1, 1_000_000)),
});

/** The kinds of record the log names (entity types), offered in the filter and labelled through the catalogue. */
export const AUDIT_ENTITIES = [
  'enterprise', 'compound', 'handover', 'agreement', 'item', 'delayRequest', 'instruction', 'group', 'groupMember', 'meetingSeries', 'meeting',
  'monthlyPack', 'document', 'policyDeadline', 'attachment', 'settings', 'user', 'apiToken', 'feedToken', 'auditLog',
] as const;

/** Where a logged record is shown, when it has a page of its own. */
const recordPath: Record<string, (id: number) => string> = {
  enterprise: (id) => `/enterprises/${id}`,
  compound: (id) => `/compounds/${id}/edit`,
  handover: (id) => `/handovers/${id}`,
  agreement: (id) => `/agreements/${id}`,
  item: (id) => `/items/${id}`,
  group: (id) => `/groups/${id}`,
  meetingSeries: (id) => `/meetings?seriesId=${id}`,
  meeting: (id) => `/meetings/${id}`,
  document: (id) => `/documents#document-${id}`,
  policyDeadline: (id) => `/policy-deadlines#deadline-${id}`,
  user: (id) => `/admin/users/${id}`,
};

/** A CSV cell: quoted, quotes doubled, and formula-looking text defused for spreadsheets. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const routes: FastifyPluginAsync = async (app) => {
  const groupsForForm = () => app.services.groups.names();

  const showUserForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    model: { user?: Record<string, unknown> | null; input: Record<string, unknown>; errors?: FieldErrors; notice?: string; status?: number },
  ) => {
    const chosen = new Set(([] as unknown[]).concat(model.input.groupIds ?? []).map(Number));
    reply.status(model.status ?? 200);
    return reply.page('pages/admin/user-form', {
      title: translate(request.locale, model.user ? 'admin.edit' : 'admin.newUser'),
      nav: 'admin',
      editing: model.user ?? null,
      input: model.input,
      roles,
      groups: groupsForForm().map((g) => ({ ...g, checked: chosen.has(g.id) })),
      errors: model.errors ? translateErrors(model.errors, request.locale) : {},
      notice: model.notice ?? null,
    });
  };

  app.get('/admin/users', users, async (request, reply) =>
    reply.page('pages/admin/users', { title: translate(request.locale, 'admin.users'), nav: 'admin', users: app.services.accounts.list() }),
  );

  app.get('/admin/users/new', users, async (request, reply) =>
    showUserForm(request, reply, { input: { role: 'staff', groupIds: [] } }),
  );

  app.post('/admin/users', users, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const id = await app.services.accounts.create(request.actor, body, body.password);
      return reply.redirect(`/admin/users/${id}?created=1`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showUserForm(request, reply, { input: { ...body, password: '' }, errors: error.fields, status: 422 });
      throw error;
    }
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/admin/users/:id', users, async (request, reply) => {
    const user = app.services.accounts.get(parseId(request.params.id));
    if (!user) throw notFound();
    const q = request.query;
    const notice = q.created ? 'admin.created' : q.saved ? 'admin.saved' : q.reset ? 'admin.passwordReset' : null;
    return showUserForm(request, reply, { user, input: user, notice: notice ? translate(request.locale, notice) : undefined });
  });

  app.post<{ Params: { id: string } }>('/admin/users/:id', users, async (request, reply) => {
    const id = parseId(request.params.id);
    const user = app.services.accounts.get(id);
    if (!user) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      app.services.accounts.update(request.actor, id, body);
      return reply.redirect(`/admin/users/${id}?saved=1`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showUserForm(request, reply, { user, input: body, errors: error.fields, status: 422 });
      if (error instanceof HttpError && error.statusCode === 409) {
        return showUserForm(request, reply, { user, input: { ...body, version: user.version }, errors: { _: { key: 'admin.stale' } }, status: 409 });
      }
      throw error;
    }
  });

  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post<{ Params: { id: string } }>(`/admin/users/:id/${path}`, users, async (request, reply) => {
      const id = parseId(request.params.id);
      const user = app.services.accounts.get(id);
      if (!user) throw notFound();
      try {
        app.services.accounts.setDisabled(request.actor, id, disabled);
      } catch (error) {
        if (error instanceof ValidationError) return showUserForm(request, reply, { user, input: user, errors: error.fields, status: 422 });
        throw error;
      }
      return reply.redirect(`/admin/users/${id}?saved=1`, 303);
    });
  }

  app.post<{ Params: { id: string } }>('/admin/users/:id/password', users, async (request, reply) => {
    const id = parseId(request.params.id);
    const user = app.services.accounts.get(id);
    if (!user) throw notFound();
    try {
      await app.services.accounts.setPassword(request.actor, id, (request.body as Record<string, unknown> | undefined)?.password, 'newPassword');
    } catch (error) {
      if (error instanceof ValidationError) return showUserForm(request, reply, { user, input: user, errors: error.fields, status: 422 });
      throw error;
    }
    return reply.redirect(`/admin/users/${id}?reset=1`, 303);
  });

  app.get('/admin/audit', audit, async (request, reply) => {
    const { verify, ...filter } = parseQuery(auditQuery.extend({ verify: optional(z.enum(['full'])) }), request.query);
    const result = app.services.audit.list(filter);
    const query = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined || k === 'page' ? [] : [[k, String(v)]]))).toString();
    // A view checks what was added since the last check (and the signed anchors); the whole
    // chain is walked on demand, or by npm run audit:verify.
    const checked = verify === 'full' ? app.services.audit.verify() : app.services.audit.verifyRecent();
    // Each entry in words: local time, the record by its kind's name, each value under its label.
    const locale = request.locale;
    const rows = app.services.history.describe(result.rows, locale, { allValues: true }).map((entry, i) => {
      const raw = result.rows[i]!;
      const kind = isMessageKey(`auditEntity.${entry.entityType}`) ? translate(locale, `auditEntity.${entry.entityType}`) : entry.entityType;
      const id = entry.entityId;
      // A monthly pack is logged under its month (201712): shown as the month.
      const which = id === null ? '' : entry.entityType === 'monthlyPack' ? formatMonth(`${String(id).slice(0, 4)}-${String(id).slice(4, 6)}`, locale) : `#${id}`;
      return { ...entry, username: raw.username, ip: raw.ip, record: `${kind} ${which}`.trim(), href: id !== null && recordPath[entry.entityType] ? recordPath[entry.entityType]!(id) : null };
    });
    const failures = checked.failures.map((f) => describeAuditFailure(f, request.locale));
    const chain = { ...checked, full: verify === 'full', failures, reason: failures[0] ?? null };
    return reply.page('pages/admin/audit', {
      title: translate(request.locale, 'audit.title'),
      nav: 'admin',
      ...result,
      rows,
      filter,
      actions: auditActions,
      entities: AUDIT_ENTITIES,
      chain,
      verifyHref: `/admin/audit?${query}${query ? '&' : ''}verify=full`,
      csvHref: `/admin/audit.csv${query ? `?${query}` : ''}`,
      prevPage: result.page > 1 ? `/admin/audit?${query}${query ? '&' : ''}page=${result.page - 1}` : null,
      nextPage: result.page < result.pages ? `/admin/audit?${query}${query ? '&' : ''}page=${result.page + 1}` : null,
    });
  });

  app.get('/admin/audit.csv', audit, async (request, reply) => {
    const filter = parseQuery(auditQuery, request.query);
    const header = ['id', 'at', 'userId', 'username', 'ip', 'action', 'entityType', 'entityId', 'before', 'after', 'prevHash', 'hash'];
    const lines = [header.map(csvCell).join(',')];
    for (const row of app.services.audit.iterate(filter)) {
      lines.push(header.map((h) => csvCell(row[h as keyof typeof row])).join(','));
    }
    // The export itself is on record.
    app.services.audit.append(request.actor, { action: 'export', entityType: 'auditLog', after: { filter, rows: lines.length - 1 } });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${app.clock.today()}.csv"`)
      .send(`\ufeff${lines.join('\r\n')}\r\n`);
  });
};

export default routes;

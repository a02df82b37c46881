// Working groups and their contact directory: the list, one group, and the office's edit forms
// (a group from registerCrud; the directory's entries under their group).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { groupKinds, serviceLines } from '../../../db/schema.js';
import { ValidationError } from '../../forms.js';
import { notFound } from '../../http-errors.js';
import { translate } from '../../i18n/messages.js';
import { ConflictError } from '../../services/records.js';
import { registerCrud } from '../crud.js';
import { renderForm, type FieldDef } from '../form-page.js';
import { z } from 'zod';
import { pageQuery, pager } from '../pager.js';
import { deleteVersion, optional, parseId, parseQuery } from '../parse.js';

type Values = Record<string, unknown>;
type MemberParams = { Params: { id: string; memberId: string } };

/** Handovers and open items shown on a group's page. */
const GROUP_PAGE_ROWS = 20;

const groupListQuery = z.object({ q: optional(z.string().trim().max(100)), ...pageQuery });

const routes: FastifyPluginAsync = async (app) => {
  const service = app.services.groups;
  const write = { config: { access: { write: 'groups' as const } } };

  registerCrud(app, {
    path: '/groups',
    nav: 'groups',
    resource: 'groups',
    noun: 'group.one',
    fields: (_request, record) => {
      const { groups, enterprises } = service.options();
      return [
        { name: 'name', label: 'group.name', type: 'text', required: true, maxLength: 100 },
        { name: 'kind', label: 'group.kind', type: 'select', required: true, values: groupKinds, labelGroup: 'groupKind' },
        {
          name: 'parentId',
          label: 'group.parent',
          type: 'select',
          blank: true,
          options: groups.filter((g) => g.id !== record?.id).map((g) => ({ value: g.id, label: g.name })),
        },
        { name: 'leadDepartment', label: 'group.leadDepartment', type: 'text', maxLength: 100 },
        { name: 'serviceLine', label: 'group.serviceLine', type: 'select', blank: true, values: serviceLines, labelGroup: 'serviceLine', hint: 'group.serviceLineHint' },
        { name: 'enterpriseId', label: 'group.enterprise', type: 'select', blank: true, options: enterprises.map((e) => ({ value: e.id, label: e.name })), hint: 'group.enterpriseHint' },
        { name: 'establishedOn', label: 'group.establishedOn', type: 'date' },
        { name: 'description', label: 'group.description', type: 'textarea', maxLength: 2000 },
        { name: 'sortOrder', label: 'group.sortOrder', type: 'number', hint: 'group.sortOrderHint' },
      ] satisfies FieldDef[];
    },
    load: (id) => service.record(id),
    create: (actor, input) => service.create(actor, input),
    update: (actor, id, input) => void service.update(actor, id, input),
    remove: (actor, id, version) => service.remove(actor, id, version),
    showPath: (id) => `/groups/${id}`,
    listPath: '/groups',
  });

  app.get('/groups', { config: { access: 'read' } }, async (request, reply) => {
    const { after, before, ...filter } = parseQuery(groupListQuery, request.query);
    const result = service.list(filter, { after, before });
    return reply.page('pages/groups/list', {
      title: translate(request.locale, 'group.list'),
      nav: 'groups',
      groups: result.rows,
      filter,
      pager: pager('/groups', filter, result),
    });
  });

  app.get<{ Params: { id: string } }>('/groups/:id', { config: { access: 'read' } }, async (request, reply) => {
    const id = parseId(request.params.id);
    const found = service.get(id);
    if (!found) throw notFound(translate(request.locale, 'group.notFound'));
    const handoverCount = app.services.handovers.count({ groupId: id });
    return reply.page('pages/groups/show', {
      title: found.group.name,
      nav: 'groups',
      memberEditBase: `/groups/${id}`,
      ...found,
      series: app.services.meetings.seriesList({ groupId: id }),
      // The first of the group's handovers and open items (overdue first); the rest on their lists.
      handovers: app.services.handovers.summaries({ groupId: id }, GROUP_PAGE_ROWS),
      handoverCount,
      moreHandovers: handoverCount > GROUP_PAGE_ROWS,
      openItems: app.services.items.list({ groupId: id, open: true }, { pageSize: GROUP_PAGE_ROWS }),
    });
  });

  // ---- The contact directory ----
  const memberFields = (): FieldDef[] => [
    { name: 'name', label: 'group.memberName', type: 'text', required: true, maxLength: 50 },
    { name: 'unit', label: 'group.unit', type: 'text', required: true, maxLength: 100 },
    { name: 'post', label: 'group.post', type: 'text', maxLength: 100 },
    { name: 'duty', label: 'group.duty', type: 'text', maxLength: 30, hint: 'group.dutyHint' },
    { name: 'phone', label: 'group.phone', type: 'text', maxLength: 30, hint: 'group.phoneHint' },
    { name: 'email', label: 'group.email', type: 'text', maxLength: 100 },
    {
      name: 'userId',
      label: 'group.account',
      type: 'select',
      blank: true,
      options: service.options().users.map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` })),
      hint: 'group.accountHint',
    },
    { name: 'sortOrder', label: 'group.sortOrder', type: 'number', hint: 'group.sortOrderHint' },
    { name: 'isSample', label: 'edit.isSample', type: 'checkbox' },
  ];

  const groupOr404 = (request: FastifyRequest<{ Params: { id: string } }>) => {
    const group = service.record(parseId(request.params.id));
    if (!group) throw notFound(translate(request.locale, 'group.notFound'));
    return group;
  };
  const memberOr404 = (request: FastifyRequest<MemberParams>, groupId: number) => {
    const member = service.memberOf(groupId, parseId(request.params.memberId));
    if (!member) throw notFound(translate(request.locale, 'group.memberNotFound'));
    return member;
  };

  const showMemberForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    group: { id: number; name: string },
    opts: { memberId: number | null; values: Values; version: number | null; errors?: ValidationError['fields']; conflict?: Values | null },
  ) =>
    renderForm(request, reply, {
      title: `${translate(request.locale, opts.memberId ? 'edit.edit' : 'edit.new')}${translate(request.locale, 'group.memberOne')}`,
      intro: group.name,
      nav: 'groups',
      action: opts.memberId ? `/groups/${group.id}/members/${opts.memberId}` : `/groups/${group.id}/members`,
      fields: memberFields(),
      values: opts.values,
      errors: opts.errors,
      conflict: opts.conflict,
      version: opts.version,
      back: `/groups/${group.id}`,
      deleteAction: opts.memberId ? `/groups/${group.id}/members/${opts.memberId}/delete` : null,
    });

  app.get<{ Params: { id: string } }>('/groups/:id/members/new', write, async (request, reply) => {
    const group = groupOr404(request);
    const next = service.membersOf(group.id).reduce((n, m) => Math.max(n, m.sortOrder), 0) + 1;
    return showMemberForm(request, reply, group, { memberId: null, values: { sortOrder: next }, version: null });
  });

  app.post<{ Params: { id: string } }>('/groups/:id/members', write, async (request, reply) => {
    const group = groupOr404(request);
    const input = { ...((request.body ?? {}) as Values) };
    try {
      service.createMember(request.actor, group.id, { ...input, groupId: undefined });
      return reply.redirect(`/groups/${group.id}#members`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return showMemberForm(request, reply, group, { memberId: null, values: input, version: null, errors: error.fields });
      throw error;
    }
  });

  app.get<MemberParams>('/groups/:id/members/:memberId/edit', write, async (request, reply) => {
    const group = groupOr404(request);
    const member = memberOr404(request, group.id);
    return showMemberForm(request, reply, group, { memberId: member.id, values: member, version: member.version });
  });

  app.post<MemberParams>('/groups/:id/members/:memberId', write, async (request, reply) => {
    const group = groupOr404(request);
    const member = memberOr404(request, group.id);
    const input = { ...((request.body ?? {}) as Values) };
    try {
      service.updateMember(request.actor, member.id, input);
      return reply.redirect(`/groups/${group.id}#members`, 303);
    } catch (error) {
      const version = Number(input.version) || member.version;
      if (error instanceof ValidationError) return showMemberForm(request, reply, group, { memberId: member.id, values: input, version, errors: error.fields });
      if (error instanceof ConflictError) return showMemberForm(request, reply, group, { memberId: member.id, values: input, version: null, conflict: error.current });
      throw error;
    }
  });

  app.post<MemberParams>('/groups/:id/members/:memberId/delete', write, async (request, reply) => {
    const group = groupOr404(request);
    const member = memberOr404(request, group.id);
    const version = deleteVersion(request.body);
    try {
      service.removeMember(request.actor, member.id, version);
    } catch (error) {
      if (error instanceof ConflictError) return showMemberForm(request, reply, group, { memberId: member.id, values: member, version: null, conflict: error.current });
      throw error;
    }
    return reply.redirect(`/groups/${group.id}#members`, 303);
  });
};

export default routes;

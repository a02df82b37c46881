// API resources of the groups area, registered by ./index.ts: working groups (with their contact
// directory), meeting series (with their next due date and whether they are behind) and meetings
// (with attendance, agenda and decisions). A meeting whose minutes are issued refuses changes
// (409) until the office reopens them; a meeting whose minutes were ever numbered is not deleted.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { groupKinds, meetingStatuses } from '../../../db/schema.js';
import { optionalEnum, optionalRef } from '../../forms.js';
import type { Locale } from '../../i18n/messages.js';
import type { Actor } from '../../services/audit.js';
import { groupInput, groupPatch } from '../../services/groups.js';
import { meetingInput, meetingPatch, seriesInput, seriesPatch } from '../../services/meeting-records.js';
import { registerApiResource } from './resource.js';

const month = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' }).optional(),
);

export function registerGroupsApi(app: FastifyInstance): void {
  const groupsService = app.services.groups;
  const records = app.services.meetingRecords;

  // The resource helper hands services the actor only; refusals that carry parameters (the
  // minutes' number) are worded in the caller's language through this.
  const localeOf = new WeakMap<Actor, Locale>();
  app.addHook('preHandler', async (request) => {
    if (request.actor) localeOf.set(request.actor, request.locale);
  });
  const options = (actor: Actor) => ({ locale: localeOf.get(actor) ?? 'zh-CN' });

  registerApiResource(app, {
    name: 'groups',
    description: 'Working groups (GET /:id includes the contact directory as `members`)',
    resource: 'groups',
    filters: z.object({ kind: optionalEnum(groupKinds).optional(), parentId: optionalRef().optional() }),
    input: groupInput,
    patch: groupPatch,
    list: (filter, page, pageSize) => groupsService.page(filter, page, pageSize),
    get: (id) => groupsService.withMembers(id),
    create: (actor, input) => groupsService.create(actor, input),
    update: (actor, id, input) => groupsService.update(actor, id, input),
    remove: (actor, id, version) => groupsService.remove(actor, id, version),
  });

  registerApiResource(app, {
    name: 'meeting-series',
    description: 'Meeting series with their cadence; each comes with `lastHeld`, `nextDue` and `behind`',
    resource: 'meetings',
    filters: z.object({ groupId: optionalRef().optional() }),
    input: seriesInput,
    patch: seriesPatch,
    list: (filter, page, pageSize) => records.seriesPage(filter, page, pageSize),
    get: (id) => records.seriesDetail(id),
    create: (actor, input) => records.createSeries(actor, input),
    update: (actor, id, input) => records.updateSeries(actor, id, input),
    remove: (actor, id, version) => records.removeSeries(actor, id, version),
  });

  registerApiResource(app, {
    name: 'meetings',
    description: 'Meetings (GET /:id includes `attendance`, `agenda` and `decisions`; `attendance` / `agenda` in POST or PATCH replace the lists)',
    resource: 'meetings',
    filters: z.object({
      seriesId: optionalRef().optional(),
      groupId: optionalRef().optional(),
      month,
      status: optionalEnum(meetingStatuses).optional(),
    }),
    input: meetingInput,
    patch: meetingPatch,
    list: (filter, page, pageSize) => records.meetingPage(filter, page, pageSize),
    get: (id) => records.meetingDetail(id),
    create: (actor, input) => records.createMeeting(actor, input),
    update: (actor, id, input) => records.updateMeeting(actor, id, input, options(actor)),
    remove: (actor, id, version) => records.removeMeeting(actor, id, version, options(actor)),
  });
}

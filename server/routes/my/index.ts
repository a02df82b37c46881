// "My items" (我的事项): what the signed-in user has to act on, overdue first, then by deadline,
// each row with an inline status update (a plain form; with htmx only the row is redrawn).
// Staff: the open items of their working groups. Office and admin: all open items, the delay
// requests awaiting a decision and the count awaiting close-out. Leaders: all overdue items and
// the instructions they gave. Everyone: the unacknowledged instructions on their targets, first.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { translate } from '../../i18n/messages.js';
import type { ItemFilter } from '../../services/items.js';
import { itemRow } from '../items/views.js';
import { optionalId, parseQuery } from '../parse.js';
import { pageQuery, pager } from '../pager.js';

const query = z.object({
  ...pageQuery,
  updated: optionalId.catch(undefined),
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/my', { config: { access: 'read' } }, async (request, reply) => {
    const { after, before, updated } = parseQuery(query, request.query);
    const user = request.user!;
    const locale = request.locale;
    const office = user.role === 'office' || user.role === 'admin';
    const leader = user.role === 'leader';
    const filter: ItemFilter = leader ? { overdue: true } : office ? { open: true } : { open: true, groupIds: user.groupIds };
    const result = app.services.items.list(filter, { after, before, pageSize: 50 });
    const counts = app.services.items.openInstructionCounts(result.rows.map((r) => r.id));
    const rows = result.rows.map((r) => itemRow(r, user, locale, { saved: r.id === updated, openInstructions: counts.get(r.id) ?? 0 }));
    const groupNames = app.services.groups.names().filter((g) => user.groupIds.includes(g.id)).map((g) => g.name);
    const intro = leader
      ? translate(locale, 'my.introLeader')
      : office
        ? translate(locale, 'my.introOffice')
        : groupNames.length
          ? translate(locale, 'my.introStaff', { groups: groupNames.join('、') })
          : translate(locale, 'my.introNoGroup');
    return reply.page('pages/my/index', {
      title: translate(locale, 'my.title'),
      nav: 'my',
      htmx: true,
      intro,
      rows,
      total: result.total,
      pager: pager('/my', {}, result),
      openInstructions: app.services.instructions.openFor(user, locale),
      pendingDelays: office ? app.services.items.pendingDelays() : [],
      awaitingClosure: office ? app.services.items.list({ status: 'done' }, { pageSize: 1 }).total : 0,
      given: leader ? app.services.instructions.givenBy(user, locale) : [],
      isLeader: leader,
      isOffice: office,
    });
  });
};

export default routes;

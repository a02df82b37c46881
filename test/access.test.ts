// Role × route: every route is checked, read and write, for every role and for no session.
// A route added without an access rule fails the start-up; one whose rule lets in the wrong
// role fails here, and a refused write changes nothing.
import t from 'tap';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { allows } from '../server/auth/policy.js';
import app from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { build, loginAs, type Session } from './helper.js';

const roles = ['admin', 'office', 'leader', 'staff'] as const;

t.test('a route without an access rule refuses to start', async (t) => {
  const server = Fastify({ logger: false });
  await server.register(fp(app), { config: loadConfig({ DATABASE_PATH: join(t.testdir(), 'x.db'), DEMO_DATA: 'false', LOG_LEVEL: 'silent' }) });
  t.throws(() => server.get('/forgotten', async () => 'open'), /declares no access rule/);
  await server.close();
});

t.test('every route, every role', async (t) => {
  const server = await build(t);
  const sessions: Record<string, Session> = {};
  for (const role of roles) sessions[role] = await loginAs(server, role);
  // Disabling or resetting the signed-in users would end the sessions under test: aim at a bystander.
  const bystander = await server.services.accounts.create({ userId: null, username: 'test', ip: null }, { username: 'bystander', displayName: '旁观者', role: 'staff', groupIds: [] }, 'bystander-password');

  const counts = () =>
    (server.db.$client.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN ('audit_log','sessions','login_attempts','api_tokens') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").pluck().all() as string[])
      .map((name) => `${name}=${server.db.$client.prepare(`SELECT count(*) || ':' || coalesce(sum(length(CAST(rowid AS TEXT))),0) FROM "${name}"`).pluck().get()}`)
      .join(' ');

  const routes = server.accessRules
    .filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/static') && r.url !== '*')
    // Signing out ends the sessions under test, so it goes last.
    .sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
  t.ok(routes.length > 20, `${routes.length} routes checked`);
  // Staff open the edit form of their own groups' items only (a record rule): aim at one of theirs.
  const staffItem = server.db.$client.prepare("SELECT i.id FROM items i JOIN groups g ON g.id = i.group_id WHERE g.service_line = 'water' AND i.kind <> 'decision' ORDER BY i.id LIMIT 1").pluck().get() as number;
  for (const route of routes) {
    const id = route.url.includes('users') ? String(bystander) : route.url === '/items/:id/edit' ? String(staffItem) : '1';
    const url = route.url.replace(/:id\b/g, id).replace(/:(\w+)/g, (_m, name: string) => (name === 'locale' ? 'en' : name === 'month' ? '2017-09' : '1'));
    const write = route.method !== 'GET';
    // No session at all.
    const anonymous = await server.inject({ method: route.method as 'GET', url, payload: write ? {} : undefined });
    if (route.access === 'public') {
      t.not(anonymous.statusCode, 401, `${route.method} ${route.url} is public`);
    } else if (url.startsWith('/api/')) {
      t.equal(anonymous.statusCode, 401, `${route.method} ${route.url}: no token → 401`);
    } else if (!write) {
      t.equal(anonymous.statusCode, 303, `${route.method} ${route.url}: no session → sign in`);
      t.match(anonymous.headers.location, /^\/login\?next=/);
    } else {
      t.equal(anonymous.statusCode, 401, `${route.method} ${route.url}: no session → 401`);
    }
    if (url.startsWith('/api/') || route.access === 'public') continue;
    for (const role of roles) {
      const session = sessions[role]!;
      const before = write ? counts() : '';
      const res = await server.inject({
        method: route.method as 'GET',
        url,
        headers: { cookie: session.cookie },
        payload: write ? { _csrf: session.csrf } : undefined,
      });
      const allowed = allows({ id: 0, username: role, displayName: role, role, groupIds: [] }, route.access);
      if (allowed) {
        t.not(res.statusCode, 403, `${role} may ${route.method} ${route.url}`);
        t.not(res.statusCode, 401, `${role} is signed in for ${route.method} ${route.url}`);
        t.ok(res.statusCode < 500, `${role} ${route.method} ${route.url} → ${res.statusCode}, not a server error`);
      } else {
        t.equal(res.statusCode, 403, `${role} may not ${route.method} ${route.url}`);
        if (write) t.equal(counts(), before, `${role}'s refused ${route.method} ${route.url} changed nothing`);
      }
    }
  }
});

t.test('the matrix of the policy itself', async (t) => {
  const user = (role: (typeof roles)[number]) => ({ id: 1, username: role, displayName: role, role, groupIds: [] });
  t.ok(allows(user('leader'), 'read'), 'leaders read everything');
  t.notOk(allows(user('leader'), { write: 'items' }), 'leaders change no item');
  t.ok(allows(user('leader'), { write: 'instructions' }), 'leaders write instructions');
  t.ok(allows(user('staff'), { write: 'items' }), 'staff update items (of their groups)');
  t.notOk(allows(user('staff'), { write: 'plan' }), 'staff do not edit the plan');
  t.notOk(allows(user('staff'), { write: 'itemClosure' }), 'only the office closes out');
  t.ok(allows(user('office'), { write: 'plan' }));
  t.notOk(allows(user('office'), { write: 'users' }), 'the office does not manage users');
  t.ok(allows(user('admin'), { write: 'users' }));
  t.notOk(allows(null, 'read'), 'no session, no page');
});

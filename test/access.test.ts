// Role × route: every route is checked, read and write, for every role and for no session, against
// the matrix written out in access-matrix.ts. A route added without an access rule fails the
// start-up; one whose rule lets in the wrong role, or that the matrix does not list, fails here;
// and a refused write changes nothing (every column of every table compared).
import t from 'tap';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { allows } from '../server/auth/policy.js';
import app from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { accessMatrix } from './access-matrix.js';
import { build, fingerprint, loginAs, TEST_ROLES, type Session } from './helper.js';

const letter = { admin: 'A', office: 'O', leader: 'L', staff: 'S' } as const;
const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

t.test('a route without an access rule refuses to start', async (t) => {
  const server = Fastify({ logger: false, pluginTimeout: 0 });
  await server.register(fp(app), { config: loadConfig({ DATABASE_PATH: join(t.testdir(), 'x.db'), DEMO_DATA: 'false', LOG_LEVEL: 'silent' }) });
  t.throws(() => server.get('/forgotten', async () => 'open'), /declares no access rule/);
  await server.close();
});

t.test('every route, every role, as the matrix says', async (t) => {
  const server = await build(t);
  const sessions: Record<string, Session> = {};
  const tokens: Record<string, string> = {};
  // Disabling or resetting the signed-in users would end the sessions under test: aim at a
  // bystander, whose token is number 1 (the one the revoke route is called with).
  const bystander = await server.services.accounts.create({ userId: null, username: 'test', ip: null }, { username: 'bystander', displayName: '旁观者', role: 'staff', groupIds: [] }, 'bystander-password');
  server.services.accounts.createToken({ userId: null, username: 'test', ip: null }, bystander, 'bystander');
  for (const role of TEST_ROLES) {
    sessions[role] = await loginAs(server, role);
    tokens[role] = server.services.accounts.createToken({ userId: null, username: 'test', ip: null }, sessions[role]!.userId, 'access test');
  }

  const routes = server.accessRules
    .filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/static') && r.url !== '*')
    // Signing out ends the sessions under test, so it goes last.
    .sort((a, b) => Number(a.url === '/logout') - Number(b.url === '/logout'));
  // Staff open the edit form of their own groups' items only (a record rule): aim at one of theirs.
  const staffItem = server.db.$client.prepare("SELECT i.id FROM items i JOIN groups g ON g.id = i.group_id WHERE g.service_line = 'water' AND i.kind <> 'decision' ORDER BY i.id LIMIT 1").pluck().get() as number;
  t.same(routes.map(routeKey).filter((k) => !(k in accessMatrix)), [], 'every route is in the matrix');
  t.same(Object.keys(accessMatrix).filter((k) => !routes.some((r) => routeKey(r) === k)), [], 'every row of the matrix is a route');

  for (const route of routes) {
    const expected = accessMatrix[routeKey(route)];
    if (expected === undefined) continue;
    t.equal(route.access === 'public', expected === 'public', `${routeKey(route)} is public only where the matrix says`);
    for (const role of TEST_ROLES) {
      const ruled = allows({ id: 0, username: role, displayName: role, role, groupIds: [] }, route.access);
      t.equal(ruled, expected === 'public' || expected.includes(letter[role]), `${role} × ${routeKey(route)}: the rule agrees with the matrix`);
    }
    const id = route.url.includes('users') ? String(bystander) : route.url === '/items/:id/edit' ? String(staffItem) : '1';
    const url = route.url.replace(/:id\b/g, id).replace(/:(\w+)/g, (_m, name: string) => (name === 'locale' ? 'en' : name === 'month' ? '2017-09' : name === 'stage' ? 'survey' : '1'));
    const write = route.method !== 'GET';
    const api = url.startsWith('/api/v1/');
    // No session at all.
    const anonymous = await server.inject({ method: route.method as 'GET', url, payload: write ? {} : undefined });
    if (expected === 'public') {
      t.not(anonymous.statusCode, 401, `${routeKey(route)} is public`);
      continue;
    } else if (api) {
      t.equal(anonymous.statusCode, 401, `${routeKey(route)}: no token → 401`);
    } else if (!write) {
      t.equal(anonymous.statusCode, 303, `${routeKey(route)}: no session → sign in`);
      t.match(anonymous.headers.location, /^\/login\?next=/);
    } else {
      t.equal(anonymous.statusCode, 401, `${routeKey(route)}: no session → 401`);
    }
    for (const role of TEST_ROLES) {
      const session = sessions[role]!;
      const before = write ? fingerprint(server) : '';
      const res = api
        ? await server.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${tokens[role]}` }, payload: write ? {} : undefined })
        : await server.inject({ method: route.method as 'GET', url, headers: { cookie: session.cookie }, payload: write ? { _csrf: session.csrf } : undefined });
      if (expected.includes(letter[role])) {
        t.not(res.statusCode, 403, `${role} may ${routeKey(route)}`);
        t.not(res.statusCode, 401, `${role} is signed in for ${routeKey(route)}`);
        t.ok(res.statusCode < 500, `${role} ${routeKey(route)} → ${res.statusCode}, not a server error`);
      } else {
        t.equal(res.statusCode, 403, `${role} may not ${routeKey(route)}`);
        if (write) t.equal(fingerprint(server), before, `${role}'s refused ${routeKey(route)} changed nothing`);
      }
    }
  }
});

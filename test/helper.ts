// Builds a fresh app on a temporary database for one test, and closes it when the test ends.
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Test } from 'tap';
import app from '../server/app.js';
import { loadConfig } from '../server/config.js';

export interface BuildOptions {
  demo?: boolean;
  today?: string;
  env?: Record<string, string>;
  /** Adds routes or hooks before the app is ready (e.g. a route that fails). */
  extend?: (server: FastifyInstance) => void;
}

export async function build(t: Test, options: BuildOptions = {}): Promise<FastifyInstance> {
  const dir = t.testdir();
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'test.db'),
    DEMO_DATA: options.demo === false ? 'false' : 'true',
    TODAY: options.today ?? '2018-04-25',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const server = Fastify({ logger: false });
  await server.register(fp(app), { config });
  options.extend?.(server);
  await server.ready();
  t.teardown(() => server.close());
  return server;
}

/** GET a page and return its status and body. */
export async function get(server: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const res = await server.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.body, headers: res.headers, json: () => res.json() };
}

export interface Session {
  /** Cookie header value for the signed-in session. */
  cookie: string;
  /** The session's CSRF token, to send as `_csrf` in forms. */
  csrf: string;
  userId: number;
}

export const TEST_PASSWORD = 'correct-horse-battery';

/** Creates (once) a user `test-<role>`; staff belong to the water special working group. */
export async function ensureUser(server: FastifyInstance, role: 'admin' | 'office' | 'leader' | 'staff', groupIds?: number[]): Promise<string> {
  const username = `test-${role}${groupIds ? `-${groupIds.join('-')}` : ''}`;
  if (!server.services.accounts.findByUsername(username)) {
    const water = server.db.$client.prepare("SELECT id FROM groups WHERE kind = 'special' AND service_line = 'water'").pluck().get() as number | undefined;
    const groups = groupIds ?? (role === 'staff' && water ? [water] : []);
    await server.services.accounts.create({ userId: null, username: 'test', ip: null }, { username, displayName: `测试${role}`, role, groupIds: groups }, TEST_PASSWORD);
  }
  return username;
}

/** Signs in through the login form and returns the session's cookie and CSRF token. */
export async function signIn(server: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Session> {
  const page = await server.inject({ method: 'GET', url: '/login' });
  const pre = cookiesOf(page.headers['set-cookie']).csrf_pre!;
  const res = await server.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: `csrf_pre=${pre}` },
    payload: { username, password, _csrf: pre },
  });
  const sid = cookiesOf(res.headers['set-cookie']).sid;
  if (res.statusCode !== 303 || !sid) throw new Error(`sign-in as ${username} failed: ${res.statusCode}`);
  const row = server.db.$client
    .prepare('SELECT csrf_token AS csrf, user_id AS userId FROM sessions WHERE id = ?')
    .get(createHash('sha256').update(sid).digest('hex')) as { csrf: string; userId: number };
  return { cookie: `sid=${sid}`, csrf: row.csrf, userId: row.userId };
}

/** Signs in as a user of the given role (created for the test when missing). */
export async function loginAs(server: FastifyInstance, role: 'admin' | 'office' | 'leader' | 'staff', groupIds?: number[]): Promise<Session> {
  return signIn(server, await ensureUser(server, role, groupIds));
}

export function cookiesOf(header: string | string[] | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of ([] as string[]).concat(header ?? [])) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    if (at > 0) found[pair!.slice(0, at).trim()] = pair!.slice(at + 1).trim();
  }
  return found;
}

/** POST a form as a signed-in user (the CSRF token is added unless given). */
export async function postForm(server: FastifyInstance, session: Session, url: string, fields: Record<string, unknown> = {}) {
  return server.inject({ method: 'POST', url, headers: { cookie: session.cookie }, payload: { _csrf: session.csrf, ...fields } as Record<string, string> });
}

// Builds a fresh app on a temporary database for one test, and closes it when the test ends.
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
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
}

/**
 * Signs in as a user of the given role (created for the test when missing) and returns the
 * session's cookie and CSRF token. Until the accounts layer lands this is an anonymous session.
 */
export async function loginAs(_server: FastifyInstance, _role: 'admin' | 'office' | 'leader' | 'staff'): Promise<Session> {
  return { cookie: '', csrf: '' };
}

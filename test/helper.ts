// Builds a fresh app on a temporary database for one test, and closes it when the test ends.
// The slow first-start work (migrations, the demo data, scrypt-hashed test accounts) is done once
// per test run into a template database file, which each test copies: a test's start-up does no
// hashing and loads no demo data, so it stays quick however busy the machine is.
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import app from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';
import { AUDIT_KEY_FILE_NAME } from '../server/services/audit-key.js';

export interface BuildOptions {
  demo?: boolean;
  today?: string;
  env?: Record<string, string>;
  /** A real first start on a new database (no template): for tests of the first start itself. */
  fresh?: boolean;
  /** Start on a copy of this database file instead of the template (e.g. one from scripts/generate-data.ts). */
  database?: string;
  /** Adds routes or hooks before the app is ready (e.g. a route that fails). */
  extend?: (server: FastifyInstance) => void;
}

export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_ROLES = ['admin', 'office', 'leader', 'staff'] as const;
export type TestRole = (typeof TEST_ROLES)[number];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATE_DIR = join(tmpdir(), 'sgyy-test-templates');

/** Every source file the template's content can depend on, hashed: any change builds a new template. */
function templateKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|sql|json)$/.test(name)) hash.update(relative(root, path)).update(readFileSync(path));
    }
  };
  for (const dir of ['db', 'scripts', 'server']) walk(join(root, dir));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

let key: string | undefined;

/**
 * The template for demo or empty data, built when missing: a folder with the database and the
 * audit key that signs its log (a database refuses to open without its key). Several test
 * processes may build it at once: each builds its own folder and renames it into place, so a
 * reader never sees a half-built template.
 */
export async function templateFile(demo: boolean): Promise<string> {
  key ??= templateKey();
  const folder = join(TEMPLATE_DIR, `${key}-${demo ? 'demo' : 'empty'}`);
  if (existsSync(join(folder, 'test.db'))) return folder;
  const building = `${folder}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(building, { recursive: true });
  const server = await start(configFor(join(building, 'test.db'), { demo }));
  for (const role of TEST_ROLES) await ensureUser(server, role);
  await server.close();
  for (const name of readdirSync(building)) if (name !== 'test.db' && name !== AUDIT_KEY_FILE_NAME) rmSync(join(building, name), { recursive: true, force: true });
  try {
    renameSync(building, folder);
  } catch {
    // Another process was first: use its template.
    rmSync(building, { recursive: true, force: true });
  }
  return folder;
}

/** Removes templates of earlier code versions (a day old or more: another checkout may still use one). */
export function pruneTemplates() {
  if (!existsSync(TEMPLATE_DIR)) return;
  key ??= templateKey();
  for (const name of readdirSync(TEMPLATE_DIR)) {
    const path = join(TEMPLATE_DIR, name);
    if (!name.startsWith(key) && Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true });
  }
}

function configFor(databasePath: string, options: BuildOptions): Config {
  return loadConfig({
    DATABASE_PATH: databasePath,
    DEMO_DATA: options.demo === false ? 'false' : 'true',
    TODAY: options.today ?? '2018-04-25',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
}

async function start(config: Config, extend?: (server: FastifyInstance) => void): Promise<FastifyInstance> {
  // No plugin timeout: start-up is bounded by the test's own timeout, not by how busy the machine is.
  const server = Fastify({ logger: false, pluginTimeout: 0 });
  await server.register(fp(app), { config });
  extend?.(server);
  await server.ready();
  return server;
}

/** A copy of the template database in the test's own folder (or an empty path for a fresh start). */
export async function testDatabase(t: Test, options: Pick<BuildOptions, 'demo' | 'fresh' | 'env' | 'database'> = {}, name = 'test.db'): Promise<string> {
  const path = join(t.testdir(), name);
  if (options.database) {
    copyFileSync(options.database, path);
    return path;
  }
  // A configured admin password or an explicit first start needs a database the app creates itself.
  if (!options.fresh && !options.env?.ADMIN_PASSWORD) {
    const template = await templateFile(options.demo !== false);
    copyFileSync(join(template, 'test.db'), path);
    copyFileSync(join(template, AUDIT_KEY_FILE_NAME), join(dirname(path), AUDIT_KEY_FILE_NAME));
  }
  return path;
}

export async function build(t: Test, options: BuildOptions = {}): Promise<FastifyInstance> {
  const server = await start(configFor(await testDatabase(t, options), options), options.extend);
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

/** Creates (once) a user `test-<role>`; staff belong to the water special working group. */
export async function ensureUser(server: FastifyInstance, role: TestRole, groupIds?: number[]): Promise<string> {
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
  return sessionOf(server, sid);
}

function sessionOf(server: FastifyInstance, sid: string): Session {
  const row = server.db.$client
    .prepare('SELECT csrf_token AS csrf, user_id AS userId FROM sessions WHERE id = ?')
    .get(createHash('sha256').update(sid).digest('hex')) as { csrf: string; userId: number };
  return { cookie: `sid=${sid}`, csrf: row.csrf, userId: row.userId };
}

/**
 * A session for a user of the given role (created for the test when missing). The sign-in form
 * itself is tested in auth.test.ts; other tests start the session the way a sign-in does, without
 * a password check per test.
 */
export async function loginAs(server: FastifyInstance, role: TestRole, groupIds?: number[]): Promise<Session> {
  const username = await ensureUser(server, role, groupIds);
  const user = server.services.accounts.findByUsername(username)!;
  const { token } = server.services.accounts.startSession(user.id, { ip: '127.0.0.1', userAgent: 'tap' });
  return sessionOf(server, token);
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

/**
 * A digest of every column of every row of every table: equal before and after means nothing
 * was written. Left out: the audit log (a refused request may be audited) and the columns that
 * merely reading touches (a session's last use, a token's last use).
 */
export function fingerprint(server: FastifyInstance): string {
  const sqlite = server.db.$client;
  // The audit log and its signed checkpoints, and the summed-up refused sign-ins, record requests rather than data.
  const skipTables = new Set(['audit_log', 'audit_checkpoints', 'login_refusals']);
  const skipColumns: Record<string, string[]> = { sessions: ['last_seen_at'], api_tokens: ['last_used_at'] };
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .pluck()
    .all() as string[];
  const hash = createHash('sha256');
  for (const table of tables) {
    if (skipTables.has(table)) continue;
    const columns = (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) => !skipColumns[table]?.includes(c));
    hash.update(`\n${table}:`);
    for (const row of sqlite.prepare(`SELECT ${columns.map((c) => `quote("${c}")`).join(` || '|' || `)} FROM "${table}" ORDER BY ${columns.map((c) => `"${c}"`).join(', ')}`).pluck().iterate()) {
      hash.update(String(row)).update('\n');
    }
  }
  return hash.digest('hex');
}

// End-to-end helpers: the real app listening on a free port with a copy of the test template
// database, and Debian's Chromium driven by playwright-core. Without /usr/bin/chromium the tests
// fail, saying how to install it (.ci/run installs it on a fresh machine).
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Test } from 'tap';
import app from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { ensureUser, TEST_PASSWORD, testDatabase } from '../helper.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Whether the browser tests can run: a missing browser is a failure that says how to install it. */
export function browserAvailable(t: Test): boolean {
  if (existsSync(CHROMIUM)) return true;
  t.fail(`Chromium is missing at ${CHROMIUM}: install it with "apt-get install chromium" (.ci/run does this on a fresh machine)`);
  return false;
}

export async function startServer(t: Test, env: Record<string, string> = {}): Promise<{ server: FastifyInstance; base: string }> {
  const config = loadConfig({
    DATABASE_PATH: await testDatabase(t, { env }, 'e2e.db'),
    DEMO_DATA: 'true',
    TODAY: '2018-04-25',
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...env,
  });
  // No plugin timeout: start-up is bounded by the test's own timeout, not by how busy the machine is.
  const server = Fastify({ logger: false, pluginTimeout: 0 });
  await server.register(fp(app), { config });
  await server.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => server.close());
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, base: `http://127.0.0.1:${port}` };
}

export async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.teardown(() => browser.close());
  return browser;
}

export async function newPage(browser: Browser, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  return context.newPage();
}

/** Signs in through the form as a test user of the role (created when missing). */
export async function signInAs(page: Page, base: string, server: FastifyInstance, role: 'admin' | 'office' | 'leader' | 'staff') {
  const username = await ensureUser(server, role);
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', TEST_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The page does not scroll sideways (wide tables scroll inside their own box). */
export const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

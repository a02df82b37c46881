// Sign-in and the way back (issue 10, points 2, 3 and 6): the lockout holds under parallel
// attempts, refused attempts are counted rather than audited one by one, and `next` never leads
// to another site nor gives a 500.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { build, cookiesOf, ensureUser, get, TEST_PASSWORD } from './helper.js';

async function loginForm(app: FastifyInstance) {
  const page = await app.inject({ method: 'GET', url: '/login' });
  return cookiesOf(page.headers['set-cookie']).csrf_pre!;
}

const count = (app: FastifyInstance, query: string) => app.db.$client.prepare(query).pluck().get() as number;

t.test('99 parallel wrong passwords and the right one: five password checks, the rest refused', async (t) => {
  const app = await build(t);
  const username = await ensureUser(app, 'office');
  const pre = await loginForm(app);
  const attempt = (password: string) =>
    app.inject({ method: 'POST', url: '/login', remoteAddress: '10.7.7.7', headers: { cookie: `csrf_pre=${pre}` }, payload: { username, password, _csrf: pre } });
  const passwords = [...Array.from({ length: 99 }, (_, i) => `wrong-password-${i}`), TEST_PASSWORD];
  const results = await Promise.all(passwords.map(attempt));
  const statuses = results.map((r) => r.statusCode);
  const checked = statuses.filter((s) => s !== 429).length;
  t.equal(checked, 5, 'exactly five attempts had their password checked');
  t.equal(statuses.filter((s) => s === 429).length, 95, 'the other 95 were refused without a check');
  t.equal(statuses.filter((s) => s === 303).length, 0, 'the right password, sent last, came after the lock');
  t.equal(count(app, 'SELECT count(*) FROM login_attempts'), 5, 'five attempts on record');
  t.equal(count(app, 'SELECT count(*) FROM sessions'), 0, 'no session');
  t.equal(count(app, "SELECT count(*) FROM audit_log WHERE action = 'loginFailed'"), 5, 'the five checked failures are audited');

  // Per address too: other names from the same address are refused without a check.
  const other = await ensureUser(app, 'leader');
  const fromSameAddress = await app.inject({ method: 'POST', url: '/login', remoteAddress: '10.7.7.7', headers: { cookie: `csrf_pre=${pre}` }, payload: { username: other, password: TEST_PASSWORD, _csrf: pre } });
  t.equal(fromSameAddress.statusCode, 429);
  t.equal(count(app, 'SELECT count(*) FROM login_attempts'), 5);
});

t.test('the right password among the first five signs in; the count does not hold it against the user', async (t) => {
  const app = await build(t);
  const username = await ensureUser(app, 'office');
  const pre = await loginForm(app);
  const attempt = (password: string) =>
    app.inject({ method: 'POST', url: '/login', remoteAddress: '10.6.6.6', headers: { cookie: `csrf_pre=${pre}` }, payload: { username, password, _csrf: pre } });
  const results = await Promise.all([TEST_PASSWORD, 'wrong-1', 'wrong-2', 'wrong-3', 'wrong-4', 'wrong-5', 'wrong-6'].map(attempt));
  t.same(results.map((r) => r.statusCode), [303, 401, 401, 401, 401, 429, 429], 'the right one signed in, four wrong checked, then locked');
  t.equal(count(app, 'SELECT count(*) FROM login_attempts WHERE success = 1'), 1);
  t.equal(count(app, 'SELECT count(*) FROM login_attempts WHERE success = 0'), 4, 'the successful attempt is not counted as a failure');
});

t.test('refused attempts are counted, one audit summary per address and window', async (t) => {
  const app = await build(t);
  const username = await ensureUser(app, 'office');
  const pre = await loginForm(app);
  const attempt = (ip: string, name = username) =>
    app.inject({ method: 'POST', url: '/login', remoteAddress: ip, headers: { cookie: `csrf_pre=${pre}` }, payload: { username: name, password: 'not-it', _csrf: pre } });
  for (let i = 0; i < 5; i++) await attempt('10.5.5.5');
  const auditBefore = count(app, 'SELECT count(*) FROM audit_log');
  const refused = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt('10.5.5.5', i % 2 ? username : `guess-${i}`)));
  t.ok(refused.every((r) => r.statusCode === 429), 'all 200 refused');
  await attempt('10.4.4.4');
  t.equal(count(app, 'SELECT count(*) FROM audit_log'), auditBefore, 'no audit entry per refusal');
  t.equal(count(app, "SELECT refused FROM login_refusals WHERE ip = '10.5.5.5'"), 200, 'counted for the address');
  t.equal(count(app, "SELECT refused FROM login_refusals WHERE ip = '10.4.4.4'"), 1, 'the locked name from another address is counted there');

  t.equal(app.services.accounts.flushRefusals(), 0, 'the window is still open: nothing written yet');
  const later = Date.now() + 16 * 60_000;
  t.equal(app.services.accounts.flushRefusals(later), 2, 'one summary per address once the window ended');
  t.equal(count(app, 'SELECT count(*) FROM audit_log'), auditBefore + 2);
  const summary = JSON.parse(app.db.$client.prepare("SELECT after FROM audit_log WHERE ip = '10.5.5.5' ORDER BY id DESC LIMIT 1").pluck().get() as string);
  t.equal(summary.reason, 'throttled');
  t.equal(summary.refused, 200);
  t.equal(summary.usernames.length, 10, 'the first ten names tried, no more');
  t.equal(count(app, 'SELECT count(*) FROM login_refusals'), 0, 'the counters are gone');
  t.equal(app.services.accounts.flushRefusals(later), 0, 'and written once');
  t.ok(app.services.audit.verify().ok, 'the chain holds');
});

t.test('next: same-site paths only, never a 500', async (t) => {
  const app = await build(t);
  const hostile = [
    '/%09/evil.example',
    '/%0a/evil.example',
    '/%0d',
    '/%0a',
    '/%00',
    '/%5Cevil.example',
    '/\\evil.example',
    '//evil.example',
    '///evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    ' /x',
  ];
  for (const next of hostile) {
    const raw = next.includes('%') ? next : encodeURIComponent(next);
    for (const url of [`/lang/en?next=${raw}`, `/login?next=${raw}`]) {
      const res = await get(app, url);
      t.ok(res.status < 500, `${url}: no 500 (${res.status})`);
      if (res.status === 303) t.equal(res.headers.location, '/', `${url} goes home`);
      else t.match(res.body, 'name="next" value="/"', `${url}: the form carries home instead`);
    }
  }
  const encodedTab = await get(app, `/login?next=${encodeURIComponent('/%09/x')}`);
  t.match(encodedTab.body, 'name="next" value="/%09/x"', 'a percent sign in a path is only a path on this site');

  const fine = await get(app, `/lang/en?next=${encodeURIComponent('/items?kind=problem&leadUnit=区水利局#top')}`);
  t.equal(fine.status, 303);
  t.equal(fine.headers.location, `/items?kind=problem&leadUnit=${encodeURIComponent('区水利局')}#top`, 'a path with Chinese text comes back, encoded');

  // Signing in with a hostile next lands at home.
  const username = await ensureUser(app, 'office');
  const pre = await loginForm(app);
  for (const next of ['/\t/evil.example', '/\n', '/\u0000', '/\\\\evil.example']) {
    const res = await app.inject({ method: 'POST', url: '/login', headers: { cookie: `csrf_pre=${pre}` }, payload: { username, password: TEST_PASSWORD, _csrf: pre, next } });
    t.equal(res.statusCode, 303);
    t.equal(res.headers.location, '/', JSON.stringify(next));
  }
});

t.test('the language cookie is Secure with COOKIE_SECURE', async (t) => {
  const app = await build(t, { env: { COOKIE_SECURE: 'true' } });
  const res = await get(app, '/lang/en?next=/login');
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('lang='));
  t.match(cookie, /; Secure/i);
  t.match(cookie, /HttpOnly/i);
  const plain = await build(t);
  const insecure = ([] as string[]).concat((await get(plain, '/lang/en')).headers['set-cookie'] ?? []).find((c) => c.startsWith('lang='));
  t.notMatch(insecure, /Secure/i, 'not without it (plain HTTP intranets)');
});

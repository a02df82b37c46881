// Sign-in, sessions, CSRF, throttling, administration, API tokens and the audit log.
import t from 'tap';
import { build, cookiesOf, get, loginAs, postForm, signIn, TEST_PASSWORD, ensureUser } from './helper.js';

const count = (app: Awaited<ReturnType<typeof build>>, sql: string, ...args: unknown[]) =>
  app.db.$client.prepare(sql).pluck().get(...args) as number;

t.test('first start creates the accounts to sign in with', async (t) => {
  const demo = await build(t, { fresh: true });
  t.same(demo.setup.credentials.map((c) => c.role).sort(), ['admin', 'leader', 'office', 'staff'], 'one demo user per role');
  t.ok(demo.setup.credentials.every((c) => c.password && c.password.length >= 12), 'generated passwords');
  const staff = demo.setup.credentials.find((c) => c.role === 'staff')!;
  const session = await signIn(demo, staff.username, staff.password!);
  t.ok(session.cookie, 'the printed password signs in');
  t.equal(count(demo, "SELECT count(*) FROM user_groups ug JOIN users u ON u.id = ug.user_id WHERE u.username = 'staff'"), 1, 'staff belong to a special working group');

  const configured = await build(t, { demo: false, env: { ADMIN_PASSWORD: 'a-long-admin-password' } });
  t.same(configured.setup.credentials, [{ username: 'admin', role: 'admin', password: null }]);
  t.ok(await signIn(configured, 'admin', 'a-long-admin-password'));

  const bare = await build(t, { demo: false, fresh: true });
  t.equal(bare.setup.credentials.length, 1);
  t.equal(bare.setup.credentials[0]!.username, 'admin');
  t.ok(bare.setup.credentials[0]!.password);
});

t.test('sign in, a new session id, back where the user was going, sign out', async (t) => {
  const app = await build(t);
  const away = await app.inject({ method: 'GET', url: '/items?overdue=1' });
  t.equal(away.statusCode, 303);
  t.equal(away.headers.location, '/login?next=%2Fitems%3Foverdue%3D1');
  const page = await app.inject({ method: 'GET', url: away.headers.location as string });
  t.match(page.body, 'name="_csrf"');
  const pre = cookiesOf(page.headers['set-cookie']).csrf_pre!;
  const username = await ensureUser(app, 'leader');
  const res = await app.inject({ method: 'POST', url: '/login', headers: { cookie: `csrf_pre=${pre}` }, payload: { username, password: TEST_PASSWORD, _csrf: pre, next: '/items?overdue=1' } });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/items?overdue=1');
  const setCookie = String(([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid=')));
  t.match(setCookie, /HttpOnly/i);
  t.match(setCookie, /SameSite=Lax/i);
  t.notMatch(setCookie, /Secure/i, 'not Secure unless COOKIE_SECURE');
  const again = await signIn(app, username);
  t.not(again.cookie, `sid=${cookiesOf(res.headers['set-cookie']).sid}`, 'each sign-in gets a new session id');
  const home = await get(app, '/', { cookie: again.cookie });
  t.equal(home.status, 200);
  t.match(home.body, '退出');
  const out = await postForm(app, again, '/logout');
  t.equal(out.statusCode, 303);
  t.equal((await get(app, '/', { cookie: again.cookie })).status, 303, 'the session is gone after signing out');
  t.equal(count(app, "SELECT count(*) FROM audit_log WHERE action = 'logout'"), 1);
  t.equal(count(app, "SELECT count(*) FROM audit_log WHERE action = 'login'"), 2, 'both sign-ins are on record');
});

t.test('Secure cookies and security headers', async (t) => {
  const app = await build(t, { env: { COOKIE_SECURE: 'true' } });
  const page = await app.inject({ method: 'GET', url: '/login' });
  t.match(String(page.headers['set-cookie']), /Secure/);
  t.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  t.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  t.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
  t.equal(page.headers['x-content-type-options'], 'nosniff');
});

t.test('a wrong password is refused and audited; five failures lock the name and address', async (t) => {
  const app = await build(t);
  const username = await ensureUser(app, 'office');
  const page = await app.inject({ method: 'GET', url: '/login' });
  const pre = cookiesOf(page.headers['set-cookie']).csrf_pre!;
  const attempt = (password: string, ip = '10.9.9.9') =>
    app.inject({ method: 'POST', url: '/login', remoteAddress: ip, headers: { cookie: `csrf_pre=${pre}` }, payload: { username, password, _csrf: pre } });
  const wrong = await attempt('not-the-password');
  t.equal(wrong.statusCode, 401);
  t.match(wrong.body, '用户名或密码不正确');
  t.match(wrong.body, `value="${username}"`, 'the user name is kept in the form');
  for (let i = 0; i < 4; i++) await attempt('still-wrong');
  const locked = await attempt(TEST_PASSWORD);
  t.equal(locked.statusCode, 429, 'even the right password is refused while locked');
  t.match(locked.body, '失败次数过多');
  t.equal(count(app, "SELECT count(*) FROM audit_log WHERE action = 'loginFailed'"), 5, 'every checked failure is audited');
  t.equal(count(app, 'SELECT sum(refused) FROM login_refusals'), 1, 'the refusal while locked is counted (one summary entry per window)');
  const elsewhere = await attempt(TEST_PASSWORD, '10.8.8.8');
  t.equal(elsewhere.statusCode, 429, 'the user name stays locked from another address');
  app.db.$client.prepare("UPDATE login_attempts SET at = '2000-01-01T00:00:00.000Z'").run();
  t.equal((await attempt(TEST_PASSWORD)).statusCode, 303, 'after 15 minutes the user can sign in');
});

t.test('idle and absolute session timeouts', async (t) => {
  const app = await build(t, { env: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '12' } });
  const session = await loginAs(app, 'leader');
  t.equal((await get(app, '/enterprises', { cookie: session.cookie })).status, 200);
  app.db.$client.prepare("UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%fZ','now','-31 minutes')").run();
  const idle = await get(app, '/enterprises', { cookie: session.cookie });
  t.equal(idle.status, 303);
  t.equal(idle.headers.location, '/login?next=%2Fenterprises&expired=1', 'back to sign-in, then back here');
  const notice = await get(app, idle.headers.location as string);
  t.match(notice.body, '登录已过期');
  const fresh = await loginAs(app, 'leader');
  app.db.$client.prepare("UPDATE sessions SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ','now','-13 hours')").run();
  t.equal((await get(app, '/', { cookie: fresh.cookie })).status, 303, 'absolute lifetime ends a busy session too');
});

t.test('CSRF: a missing or wrong token is refused and nothing changes', async (t) => {
  const app = await build(t);
  const admin = await loginAs(app, 'admin');
  const users = count(app, 'SELECT count(*) FROM users');
  const fields = { username: 'newcomer', displayName: '新人', role: 'staff', password: 'long-enough-password' };
  const missing = await app.inject({ method: 'POST', url: '/admin/users', headers: { cookie: admin.cookie }, payload: fields });
  t.equal(missing.statusCode, 403);
  t.match(missing.body, '页面已过期或请求来源不明');
  const wrong = await postForm(app, admin, '/admin/users', { ...fields, _csrf: 'forged' });
  t.equal(wrong.statusCode, 403);
  t.equal(count(app, 'SELECT count(*) FROM users'), users, 'no user was created');
  const noLoginToken = await app.inject({ method: 'POST', url: '/login', payload: { username: 'admin', password: 'x' } });
  t.equal(noLoginToken.statusCode, 403, 'the sign-in form needs its token too');
  const right = await postForm(app, admin, '/admin/users', fields);
  t.equal(right.statusCode, 303, 'with the token it works');
});

t.test('administration: create, validate, edit roles and groups, disable, reset', async (t) => {
  const app = await build(t);
  const admin = await loginAs(app, 'admin');
  const bad = await postForm(app, admin, '/admin/users', { username: 'a b', displayName: '', role: 'emperor', password: 'short' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, '用户名只能用字母');
  t.match(bad.body, '必填');
  t.match(bad.body, '请从列表中选择');
  t.match(bad.body, 'value="a b"', 'the input is kept');
  const waterGroup = count(app, "SELECT id FROM groups WHERE service_line = 'water'");
  const created = await postForm(app, admin, '/admin/users', { username: 'zhang', displayName: '张××', role: 'staff', groupIds: String(waterGroup), password: 'a-good-long-password' });
  t.equal(created.statusCode, 303);
  const id = count(app, "SELECT id FROM users WHERE username = 'zhang'");
  t.equal(count(app, 'SELECT group_id FROM user_groups WHERE user_id = ?', id), waterGroup);
  const dup = await postForm(app, admin, '/admin/users', { username: 'zhang', displayName: '张', role: 'staff', password: 'a-good-long-password' });
  t.match(dup.body, '这个用户名已被使用');

  const edit = await postForm(app, admin, `/admin/users/${id}`, { displayName: '张××', role: 'office', version: '1' });
  t.equal(edit.statusCode, 303);
  t.equal(count(app, "SELECT count(*) FROM users WHERE id = ? AND role = 'office'", id), 1);
  const stale = await postForm(app, admin, `/admin/users/${id}`, { displayName: '张三', role: 'leader', version: '1' });
  t.equal(stale.statusCode, 409, 'saving over a newer version is refused');
  t.match(stale.body, '已被他人修改');
  t.equal(count(app, "SELECT count(*) FROM users WHERE id = ? AND role = 'office'", id), 1, 'the newer change stands');
  t.ok(count(app, "SELECT count(*) FROM audit_log WHERE action = 'permission' AND entity_id = ? AND after LIKE '%office%'", id));

  const zhang = await signIn(app, 'zhang', 'a-good-long-password');
  await postForm(app, admin, `/admin/users/${id}/disable`);
  t.equal((await get(app, '/', { cookie: zhang.cookie })).status, 303, 'disabling ends the sessions');
  const page = await app.inject({ method: 'GET', url: '/login' });
  const pre = cookiesOf(page.headers['set-cookie']).csrf_pre!;
  const refused = await app.inject({ method: 'POST', url: '/login', headers: { cookie: `csrf_pre=${pre}` }, payload: { username: 'zhang', password: 'a-good-long-password', _csrf: pre } });
  t.match(refused.body, '这个账号已停用');
  await postForm(app, admin, `/admin/users/${id}/enable`);
  const reset = await postForm(app, admin, `/admin/users/${id}/password`, { password: 'another-long-password' });
  t.equal(reset.statusCode, 303);
  t.ok(await signIn(app, 'zhang', 'another-long-password'));
  const self = await postForm(app, admin, `/admin/users/${admin.userId}/disable`);
  t.equal(self.statusCode, 422);
  t.match(self.body, '不能停用自己的账号');
});

t.test('API tokens: created on the profile, Bearer only, revocable', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const made = await postForm(app, leader, '/profile/tokens', { name: 'OA 系统' });
  t.equal(made.statusCode, 200);
  const token = /<code class="token">([^<]+)<\/code>/.exec(made.body)?.[1];
  t.ok(token, 'the token is shown once');
  t.equal(count(app, 'SELECT count(*) FROM api_tokens WHERE token_hash = ?', token), 0, 'only its hash is stored');
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(me.statusCode, 200);
  t.equal(me.json().role, 'leader');
  const cookieOnly = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: leader.cookie } });
  t.equal(cookieOnly.statusCode, 401, 'cookies are not accepted on the API');
  t.same(Object.keys(cookieOnly.json()).sort(), ['error', 'issues', 'message']);
  const tokenId = count(app, 'SELECT id FROM api_tokens');
  await postForm(app, leader, `/profile/tokens/${tokenId}/revoke`);
  const revoked = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(revoked.statusCode, 401);
});

t.test('password change checks the current password and ends the sessions', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const wrong = await postForm(app, office, '/profile/password', { currentPassword: 'nope', newPassword: 'brand-new-password', confirmPassword: 'brand-new-password' });
  t.equal(wrong.statusCode, 422);
  t.match(wrong.body, '当前密码不正确');
  const short = await postForm(app, office, '/profile/password', { currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' });
  t.match(short.body, '密码至少 10 个字符');
  const ok = await postForm(app, office, '/profile/password', { currentPassword: TEST_PASSWORD, newPassword: 'brand-new-password', confirmPassword: 'brand-new-password' });
  t.equal(ok.statusCode, 303);
  t.equal((await get(app, '/', { cookie: office.cookie })).status, 303);
  t.ok(await signIn(app, 'test-office', 'brand-new-password'));
});

t.test('the audit log: a chain that reveals tampering, a page and a CSV for admins', async (t) => {
  const app = await build(t);
  const admin = await loginAs(app, 'admin');
  await signIn(app, await ensureUser(app, 'leader'));
  t.same(app.services.audit.verify().ok, true);
  const page = await get(app, '/admin/audit', { cookie: admin.cookie });
  t.equal(page.status, 200);
  t.match(page.body, '日志链完整');
  const csv = await app.inject({ method: 'GET', url: '/admin/audit.csv?action=login', headers: { cookie: admin.cookie } });
  t.equal(csv.statusCode, 200);
  t.equal(csv.body.charCodeAt(0), 0xfeff, 'the CSV starts with a BOM for Excel');
  t.match(csv.body, '"login"');
  t.notMatch(csv.body, '"loginFailed"', 'the filter applies');
  t.equal(count(app, "SELECT count(*) FROM audit_log WHERE action = 'export' AND entity_type = 'auditLog'"), 1, 'the export is on record');

  t.throws(() => app.db.$client.prepare("UPDATE audit_log SET username = 'someone' WHERE id = 2").run(), /append-only/, 'the database refuses edits');
  t.throws(() => app.db.$client.prepare('DELETE FROM audit_log WHERE id = 2').run(), /cannot be deleted/);
  // Someone with file access drops the trigger and edits a row: the chain shows where.
  app.db.$client.exec('DROP TRIGGER audit_log_no_update');
  app.db.$client.prepare("UPDATE audit_log SET username = 'someone' WHERE id = 2").run();
  const broken = app.services.audit.verify();
  t.equal(broken.ok, false);
  t.equal(broken.brokenAt, 2);
  const shown = await get(app, '/admin/audit?verify=full', { cookie: admin.cookie });
  t.match(shown.body, '日志链在第 2 条处断开');
});

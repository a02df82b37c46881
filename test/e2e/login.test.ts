// In a real browser: a wrong password shows the error; a leader signs in, sees the home page,
// and signs out.
import t from 'tap';
import { browserAvailable, launch, newPage, screenshot, signInAs, startServer } from './browser.js';
import { ensureUser } from '../helper.js';

t.test('sign in and out as a leader in Chromium', async (t) => {
  if (!browserAvailable(t)) return;
  const { server, base } = await startServer(t);
  const browser = await launch(t);
  const page = await newPage(browser, 390);

  await page.goto(`${base}/`);
  t.match(page.url(), /\/login\?next=%2F$/, 'a visitor is sent to sign in');
  await page.fill('#username', await ensureUser(server, 'leader'));
  await page.fill('#password', 'definitely-wrong');
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  t.match(await page.textContent('.form-error'), '用户名或密码不正确');
  await screenshot(page, 'login-error-390');

  await signInAs(page, base, server, 'leader');
  t.equal(new URL(page.url()).pathname, '/', 'back on the home page');
  t.match(await page.textContent('body'), '测试leader');
  t.notMatch(await page.textContent('body'), '出错了', 'the home page renders');
  await screenshot(page, 'home-leader-390');

  await Promise.all([page.waitForNavigation(), page.click('.account button[type="submit"]')]);
  t.match(page.url(), /\/login$/, 'signed out, back at the sign-in page');
  await page.goto(`${base}/enterprises`);
  t.match(page.url(), /\/login/, 'the session is gone');
});

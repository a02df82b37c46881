// In a real browser on a phone-sized screen: staff open "my items", change an item's status with a
// progress note inline; htmx redraws just that row (no page load) and the change is in the database.
import t from 'tap';
import { browserAvailable, launch, newPage, screenshot, scrollsSideways, signInAs, startServer } from './browser.js';

t.test('staff update an item inline on /my with htmx, on a 390 px phone', async (t) => {
  if (!browserAvailable(t)) return;
  const { server, base } = await startServer(t);
  const browser = await launch(t);
  const page = await newPage(browser, 390);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await signInAs(page, base, server, 'staff');
  await page.goto(`${base}/my`);
  t.match(await page.textContent('h1'), '我的事项');
  await page.waitForFunction(() => 'htmx' in window, undefined, { timeout: 10_000 });
  t.notOk(await scrollsSideways(page), 'the page does not scroll sideways');

  const id = server.db.$client.prepare("SELECT id FROM items WHERE title = '炼化新村供水维修改造方案补充测算'").pluck().get() as number;
  const row = `#item-${id}`;
  t.ok(await page.isVisible(row), 'the item is on my list');
  // A marker that a full page load would wipe out.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  await page.selectOption(`${row} select[name="status"]`, 'done');
  await page.fill(`${row} textarea[name="note"]`, '补充测算已完成，已报区住建局');
  const answered = page.waitForResponse((response) => response.url().endsWith(`/items/${id}/status`) && response.request().method() === 'POST');
  await page.click(`${row} button[type="submit"]`);
  const response = await answered;
  t.equal(response.status(), 200);
  t.equal(response.request().headers()['hx-request'], 'true', 'sent by htmx');
  await page.waitForSelector(`${row} .notice`, { timeout: 10_000 });

  t.match(await page.textContent(`${row} .notice`), '已更新', 'the row says it was updated');
  t.match(await page.textContent(`${row} .status-done`), '已完成', 'with the new status');
  t.match(await page.textContent(row), '补充测算已完成，已报区住建局', 'and the progress note');
  t.equal(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'no full page load');
  t.equal(new URL(page.url()).pathname, '/my', 'still on my items');

  const stored = server.db.$client.prepare('SELECT status, progress FROM items WHERE id = ?').get(id) as { status: string; progress: string };
  t.same(stored, { status: 'done', progress: '补充测算已完成，已报区住建局' }, 'the change is in the database');
  t.equal(server.db.$client.prepare("SELECT count(*) FROM item_updates WHERE item_id = ? AND to_status = 'done'").pluck().get(id), 1);
  t.same(problems, [], 'no script errors and no CSP violations');
  await screenshot(page, 'my-items-390');
});

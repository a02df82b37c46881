// No page runs a query per row: each page, export and API list is requested on two generated
// databases, one three times the other in enterprises, compounds, items and meetings, and must run
// exactly as many SQL statements on both. A page that grows a query per enterprise, item or meeting
// (N+1) fails here, whatever the data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { migrateDb, openDb } from '../db/client.js';
import { generateData, type Scale } from '../scripts/generate-data.js';
import { build, loginAs, TEST_ROLES, type TestRole } from './helper.js';
import { queryCounter } from './query-count.js';

const SMALL: Scale = { enterprises: 4, compoundsPerEnterprise: 2, itemsPerHandover: 2, meetingsPerSeries: 4, enterprisesPerRegion: 2 };
const LARGE: Scale = { enterprises: 12, compoundsPerEnterprise: 4, itemsPerHandover: 4, meetingsPerSeries: 8, enterprisesPerRegion: 4 };

function generated(dir: string, name: string, scale: Scale): string {
  const path = join(dir, `${name}.db`);
  const db = openDb(path);
  migrateDb(db);
  generateData(db.$client, { scale, seed: 7 });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  return path;
}

/** Pages and exports every role opens, with ids present in both databases. */
const PAGES = [
  '/', '/?level=central', '/?serviceLine=water', '/?groupId=3', '/?enterpriseId=1',
  '/enterprises', '/enterprises?level=central', '/enterprises/1',
  '/handovers', '/handovers?serviceLine=power', '/handovers/1',
  '/agreements', '/agreements/1',
  '/items', '/items?overdue=1', '/items?open=1&groupId=3', '/items/1',
  '/my', '/groups', '/groups/3', '/meetings', '/meetings/1', '/documents', '/policy-deadlines',
  '/meetings/1/minutes.docx', '/meetings/1/minutes.md', '/meetings/1/print', '/minutes/monthly/2017-01.docx',
  '/calendar/planned.ics', '/calendar/series/1.ics',
];
const ADMIN_PAGES = ['/admin/users', '/admin/audit', '/admin/settings'];
const API = ['enterprises', 'compounds', 'handovers', 'agreements', 'items', 'groups', 'meeting-series', 'meetings'].map((r) => `/api/v1/${r}?pageSize=100`);

t.test('the number of queries of every page does not grow with the data', async (t) => {
  // Not t.testdir(): build() takes that folder for the app's own copy.
  const dir = mkdtempSync(join(tmpdir(), 'sgyy-queries-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const counted: Record<string, Record<string, number>> = {};
  for (const [name, scale] of [['small', SMALL], ['large', LARGE]] as const) {
    const app = await build(t, { database: generated(dir, name, scale), today: '2018-04-25' });
    const queries = queryCounter(app.db.$client);
    const water = app.db.$client.prepare("SELECT id FROM groups WHERE service_line = 'water' ORDER BY id LIMIT 1").pluck().get() as number;
    counted[name] = {};
    for (const role of TEST_ROLES) {
      const session = await loginAs(app, role as TestRole, role === 'staff' ? [water] : undefined);
      const token = app.services.accounts.createToken({ userId: session.userId, username: role, ip: null }, session.userId, 'count');
      const urls = [...PAGES, ...(role === 'admin' ? ADMIN_PAGES : [])];
      // Once before counting: the first dashboard of a month takes last month's snapshot.
      await app.inject({ method: 'GET', url: '/', headers: { cookie: session.cookie } });
      for (const url of [...urls, ...API]) {
        const headers: Record<string, string> = url.startsWith('/api/') ? { authorization: `Bearer ${token}` } : { cookie: session.cookie };
        queries.reset();
        const res = await app.inject({ method: 'GET', url, headers });
        t.equal(res.statusCode, 200, `${name}: ${role} ${url} answers`);
        counted[name]![`${role} ${url}`] = queries.count();
      }
    }
  }
  const grew = Object.entries(counted.small!)
    // A paged list may need one query fewer when its first part already fills the page; never more.
    .filter(([key, n]) => counted.large![key]! > n)
    .map(([key, n]) => `${key}: ${n} → ${counted.large![key]} queries`);
  t.same(grew, [], 'no more queries on three times the data');
});

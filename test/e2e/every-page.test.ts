// Every page on a phone (390 px) and on a wide screen (1920 px), in one browser, page after page:
// each page of the README's page table and each edit form, as every role that may open it (from
// test/access-matrix.ts). A page fails when it scrolls sideways, or when its visible text shows an
// untranslated message key, an English interface word in the Chinese interface, a raw ISO month
// or day, or "NaN", "undefined", "null" or "[object Object]".
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import t from 'tap';
import { catalogue } from '../../server/i18n/messages.js';
import { accessMatrix } from '../access-matrix.js';
import { browserAvailable, launch, scrollsSideways, screenshot, signInAs, startServer } from './browser.js';

type Role = 'admin' | 'office' | 'leader' | 'staff';
const ROLES: Record<string, Role> = { A: 'admin', O: 'office', L: 'leader', S: 'staff' };
const WIDTHS = [390, 1920];

/** GET routes that answer with a page (not a file, a feed, JSON or a redirect). */
const isPage = (route: string) =>
  route.startsWith('GET /') &&
  !/^GET \/(api|healthz|lang|attachments|minutes\/print\.css)/.test(route) &&
  !/\.(ics|docx|md|csv|xlsx)$/.test(route) &&
  route !== 'GET /login';

/** The paths of the README's page table, e.g. '/items/:id' and '/<records>/:id/edit'. */
function readmePages(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Pages'), readme.indexOf('\n## ', readme.indexOf('## Pages') + 3));
  return [...section.matchAll(/^\| (.+?) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!)).filter((p) => p.startsWith('/'));
}

/** Words of the English catalogue that are no words of the Chinese one ("Save", "Overview"…). */
function englishWords(): Set<string> {
  const words = (texts: string[]) => new Set(texts.flatMap((text) => text.match(/[A-Za-z]{3,}/g) ?? []).map((w) => w.toLowerCase()));
  const chinese = words(Object.values(catalogue['zh-CN']));
  return new Set([...words(Object.values(catalogue.en))].filter((w) => !chinese.has(w)));
}

t.test('every page at 390 px and 1920 px, as each role that may open it', async (t) => {
  if (!browserAvailable(t)) return;
  const { server, base } = await startServer(t);
  const browser = await launch(t);
  const db = server.db.$client;
  const first = (sql: string) => db.prepare(sql).pluck().get() as number;
  // The records the :id of each path stands for (staff's items and stages are their group's).
  const staffGroup = first("SELECT id FROM groups WHERE kind = 'special' AND service_line = 'water'");
  const draftMeeting = first("SELECT m.id FROM meetings m JOIN items i ON i.meeting_id = m.id WHERE m.minutes_status = 'draft' ORDER BY m.id LIMIT 1");
  const ids: Record<string, number> = {
    enterprises: first('SELECT min(id) FROM enterprises'),
    compounds: first('SELECT min(id) FROM compounds'),
    handovers: first(`SELECT min(id) FROM handovers WHERE group_id = ${staffGroup}`),
    agreements: first('SELECT min(id) FROM agreements'),
    items: first(`SELECT min(id) FROM items WHERE group_id = ${staffGroup} AND meeting_id IS NULL`),
    groups: staffGroup,
    meetings: draftMeeting,
    'meeting-series': first('SELECT min(id) FROM meeting_series'),
    documents: first('SELECT min(id) FROM documents'),
    'policy-deadlines': first('SELECT min(id) FROM policy_deadlines'),
    'admin/users': 1,
  };
  // The escalation ladder's day: numbered 催办单 exist to be shown (services/escalations.ts).
  server.services.escalations.run('2018-04-25');
  ids.urges = first('SELECT min(id) FROM escalations WHERE number IS NOT NULL');
  const memberId = first(`SELECT min(id) FROM group_members WHERE group_id = ${staffGroup}`);
  const decisionId = first(`SELECT min(id) FROM items WHERE meeting_id = ${draftMeeting}`);
  const urlOf = (path: string) =>
    path
      .replace(/^\/([a-z-]+(?:\/users)?)\/:id/, (_, records: string) => `/${records}/${ids[records]}`)
      .replace(':memberId', String(memberId))
      .replace(':month', '2018-04')
      .replace(':itemId', String(decisionId));

  const routes = Object.entries(accessMatrix).filter(([route, who]) => isPage(route) && who !== 'public');
  const paths = new Set(routes.map(([route]) => route.slice(4)));
  // The README's table and the routes agree: each page it lists is visited.
  for (const listed of readmePages()) {
    if (listed.includes('<records>') || /^\/(lang|healthz|login|logout|attachments)/.test(listed) || /\.(csv|xlsx)$/.test(listed)) continue;
    t.ok(paths.has(listed), `${listed} (README) is visited`);
  }
  const forms = routes.filter(([route]) => /\/(new|edit)$/.test(route));
  t.ok(forms.length >= 15, `${forms.length} edit forms`);

  const keys = Object.keys(catalogue['zh-CN']).filter((k) => k.includes('.'));
  const english = englishWords();
  // Names and codes a Chinese page shows on purpose: the language switch, file formats and the like.
  const allowed = new Set(['english', 'api', 'csv', 'docx', 'word', 'pdf', 'ics', 'excel', 'sha', 'json', 'html', 'token', 'bearer', 'openapi', 'test', 'admin', 'office', 'leader', 'staff']);

  // The checks can fail: each finds what it is meant to find.
  t.ok(english.has('save') && english.has('overview'), 'English interface words are known');
  t.ok(keys.includes('nav.home'), 'and the message keys');

  const problems: string[] = [];
  // One browser, one tab per role (signed in once), pages visited one after another.
  const tabs = new Map<Role, Page>();
  for (const role of Object.values(ROLES)) {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, base, server, role);
    tabs.set(role, page);
  }
  let visits = 0;
  for (const width of WIDTHS) {
    for (const page of tabs.values()) await page.setViewportSize({ width, height: 900 });
    for (const [route, who] of routes) {
      const url = urlOf(route.slice(4));
      for (const letter of who) {
        const role = ROLES[letter]!;
        const page = tabs.get(role)!;
        const answer = await page.goto(`${base}${url}`);
        visits++;
        const where = `${url} as ${role} at ${width} px`;
        const status = answer?.status() ?? 0;
        if (status !== 200) problems.push(`${where}: status ${status}`);
        if (await scrollsSideways(page)) {
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('main *')]
              .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
              .slice(0, 3)
              .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
          );
          problems.push(`${where}: scrolls sideways (${wide.join(', ')})`);
          await screenshot(page, `sideways-${width}-${role}-${url.replace(/\W+/g, '-')}`);
        }
        const text = await page.evaluate(() => document.body.innerText);
        const key = keys.find((k) => text.includes(k));
        if (key) problems.push(`${where}: shows the message key ${key}`);
        const raw = /\b(NaN|undefined|null|\[object Object\])\b/.exec(text);
        if (raw) problems.push(`${where}: shows "${raw[0]}"`);
        const iso = /(?<![\w/-])\d{4}-\d{2}(?:-\d{2})?(?![\w-])/.exec(text);
        if (iso) problems.push(`${where}: shows the raw date ${iso[0]}`);
        const word = (text.match(/[A-Za-z]{3,}/g) ?? []).find((w) => english.has(w.toLowerCase()) && !allowed.has(w.toLowerCase()));
        if (word) problems.push(`${where}: shows the English word "${word}"`);
      }
    }
  }
  t.ok(visits >= 2 * routes.length, `${visits} page visits`);
  t.same(problems, [], 'every page fits the screen and speaks plain Chinese');

  // A look at a few pages on a phone, kept with the test artifacts.
  const phone = tabs.get('office')!;
  await phone.setViewportSize({ width: 390, height: 900 });
  for (const url of ['/agreements', `/groups/${staffGroup}`, '/items', '/meetings', '/documents']) {
    await phone.goto(`${base}${url}`);
    await screenshot(phone, `phone-390${url.replace(/\W+/g, '-')}`);
  }
});

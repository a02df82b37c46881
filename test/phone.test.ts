// Lists become cards on a phone (issue 13, point 4): the list pages mark their tables to stack, each
// cell labelled; the contact directory dials and writes with one tap (tel:, mailto:), but never
// dials a masked sample number. The browser test test/e2e/every-page.test.ts checks the layout.
import t from 'tap';
import { build, get, loginAs, postForm } from './helper.js';

t.test('the contact directory dials and writes with one tap', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const group = app.db.$client.prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;
  const added = await postForm(app, office, `/groups/${group}/members`, { name: '周××', unit: '区水利局', post: '科长', duty: '联络员', phone: '0574-8627 1234', email: 'zhou@example.gov.cn', sortOrder: '99' });
  t.equal(added.statusCode, 303);
  for (const url of ['/groups', `/groups/${group}`]) {
    const page = await get(app, url, { cookie: office.cookie });
    t.match(page.body, '<a href="tel:057486271234">0574-8627 1234</a>', `${url}: the phone dials`);
    t.match(page.body, '<a href="mailto:zhou@example.gov.cn">zhou@example.gov.cn</a>', `${url}: the address writes`);
    t.match(page.body, /<table class="contacts stack">/, `${url}: one card per person on a phone`);
    t.match(page.body, /data-label="单位">区水利局<\/td>/, 'each line labelled');
    t.notMatch(page.body, /href="tel:[^"]*×/, 'a masked sample number is not a link');
  }
  t.match((await get(app, `/groups/${group}`, { cookie: office.cookie })).body, `/groups/${group}/members/`, 'the office edits from the card');
  const leader = await loginAs(app, 'leader');
  t.notMatch((await get(app, `/groups/${group}`, { cookie: leader.cookie })).body, /members\/\d+\/edit/, 'a leader gets no edit links');
});

t.test('agreements, documents, meetings, deadlines, handovers and items stack into labelled cards', async (t) => {
  const app = await build(t);
  const leader = await loginAs(app, 'leader');
  const cases: [string, string][] = [
    ['/agreements', 'data-label="状态"><span class="tag agreement-'],
    ['/documents', 'data-label="发文单位"'],
    ['/meetings', 'data-label="工作组"'],
    ['/policy-deadlines', 'data-label="截止日期"'],
    ['/handovers', 'data-label="接收单位"'],
    ['/items', 'data-label="牵头单位"'],
  ];
  for (const [url, cell] of cases) {
    const page = await get(app, url, { cookie: leader.cookie });
    t.equal(page.status, 200, url);
    t.match(page.body, /<table class="[^"]*\bstack\b/, `${url}: the list stacks on a phone`);
    t.match(page.body, cell, `${url}: its cells are labelled`);
  }
});

// Property-based: random and hostile input (empty, huge, wrong types, script tags, SQL, invalid
// UTF-8, impossible dates) thrown at every form and API endpoint the app declares. Whatever comes
// in: never a 500; a refusal changes nothing; and what was stored is shown escaped.
import fc from 'fast-check';
import Handlebars from 'handlebars';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { build, fingerprint, get, loginAs, type Session } from './helper.js';

const SCRIPT = '<script>alert("x")</script>';
/** Markup that would run if shown unescaped: in text, breaking out of an attribute, or as a link. */
const XSS = [SCRIPT, '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', "' onmouseover='alert(1)", '" onmouseover="alert(1)', 'javascript:alert(1)'];
/** What each payload looks like when it got through unescaped into HTML. */
const RAW = [/<script>alert\("x"\)<\/script>/, /<img src=x onerror=alert\(1\)>/, /"><svg onload=alert\(1\)>/, /' onmouseover='alert\(1\)/, /" onmouseover="alert\(1\)/, /(href|src|action)\s*=\s*["']?\s*javascript:/i];
const rawIn = (body: string) => RAW.filter((pattern) => pattern.test(body)).map(String);
const hostileText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    ...XSS,
    "'; DROP TABLE items; --",
    "1' OR '1'='1",
    '2018-02-30',
    '2018-13-01',
    '-1',
    '0',
    '1e309',
    'NaN',
    'null',
    'true',
    '\u0000',
    '\uD800',
    '𠀀𠀁',
    '../../etc/passwd',
    '{{t "x"}}',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-12-31') }).map((d) => d.toISOString().slice(0, 10)),
);
const hostileJson = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileText, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), hostileText, { maxKeys: 2 }));

/** Field names the forms and the API use, plus whatever fast-check invents. */
const knownFields = [
  'name', 'shortName', 'level', 'parentGroup', 'title', 'detail', 'kind', 'status', 'note', 'version', 'serviceLine',
  'mode', 'enterpriseId', 'compoundId', 'handoverId', 'groupId', 'meetingId', 'agreementId', 'households', 'floorArea',
  'buildings', 'waterCustomers', 'startsAt', 'date', 'time', 'username', 'password', 'displayName', 'role', 'groupIds',
  'leadUnit', 'supportUnits', 'owner', 'dueDate', 'newDueDate', 'reason', 'category', 'actualDate', 'plannedDate',
  'signedOn', 'cutoffDate', 'amount', 'text', 'phone', 'email', 'unit', 'post', 'cadence', 'rrule', 'graceDays',
  'startedOn', 'approve', 'handoverIds', 'estimatedCost', 'approvedCost', 'progress', 'closeNote', 'issueNumber',
  'partyA', 'partyB', 'number', 'scope', 'standard', 'method', 'timeframe', 'heard', 'place', 'chair', 'position',
];
const fieldName = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...knownFields) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) });
const formFields = fc.dictionary(fieldName, fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })), { maxKeys: 8 });
const jsonBody = fc.dictionary(fieldName, hostileJson, { maxKeys: 8 });
const idParam = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('1', '2', '3') }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', 'abc', '99999999999999999999', '1.5', '%00') });

/** Invalid UTF-8 and raw junk as a form body. */
const rawBodies = [Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0xfd]), Buffer.from('%%%&&&==='), Buffer.from('name=%E4%B8'), Buffer.alloc(0)];

t.test('hostile input at every form and API endpoint', { timeout: 600_000 }, async (t) => {
  const app = await build(t);
  const admin: Session = await loginAs(app, 'admin');
  const token = app.services.accounts.createToken({ userId: admin.userId, username: 'admin', ip: null }, admin.userId, 'fuzz');
  const routes = app.accessRules.filter(
    (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !['/logout', '/login', '/profile/password'].includes(r.url) && !r.url.startsWith('/static'),
  );
  t.ok(routes.length >= 10, `${routes.length} write endpoints`);
  const failures: string[] = [];

  for (const route of routes) {
    const api = route.url.startsWith('/api/');
    await fc.assert(
      fc.asyncProperty(idParam, api ? jsonBody : formFields, fc.boolean(), async (id, body, withVersion) => {
        const url = route.url.replace(/:[A-Za-z]+/g, (param) => (param === ':stage' ? 'survey' : param === ':month' ? '2017-09' : id));
        const before = fingerprint(app);
        const payload = withVersion ? { version: '1', ...body } : body;
        const res = api
          ? await app.inject({ method: route.method as 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
          : await app.inject({ method: route.method as 'POST', url, headers: { cookie: admin.cookie }, payload: { ...(payload as Record<string, string>), _csrf: admin.csrf } });
        if (res.statusCode >= 500) failures.push(`${route.method} ${url} → ${res.statusCode} with ${JSON.stringify(payload).slice(0, 300)}`);
        if (res.statusCode >= 400 && fingerprint(app) !== before) failures.push(`${route.method} ${url} refused (${res.statusCode}) but changed data`);
        // Every answer, refusals (409, 422) and redirects included, shows what it echoes escaped.
        const raw = rawIn(res.body);
        if (raw.length && !String(res.headers['content-type'] ?? '').includes('json')) {
          failures.push(`${route.method} ${url} → ${res.statusCode} echoed ${raw.join(', ')} unescaped`);
        }
        return true;
      }),
      { numRuns: 12 },
    );
    for (const raw of rawBodies) {
      const url = route.url.replace(/:[A-Za-z]+/g, '1');
      const res = await app.inject({
        method: route.method as 'POST',
        url,
        headers: api ? { authorization: `Bearer ${token}`, 'content-type': 'application/json' } : { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: raw,
      });
      if (res.statusCode >= 500) failures.push(`${route.method} ${url} → ${res.statusCode} with raw bytes ${raw.toString('hex')}`);
    }
  }
  t.same(failures, [], 'no 500, no change on refusal, nothing echoed unescaped');

  // Whatever was stored is shown escaped on the pages that list it, and on each stored record's page.
  const pages = ['/', '/enterprises', '/handovers', '/agreements', '/items', '/groups', '/meetings', '/documents', '/admin/users', '/admin/audit', '/my', '/policy-deadlines'];
  const newest = (table: string) => app.db.$client.prepare(`SELECT max(id) FROM ${table}`).pluck().get() as number | null;
  for (const [table, path] of [['enterprises', '/enterprises'], ['items', '/items'], ['groups', '/groups'], ['meetings', '/meetings'], ['agreements', '/agreements'], ['handovers', '/handovers']] as const) {
    const id = newest(table);
    if (id) pages.push(`${path}/${id}`);
  }
  for (const page of pages) {
    const res = await get(app, page, { cookie: admin.cookie });
    t.equal(res.status, 200, `${page} still renders`);
    t.same(rawIn(res.body), [], `${page} shows nothing unescaped`);
  }
});

t.test('each payload, stored through a form and through the API, comes back escaped', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const token = app.services.accounts.createToken({ userId: office.userId, username: 'office', ip: null }, office.userId, 'xss');
  const group = app.db.$client.prepare("SELECT id FROM groups WHERE kind = 'special' LIMIT 1").pluck().get() as number;
  for (const [i, payload] of XSS.entries()) {
    const form = await app.inject({
      method: 'POST',
      url: '/items',
      headers: { cookie: office.cookie },
      payload: { _csrf: office.csrf, kind: 'problem', title: `${payload} 表单${i}`, detail: payload, leadUnit: payload, owner: payload, groupId: String(group), dueDate: '2018-05-30' },
    });
    t.equal(form.statusCode, 303, `the form stores payload ${i}`);
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: `${payload} 企业${i}`, shortName: `${payload}${i}`, level: 'central', parentGroup: payload },
    });
    t.equal(api.statusCode, 201, `the API stores payload ${i}`);
    const refused = await app.inject({ method: 'POST', url: '/items', headers: { cookie: office.cookie }, payload: { _csrf: office.csrf, kind: 'problem', title: payload, leadUnit: payload, dueDate: '2018-02-30' } });
    t.equal(refused.statusCode, 422, 'a refused form comes back');
    t.same(rawIn(refused.body), [], `the refused form shows payload ${i} escaped`);
    t.match(refused.body, `value="${Handlebars.Utils.escapeExpression(payload)}"`, 'and keeps the input');
    const item = app.db.$client.prepare('SELECT max(id) FROM items').pluck().get() as number;
    const enterprise = app.db.$client.prepare('SELECT max(id) FROM enterprises').pluck().get() as number;
    for (const page of [`/items/${item}`, `/items/${item}/edit`, `/enterprises/${enterprise}`, `/enterprises/${enterprise}/edit`, '/items', '/enterprises', '/']) {
      const res = await get(app, page, { cookie: office.cookie });
      t.equal(res.status, 200, `${page} renders`);
      t.same(rawIn(res.body), [], `${page} shows payload ${i} escaped`);
    }
  }
});

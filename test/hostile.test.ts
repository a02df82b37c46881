// Property-based: random and hostile input (empty, huge, wrong types, script tags, SQL, invalid
// UTF-8, impossible dates) thrown at every form and API endpoint the app declares. Whatever comes
// in: never a 500; a refusal changes nothing; and what was stored is shown escaped.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { build, get, loginAs, type Session } from './helper.js';

const SCRIPT = '<script>alert("x")</script>';
const hostileText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    SCRIPT,
    '<img src=x onerror=alert(1)>',
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

function fingerprint(app: FastifyInstance): string {
  const tables = app.db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN ('audit_log','sessions','login_attempts') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
    .pluck()
    .all() as string[];
  return tables
    .map((name) => `${name}:${app.db.$client.prepare(`SELECT count(*) || '/' || coalesce(sum(length(quote(${name === 'app_meta' ? 'value' : 'rowid'}))), 0) FROM "${name}"`).pluck().get()}`)
    .join('|') + `|versions:${app.db.$client.prepare("SELECT group_concat(v) FROM (SELECT sum(version) AS v FROM enterprises UNION ALL SELECT sum(version) FROM items UNION ALL SELECT sum(version) FROM handovers UNION ALL SELECT sum(version) FROM meetings UNION ALL SELECT sum(version) FROM agreements UNION ALL SELECT sum(version) FROM users)").pluck().get()}`;
}

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
        if (!api && res.statusCode < 400 && res.statusCode !== 303 && res.headers['content-type']?.toString().includes('html') && res.body.includes(SCRIPT)) {
          failures.push(`${route.method} ${url} echoed a raw script tag`);
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
  t.same(failures, [], 'no 500, no change on refusal, no raw script');

  // Whatever was stored is shown escaped on the pages that list it.
  for (const page of ['/', '/enterprises', '/handovers', '/agreements', '/items', '/groups', '/meetings', '/documents', '/admin/users', '/admin/audit']) {
    const res = await get(app, page, { cookie: admin.cookie });
    t.ok(res.status < 500, `${page} still renders (${res.status})`);
    t.notOk(res.body.includes(SCRIPT), `${page} shows no raw script tag`);
  }
});

// The JSON API: Bearer tokens, list/read/create/update/delete, the conflict case, the error body,
// and the OpenAPI document generated from the route schemas.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, loginAs } from './helper.js';

export async function tokenFor(app: FastifyInstance, role: 'admin' | 'office' | 'leader' | 'staff') {
  const session = await loginAs(app, role);
  return app.services.accounts.createToken({ userId: session.userId, username: role, ip: null }, session.userId, 'test');
}

t.test('enterprises over the API', async (t) => {
  const app = await build(t);
  const office = await tokenFor(app, 'office');
  const call = (method: string, url: string, body?: unknown, token = office) =>
    app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> | undefined });

  const list = await call('GET', '/api/v1/enterprises?level=central&pageSize=1');
  t.equal(list.statusCode, 200);
  t.equal(list.json().total, 2);
  t.equal(list.json().rows.length, 1);
  t.equal(list.json().rows[0].level, 'central');
  t.ok('shortName' in list.json().rows[0] && 'version' in list.json().rows[0], 'GLOSSARY field names, with version');

  const created = await call('POST', '/api/v1/enterprises', { name: '某市属企业', shortName: '某市属', level: 'municipal' });
  t.equal(created.statusCode, 201);
  const record = created.json();
  t.equal(record.level, 'municipal');
  t.equal(record.version, 1);
  t.equal(created.headers.location, `/api/v1/enterprises/${record.id}`);

  const invalid = await call('POST', '/api/v1/enterprises', { name: '', shortName: 5, level: 'galactic' });
  t.equal(invalid.statusCode, 422);
  t.same(Object.keys(invalid.json()).sort(), ['error', 'issues', 'message']);
  t.ok(invalid.json().issues.some((i: { path: string }) => i.path === 'level'));

  const patched = await call('PATCH', `/api/v1/enterprises/${record.id}`, { parentGroup: '某集团', version: 1 });
  t.equal(patched.statusCode, 200);
  t.equal(patched.json().parentGroup, '某集团');
  t.equal(patched.json().version, 2);
  t.equal(patched.json().level, 'municipal', 'PATCH leaves other fields alone');

  const stale = await call('PATCH', `/api/v1/enterprises/${record.id}`, { parentGroup: '别的集团', version: 1 });
  t.equal(stale.statusCode, 409);
  t.equal(stale.json().error, 'conflict');
  t.equal(stale.json().current.parentGroup, '某集团', 'the current record comes back');

  const noVersion = await call('PATCH', `/api/v1/enterprises/${record.id}`, { parentGroup: 'x' });
  t.equal(noVersion.statusCode, 422);

  const leader = await tokenFor(app, 'leader');
  t.equal((await call('POST', '/api/v1/enterprises', { name: 'x', shortName: 'x', level: 'district' }, leader)).statusCode, 403);
  t.equal((await call('GET', `/api/v1/enterprises/${record.id}`, undefined, leader)).statusCode, 200);
  t.equal((await call('GET', '/api/v1/enterprises/999999')).statusCode, 404);
  t.equal((await call('DELETE', `/api/v1/enterprises/${record.id}?version=1`)).statusCode, 409);
  t.equal((await call('DELETE', `/api/v1/enterprises/${record.id}?version=2`)).statusCode, 204);
  t.equal((await call('GET', `/api/v1/enterprises/${record.id}`)).statusCode, 404);
  t.equal(app.db.$client.prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'enterprise' AND entity_id = ?").pluck().get(record.id), 3, 'create, update, delete on record');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/enterprises' })).statusCode, 401);
});

t.test('the OpenAPI document and its browser', async (t) => {
  const app = await build(t);
  const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  t.equal(doc.statusCode, 200);
  const spec = doc.json();
  t.equal(spec.openapi, '3.0.3');
  t.ok(spec.paths['/api/v1/enterprises'].get, 'list documented');
  t.ok(spec.paths['/api/v1/enterprises/{id}'].patch, 'update documented');
  const body = spec.paths['/api/v1/enterprises'].post.requestBody.content['application/json'].schema;
  t.same(body.properties.level.enum ?? body.properties.level.anyOf?.[0]?.enum, ['central', 'provincial', 'municipal', 'district'], 'generated from the zod schema');
  const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
  t.equal(docs.statusCode, 200);
  t.match(docs.body, 'swagger');
  t.notMatch(docs.body, /https?:\/\/(?!localhost)[a-z]/, 'served locally, no CDN');
});

// The smaller findings of the hostile review (issue 10, point 7): the right message for a value
// too long or not a number, decimal ids only, no NUL stored or echoed, no zip bomb taken as a
// DOCX, no caching of what a signed-in user sees, and a documentation page that loads nothing
// from another host.
import type { FastifyInstance } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import { constants, deflateRawSync } from 'node:zlib';
import t from 'tap';
import { DOCS_CSP } from '../server/routes/api/index.js';
import { checkZip } from '../server/services/zip-check.js';
import { build, ensureUser, get, loginAs, postForm, signIn, type Session } from './helper.js';

async function tokenFor(app: FastifyInstance, role: 'office' | 'leader') {
  const session = await signIn(app, await ensureUser(app, role));
  return app.services.accounts.createToken({ userId: session.userId, username: role, ip: null }, session.userId, 'test');
}

t.test('a value too long says how long it may be; a page size that is no number says so', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const form = await postForm(app, office, '/enterprises', { name: '某'.repeat(101), shortName: '某', level: 'district' });
  t.equal(form.statusCode, 422);
  t.match(form.body, /id="f-name-error">最多 100 个字符</);
  t.notMatch(form.body, /id="f-name-error">必填</);

  const token = await tokenFor(app, 'office');
  const api = await app.inject({ method: 'POST', url: '/api/v1/enterprises', headers: { authorization: `Bearer ${token}` }, payload: { name: 'x'.repeat(101), shortName: 'x', level: 'district' } });
  t.equal(api.statusCode, 422);
  t.same(api.json().issues, [{ path: 'name', message: '最多 100 个字符' }]);
  const empty = await app.inject({ method: 'POST', url: '/api/v1/enterprises', headers: { authorization: `Bearer ${token}` }, payload: { shortName: 'x', level: 'district' } });
  t.same(empty.json().issues, [{ path: 'name', message: '必填' }], 'a missing value is still “必填”');

  const paging = await app.inject({ method: 'GET', url: '/api/v1/items?pageSize=abc', headers: { authorization: `Bearer ${token}` } });
  t.equal(paging.statusCode, 422);
  t.same(paging.json().issues, [{ path: 'pageSize', message: '请填写数字' }]);
  const big = await app.inject({ method: 'GET', url: '/api/v1/items?pageSize=5000', headers: { authorization: `Bearer ${token}` } });
  t.same(big.json().issues[0].path, 'pageSize');
  t.notMatch(big.json().issues[0].message, '必填');
});

t.test('ids are decimal digits only', async (t) => {
  const app = await build(t);
  const token = await tokenFor(app, 'leader');
  const leader = await loginAs(app, 'leader');
  const call = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  t.equal((await call('/api/v1/items/27')).statusCode, 200);
  for (const id of ['0x1b', '0X1B', '1e1', '27.0', '+27', ' 27', '0o33', '0b11011', '２７']) {
    const res = await call(`/api/v1/items/${encodeURIComponent(id)}`);
    t.equal(res.statusCode, 404, `/api/v1/items/${id}`);
  }
  t.equal((await get(app, '/items/0x1b', { cookie: leader.cookie })).status, 404, 'pages too');
  const filter = await call('/api/v1/items?groupId=0x3');
  t.equal(filter.statusCode, 422, 'and filters');
  const version = await app.inject({ method: 'PATCH', url: '/api/v1/items/27', headers: { authorization: `Bearer ${await tokenFor(app, 'office')}` }, payload: { title: '十六进制版本', version: '0x1' } });
  t.equal(version.statusCode, 422, 'and versions');
});

t.test('NUL and other control characters are stripped on the way in, never echoed', async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const bad = await postForm(app, office, '/enterprises', { name: '\u0000', shortName: 'a\u0000b\u0007', level: 'galactic' });
  t.equal(bad.statusCode, 422);
  t.notMatch(bad.body, '\u0000', 'the refused form shows no NUL');
  t.match(bad.body, 'value="ab"');
  t.match(bad.body, /id="f-name-error">必填</, 'a name of only a NUL is no name');
  const made = await postForm(app, office, '/enterprises', { name: '宁波\u0000某\u001b化工有限公司', shortName: '某化工\r\n', level: 'district' });
  t.equal(made.statusCode, 303);
  const row = app.db.$client.prepare("SELECT name, short_name AS shortName FROM enterprises WHERE name LIKE '宁波%某%'").get() as { name: string; shortName: string };
  t.same(row, { name: '宁波某化工有限公司', shortName: '某化工' }, 'stored clean');
  const token = await tokenFor(app, 'office');
  const api = await app.inject({ method: 'POST', url: '/api/v1/enterprises', headers: { authorization: `Bearer ${token}` }, payload: { name: '\u0000\u0000', shortName: 'x', level: 'district' } });
  t.equal(api.statusCode, 422);
  t.notMatch(api.body, '\\u0000');
  const query = await get(app, '/items?leadUnit=%00%E5%8C%BA', { cookie: office.cookie });
  t.equal(query.status, 200);
  t.notMatch(query.body, '\u0000', 'nor from the query string');
  // A multi-line note keeps its line breaks.
  const item = app.db.$client.prepare("SELECT id, version FROM items WHERE kind = 'problem' ORDER BY id LIMIT 1").get() as { id: number; version: number };
  const note = await postForm(app, office, `/items/${item.id}/status`, { status: 'inProgress', note: '第一行\r\n第二行\u0000\t完', version: String(item.version) });
  t.equal(note.statusCode, 303);
  t.equal(app.db.$client.prepare('SELECT progress FROM items WHERE id = ?').pluck().get(item.id), '第一行\n第二行\t完');
});

/** A ZIP with the entry names of a DOCX and one entry whose deflated data is given. */
function docxWith(big: Uint8Array, declaredSize: number): Buffer {
  const small = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }, { level: 0 });
  const name = Buffer.from('word/media/big.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(big.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(name.length, 26);
  // Re-assemble: the small ZIP's entries, the big one, then a central directory for all three.
  const smallBuf = Buffer.from(small);
  const eocdAt = smallBuf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdOffset = smallBuf.readUInt32LE(eocdAt + 16);
  const cdSize = smallBuf.readUInt32LE(eocdAt + 12);
  const entries = smallBuf.subarray(0, cdOffset);
  const bigOffset = entries.length;
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(big.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(bigOffset, 42);
  const body = Buffer.concat([entries, local, name, Buffer.from(big)]);
  const directory = Buffer.concat([smallBuf.subarray(cdOffset, cdOffset + cdSize), central, name]);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(3, 8);
  eocd.writeUInt16LE(3, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, directory, eocd]);
}

/** Deflated zeros: one MiB ended by a sync flush, repeated (back-references only reach zeros), then an empty final block. */
function deflatedZeros(mib: number): Uint8Array {
  const one = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  return Buffer.concat([...Array.from({ length: mib }, () => one), Buffer.from([0x03, 0x00])]);
}

t.test('a zip bomb is no DOCX', async (t) => {
  const bomb = deflatedZeros(1024);
  t.ok(bomb.length < 2 * 1024 * 1024, `the bomb is ${(bomb.length / 1024).toFixed(0)} KB`);
  const declared = docxWith(bomb, 1024 * 1024 * 1024);
  t.match(checkZip(declared, 200 * 1024 * 1024), { kind: 'tooLarge', declared: Number }, 'refused on its declared size');
  t.ok(checkZip(declared, 200 * 1024 * 1024)!.kind === 'tooLarge' && (checkZip(declared, 200 * 1024 * 1024) as { declared: number }).declared >= 1024 * 1024 * 1024);
  const lying = docxWith(bomb, 1000);
  t.equal(checkZip(lying, 200 * 1024 * 1024)?.kind, 'tooLarge', 'a directory that understates is caught while inflating');
  const honest = docxWith(deflatedZeros(2), 2 * 1024 * 1024);
  t.equal(checkZip(honest, 200 * 1024 * 1024), null, 'an honest small file passes');

  const app = await build(t);
  const office = await loginAs(app, 'office');
  const res = await upload(app, office, '/agreements/5/attachment', '协议.docx', declared);
  t.equal(res.statusCode, 422);
  t.match(res.body, '文件解压后超过 200 MB');
  const lie = await upload(app, office, '/agreements/5/attachment', '协议.docx', lying);
  t.equal(lie.statusCode, 422);
  t.equal(app.db.$client.prepare('SELECT count(*) FROM attachments').pluck().get(), 0, 'nothing stored');

  // A real Word file, the tracker's own minutes, is taken.
  const meeting = app.db.$client.prepare("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1").pluck().get() as number;
  const real = await app.inject({ method: 'GET', url: `/meetings/${meeting}/minutes.docx`, headers: { cookie: office.cookie } });
  const ok = await upload(app, office, '/agreements/5/attachment', '纪要.docx', real.rawPayload);
  t.equal(ok.statusCode, 303);
});

function upload(app: FastifyInstance, session: Session, url: string, fileName: string, data: Buffer) {
  const boundary = '----security-test';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${session.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: session.cookie }, payload });
}

t.test('nothing a signed-in user sees is cached; static files are', async (t) => {
  const app = await build(t);
  const admin = await loginAs(app, 'admin');
  const token = app.services.accounts.createToken({ userId: admin.userId, username: 'admin', ip: null }, admin.userId, 'test');
  for (const url of ['/', '/items', '/admin/audit', '/admin/audit.csv', '/profile']) {
    const res = await get(app, url, { cookie: admin.cookie });
    t.equal(res.status, 200, url);
    t.equal(res.headers['cache-control'], 'private, no-store', url);
  }
  const api = await app.inject({ method: 'GET', url: '/api/v1/items', headers: { authorization: `Bearer ${token}` } });
  t.equal(api.headers['cache-control'], 'private, no-store', 'API JSON');
  const css = await get(app, '/static/app.css');
  t.match(String(css.headers['cache-control']), /max-age=3600/, 'the stylesheet keeps its caching');
});

t.test('the API documentation loads nothing from another host', async (t) => {
  const app = await build(t);
  const res = await get(app, '/api/docs/');
  const page = res.status === 200 ? res : await get(app, '/api/docs');
  t.equal(page.status, 200);
  const csp = String(page.headers['content-security-policy']);
  t.equal(csp, DOCS_CSP);
  t.notMatch(csp, 'https:');
  t.notMatch(csp, 'validator.swagger.io');
});

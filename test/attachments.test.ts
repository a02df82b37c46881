// Attachments: the signed scan of an agreement is uploaded as a multipart form (the CSRF token a
// field of it), checked by its bytes, stored under the data folder by content hash, and served
// with its original name to those who may read the agreement. Refusals store nothing anywhere.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, get, loginAs, type Session } from './helper.js';

interface FilePart {
  name: string;
  type: string;
  data: Buffer;
}

/** A multipart/form-data body, as a browser sends it. */
function multipart(fields: Record<string, string>, file?: FilePart) {
  const boundary = '----tracker-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(app: FastifyInstance, session: Session, url: string, file?: FilePart, fields: Record<string, string> = { _csrf: session.csrf }) {
  const body = multipart(fields, file);
  return app.inject({ method: 'POST', url, headers: { ...body.headers, cookie: session.cookie }, payload: body.payload });
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

/** Every file under the attachments folder. */
function stored(dir: string): string[] {
  const root = join(dir, 'attachments');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

const count = (app: FastifyInstance) => app.db.$client.prepare('SELECT count(*) FROM attachments').pluck().get() as number;

t.test('upload a signed scan and download it with its Chinese name', async (t) => {
  const app = await build(t);
  const dir = t.testdirName;
  const office = await loginAs(app, 'office');
  const name = '镇海炼化供水实施协议（签署版）.pdf';

  const page = await get(app, '/agreements/5', { cookie: office.cookie });
  t.match(page.body, 'enctype="multipart/form-data"');
  t.match(page.body, 'name="_csrf"');

  const res = await upload(app, office, '/agreements/5/attachment', { name, type: 'application/pdf', data: pdf });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/agreements/5#files');
  const row = app.db.$client.prepare('SELECT * FROM attachments').get() as Record<string, unknown>;
  const sha = createHash('sha256').update(pdf).digest('hex');
  t.match(row, { sha256: sha, original_name: name, mime_type: 'application/pdf', size: pdf.length, entity_type: 'agreement', entity_id: 5, uploaded_by: office.userId });
  const path = join(dir, 'attachments', sha.slice(0, 2), sha);
  t.ok(existsSync(path), 'stored under <data dir>/attachments/<first 2>/<sha256>');
  t.same(readFileSync(path), pdf);
  t.equal(app.db.$client.prepare('SELECT attachment_id FROM agreements WHERE id = 5').pluck().get(), row.id, 'linked as the signed scan');
  t.equal(app.db.$client.prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'agreement' AND entity_id = 5 AND after LIKE '%attachmentId%'").pluck().get(), 1);

  const shown = await get(app, '/agreements/5', { cookie: office.cookie });
  t.match(shown.body, `href="/attachments/${row.id}"`);
  t.match(shown.body, name);

  const leader = await loginAs(app, 'leader');
  const download = await get(app, `/attachments/${row.id}`, { cookie: leader.cookie });
  t.equal(download.status, 200, 'everyone signed in reads agreements');
  t.equal(download.headers['content-type'], 'application/pdf');
  t.equal(download.headers['x-content-type-options'], 'nosniff');
  t.match(download.headers['content-disposition'], `filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  t.match(download.headers['content-disposition'], /^attachment; filename="[\x20-\x7e]+"/, 'an ASCII fallback');
  t.equal(download.body, pdf.toString());

  const again = await upload(app, office, '/agreements/5/attachment', { name: '副本.pdf', type: 'application/pdf', data: pdf });
  t.equal(again.statusCode, 303);
  t.equal(count(app), 2, 'a row per upload');
  t.equal(stored(dir).length, 1, 'the same content is stored once');

  const anonymous = await app.inject({ method: 'GET', url: `/attachments/${row.id}` });
  t.equal(anonymous.statusCode, 303, 'no session: sign in first');
  t.equal((await get(app, '/attachments/999', { cookie: leader.cookie })).status, 404);
  t.equal((await upload(app, leader, '/agreements/5/attachment', { name: 'x.pdf', type: 'application/pdf', data: pdf })).statusCode, 403, 'leaders do not upload');
});

t.test('refusals store nothing, on disk or in the database', async (t) => {
  const app = await build(t);
  const dir = t.testdirName;
  const office = await loginAs(app, 'office');
  const nothing = (what: string) => {
    t.equal(count(app), 0, `${what}: no row`);
    t.same(stored(dir), [], `${what}: no file`);
    t.equal(app.db.$client.prepare('SELECT attachment_id FROM agreements WHERE id = 5').pluck().get(), null, `${what}: not linked`);
  };

  const program = await upload(app, office, '/agreements/5/attachment', { name: 'setup.exe', type: 'application/x-msdownload', data: exe });
  t.equal(program.statusCode, 422);
  t.match(program.body, /id="f-file-error">只能上传 PDF、JPG、PNG、DOCX 或 XLSX 文件</);
  nothing('an .exe');

  const disguised = await upload(app, office, '/agreements/5/attachment', { name: '协议.pdf', type: 'application/pdf', data: exe });
  t.equal(disguised.statusCode, 422, 'a program named .pdf');
  nothing('a program named .pdf');

  const picture = await upload(app, office, '/agreements/5/attachment', { name: '协议.pdf', type: 'application/pdf', data: png });
  t.equal(picture.statusCode, 422, 'a PNG that says it is a PDF');
  t.match(picture.body, '文件内容与文件名或类型不符');
  nothing('a PNG named .pdf');

  const declared = await upload(app, office, '/agreements/5/attachment', { name: 'scan.pdf', type: 'image/png', data: pdf });
  t.equal(declared.statusCode, 422, 'a PDF declared as an image');
  nothing('a PDF declared as PNG');

  const empty = await upload(app, office, '/agreements/5/attachment');
  t.equal(empty.statusCode, 422);
  t.match(empty.body, '请选择要上传的文件');

  const noCsrf = await upload(app, office, '/agreements/5/attachment', { name: 'scan.pdf', type: 'application/pdf', data: pdf }, {});
  t.equal(noCsrf.statusCode, 403, 'no CSRF token, no upload');
  t.match(noCsrf.body, '页面已过期或请求来源不明');
  const wrongCsrf = await upload(app, office, '/agreements/5/attachment', { name: 'scan.pdf', type: 'application/pdf', data: pdf }, { _csrf: 'forged' });
  t.equal(wrongCsrf.statusCode, 403);
  nothing('without CSRF');

  const anonymous = multipart({}, { name: 'scan.pdf', type: 'application/pdf', data: pdf });
  t.equal((await app.inject({ method: 'POST', url: '/agreements/5/attachment', headers: anonymous.headers, payload: anonymous.payload })).statusCode, 401);
  nothing('without a session');
});

t.test('a file over UPLOAD_MAX_MB is refused with a clear message', async (t) => {
  const app = await build(t, { env: { UPLOAD_MAX_MB: '1' } });
  const dir = t.testdirName;
  const office = await loginAs(app, 'office');
  const big = Buffer.concat([pdf, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
  const res = await upload(app, office, '/agreements/5/attachment', { name: '大文件.pdf', type: 'application/pdf', data: big });
  t.equal(res.statusCode, 413);
  t.match(res.body, /id="f-file-error">文件超过 1 MB，没有保存</);
  t.equal(count(app), 0);
  t.same(stored(dir), []);
  const fits = await upload(app, office, '/agreements/5/attachment', { name: '小文件.pdf', type: 'application/pdf', data: pdf });
  t.equal(fits.statusCode, 303, 'a file within the limit still goes through');
});

t.test("a document's issued text: uploaded by the office, listed and downloadable, refused for staff", async (t) => {
  const app = await build(t);
  const office = await loginAs(app, 'office');
  const staff = await loginAs(app, 'staff');
  const docId = app.db.$client.prepare("SELECT id FROM documents WHERE title LIKE '%工作方案%'").pluck().get() as number;
  const refused = await upload(app, staff, `/documents/${docId}/attachment`, { name: '工作方案.pdf', type: 'application/pdf', data: pdf });
  t.equal(refused.statusCode, 403);
  t.equal(count(app), 0, 'nothing stored for staff');
  const bad = await upload(app, office, `/documents/${docId}/attachment`, { name: '工作方案.pdf', type: 'application/pdf', data: exe });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, 'class="field-error"', 'the reason is shown beside the upload');
  t.equal(count(app), 0);
  const res = await upload(app, office, `/documents/${docId}/attachment`, { name: '工作方案.pdf', type: 'application/pdf', data: pdf });
  t.equal(res.statusCode, 303);
  const attachmentId = app.db.$client.prepare('SELECT attachment_id FROM documents WHERE id = ?').pluck().get(docId) as number;
  t.ok(attachmentId, 'the document points at its file');
  const list = await get(app, '/documents', { cookie: staff.cookie });
  t.match(list.body, `<a href="/attachments/${attachmentId}">工作方案.pdf</a>`);
  t.notMatch(list.body, 'action="/documents/', 'staff see no upload form');
  const file = await app.inject({ method: 'GET', url: `/attachments/${attachmentId}`, headers: { cookie: staff.cookie } });
  t.equal(file.statusCode, 200);
  t.same(file.rawPayload, pdf);
  t.equal(app.db.$client.prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'document' AND entity_id = ? AND after LIKE '%attachmentId%'").pluck().get(docId), 1, 'the link is on record');
});

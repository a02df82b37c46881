// Deliveries outside the app, against a local SMTP server and a local webhook receiver on
// 127.0.0.1: the day's digest e-mail per user, the 企业微信 and 钉钉 robots' JSON (钉钉's signed
// address), the generic JSON webhook with its signature; a failing channel does not hold up the
// others, every attempt is logged, a failure is tried again after its back-off, and a message out
// of attempts is left failed.
import t, { type Test } from 'tap';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { backoffMinutes, dingtalkSignedUrl } from '../server/services/outbox.js';
import { build } from './helper.js';

interface Mail {
  to: string[];
  raw: string;
}
interface Hit {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  raw: string;
}

/** A local SMTP server that keeps what it receives. */
async function smtpServer(t: Test) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { mails, port: (server.server.address() as AddressInfo).port };
}

/** A local HTTP receiver; `answer` decides the reply per path. */
async function receiver(t: Test, answer: (path: string, n: number) => { status: number; body: unknown }) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      hits.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body: JSON.parse(raw || '{}') as Record<string, unknown>, raw });
      const { status, body } = answer(url.pathname, hits.filter((h) => h.path === url.pathname).length);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { hits, port: (server.address() as AddressInfo).port };
}

t.test('钉钉’s signature and the back-off', async (t) => {
  const url = new URL(dingtalkSignedUrl('https://robot.example/robot/send?access_token=abc', 'SECsecret', 1524614400000));
  t.equal(url.searchParams.get('access_token'), 'abc');
  t.equal(url.searchParams.get('timestamp'), '1524614400000');
  t.equal(url.searchParams.get('sign'), createHmac('sha256', 'SECsecret').update('1524614400000\nSECsecret').digest('base64'));
  t.same([1, 2, 3, 4, 5].map(backoffMinutes), [1, 4, 16, 64, 256]);
});

t.test('the day’s messages go out by e-mail and to every robot; one failing channel holds up none', async (t) => {
  const smtp = await smtpServer(t);
  // 企业微信 refuses the first attempt (errcode), then accepts; the others accept at once.
  const http = await receiver(t, (path, n) => (path === '/wecom' && n === 1 ? { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } } : { status: 200, body: { errcode: 0, errmsg: 'ok' } }));
  const base = `http://127.0.0.1:${http.port}`;
  const server = await build(t, {
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'tracker@example.gov.cn',
      WECOM_WEBHOOK_URL: `${base}/wecom?key=k1`,
      DINGTALK_WEBHOOK_URL: `${base}/ding?access_token=t1`,
      DINGTALK_SECRET: 'SECtest',
      NOTIFY_WEBHOOK_URL: `${base}/hook`,
      NOTIFY_WEBHOOK_SECRET: 'hook-secret',
      PUBLIC_URL: 'https://tracker.example.gov.cn',
    },
  });
  const sqlite = server.db.$client;
  // The demo's staff user has an e-mail address in the water group's contact directory.
  const staff = sqlite.prepare("SELECT id FROM users WHERE username = 'staff'").pluck().get() as number;
  const water = sqlite.prepare("SELECT id FROM groups WHERE service_line = 'water'").pluck().get() as number;
  sqlite.prepare("INSERT INTO group_members (group_id, name, unit, email, user_id) VALUES (?, '林××', '区水利局', 'lin@example.gov.cn', ?)").run(water, staff);

  const [report] = await server.scheduler.runDay('2018-04-25', { only: ['notify'] });
  t.equal(report!.status, 'done');
  t.match(report!.outcome, '4 deliveries queued, 3 sent, 1 failed (1 waiting)', 'the digest and three summaries; 企业微信 refused once');

  t.equal(smtp.mails.length, 1, 'one digest e-mail');
  t.same(smtp.mails[0]!.to, ['lin@example.gov.cn']);
  const mail = smtp.mails[0]!.raw;
  t.match(mail, /^Subject: =\?UTF-8\?/m, 'a Chinese subject, encoded');
  const digest = sqlite.prepare("SELECT subject, body FROM outbox WHERE channel = 'email'").get() as { subject: string; body: string };
  t.equal(digest.subject, '督办消息汇总（2018年4月25日，2 条）');
  t.match(digest.body, '催办单〔2018〕第4号');
  t.match(digest.body, 'https://tracker.example.gov.cn/urges/');

  const ding = http.hits.find((h) => h.path === '/ding')!;
  t.equal(ding.query.get('access_token'), 't1');
  const ts = ding.query.get('timestamp')!;
  t.equal(ding.query.get('sign'), createHmac('sha256', 'SECtest').update(`${ts}\nSECtest`).digest('base64'), '钉钉’s address is signed');
  t.equal(ding.body.msgtype, 'markdown');
  t.match((ding.body.markdown as { title: string }).title, '督办日报（2018年4月25日）');
  t.match((ding.body.markdown as { text: string }).text, '今日到期提醒 2 项，发出催办单 10 份，提级督办 6 项');

  const hook = http.hits.find((h) => h.path === '/hook')!;
  t.equal(hook.body.event, 'sgyy.daily');
  t.same(hook.body.counts, { reminder: 2, urge: 10, escalation: 6, report: 0 });
  const signature = createHmac('sha256', 'hook-secret').update(`${hook.headers['x-sgyy-timestamp']}.${hook.raw}`).digest('hex');
  t.equal(hook.headers['x-sgyy-signature'], `sha256=${signature}`, 'the webhook’s body is signed');

  const wecom = sqlite.prepare("SELECT id, status, attempts, last_error AS lastError, next_attempt_at AS next FROM outbox WHERE channel = 'wecom'").get() as { id: number; status: string; attempts: number; lastError: string; next: string };
  t.equal(wecom.status, 'pending');
  t.equal(wecom.attempts, 1);
  t.match(wecom.lastError, 'errcode 93000');
  t.equal((await server.services.outbox.deliverDue()).sent, 0, 'not tried again before its back-off');
  // A minute later (moved by hand rather than waited for) it goes out.
  sqlite.prepare("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(wecom.id);
  t.equal((await server.services.outbox.deliverDue()).sent, 1);
  const wecomHits = http.hits.filter((h) => h.path === '/wecom');
  t.equal(wecomHits.length, 2);
  t.equal(wecomHits[1]!.query.get('key'), 'k1');
  t.equal(wecomHits[1]!.body.msgtype, 'markdown');
  t.match((wecomHits[1]!.body.markdown as { content: string }).content, '督办日报');
  t.same(
    server.services.outbox.attemptsOf(wecom.id).map((a) => [a.ok, a.detail?.slice(0, 13)]),
    [
      [false, 'errcode 93000'],
      [true, 'HTTP 200 {"er'],
    ],
    'every attempt logged',
  );

  // The day is queued once: running it again adds nothing and sends nothing.
  const again = await server.scheduler.runDay('2018-04-25', { only: ['notify'], force: true });
  t.match(again[0]!.outcome, '0 deliveries queued, 0 sent');
  t.equal(smtp.mails.length, 1);
});

t.test('a channel that keeps failing is given up after NOTIFY_MAX_ATTEMPTS, the others unaffected', async (t) => {
  const http = await receiver(t, (path) => (path === '/hook' ? { status: 500, body: { error: 'down' } } : { status: 200, body: { errcode: 0, errmsg: 'ok' } }));
  const base = `http://127.0.0.1:${http.port}`;
  const server = await build(t, { env: { NOTIFY_WEBHOOK_URL: `${base}/hook`, WECOM_WEBHOOK_URL: `${base}/wecom?key=k`, NOTIFY_MAX_ATTEMPTS: '2' } });
  const sqlite = server.db.$client;
  await server.scheduler.runDay('2018-04-25', { only: ['notify'] });
  sqlite.prepare("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'").run();
  await server.services.outbox.deliverDue();
  const rows = sqlite.prepare('SELECT channel, status, attempts, last_error AS lastError FROM outbox ORDER BY channel').all();
  t.same(rows, [
    { channel: 'webhook', status: 'failed', attempts: 2, lastError: 'HTTP 500: {"error":"down"}' },
    { channel: 'wecom', status: 'sent', attempts: 1, lastError: null },
  ]);
  t.equal(http.hits.filter((h) => h.path === '/hook').length, 2);
  t.equal(sqlite.prepare('SELECT count(*) FROM outbox_attempts').pluck().get(), 3);
});

// Deliveries outside the app, from the table `outbox`: e-mail (SMTP through nodemailer), the
// 企业微信 and 钉钉 group robots (their JSON formats; 钉钉's signed address: timestamp and the
// HMAC-SHA256 of "timestamp\nsecret", base64) and a generic JSON webhook (its body signed with
// HMAC-SHA256 when a secret is set). Every channel is optional and configured by environment
// (SMTP_URL, WECOM_WEBHOOK_URL, DINGTALK_WEBHOOK_URL + DINGTALK_SECRET, NOTIFY_WEBHOOK_URL +
// NOTIFY_WEBHOOK_SECRET); a message is queued only for the channels configured.
//
// What is queued, once (the unique (channel, key) refuses a second):
// - per user and day, a digest e-mail of the day's inbox messages, to the e-mail address of the
//   user's entry in a contact directory (通讯录: group_members.email);
// - per day, one summary of the day's ladder for each robot and the webhook (group robots take a
//   few messages a minute: one a day, with the first items, never one per item).
//
// Delivery: each channel is worked on its own (a channel that fails or hangs never holds up
// another), each message tried in turn; a message is leased before it is tried (its next attempt
// moved five minutes on, in a transaction) so that the server and `npm run daily` never send it
// twice. Every attempt is logged in `outbox_attempts` with what the other side said; a failed
// one is tried again after 1, 4, 16, 64 … minutes, until NOTIFY_MAX_ATTEMPTS, then left failed.
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { groupMembers, outbox, outboxAttempts, users, type OutboxChannel } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { formatDay } from '../dates.js';
import { translate, type Locale } from '../i18n/messages.js';
import { describe, type InboxService } from './inbox.js';
import type { LadderRun } from './escalations.js';

export type NotifyConfig = Pick<
  Config,
  'SMTP_URL' | 'SMTP_FROM' | 'NOTIFY_WEBHOOK_URL' | 'NOTIFY_WEBHOOK_SECRET' | 'WECOM_WEBHOOK_URL' | 'DINGTALK_WEBHOOK_URL' | 'DINGTALK_SECRET' | 'NOTIFY_MAX_ATTEMPTS' | 'DEFAULT_LOCALE' | 'PUBLIC_URL'
>;

/** How long a message is held by the process trying it. */
const LEASE_MS = 5 * 60_000;
/** How long one attempt may take. */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** Digest lines per e-mail, and items per robot summary. */
const DIGEST_LINES = 100;
const SUMMARY_LINES = 20;

/** Minutes to wait after the n-th failed attempt: 1, 4, 16, 64, 256 … */
export const backoffMinutes = (attempt: number) => 4 ** Math.max(0, attempt - 1);

const oneLine = (text: unknown) => String(text instanceof Error ? text.message : text).replace(/\s+/g, ' ').trim().slice(0, 500);

/** 钉钉's signed robot address: &timestamp=…&sign=… (base64 HMAC-SHA256 of "timestamp\nsecret"). */
export function dingtalkSignedUrl(url: string, secret: string, timestamp: number): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestamp));
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

type Message = typeof outbox.$inferSelect;

export function createOutboxService(db: Db, clock: Clock, inbox: InboxService, config: NotifyConfig) {
  const channels = (): OutboxChannel[] =>
    [config.SMTP_URL ? 'email' : null, config.WECOM_WEBHOOK_URL ? 'wecom' : null, config.DINGTALK_WEBHOOK_URL ? 'dingtalk' : null, config.NOTIFY_WEBHOOK_URL ? 'webhook' : null].filter(
      (c): c is OutboxChannel => c !== null,
    );
  const robots = () => channels().filter((c) => c !== 'email');
  const link = (path: string) => (config.PUBLIC_URL ? `${config.PUBLIC_URL}${path}` : path);
  let mailer: Transporter | null = null;

  function enqueue(tx: Pick<Db, 'insert'>, channel: OutboxChannel, key: string, message: { recipient?: string; subject: string; body: string; data?: unknown }): boolean {
    const now = clock.now().toISOString();
    const row = tx
      .insert(outbox)
      .values({ channel, key, recipient: message.recipient ?? '', subject: message.subject, body: message.body, data: JSON.stringify(message.data ?? {}), nextAttemptAt: now, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: outbox.id })
      .get();
    return !!row;
  }

  /** Queues the day's digests (e-mail) and the day's summary (robots, webhook). Returns how many. */
  function queueDay(day: string, run: LadderRun): number {
    let queued = 0;
    if (config.SMTP_URL) {
      for (let after = 0; ; ) {
        const userIds = inbox.recipientsOf(day, after, 500);
        if (!userIds.length) break;
        after = userIds.at(-1)!;
        // The address of each user: their entry in a contact directory.
        const addresses = new Map<number, string>();
        for (const m of db
          .select({ userId: groupMembers.userId, email: groupMembers.email })
          .from(groupMembers)
          .where(and(inArray(groupMembers.userId, userIds), sql`trim(coalesce(${groupMembers.email}, '')) <> ''`))
          .orderBy(asc(groupMembers.id))
          .all()) {
          if (!addresses.has(m.userId!)) addresses.set(m.userId!, m.email!.trim());
        }
        const people = db
          .select({ id: users.id, name: users.displayName, locale: users.locale })
          .from(users)
          .where(and(inArray(users.id, userIds), eq(users.disabled, false)))
          .all()
          .filter((p) => addresses.has(p.id))
          .map((p) => ({ ...p, email: addresses.get(p.id)! }));
        db.transaction((tx) => {
          for (const person of people) {
            const locale: Locale = person.locale === 'en' || person.locale === 'zh-CN' ? person.locale : config.DEFAULT_LOCALE;
            const { rows, total } = inbox.ofDay(person.id, day, DIGEST_LINES);
            if (!rows.length) continue;
            const lines = rows.map((r) => {
              const d = describe(r, locale);
              return `· ${d.headline}：${d.text}${d.link ? `\n  ${link(d.link)}` : ''}`;
            });
            if (total > rows.length) lines.push(translate(locale, 'digest.more', { n: total - rows.length }));
            const subject = translate(locale, 'digest.subject', { date: formatDay(day, locale), n: total });
            const body = [translate(locale, 'digest.greeting', { name: person.name }), '', ...lines, '', translate(locale, 'digest.footer', { link: link('/inbox') })].join('\n');
            if (enqueue(tx, 'email', `digest:${day}:${person.id}`, { recipient: person.email, subject, body, data: { day, userId: person.id, messages: total } })) queued++;
          }
        });
      }
    }
    const steps = run.reminder + run.urge + run.escalation + run.report;
    if (steps && robots().length) {
      const locale = config.DEFAULT_LOCALE;
      const subject = translate(locale, 'summary.subject', { date: formatDay(day, locale) });
      const counts = translate(locale, 'summary.counts', { reminder: run.reminder, urge: run.urge, escalation: run.escalation, report: run.report });
      const latest = db.all<{ itemId: number; step: string; title: string; dueDate: string; workdays: number; leadUnit: string }>(sql`
        SELECT e.item_id AS itemId, e.step, i.title, e.due_date AS dueDate, e.workdays, e.lead_unit AS leadUnit
        FROM escalations e JOIN items i ON i.id = e.item_id
        WHERE e.on_day = ${day} AND e.step IN ('urge', 'escalation', 'report')
        ORDER BY CASE e.step WHEN 'escalation' THEN 0 WHEN 'report' THEN 1 ELSE 2 END, e.due_date, e.id LIMIT ${SUMMARY_LINES}`);
      const lines = latest.map((e) => `- ${translate(locale, `inbox.kind.${e.step}`)}｜${e.title}｜${e.leadUnit}｜${translate(locale, 'summary.overdue', { n: e.workdays })}`);
      const body = [counts, ...lines, translate(locale, 'digest.footer', { link: link('/items?overdue=1') })].join('\n');
      const data = { event: 'sgyy.daily', day, counts: { reminder: run.reminder, urge: run.urge, escalation: run.escalation, report: run.report }, items: latest };
      db.transaction((tx) => {
        for (const channel of robots()) if (enqueue(tx, channel, `summary:${day}`, { subject, body, data })) queued++;
      });
    }
    return queued;
  }

  // ---- Sending ----

  async function postJson(url: string, payload: unknown, headers: Record<string, string> = {}, robot = false): Promise<string> {
    const body = JSON.stringify(payload);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
    const text = (await res.text()).slice(0, 500);
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
    if (robot) {
      // The robots answer 200 with {"errcode":0,"errmsg":"ok"}; anything else is a refusal.
      let answer: { errcode?: unknown; errmsg?: unknown } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        throw new Error(`not a robot's answer: ${text}`);
      }
      if (answer.errcode !== 0) throw new Error(`errcode ${String(answer.errcode)}: ${String(answer.errmsg ?? '')}`);
    }
    return `HTTP ${res.status} ${text}`;
  }

  async function send(message: Message): Promise<string> {
    const markdown = `### ${message.subject}\n${message.body}`;
    switch (message.channel) {
      case 'email': {
        mailer ??= nodemailer.createTransport({
          url: config.SMTP_URL!,
          connectionTimeout: ATTEMPT_TIMEOUT_MS,
          greetingTimeout: ATTEMPT_TIMEOUT_MS,
          socketTimeout: ATTEMPT_TIMEOUT_MS,
        } as Parameters<typeof nodemailer.createTransport>[0]);
        const info = await mailer.sendMail({ from: config.SMTP_FROM, to: message.recipient, subject: message.subject, text: message.body });
        return oneLine(info.response ?? `accepted ${(info.accepted ?? []).join(', ')}`);
      }
      case 'wecom':
        return postJson(config.WECOM_WEBHOOK_URL!, { msgtype: 'markdown', markdown: { content: markdown } }, {}, true);
      case 'dingtalk': {
        const url = config.DINGTALK_SECRET ? dingtalkSignedUrl(config.DINGTALK_WEBHOOK_URL!, config.DINGTALK_SECRET, clock.now().getTime()) : config.DINGTALK_WEBHOOK_URL!;
        return postJson(url, { msgtype: 'markdown', markdown: { title: message.subject, text: markdown } }, {}, true);
      }
      case 'webhook': {
        const payload = { ...(JSON.parse(message.data) as Record<string, unknown>), subject: message.subject, text: message.body };
        const headers: Record<string, string> = {};
        if (config.NOTIFY_WEBHOOK_SECRET) {
          const timestamp = String(clock.now().getTime());
          headers['x-sgyy-timestamp'] = timestamp;
          headers['x-sgyy-signature'] = `sha256=${createHmac('sha256', config.NOTIFY_WEBHOOK_SECRET).update(`${timestamp}.${JSON.stringify(payload)}`).digest('hex')}`;
        }
        return postJson(config.NOTIFY_WEBHOOK_URL!, payload, headers);
      }
    }
  }

  /** Takes the channel's due messages for this process (a lease), oldest first. */
  function lease(channel: OutboxChannel, limit: number): Message[] {
    return db.transaction(
      (tx) => {
        const now = clock.now();
        const due = tx
          .select()
          .from(outbox)
          .where(and(eq(outbox.status, 'pending'), eq(outbox.channel, channel), lte(outbox.nextAttemptAt, now.toISOString())))
          .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
          .limit(limit)
          .all();
        if (due.length) {
          tx.update(outbox).set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS).toISOString() }).where(inArray(outbox.id, due.map((m) => m.id))).run();
        }
        return due;
      },
      { behavior: 'immediate' },
    );
  }

  function record(message: Message, ok: boolean, detail: string) {
    db.transaction((tx) => {
      const now = clock.now();
      const attempts = message.attempts + 1;
      tx.insert(outboxAttempts).values({ outboxId: message.id, at: now.toISOString(), ok, detail }).run();
      const givenUp = !ok && attempts >= config.NOTIFY_MAX_ATTEMPTS;
      tx.update(outbox)
        .set({
          attempts,
          status: ok ? 'sent' : givenUp ? 'failed' : 'pending',
          sentAt: ok ? now.toISOString() : null,
          lastError: ok ? null : detail,
          nextAttemptAt: ok || givenUp ? now.toISOString() : new Date(now.getTime() + backoffMinutes(attempts) * 60_000).toISOString(),
        })
        .where(eq(outbox.id, message.id))
        .run();
    });
  }

  /** Works through one channel's due messages; never throws. */
  async function deliverChannel(channel: OutboxChannel, limit: number) {
    const result = { sent: 0, failed: 0 };
    for (const message of lease(channel, limit)) {
      try {
        record(message, true, oneLine(await send(message)));
        result.sent++;
      } catch (error) {
        record(message, false, oneLine(error));
        result.failed++;
      }
    }
    return result;
  }

  /** Delivers what is due on every configured channel, the channels side by side. */
  async function deliverDue(limitPerChannel = 200) {
    const list = channels();
    const results = await Promise.all(list.map((c) => deliverChannel(c, limitPerChannel).catch((error: unknown) => ({ sent: 0, failed: 0, error: oneLine(error) }))));
    const total = { sent: 0, failed: 0, pending: 0 };
    for (const r of results) {
      total.sent += r.sent;
      total.failed += r.failed;
    }
    total.pending = db.select({ n: sql<number>`count(*)` }).from(outbox).where(eq(outbox.status, 'pending')).get()?.n ?? 0;
    return total;
  }

  /** A message and its attempts (tests, support). */
  function attemptsOf(id: number) {
    return db.select().from(outboxAttempts).where(eq(outboxAttempts.outboxId, id)).orderBy(asc(outboxAttempts.id)).all();
  }

  function close() {
    mailer?.close();
    mailer = null;
  }

  return { channels, queueDay, deliverDue, attemptsOf, close, enqueue: (channel: OutboxChannel, key: string, message: { recipient?: string; subject: string; body: string; data?: unknown }) => enqueue(db, channel, key, message) };
}

export type OutboxService = ReturnType<typeof createOutboxService>;

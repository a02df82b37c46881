// Configuration from environment variables, validated once at boot. Every variable is listed in
// .env.example and the README. An invalid value stops the start with a message naming it.
import { z } from 'zod';
import { isDay } from './dates.js';

const bool = (dflt: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], {
      message: 'must be one of true/false, on/off, yes/no, 1/0',
    })
    .default(dflt ? 'true' : 'false')
    .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const positiveInt = (dflt: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(max, { message: `must be at most ${max}` })
    .default(dflt);

/** An http(s) address for a webhook (the robots' addresses carry their key in the query). */
const webhookUrl = z
  .string()
  .refine((v) => {
    try {
      const url = new URL(v);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, { message: 'must be an http(s) address' })
  .optional();

export const configSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int({ message: 'must be a port number' })
    .min(0, { message: 'must be between 0 and 65535' })
    .max(65535, { message: 'must be between 0 and 65535' })
    .default(3000),
  HOST: z.string().min(1, { message: 'must not be empty' }).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1, { message: 'must not be empty' }).default('./data/tracker.db'),
  /** Attachments and backups live here; defaults to the database's folder. */
  DATA_DIR: z.string().min(1, { message: 'must not be empty' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  }).default('info'),
  DEMO_DATA: bool(true),
  TODAY: z
    .string()
    .refine((v) => v === '' || isDay(v), { message: 'must be a date like 2018-04-25' })
    .optional()
    .transform((v) => (v ? v : undefined)),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en'], { message: 'must be zh-CN or en' }).default('zh-CN'),
  ADMIN_PASSWORD: z.string().optional().transform((v) => (v ? v : undefined)),
  COOKIE_SECURE: bool(false),
  SESSION_IDLE_MINUTES: positiveInt(30, 24 * 60),
  SESSION_MAX_HOURS: positiveInt(12, 24 * 30),
  PASSWORD_MIN_LENGTH: positiveInt(10, 128),
  AUDIT_RETENTION_DAYS: positiveInt(365).refine((v) => v >= 180, { message: 'must be at least 180 (six months)' }),
  UPLOAD_MAX_MB: positiveInt(20, 200),
  /** The hour (0–23, Asia/Shanghai) of the daily online backup. */
  BACKUP_HOUR: z.coerce
    .number({ message: 'must be an hour from 0 to 23' })
    .int({ message: 'must be an hour from 0 to 23' })
    .min(0, { message: 'must be an hour from 0 to 23' })
    .max(23, { message: 'must be an hour from 0 to 23' })
    .default(2),
  /** Daily backups older than this many days are removed (0 keeps them all). */
  BACKUP_KEEP_DAYS: z.coerce
    .number({ message: 'must be a whole number of days' })
    .int({ message: 'must be a whole number of days' })
    .min(0, { message: 'must be 0 (keep all) or more' })
    .default(14),
  /** The in-server daily jobs (scheduler.ts): on, or off where another machine runs `npm run daily` (and for benchmarks). */
  SCHEDULER: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  /** On SIGTERM, how long requests in flight may take to finish before they are cut off. */
  SHUTDOWN_GRACE_SECONDS: positiveInt(20, 600),
  /** The key that signs the audit chain; default audit.key in the data folder. */
  AUDIT_KEY_FILE: z.string().min(1, { message: 'must not be empty' }).optional(),
  /** The address users reach the tracker at, for links that leave the app (calendar events). */
  PUBLIC_URL: z
    .string()
    .refine((v) => {
      try {
        const url = new URL(v);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username;
      } catch {
        return false;
      }
    }, { message: 'must be an http(s) address like https://tracker.example.gov.cn' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  // ---- Notifications (all optional: the in-app inbox works without any of them) ----
  /** The hour (0–23, Asia/Shanghai) of the daily escalation ladder, digest and deliveries. */
  NOTIFY_HOUR: z.coerce
    .number({ message: 'must be an hour from 0 to 23' })
    .int({ message: 'must be an hour from 0 to 23' })
    .min(0, { message: 'must be an hour from 0 to 23' })
    .max(23, { message: 'must be an hour from 0 to 23' })
    .default(7),
  /** Where e-mail goes out: smtp://user:password@host:port or smtps://…; unset: no e-mail. */
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), { message: 'must be an address like smtp://user:password@mail.example.gov.cn:25' })
    .optional(),
  /** The sender of the e-mail. */
  SMTP_FROM: z.string().min(3, { message: 'must be an e-mail address' }).default('sgyy-tracker@localhost'),
  /** A generic JSON webhook for the day's summary; NOTIFY_WEBHOOK_SECRET signs its body (HMAC-SHA256). */
  NOTIFY_WEBHOOK_URL: webhookUrl,
  NOTIFY_WEBHOOK_SECRET: z.string().optional().transform((v) => (v ? v : undefined)),
  /** A 企业微信 group robot (…/cgi-bin/webhook/send?key=…). */
  WECOM_WEBHOOK_URL: webhookUrl,
  /** A 钉钉 group robot (…/robot/send?access_token=…) and its signing secret (SEC…), if it has one. */
  DINGTALK_WEBHOOK_URL: webhookUrl,
  DINGTALK_SECRET: z.string().optional().transform((v) => (v ? v : undefined)),
  /** How many times a delivery is tried before it is given up (back-off: 1, 4, 16, 64 minutes …). */
  NOTIFY_MAX_ATTEMPTS: positiveInt(6, 20),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one readable line per bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(env[name] ?? '')} ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return parsed.data;
}

// The server's one scheduler for daily work (backup, sweep, monthly snapshot; later reminders).
//
// A job runs once per day of the app's clock (`server/clock.ts`: Asia/Shanghai, or the day TODAY
// pins), at or after its hour (Asia/Shanghai). Each run is recorded in `scheduled_runs` (job, day,
// started, finished, outcome); the row is claimed in an IMMEDIATE transaction before the job
// starts, so a day's job runs once even when the server and `npm run daily` race. After downtime
// the scheduler catches up: a server that was off for three days runs each missed day once, in
// order (at most CATCH_UP_DAYS back). A failed run, or one whose process died, is tried again an
// hour after it started. Work that must come back more often than daily (deliveries waiting for
// their next attempt) rides on the same timer as `ticks`, run after each minute's check.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { scheduledRuns } from '../db/schema.js';
import type { Clock } from './clock.js';
import { plusDays } from './dates.js';

export interface JobContext {
  /** The last day of this catch-up for this job (earlier days' work may be covered by it). */
  latest: boolean;
  /** Run by hand (`npm run daily`), not by the timer. */
  manual: boolean;
}

export interface Job {
  name: string;
  /** The hour (0–23, Asia/Shanghai) from which the day's run is due. */
  hour: number;
  /** Does the day's work; returns what it did, in a line. Throws when it failed. */
  run(day: string, context: JobContext): Promise<string> | string;
}

export interface RunReport {
  job: string;
  day: string;
  status: 'done' | 'failed' | 'skipped';
  outcome: string;
}

/** A failed run, or one whose process died, is tried again this long after it started. */
export const RETRY_AFTER_MS = 3_600_000;
/** How far back a scheduler that was off catches up. */
export const CATCH_UP_DAYS = 31;

const shanghaiHourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' });

/** The hour (0–23) of an instant in Asia/Shanghai. */
export const shanghaiHour = (instant: Date): number => Number(shanghaiHourFormat.format(instant));

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);

export interface SchedulerOptions {
  onReport?: (report: RunReport) => void;
  /** Run on every check of the timer (every minute), after the due jobs; errors are theirs to handle. */
  ticks?: (() => Promise<unknown>)[];
}

export function createScheduler(db: Db, clock: Clock, jobs: Job[], options: SchedulerOptions = {}) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<RunReport[]> | null = null;
  let ticking: Promise<void> | null = null;

  const lastRun = (job: string) =>
    db.select().from(scheduledRuns).where(eq(scheduledRuns.job, job)).orderBy(desc(scheduledRuns.day)).limit(1).get();

  const retryable = (row: { status: string; startedAt: string }) => row.status !== 'done' && Date.now() - Date.parse(row.startedAt) >= RETRY_AFTER_MS;

  /** The days on which `job` is due and has not run, oldest first; `now` gives the hour. */
  function dueDays(job: Job, now: Date): string[] {
    const today = clock.today();
    const last = lastRun(job.name);
    if (last && last.day > today) return [];
    const days: string[] = [];
    if (last && retryable(last)) days.push(last.day);
    const earliest = plusDays(today, 1 - CATCH_UP_DAYS);
    let day = last ? plusDays(last.day, 1) : today;
    if (day < earliest) day = earliest;
    for (; day <= today; day = plusDays(day, 1)) {
      if (day < today || shanghaiHour(now) >= job.hour) days.push(day);
    }
    return days;
  }

  /** Claims the (job, day) row; false when it is done or another process is on it. */
  function claim(job: string, day: string, force: boolean): { claimed: boolean; why: string } {
    return db.transaction((tx) => {
      const now = new Date();
      const row = tx.select().from(scheduledRuns).where(and(eq(scheduledRuns.job, job), eq(scheduledRuns.day, day))).get();
      if (row) {
        const fresh = now.getTime() - Date.parse(row.startedAt) < RETRY_AFTER_MS;
        if (row.status === 'running' && fresh) return { claimed: false, why: 'running in another process' };
        if (row.status === 'done' && !force) return { claimed: false, why: `already done: ${row.outcome ?? ''}`.trim() };
        if (row.status === 'failed' && fresh && !force) return { claimed: false, why: `failed less than an hour ago: ${row.outcome ?? ''}` };
        tx.update(scheduledRuns).set({ startedAt: now.toISOString(), finishedAt: null, status: 'running', outcome: null }).where(eq(scheduledRuns.id, row.id)).run();
      } else {
        tx.insert(scheduledRuns).values({ job, day, startedAt: now.toISOString(), status: 'running' }).run();
      }
      return { claimed: true, why: '' };
    });
  }

  async function runOne(job: Job, day: string, context: JobContext, force: boolean): Promise<RunReport> {
    let report: RunReport;
    try {
      const { claimed, why } = claim(job.name, day, force);
      if (!claimed) {
        report = { job: job.name, day, status: 'skipped', outcome: why };
      } else {
        let status: 'done' | 'failed' = 'done';
        let outcome: string;
        try {
          outcome = await job.run(day, context);
        } catch (error) {
          status = 'failed';
          outcome = message(error);
        }
        report = { job: job.name, day, status, outcome };
        db.transaction((tx) =>
          tx.update(scheduledRuns).set({ finishedAt: new Date().toISOString(), status, outcome }).where(and(eq(scheduledRuns.job, job.name), eq(scheduledRuns.day, day))).run(),
        );
      }
    } catch (error) {
      // The database itself refused (a full disk): the run is tried again later.
      report = { job: job.name, day, status: 'failed', outcome: message(error) };
    }
    options.onReport?.(report);
    return report;
  }

  /** Runs every job that is due, day by day in order; one pass at a time. */
  function runDue(now: Date = new Date()): Promise<RunReport[]> {
    if (running) return running;
    running = (async () => {
      const plan = jobs.map((job) => ({ job, days: dueDays(job, now) }));
      const days = [...new Set(plan.flatMap((p) => p.days))].sort();
      const reports: RunReport[] = [];
      for (const day of days) {
        for (const { job, days: due } of plan) {
          if (due.includes(day)) reports.push(await runOne(job, day, { latest: day === due.at(-1), manual: false }, false));
        }
      }
      return reports;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  /** Runs one day's jobs by hand, whatever the hour; `force` runs again what is done. */
  async function runDay(day: string, opts: { force?: boolean; only?: string[] } = {}): Promise<RunReport[]> {
    const reports: RunReport[] = [];
    for (const job of jobs) {
      if (opts.only?.length && !opts.only.includes(job.name)) continue;
      reports.push(await runOne(job, day, { latest: true, manual: true }, opts.force ?? false));
    }
    return reports;
  }

  return {
    jobs,
    dueDays,
    runDue,
    runDay,
    /** Runs what is due now (catching up), then checks every minute. */
    start(intervalMs = 60_000) {
      if (timer) return;
      const check = () => {
        if (ticking) return;
        ticking = (async () => {
          await runDue();
          for (const tick of options.ticks ?? []) await tick().catch(() => undefined);
        })().finally(() => {
          ticking = null;
        });
      };
      check();
      timer = setInterval(check, intervalMs);
      timer.unref();
    },
    /** Stops the timer and waits for a run in progress to finish. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      await ticking;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

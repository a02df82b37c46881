// npm run daily [-- --date YYYY-MM-DD] [--force] [--job NAME …] — runs one day's daily jobs by hand
// (the server runs them by itself: server/jobs.ts) and prints what each did. A job already done
// for that day is skipped unless --force. Exit code 1 when a job failed.
import { prepareTracker } from '../server/services/open.js';
import { parseArgs } from 'node:util';
import { openDb } from '../db/client.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { isDay } from '../server/dates.js';
import { dailyJobs } from '../server/jobs.js';
import { attachmentsDir } from '../server/plugins/attachments.js';
import { createScheduler } from '../server/scheduler.js';

async function main() {
  const { values } = parseArgs({ options: { date: { type: 'string' }, force: { type: 'boolean', default: false }, job: { type: 'string', multiple: true } } });
  const config = loadConfig();
  const db = openDb(config.DATABASE_PATH);
  try {
    const { clock, services } = prepareTracker(db, config);
    const day = values.date ?? clock.today();
    if (!isDay(day)) throw new Error(`--date must be a day like 2018-04-25, not ${day}`);
    const jobs = dailyJobs({ db, services, config, attachmentsDir: attachmentsDir(config) });
    const unknown = (values.job ?? []).filter((name) => !jobs.some((j) => j.name === name));
    if (unknown.length) throw new Error(`no job named ${unknown.join(', ')} (jobs: ${jobs.map((j) => j.name).join(', ')})`);
    const reports = await createScheduler(db, clock, jobs).runDay(day, { force: values.force, only: values.job });
    for (const r of reports) console.log(`${r.day}  ${r.job.padEnd(9)} ${r.status.padEnd(7)} ${r.outcome}`);
    if (reports.some((r) => r.status === 'failed')) process.exitCode = 1;
  } finally {
    db.$client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});

// The server's daily jobs, run by the scheduler (`server/scheduler.ts`) once per day at their hour
// (Asia/Shanghai), caught up after downtime, and by hand with `npm run daily -- --date YYYY-MM-DD`.
// Adding a job is one line in the list below.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/client.js';
import type { Config } from './config.js';
import type { Job } from './scheduler.js';
import { backupsDirOf, DAILY_PREFIX, pruneDailyBackups, takeBackup } from './services/backups.js';
import type { Services } from './services/index.js';
import { monthOf, previousMonth } from './services/figures.js';

export interface JobDeps {
  db: Db;
  services: Services;
  config: Config;
  attachmentsDir: string;
}

const job = (name: string, hour: number, run: Job['run']): Job => ({ name, hour, run });

export function dailyJobs({ db, services, config, attachmentsDir }: JobDeps): Job[] {
  return [
    job('sweep', 0, () => {
      services.accounts.sweep();
      services.accounts.flushRefusals();
      const pruned = services.audit.prune(config.AUDIT_RETENTION_DAYS);
      return `expired sessions removed; ${pruned} audit entries older than ${config.AUDIT_RETENTION_DAYS} days pruned`;
    }),
    job('snapshot', 0, (day) => {
      const month = previousMonth(monthOf(day));
      const taken = services.snapshots.ensureFinal(month);
      return taken ? `final snapshot of ${taken.month} taken (${taken.handovers} handovers, ${taken.items} items)` : `no snapshot to take (${month} is final or not over)`;
    }),
    job('notify', config.NOTIFY_HOUR, async (day) => {
      // The escalation ladder of the day (reminders, 催办单, raised to leaders, month-end 通报), then
      // each user's digest and the day's summary queued for the configured channels, then one
      // round of deliveries (the server's timer tries again what failed, with back-off).
      const ladder = services.escalations.run(day);
      const queued = services.outbox.queueDay(day, ladder);
      const delivered = services.outbox.channels().length ? await services.outbox.deliverDue() : null;
      return (
        `ladder: ${ladder.reminder} reminders, ${ladder.urge} urging notices, ${ladder.escalation} raised to leaders, ${ladder.report} month-end notices; ` +
        `${ladder.messages} inbox messages; ${queued} deliveries queued` +
        (delivered ? `, ${delivered.sent} sent, ${delivered.failed} failed (${delivered.pending} waiting)` : ' (no channel configured)')
      );
    }),
    job('backup', config.BACKUP_HOUR, async (day, { latest }) => {
      // A catch-up takes one backup, on its last day: the earlier days' would hold the same data.
      if (!latest) return 'covered by a later day of this catch-up';
      const dir = backupsDirOf(config);
      const target = join(dir, `${DAILY_PREFIX}${day}`);
      if (existsSync(target)) rmSync(target, { recursive: true, force: true });
      const backup = await takeBackup(db, { attachmentsDir, target });
      const removed = pruneDailyBackups(dir, config.BACKUP_KEEP_DAYS, day);
      return `backup written to ${backup.target} (${backup.bytes} bytes, ${backup.attachments} attachments${backup.missing ? `, ${backup.missing} missing` : ''})` +
        (removed.length ? `; removed ${removed.join(', ')}` : '');
    }),
  ];
}

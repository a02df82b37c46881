// The daily jobs (server/jobs.ts) on the one scheduler (server/scheduler.ts), decorated as
// `scheduler`. The process that listens starts it (server.ts); tests and scripts that only build
// the app never run jobs by themselves. Closing the app waits for a job in progress.
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { dailyJobs } from '../jobs.js';
import { createScheduler, type Scheduler } from '../scheduler.js';
import { attachmentsDir } from './attachments.js';

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler;
  }
}

export default fp(
  async (app, opts: { config: Config }) => {
    const jobs = dailyJobs({ db: app.db, services: app.services, config: opts.config, attachmentsDir: attachmentsDir(opts.config) });
    const scheduler = createScheduler(app.db, app.clock, jobs, {
      onReport: (report) => {
        if (report.status === 'failed') app.log.error(report, `daily job ${report.job} failed`);
        else if (report.status === 'done') app.log.info(report, `daily job ${report.job} done`);
      },
      // Deliveries waiting for their next attempt go out within a minute of it.
      ticks: [
        async () => {
          if (!app.services.outbox.channels().length) return;
          const result = await app.services.outbox.deliverDue();
          if (result.sent || result.failed) app.log.info(result, 'notifications delivered');
        },
      ],
    });
    app.decorate('scheduler', scheduler);
    app.addHook('onClose', async () => {
      await scheduler.stop();
      app.services.outbox.close();
    });
  },
  { name: 'scheduler', dependencies: ['db', 'attachments'] },
);

// Opens the database, migrates it, loads the demo data on a new one, and decorates the instance
// with `db`, the one `clock` and the domain `services`. Closes the database with the app.
import fp from 'fastify-plugin';
import { openDb, type Db } from '../../db/client.js';
import { createClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createServices, type Services } from '../services/index.js';
import { setupDatabase, type SetupResult } from '../services/setup.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    clock: Clock;
    services: Services;
    setup: SetupResult;
  }
}

export default fp(
  async (app, opts: { config: Config }) => {
    const db = openDb(opts.config.DATABASE_PATH);
    app.addHook('onClose', async () => {
      db.$client.close();
    });
    const setup = setupDatabase(db, { demoData: opts.config.DEMO_DATA });
    const clock = createClock(opts.config.TODAY ?? setup.demoToday);
    app.decorate('db', db);
    app.decorate('clock', clock);
    app.decorate('setup', setup);
    app.decorate('services', createServices(db, clock));
  },
  { name: 'db' },
);

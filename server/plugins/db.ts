// Opens the database, migrates it, loads the demo data on a new one, and decorates the instance
// with `db`, the one `clock` and the domain `services`. Closes the database with the app.
import fp from 'fastify-plugin';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { acquireLock } from '../lock.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';
import { prepareTracker, type Tracker } from '../services/open.js';
import type { SetupResult } from '../services/setup.js';
import { and, eq } from 'drizzle-orm';
import { groups } from '../../db/schema.js';

export interface InitialCredential {
  username: string;
  role: string;
  /** Null when the password came from ADMIN_PASSWORD. */
  password: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    clock: Clock;
    services: Services;
    setup: SetupResult & { credentials: InitialCredential[] };
  }
}

export default fp(
  async (app, opts: { config: Config }) => {
    const db = openDb(opts.config.DATABASE_PATH);
    let release: () => void;
    try {
      // One server per database; `npm run restore` refuses while it is held.
      release = acquireLock(opts.config.DATABASE_PATH, 'server');
    } catch (error) {
      db.$client.close();
      throw error;
    }
    // Last of all (onClose hooks run in reverse order): requests and jobs have finished.
    app.addHook('onClose', async () => {
      closeDb(db);
      release();
    });
    let tracker: Tracker;
    try {
      tracker = prepareTracker(db, opts.config);
    } catch (error) {
      db.$client.close();
      release();
      throw error;
    }
    const { setup, clock, services } = tracker;
    // First start: the accounts to sign in with (their passwords are printed once by server.ts).
    let credentials: InitialCredential[] = [];
    if (!services.accounts.hasUsers()) {
      const waterGroup = db
        .select({ id: groups.id })
        .from(groups)
        .where(and(eq(groups.kind, 'special'), eq(groups.serviceLine, 'water')))
        .get();
      credentials = await services.accounts.initialUsers({
        adminPassword: opts.config.ADMIN_PASSWORD,
        demo: setup.demo,
        staffGroupId: waterGroup?.id ?? null,
      });
    }
    app.decorate('db', db);
    app.decorate('clock', clock);
    app.decorate('setup', { ...setup, credentials });
    app.decorate('services', services);
  },
  { name: 'db' },
);

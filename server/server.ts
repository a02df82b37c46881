// The only file that listens: reads the configuration, builds the app, prints where it runs and
// how to use it, starts the daily jobs, and closes gracefully on SIGINT / SIGTERM: it stops
// accepting, lets requests in flight (exports, uploads) finish for up to SHUTDOWN_GRACE_SECONDS,
// waits for a daily job in progress, checkpoints the WAL and closes the database. A start that
// cannot go on (a bad DATABASE_PATH or DATA_DIR, a failed migration, a port in use) prints one
// line naming the setting and the reason, and exits with code 1.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { StartupError } from '../db/client.js';
import app from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { formatDay } from './dates.js';
import { loggerOptions } from './logger.js';

function stop(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) stop(error.message);
  throw error;
}

const server = Fastify({
  // Request addresses are logged with any ?token= redacted (calendar feed tokens).
  logger: loggerOptions(config.LOG_LEVEL),
  // Deliberately no plugin timeout: the first start on a new database loads the demo data and
  // hashes the first passwords, which takes as long as the machine needs; nothing at start-up
  // waits on another host, so there is no hang for a timeout to catch.
  pluginTimeout: 0,
  trustProxy: false,
  bodyLimit: (config.UPLOAD_MAX_MB + 1) * 1024 * 1024,
});
try {
  // fastify-plugin lets the app's decorators, hooks and error handlers apply at the root.
  await server.register(fp(app), { config });
} catch (error) {
  // Closes what did open (the database, its lock) before saying why the start stopped.
  await server.close().catch(() => {});
  if (error instanceof StartupError) stop(error.message);
  throw error;
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  const grace = config.SHUTDOWN_GRACE_SECONDS;
  server.log.info(`${signal} received: no new requests; waiting up to ${grace} s for those in flight`);
  const cut = setTimeout(() => {
    server.log.warn(`still busy after ${grace} s: closing the connections left open`);
    server.server.closeAllConnections();
  }, grace * 1000);
  cut.unref();
  const giveUp = setTimeout(() => {
    console.error('could not close in time; exiting');
    process.exit(1);
  }, (grace + 30) * 1000);
  giveUp.unref();
  try {
    await server.close();
    server.log.info('closed: database checkpointed and closed');
    process.exit(0);
  } catch (err) {
    server.log.error(err);
    process.exit(1);
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));

try {
  await server.listen({ port: config.PORT, host: config.HOST });
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  await server.close().catch(() => {});
  if (code === 'EADDRINUSE') stop(`Cannot listen: PORT=${config.PORT} is already in use on HOST=${config.HOST}`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') stop(`Cannot listen: HOST=${config.HOST} is not an address of this machine`);
  if (code === 'EACCES') stop(`Cannot listen: PORT=${config.PORT} needs privileges this process does not have`);
  stop(`Cannot listen on ${config.HOST}:${config.PORT}: ${(err as Error).message}`);
}
const address = server.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
const lines = [
  '',
  `三供一业分离移交督办系统 is running at http://${host}:${port}/`,
  `Database: ${config.DATABASE_PATH}${server.setup.created ? ' (new)' : ''}${server.setup.demo ? ', with the demo data from the seed' : ''}`,
];
if (server.clock.pinned) {
  const today = server.clock.today();
  lines.push(
    config.TODAY
      ? `Today is pinned to ${today} (${formatDay(today)}) by TODAY.`
      : `The demo shows the tracker as of the district's reply, ${today} (${formatDay(today)}); set TODAY to another date to move the clock.`,
  );
}
if (server.setup.credentials.length) {
  lines.push('', 'Accounts created on this first start (the passwords are shown this once only; change them after signing in):');
  for (const c of server.setup.credentials) {
    lines.push(`  ${c.role.padEnd(7)} ${c.username.padEnd(8)} ${c.password ?? '(the password given in ADMIN_PASSWORD)'}`);
  }
}
lines.push('', `Sign in at http://${host}:${port}/login`);
console.log(lines.join('\n') + '\n');
if (config.SCHEDULER === 'on') server.scheduler.start();
else server.log.info('the daily jobs are off (SCHEDULER=off): run `npm run daily` from cron instead');

// Started with an IPC channel (by `npm run soak`): report memory and open handles when asked.
if (process.send) {
  process.on('message', (message) => {
    if (message !== 'stats') return;
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    process.send!({ rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, handles: process.getActiveResourcesInfo().length });
  });
}

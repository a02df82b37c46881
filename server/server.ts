// The only file that listens: reads the configuration, builds the app, prints where it runs and
// how to use it, and closes gracefully on SIGINT / SIGTERM.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import app from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { formatDay } from './dates.js';
import { loggerOptions } from './logger.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const server = Fastify({
  // Request addresses are logged with any ?token= redacted (calendar feed tokens).
  logger: loggerOptions(config.LOG_LEVEL),
  trustProxy: false,
  bodyLimit: (config.UPLOAD_MAX_MB + 1) * 1024 * 1024,
});
// fastify-plugin lets the app's decorators, hooks and error handlers apply at the root.
await server.register(fp(app), { config });

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.log.info(`${signal} received, closing`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.log.error(err);
        process.exit(1);
      },
    );
  });
}

try {
  await server.listen({ port: config.PORT, host: config.HOST });
} catch (err) {
  server.log.error(err);
  process.exit(1);
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

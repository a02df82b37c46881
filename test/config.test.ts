// Configuration: defaults, parsing, and a readable refusal naming the bad variable.
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { ConfigError, loadConfig } from '../server/config.js';

t.test('defaults', async (t) => {
  const config = loadConfig({});
  t.equal(config.PORT, 3000);
  t.equal(config.HOST, '127.0.0.1');
  t.equal(config.DATABASE_PATH, './data/tracker.db');
  t.equal(config.LOG_LEVEL, 'info');
  t.equal(config.DEMO_DATA, true);
  t.equal(config.TODAY, undefined);
  t.equal(config.DEFAULT_LOCALE, 'zh-CN');
});

t.test('values are parsed', async (t) => {
  const config = loadConfig({ PORT: '8080', DEMO_DATA: 'off', TODAY: '2018-04-25', LOG_LEVEL: 'warn' });
  t.equal(config.PORT, 8080);
  t.equal(config.DEMO_DATA, false);
  t.equal(config.TODAY, '2018-04-25');
  t.equal(config.LOG_LEVEL, 'warn');
});

t.test('invalid values name the variable', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /PORT="abc"/],
    [{ PORT: '70000' }, /PORT="70000" must be between 0 and 65535/],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA="maybe"/],
    [{ TODAY: '2018-02-30' }, /TODAY="2018-02-30" must be a date like 2018-04-25/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ AUDIT_RETENTION_DAYS: '30' }, /AUDIT_RETENTION_DAYS="30" must be at least 180/],
  ];
  for (const [env, pattern] of cases) {
    t.throws(() => loadConfig(env), { constructor: ConfigError, message: pattern }, JSON.stringify(env));
  }
});

t.test('the server refuses to start on an invalid value, with exit code 1 and one message', async (t) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    env: { ...process.env, PORT: 'not-a-port', DATABASE_PATH: ':memory:' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  t.equal(result.status, 1);
  t.match(result.stderr, /Invalid configuration: PORT="not-a-port"/);
  t.equal(result.stderr.trim().split('\n').length, 1, 'one readable line, no stack trace');
});

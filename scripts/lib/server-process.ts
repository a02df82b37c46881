// The real server as a child process, for the crash test, the soak and the tests that must see a
// process start, stop and die: `startServer(env)` spawns `server/server.ts` on a free port and
// resolves once it prints its address. Also prepares a database with a user and an API token.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTracker } from '../../server/services/open.js';
import { loadConfig } from '../../server/config.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the output once it matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<Exit>;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** Spawns `node --import tsx <script>` from the project's root with the environment given. */
export function spawnScript(script: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function startServer(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const child = spawnScript('server/server.ts', [], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const wake of waiters) wake();
  });

  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((done, fail) => {
      const check = () => {
        if (pattern.test(text)) {
          cleanup();
          done(text);
        } else if (ended) {
          cleanup();
          fail(new Error(`the server ended before printing ${pattern}:\n${text}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return waitFor(/is running at http:\/\/[^:]+:(\d+)\//, options.timeoutMs ?? 120_000).then(
    (out) => {
      const port = Number(/is running at http:\/\/[^:]+:(\d+)\//.exec(out)![1]);
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        child,
        output: () => text,
        waitFor,
        exited,
        stop: (signal: NodeJS.Signals = 'SIGTERM') => {
          if (!ended) child.kill(signal);
          return exited;
        },
      };
    },
    (error) => {
      if (!ended) child.kill('SIGKILL');
      throw error;
    },
  );
}

/**
 * Creates (migrates, with the demo data) the database at DATABASE_PATH in `env`, with an office
 * user; returns the user's password and a personal API token.
 */
export async function prepareDatabase(env: Record<string, string>, username = 'loadtest'): Promise<{ username: string; password: string; token: string }> {
  const config = loadConfig({ DEMO_DATA: 'true', ...env });
  return withTracker(config, async ({ services }) => {
    const actor = { userId: null, username: 'cli', ip: null };
    const password = 'load-test-password-1';
    let user = services.accounts.findByUsername(username);
    if (!user) {
      await services.accounts.create(actor, { username, displayName: '压力测试', role: 'office', groupIds: [] }, password);
      user = services.accounts.findByUsername(username)!;
    }
    const token = services.accounts.createToken(actor, user.id, 'load test');
    return { username, password, token };
  });
}

/** Signs in through the form; returns the cookie header and the session's CSRF token. */
export async function signInHttp(url: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${url}/login`);
  const pre = /csrf_pre=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
  if (!pre) throw new Error('no pre-session CSRF cookie');
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `csrf_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: pre }).toString(),
  });
  const sid = /sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !sid) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = `sid=${sid}`;
  const profile = await (await fetch(`${url}/profile`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(profile)?.[1];
  if (!csrf) throw new Error('no CSRF token on /profile');
  return { cookie, csrf };
}

// npm run soak [-- --minutes 10] [--connections 8] — the mixed load (scripts/lib/load-mix.ts: pages,
// API reads, status updates) on the real server for N minutes, printing per minute the requests,
// failures and latency, and the server's memory (RSS, heap after a full GC), active handles and
// open file descriptors (RSS: the lowest of three samples). At the end: the spread of memory and handles after the first (warm-up)
// minute, against ±10%; exit code 1 when a request failed or a figure drifted beyond it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { autocannonMix, discoverTargets, refreshVersions, type CannonRequest } from './lib/load-mix.js';
import { prepareDatabase, root, signInHttp } from './lib/server-process.js';

interface CannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests: CannonRequest[] }) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Stats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  handles: number;
}

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' }, seconds: { type: 'string' } } });
const minutes = Math.max(2, Number(values.minutes) || 10);
const connections = Math.max(1, Number(values.connections) || 8);
/** Length of one measured period (a minute; shorter only to try the script out). */
const period = Number(values.seconds ?? 60);
const TOLERANCE = 0.1;

const dir = mkdtempSync(join(tmpdir(), 'sgyy-soak-'));
const env = { DATABASE_PATH: join(dir, 'tracker.db'), TODAY: '2018-04-25', LOG_LEVEL: 'warn' };

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  const { username, password, token } = await prepareDatabase(env);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'server/server.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /is running at http:\/\/[^:]+:(\d+)\//.exec(out)?.[1];
      if (port) done(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
  const stats = () =>
    new Promise<Stats & { fds: number }>((done) => {
      child.once('message', (message) => done({ ...(message as Stats), fds: readdirSync(`/proc/${child.pid}/fd`).length }));
      child.send('stats');
    });

  try {
    const session = await signInHttp(url, username, password);
    const targets = await discoverTargets(url, token);
    if (targets.openItems.length < connections) throw new Error(`only ${targets.openItems.length} open items for ${connections} writers`);
    const requests = autocannonMix(targets, { token, cookie: session.cookie });
    console.log(`soak: ${minutes} × ${period} s, ${connections} connections, mix of pages 40% / API reads 40% / status updates 20%, on ${url}`);
    const start = await stats();
    console.log(`start      rss ${mb(start.rss)} MB  heap ${mb(start.heapUsed)} MB  handles ${start.handles}  fds ${start.fds}`);
    console.log('minute  requests   req/s   p50 ms  p99 ms  failed   rss MB  heap MB  handles  fds');
    const rows: (Stats & { fds: number; failed: number; requests: number })[] = [];
    for (let minute = 1; minute <= minutes; minute++) {
      await refreshVersions(url, token, targets);
      const result = await autocannon({ url, connections, duration: period, requests });
      const failed = result.non2xx + result.errors + result.timeouts;
      // Let the load's connections finish closing: what stays open after that is what counts.
      // RSS is the lowest of three samples a second apart (after a full GC each): a leak raises
      // that floor, while the allocator's passing peaks do not.
      await new Promise((r) => setTimeout(r, 2000));
      const samples: (Stats & { fds: number })[] = [];
      for (let i = 0; i < 3; i++) {
        if (i) await new Promise((r) => setTimeout(r, 1000));
        samples.push(await stats());
      }
      const s = { ...samples.at(-1)!, rss: Math.min(...samples.map((x) => x.rss)) };
      rows.push({ ...s, failed, requests: result.requests.total });
      console.log(
        `${String(minute).padStart(6)}  ${String(result.requests.total).padStart(8)}  ${result.requests.average.toFixed(0).padStart(6)}  ${String(result.latency.p50).padStart(7)}  ${String(result.latency.p99).padStart(6)}  ${String(failed).padStart(6)}  ${mb(s.rss).padStart(7)}  ${mb(s.heapUsed).padStart(7)}  ${String(s.handles).padStart(7)}  ${String(s.fds).padStart(4)}`,
      );
      if (failed) console.log(`        failures: non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts} ${JSON.stringify(result.statusCodeStats ?? {})}`);
    }
    const after = rows.slice(1);
    const spread = (pick: (r: Stats & { fds: number }) => number) => {
      const list = after.map(pick);
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      return { min: Math.min(...list), max: Math.max(...list), mean, dev: Math.max(...list.map((v) => Math.abs(v - mean) / mean)) };
    };
    const figures = { rss: spread((r) => r.rss), heap: spread((r) => r.heapUsed), handles: spread((r) => r.handles), fds: spread((r) => r.fds) };
    const total = rows.reduce((a, r) => a + r.requests, 0);
    const failed = rows.reduce((a, r) => a + r.failed, 0);
    console.log(`\nafter warm-up (minutes 2–${minutes}), largest deviation from the mean:`);
    console.log(`  rss ${mb(figures.rss.min)}–${mb(figures.rss.max)} MB (±${(figures.rss.dev * 100).toFixed(1)}%)`);
    console.log(`  heap ${mb(figures.heap.min)}–${mb(figures.heap.max)} MB (±${(figures.heap.dev * 100).toFixed(1)}%)`);
    console.log(`  handles ${figures.handles.min}–${figures.handles.max} (±${(figures.handles.dev * 100).toFixed(1)}%), open files ${figures.fds.min}–${figures.fds.max} (±${(figures.fds.dev * 100).toFixed(1)}%)`);
    console.log(`  ${total} requests, ${failed} failed`);
    const drifted = Object.entries(figures).filter(([, f]) => f.dev > TOLERANCE).map(([name]) => name);
    if (failed || drifted.length) {
      console.log(`soak FAILED: ${failed} failed requests${drifted.length ? `; beyond ±${TOLERANCE * 100}%: ${drifted.join(', ')}` : ''}`);
      process.exitCode = 1;
    } else {
      console.log(`soak passed: no request failed; memory and handles within ±${TOLERANCE * 100}% after warm-up`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`soak FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

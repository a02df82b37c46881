// How long the dashboard takes to build on the demo data: `npm run bench [RUNS]` (default 200).
// Builds the app on a fresh temporary demo database, then times, after a warm-up, (1) the
// dashboard service's build, (2) the same plus its SVG charts, and (3) the whole page `GET /`
// for a signed-in leader through the HTTP layer (routing, auth, templates). Prints the median,
// 95th percentile and worst run of each. The budget (issue 5) is 50 ms for the build.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import app from '../server/app.js';
import { dashboardCharts } from '../server/charts/dashboard.js';
import { loadConfig } from '../server/config.js';

const BUDGET_MS = 50;
const runs = Math.max(Number(process.argv[2] ?? 200) || 200, 5);
const dir = mkdtempSync(join(tmpdir(), 'sgyy-bench-'));

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

async function time(label: string, fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  const s = stats(samples);
  console.log(`${label.padEnd(34)} median ${s.median.toFixed(2)} ms   p95 ${s.p95.toFixed(2)} ms   max ${s.max.toFixed(2)} ms`);
  return s;
}

const server = Fastify({ logger: false });
try {
  const config = loadConfig({ DATABASE_PATH: join(dir, 'bench.db'), DEMO_DATA: 'true', LOG_LEVEL: 'silent', TODAY: process.env.TODAY ?? '' });
  await server.register(fp(app), { config });
  await server.ready();
  const counts = server.db.$client
    .prepare('SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM handovers) AS h, (SELECT count(*) FROM items) AS i')
    .get() as { e: number; h: number; i: number };
  console.log(`Demo database as of ${server.clock.today()}: ${counts.e} enterprises, ${counts.h} handovers, ${counts.i} items; ${runs} runs each.\n`);

  const build = await time('dashboard.build()', () => server.services.dashboard.build());
  await time('dashboard.build() + charts', () => dashboardCharts(server.services.dashboard.build(), 'zh-CN'));
  await time('dashboard.build({ serviceLine })', () => server.services.dashboard.build({ serviceLine: 'water' }));

  const leader = server.setup.credentials.find((c) => c.role === 'leader');
  if (leader?.password) {
    const signed = await server.services.accounts.signIn(leader.username, leader.password, '127.0.0.1', 'bench');
    if (signed.ok) {
      const cookie = `sid=${signed.token}`;
      await time('GET / (whole page, signed in)', async () => {
        const res = await server.inject({ method: 'GET', url: '/', headers: { cookie } });
        if (res.statusCode !== 200) throw new Error(`GET / answered ${res.statusCode}`);
      });
    }
  }
  console.log(`\nBudget: ${BUDGET_MS} ms for the build — ${build.median < BUDGET_MS ? 'met' : 'EXCEEDED'} (median ${build.median.toFixed(2)} ms).`);
  if (build.median >= BUDGET_MS) process.exitCode = 1;
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

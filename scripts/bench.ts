// npm run bench -- [--scale demo|district|city|national] [--db FILE] [--duration S] [--connections N]
//
// Starts the real server (a child process, as in production) on a copy of a generated database
// (`npm run generate`, made first when missing; the demo database for --scale demo) and prints one
// table: for each page, export and API list, the bytes of a response, requests per second at N
// connections (default 16), p50/p99 latency at 1 and at N connections, errors, and the throughput
// against the static file /static/app.css measured in the same run; the dashboard also with a write
// arriving every second (its reuse must stay correct); N concurrent status updates (2xx/409/5xx,
// p99); the cold start (spawn to the first dashboard answered) and the server's peak RSS. It ends by
// recomputing the dashboard's figures with plain SQL written here and comparing them with what the
// server's own services compute, so no speed comes from wrong numbers (exit 1 when they differ).
import autocannon from 'autocannon';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../server/config.js';
import { withTracker, type Tracker } from '../server/services/open.js';
import { root, startServer, type RunningServer } from './lib/server-process.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'demo' },
    db: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
  },
});
const scale = values.scale!;
const duration = Math.max(2, Number(values.duration) || 10);
const connections = Math.max(2, Number(values.connections) || 16);
if (!['demo', 'district', 'city', 'national'].includes(scale)) {
  console.error('--scale must be demo, district, city or national');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'sgyy-bench-'));
const dbPath = join(work, 'tracker.db');
if (scale !== 'demo') {
  const source = resolve(values.db ?? join(root, 'data', `generated-${scale}.db`));
  if (!existsSync(source)) {
    console.log(`${source} is missing: generating it (npm run generate -- --scale ${scale})`);
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--scale', scale, '--out', source], { cwd: root, stdio: 'inherit' });
    if (made.status !== 0) process.exit(1);
  }
  copyFileSync(source, dbPath);
}
const env = { DATABASE_PATH: dbPath, DATA_DIR: work, DEMO_DATA: scale === 'demo' ? 'true' : 'false', LOG_LEVEL: 'warn', SCHEDULER: 'off' };

// ---- prepare: accounts with sessions, an API token, the records to ask for ----
interface Plan {
  cookies: Record<'leader' | 'staff' | 'office', string>;
  token: string;
  enterpriseId: number;
  meetingId: number;
  packMonth: string;
  packMeetings: number;
  updates: { id: number; version: number; status: string }[];
  counts: Record<string, number>;
}

async function prepare(): Promise<Plan> {
  return withTracker(loadConfig(env), async ({ db, services }: Tracker) => {
    const q = <T>(text: string, ...params: unknown[]) => db.$client.prepare(text).get(...params) as T;
    const all = <T>(text: string, ...params: unknown[]) => db.$client.prepare(text).all(...params) as T[];
    const actor = { userId: null, username: 'bench', ip: null };
    // The staff member belongs to the group with the most open items (the longest /my).
    const busiest = q<{ id: number }>("SELECT group_id AS id FROM items WHERE status <> 'closed' GROUP BY group_id ORDER BY count(*) DESC LIMIT 1").id;
    const cookies = {} as Plan['cookies'];
    let token = '';
    for (const role of ['leader', 'staff', 'office'] as const) {
      const username = `bench-${role}`;
      let user = services.accounts.findByUsername(username);
      if (!user) {
        await services.accounts.create(actor, { username, displayName: `压测${role}`, role, groupIds: role === 'staff' ? [busiest] : [] }, 'bench-password-1');
        user = services.accounts.findByUsername(username)!;
      }
      cookies[role] = `sid=${services.accounts.startSession(user.id, { ip: '127.0.0.1', userAgent: 'bench' }).token}`;
      if (role === 'office') token = services.accounts.createToken(actor, user.id, 'bench');
    }
    const enterpriseId = q<{ id: number }>('SELECT enterprise_id AS id FROM handovers GROUP BY enterprise_id ORDER BY count(*) DESC LIMIT 1').id;
    const meetingId = q<{ id: number }>(
      "SELECT m.id FROM meetings m JOIN items i ON i.meeting_id = m.id WHERE m.minutes_status = 'issued' GROUP BY m.id ORDER BY count(*) DESC, m.id LIMIT 1",
    ).id;
    const pack = q<{ month: string; n: number }>(
      "SELECT substr(starts_at, 1, 7) AS month, count(*) AS n FROM meetings WHERE status = 'held' GROUP BY month ORDER BY n DESC, month DESC LIMIT 1",
    );
    const updates = all<{ id: number; version: number; status: string }>(
      `SELECT id, version, status FROM items WHERE status IN ('notStarted', 'inProgress') ORDER BY id LIMIT ${connections * 4}`,
    );
    const counts = q<Record<string, number>>(
      'SELECT (SELECT count(*) FROM enterprises) AS enterprises, (SELECT count(*) FROM handovers) AS handovers, (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM meetings) AS meetings',
    );
    return { cookies, token, enterpriseId, meetingId, packMonth: pack.month, packMeetings: pack.n, updates, counts };
  });
}

// ---- measuring ----
interface Row {
  name: string;
  bytes: number;
  rps: number;
  p50one: number;
  p99one: number;
  p50many: number;
  p99many: number;
  errors: number;
  ratio?: number;
  note?: string;
}

async function load(url: string, headers: Record<string, string>, conns: number, seconds: number) {
  const result = await autocannon({ url, connections: conns, duration: seconds, headers, timeout: 120 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function measure(server: RunningServer, name: string, path: string, headers: Record<string, string>, options: { during?: () => () => void } = {}): Promise<Row> {
  const url = `${server.url}${path}`;
  const first = await fetch(url, { headers });
  const body = Buffer.from(await first.arrayBuffer());
  if (first.status !== 200) throw new Error(`${name}: ${path} answered ${first.status}`);
  const one = await load(url, headers, 1, Math.max(2, duration / 2));
  const stop = options.during?.();
  const many = await load(url, headers, connections, duration);
  stop?.();
  const row = { name, bytes: body.length, rps: many.rps, p50one: one.p50, p99one: one.p99, p50many: many.p50, p99many: many.p99, errors: one.errors + many.errors };
  console.error(`  ${name}: ${row.rps.toFixed(1)} req/s, p99 ${row.p99one} ms at 1`);
  return row;
}

/** One status update per second through the API, while something else is measured. */
function writer(server: RunningServer, plan: Plan, counts: { ok: number; conflict: number; failed: number }) {
  const item = { ...plan.updates.at(-1)! };
  const timer = setInterval(async () => {
    const next = item.status === 'inProgress' ? 'notStarted' : 'inProgress';
    const res = await fetch(`${server.url}/api/v1/items/${item.id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plan.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: next, note: '压测：每秒一次的状态更新', version: item.version }),
    });
    if (res.status === 200) {
      const after = (await res.json()) as { version: number; status: string };
      Object.assign(item, { version: after.version, status: after.status });
      counts.ok += 1;
    } else if (res.status === 409) {
      const current = ((await res.json()) as { current?: { version: number; status: string } }).current;
      if (current) Object.assign(item, { version: current.version, status: current.status });
      counts.conflict += 1;
    } else counts.failed += 1;
  }, 1000);
  return () => clearInterval(timer);
}

/** N writers, each updating its own items' status as fast as answers come, for the duration. */
async function statusUpdates(server: RunningServer, plan: Plan) {
  const latencies: number[] = [];
  const counts = { ok: 0, conflict: 0, failed: 0 };
  const until = performance.now() + duration * 1000;
  const items = plan.updates.slice(0, connections * 3).map((u) => ({ ...u }));
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      let turn = 0;
      while (performance.now() < until) {
        // Writers share items now and then (every third turn), so conflicts are met and counted.
        const item = items[turn % 3 === 2 ? (w + 1) % items.length : w + connections * (turn % 2)]!;
        turn += 1;
        const next = item.status === 'inProgress' ? 'notStarted' : 'inProgress';
        const started = performance.now();
        const res = await fetch(`${server.url}/api/v1/items/${item.id}/status`, {
          method: 'POST',
          headers: { authorization: `Bearer ${plan.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status: next, note: '压测状态更新', version: item.version }),
        });
        const text = await res.text();
        latencies.push(performance.now() - started);
        if (res.status === 200) {
          const after = JSON.parse(text) as { version: number; status: string };
          Object.assign(item, { version: after.version, status: after.status });
          counts.ok += 1;
        } else if (res.status === 409) {
          const current = (JSON.parse(text) as { current?: { version: number; status: string } }).current;
          if (current) Object.assign(item, { version: current.version, status: current.status });
          counts.conflict += 1;
        } else counts.failed += 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ...counts, rps: latencies.length / duration, p50: at(0.5), p99: at(0.99) };
}

const peakRss = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

// ---- the figures, recomputed with plain SQL ----
async function checkFigures(): Promise<string[]> {
  return withTracker(loadConfig(env), ({ db, services, clock }: Tracker) => {
    const n = (text: string, ...params: unknown[]) => db.$client.prepare(text).pluck().get(...params) as number;
    const today = clock.today();
    const month = today.slice(0, 7);
    const d = services.dashboard.build();
    const wrong: string[] = [];
    const expect = (what: string, shown: number, counted: number) => {
      if (shown !== counted) wrong.push(`${what}: the dashboard says ${shown}, plain SQL counts ${counted}`);
    };
    expect('enterprises', d.totals.enterprises, n('SELECT count(*) FROM enterprises'));
    expect('compounds', d.totals.compounds, n('SELECT count(*) FROM compounds'));
    expect('households', d.totals.households, n('SELECT coalesce(sum(households), 0) FROM compounds'));
    expect('handovers', d.totals.handovers, n('SELECT count(*) FROM handovers'));
    expect('open items', d.totals.openItems, n("SELECT count(*) FROM items WHERE status <> 'closed'"));
    expect('overdue items', d.totals.overdueItems, n("SELECT count(*) FROM items WHERE status NOT IN ('done', 'closed') AND due_date < ?", today));
    expect(
      'handovers with a late stage',
      d.totals.lateHandovers,
      n('SELECT count(DISTINCT handover_id) FROM handover_stages WHERE actual_date IS NULL AND planned_date < ?', today),
    );
    const first = `${month}-01`;
    const changes = Object.fromEntries(d.changes.rows.map((r) => [r.key, r.thisMonth]));
    expect('items added this month', changes.added!, n("SELECT count(*) FROM items WHERE date(created_at, '+8 hours') >= ? AND date(created_at, '+8 hours') < date(?, '+1 month')", first, first));
    expect('items closed this month', changes.closed!, n("SELECT count(*) FROM items WHERE closed_on >= ? AND closed_on < date(?, '+1 month')", first, first));
    expect('stages done this month', changes.stagesDone!, n("SELECT count(*) FROM handover_stages WHERE actual_date >= ? AND actual_date < date(?, '+1 month')", first, first));
    expect('agreements signed this month', changes.agreementsSigned!, n("SELECT count(*) FROM agreements WHERE signed_on >= ? AND signed_on < date(?, '+1 month')", first, first));
    // Per service line: handovers, and how many reached each stage (a stage done, or a later one).
    for (const line of d.funnel ?? []) {
      const l = line as { serviceLine: string; handovers: number; stages: { stage: string; reached: number }[] };
      expect(`${l.serviceLine} handovers`, l.handovers, n('SELECT count(*) FROM handovers WHERE service_line = ?', l.serviceLine));
      for (const s of l.stages) {
        expect(
          `${l.serviceLine} reached ${s.stage}`,
          s.reached,
          n(
            `SELECT count(*) FROM handovers h JOIN handover_stages x ON x.handover_id = h.id AND x.stage = ?
              WHERE h.service_line = ? AND EXISTS (SELECT 1 FROM handover_stages y WHERE y.handover_id = h.id AND y.position >= x.position AND y.actual_date IS NOT NULL)`,
            s.stage,
            l.serviceLine,
          ),
        );
      }
    }
    return wrong;
  });
}

// ---- the run ----
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);

const plan = await prepare();
console.log(`Bench (${scale}): ${Object.entries(plan.counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}; ${connections} connections, ${duration} s per run.`);

const spawnedAt = performance.now();
const server = await startServer(env, { timeoutMs: 600_000 });
const listening = performance.now() - spawnedAt;
const firstDashboard = await fetch(`${server.url}/`, { headers: { cookie: plan.cookies.leader } });
await firstDashboard.arrayBuffer();
const coldStart = performance.now() - spawnedAt;
if (firstDashboard.status !== 200) throw new Error(`the first dashboard answered ${firstDashboard.status}`);

const rows: Row[] = [];
let wrong: string[] = [];
try {
  const leader = { cookie: plan.cookies.leader };
  const staff = { cookie: plan.cookies.staff };
  const bearer = { authorization: `Bearer ${plan.token}` };
  const stat = await measure(server, '/static/app.css', '/static/app.css', {});
  rows.push(stat);
  const background = { ok: 0, conflict: 0, failed: 0 };
  const pages: [string, string, Record<string, string>, boolean?][] = [
    ['/ dashboard', '/', leader],
    ['/ dashboard, a write every second', '/', leader, true],
    ['/?serviceLine=water', '/?serviceLine=water', leader],
    ['/items (overdue first)', '/items', leader],
    ['/items?overdue=1', '/items?overdue=1', leader],
    ['/handovers', '/handovers', leader],
    ['/enterprises', '/enterprises', leader],
    ['/enterprises/:id (largest)', `/enterprises/${plan.enterpriseId}`, leader],
    ['/my (staff)', '/my', staff],
    ['/meetings', '/meetings', leader],
    ['/api/v1/items?pageSize=100', '/api/v1/items?pageSize=100', bearer],
    ['one 纪要 DOCX', `/meetings/${plan.meetingId}/minutes.docx`, leader],
  ];
  for (const [name, path, headers, withWrites] of pages) {
    rows.push(await measure(server, name, path, headers, withWrites ? { during: () => writer(server, plan, background) } : {}));
  }
  // The ledger of every handover, timed alone once (16 at a time would be 16 exports of 100,000 rows).
  const ledgerStarted = performance.now();
  const ledger = await fetch(`${server.url}/ledger.xlsx`, { headers: leader });
  const ledgerBytes = ledger.status === 200 ? (await ledger.arrayBuffer()).byteLength : 0;
  const ledgerMs = performance.now() - ledgerStarted;

  // The monthly pack of the month with the most meetings, timed alone (once: at national size it takes long).
  const packTimes: number[] = [];
  let packBytes = 0;
  for (let i = 0; i < 1; i++) {
    const started = performance.now();
    const res = await fetch(`${server.url}/minutes/monthly/${plan.packMonth}.docx`, { headers: leader });
    packBytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`the monthly pack answered ${res.status}`);
    packTimes.push(performance.now() - started);
  }
  const updates = await statusUpdates(server, plan);
  const rss = peakRss(server.child.pid!);

  for (const row of rows) row.ratio = row.rps / stat.rps;
  console.log('');
  console.log(`| what | bytes | req/s at ${connections} | × static | p50 / p99 at 1 (ms) | p50 / p99 at ${connections} (ms) | errors |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${kb(r.bytes)} | ${fmt(r.rps, 1)} | ${r === stat ? '1' : fmt(r.ratio!, 3)} | ${r.p50one} / ${r.p99one} | ${r.p50many} / ${r.p99many} | ${r.errors} |`);
  }
  if (ledgerBytes) console.log(`| /ledger.xlsx (every handover), alone | ${kb(ledgerBytes)} | — | — | ${fmt(ledgerMs)} (one run) | — | 0 |`);
  console.log(`| monthly pack ${plan.packMonth} (${plan.packMeetings} meetings), alone | ${kb(packBytes)} | — | — | ${packTimes.map((x) => fmt(x)).join(' / ')} (one run) | — | 0 |`);
  console.log(
    `| status updates, ${connections} writers | — | ${fmt(updates.rps, 1)} | — | — | ${fmt(updates.p50, 1)} / ${fmt(updates.p99, 1)} | ${updates.failed} × 5xx (${updates.ok} × 2xx, ${updates.conflict} × 409) |`,
  );
  console.log('');
  console.log(`Cold start: listening after ${fmt(listening)} ms, first dashboard answered after ${fmt(coldStart)} ms. Peak RSS of the server: ${fmt(rss)} MB.`);
  console.log(`Background writes during the dashboard run: ${background.ok} × 200, ${background.conflict} × 409, ${background.failed} other.`);
  if (updates.failed || rows.some((r) => r.errors)) process.exitCode = 1;
} finally {
  await server.stop();
}
wrong = await checkFigures();
if (wrong.length) {
  console.log(`\nFIGURES WRONG:\n${wrong.map((w) => `  ${w}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('\nFigures checked: the dashboard’s totals, this month’s changes and every line’s stage counts equal plain SQL.');
}
rmSync(work, { recursive: true, force: true });

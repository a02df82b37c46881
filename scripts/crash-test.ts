// npm run test:crash [-- --rounds 10] [--keep] — kill -9 at random moments loses nothing acknowledged.
//
// Starts the real server on a fresh demo database, drives concurrent writes through it (status
// updates and new items through the API, meeting edits, attachment uploads through the form),
// records every write the server acknowledged, SIGKILLs the server at a random moment, starts it
// again, and checks: every acknowledged write is there, `PRAGMA integrity_check` is ok, no
// attachment file without its row nor row without its file (nor a partial upload), and
// `npm run audit:verify` passes. Repeats for the rounds asked; exit code 1 on the first loss.
import { randomBytes, createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../db/client.js';
import { discoverTargets, newItemBody, statusUpdateBody, type OwnedItem } from './lib/load-mix.js';
import { prepareDatabase, root, signInHttp, startServer, type RunningServer } from './lib/server-process.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, keep: { type: 'boolean', default: false } } });
const rounds = Math.max(1, Number(values.rounds) || 10);
const dir = mkdtempSync(join(tmpdir(), 'sgyy-crash-'));
const env = { DATABASE_PATH: join(dir, 'tracker.db'), TODAY: '2018-04-25', LOG_LEVEL: 'warn', SHUTDOWN_GRACE_SECONDS: '5' };

/** What the server acknowledged (2xx or the form's 303), to look for after each crash. */
const acknowledged = {
  notes: [] as { id: number; version: number; note: string }[],
  newItems: new Set<string>(),
  meetings: new Map<number, { version: number; place: string }>(),
  attachments: new Set<string>(),
};
let writesAcknowledged = 0;
/** Answers no writer should get from a running server (a 500, a 409 …). */
const unexpected: string[] = [];
class Refused extends Error {}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs concurrent writers until the server stops answering. */
async function drive(server: RunningServer, token: string, session: { cookie: string; csrf: string }, round: number) {
  const api = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const targets = await discoverTargets(server.url, token);
  const meetings = ((await (await fetch(`${server.url}/api/v1/meetings?pageSize=100`, { headers: api })).json()) as { rows: { id: number; version: number; status: string }[] }).rows;
  const documents = readDocumentIds();
  let alive = true;
  // A writer stops when the server is gone (the request fails) or answers what it should not.
  const guard = async (fn: () => Promise<void>) => {
    while (alive) {
      try {
        await fn();
      } catch (error) {
        if (error instanceof Refused && alive) unexpected.push(error.message);
        return;
      }
    }
  };

  const statusWriter = (item: OwnedItem, n: number) =>
    guard(async () => {
      const note = `崩溃测试 第${round}轮 写者${n} ${randomBytes(3).toString('hex')}`;
      const res = await fetch(`${server.url}/api/v1/items/${item.id}/status`, { method: 'POST', headers: api, body: JSON.stringify({ ...JSON.parse(statusUpdateBody(item, 0)), note }) });
      const body = (await res.json()) as { version?: number };
      if (res.status !== 200) throw new Refused(`status update answered ${res.status}`);
      item.version = body.version!;
      acknowledged.notes.push({ id: item.id, version: item.version, note });
      writesAcknowledged++;
    });
  const creator = (n: number) =>
    guard(async () => {
      const title = `崩溃测试新事项 ${round}-${n}-${randomBytes(4).toString('hex')}`;
      const res = await fetch(`${server.url}/api/v1/items`, { method: 'POST', headers: api, body: newItemBody(targets.groupId, title) });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Refused(`new item answered ${res.status}`);
      acknowledged.newItems.add(title);
      writesAcknowledged++;
    });
  const meetingEditor = (meeting: { id: number; version: number }) =>
    guard(async () => {
      const place = `第${round}轮会议室 ${randomBytes(3).toString('hex')}`;
      const res = await fetch(`${server.url}/api/v1/meetings/${meeting.id}`, { method: 'PATCH', headers: api, body: JSON.stringify({ place, version: meeting.version }) });
      const body = (await res.json()) as { version?: number };
      if (res.status !== 200) throw new Refused(`meeting edit answered ${res.status}`);
      meeting.version = body.version!;
      acknowledged.meetings.set(meeting.id, { version: meeting.version, place });
      writesAcknowledged++;
    });
  const uploader = (documentId: number) =>
    guard(async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64 * 1024)]);
      const form = new FormData();
      form.set('_csrf', session.csrf);
      form.set('file', new Blob([png], { type: 'image/png' }), 'scan.png');
      const res = await fetch(`${server.url}/documents/${documentId}/attachment`, { method: 'POST', headers: { cookie: session.cookie }, body: form, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== 303) throw new Refused(`upload answered ${res.status}`);
      acknowledged.attachments.add(createHash('sha256').update(png).digest('hex'));
      writesAcknowledged++;
    });

  const editable = meetings.filter((m) => m.status !== 'cancelled').slice(0, 2);
  const work = [
    ...targets.openItems.slice(0, 6).map((item, n) => statusWriter(item, n)),
    creator(1),
    creator(2),
    ...editable.map((m) => meetingEditor(m)),
    uploader(documents[0]!),
  ];
  // Kill at a random moment while the writers run.
  await pause(300 + Math.random() * 2200);
  server.child.kill('SIGKILL');
  await server.exited;
  alive = false;
  await Promise.all(work);
}

function readDocumentIds(): number[] {
  const db = openDb(env.DATABASE_PATH, { readonly: true });
  try {
    return db.$client.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
  } finally {
    db.$client.close();
  }
}

/** Every acknowledged write present, the database sound, no orphan, the audit chain intact. */
function check(): string[] {
  const problems: string[] = [];
  const db = openDb(env.DATABASE_PATH, { readonly: true });
  try {
    const q = db.$client;
    const integrity = q.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    for (const { id, ...ack } of acknowledged.notes) {
      const version = q.prepare('SELECT version FROM items WHERE id = ?').pluck().get(id) as number;
      if (!(version >= ack.version)) problems.push(`item ${id} is at version ${version}, acknowledged ${ack.version}`);
      if (!q.prepare('SELECT 1 FROM item_updates WHERE item_id = ? AND note = ?').get(id, ack.note)) problems.push(`item ${id}: acknowledged note "${ack.note}" is missing`);
    }
    for (const title of acknowledged.newItems) {
      if (q.prepare('SELECT count(*) FROM items WHERE title = ?').pluck().get(title) !== 1) problems.push(`new item "${title}" is missing`);
    }
    for (const [id, ack] of acknowledged.meetings) {
      const row = q.prepare('SELECT version, place FROM meetings WHERE id = ?').get(id) as { version: number; place: string };
      if (row.version < ack.version || (row.version === ack.version && row.place !== ack.place)) problems.push(`meeting ${id}: acknowledged version ${ack.version} (${ack.place}) but found ${row.version} (${row.place})`);
    }
    const files = join(dir, 'attachments');
    for (const sha of acknowledged.attachments) {
      if (!q.prepare('SELECT 1 FROM attachments WHERE sha256 = ?').get(sha)) problems.push(`attachment ${sha}: row missing`);
    }
    for (const sha of q.prepare('SELECT DISTINCT sha256 FROM attachments').pluck().all() as string[]) {
      if (!existsSync(join(files, sha.slice(0, 2), sha))) problems.push(`attachment ${sha}: file missing`);
    }
    const stored = new Set(q.prepare('SELECT DISTINCT sha256 FROM attachments').pluck().all() as string[]);
    if (existsSync(files)) {
      for (const name of readdirSync(files, { recursive: true }).map(String)) {
        const base = name.split('/').pop()!;
        if (base.endsWith('.part')) problems.push(`partial upload left: ${name}`);
        else if (/^[0-9a-f]{64}$/.test(base) && !stored.has(base)) problems.push(`orphan attachment file: ${name}`);
      }
    }
  } finally {
    db.$client.close();
  }
  const audit = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (audit.status !== 0) problems.push(`npm run audit:verify: ${audit.stdout.trim()} ${audit.stderr.trim()}`);
  return problems;
}

async function main() {
  const { username, password, token } = await prepareDatabase(env);
  console.log(`crash test: ${rounds} round(s) on ${env.DATABASE_PATH}`);
  for (let round = 1; round <= rounds; round++) {
    const server = await startServer(env);
    if (round > 1) {
      // The restarted server swept what the crash left; now everything acknowledged must be there.
      const problems = check();
      if (problems.length) {
        await server.stop('SIGKILL');
        throw new Error(`after crash ${round - 1}: ${problems.length} problem(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
      }
    }
    const session = await signInHttp(server.url, username, password);
    const before = writesAcknowledged;
    await drive(server, token, session, round);
    if (unexpected.length) throw new Error(`round ${round}: the running server refused writes: ${unexpected.join('; ')}`);
    console.log(`round ${round}: ${writesAcknowledged - before} writes acknowledged, then kill -9`);
  }
  const last = await startServer(env);
  const problems = check();
  const stopped = await last.stop('SIGTERM');
  if (problems.length) throw new Error(`after crash ${rounds}: ${problems.length} problem(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
  if (stopped.code !== 0) throw new Error(`the last server did not stop cleanly (${JSON.stringify(stopped)})`);
  console.log(
    `crash test passed: ${rounds} kill -9, ${writesAcknowledged} acknowledged writes (${acknowledged.notes.length} status updates, ${acknowledged.newItems.size} new items, ` +
      `${acknowledged.meetings.size} meetings' last edits, ${acknowledged.attachments.size} attachments) all present; integrity ok; no orphan; audit chain intact`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(`crash test FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  });

// npm run page-sizes -- --db FILE: every page of the README's page table (lists, one record of
// each kind — the largest —, the edit forms) on a database, as an office user in process:
// status, bytes and time of each. Prints the pages over 200 KB (the budget of issue 11). For
// checking that no page grows with the data on a generated national database.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import app from '../server/app.js';
import { loadConfig } from '../server/config.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, budget: { type: 'string', default: '200' } } });
if (!values.db) {
  console.error('--db FILE is required (a database made by npm run generate)');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'sgyy-sizes-'));
const path = join(work, 'tracker.db');
copyFileSync(resolve(values.db), path);
const server = Fastify({ logger: false, pluginTimeout: 0 });
await server.register(fp(app), { config: loadConfig({ DATABASE_PATH: path, DATA_DIR: work, DEMO_DATA: 'false', LOG_LEVEL: 'silent', SCHEDULER: 'off' }) });
await server.ready();
const q = (text: string) => server.db.$client.prepare(text).pluck().get() as number;
const actor = { userId: null, username: 'sizes', ip: null };
const cookies: Record<string, string> = {};
for (const role of ['office', 'admin', 'staff'] as const) {
  const username = `sizes-${role}`;
  let user = server.services.accounts.findByUsername(username);
  if (!user) {
    const busiest = q("SELECT group_id FROM items GROUP BY group_id ORDER BY count(*) DESC LIMIT 1");
    await server.services.accounts.create(actor, { username, displayName: username, role, groupIds: role === 'staff' ? [busiest] : [] }, 'sizes-password-1');
    user = server.services.accounts.findByUsername(username)!;
  }
  cookies[role] = `sid=${server.services.accounts.startSession(user.id, { ip: null, userAgent: 'sizes' }).token}`;
}
const ids = {
  enterprise: q('SELECT enterprise_id FROM handovers GROUP BY enterprise_id ORDER BY count(*) DESC LIMIT 1'),
  handover: q('SELECT handover_id FROM items WHERE handover_id IS NOT NULL GROUP BY handover_id ORDER BY count(*) DESC LIMIT 1'),
  agreement: q('SELECT agreement_id FROM agreement_handovers GROUP BY agreement_id ORDER BY count(*) DESC LIMIT 1'),
  item: q('SELECT item_id FROM item_updates GROUP BY item_id ORDER BY count(*) DESC LIMIT 1'),
  group: q('SELECT group_id FROM items GROUP BY group_id ORDER BY count(*) DESC LIMIT 1'),
  meeting: q('SELECT meeting_id FROM items WHERE meeting_id IS NOT NULL GROUP BY meeting_id ORDER BY count(*) DESC LIMIT 1'),
  series: q('SELECT series_id FROM meetings WHERE series_id IS NOT NULL GROUP BY series_id ORDER BY count(*) DESC LIMIT 1'),
  compound: q('SELECT compound_id FROM handovers GROUP BY compound_id ORDER BY count(*) DESC LIMIT 1'),
};
const pages: [string, string][] = [
  ['office', '/'], ['office', '/?level=central'], ['office', '/enterprises'], ['office', `/enterprises/${ids.enterprise}`], ['office', '/handovers'],
  ['office', `/handovers/${ids.handover}`], ['office', '/agreements'], ['office', `/agreements/${ids.agreement}`], ['office', '/items'],
  ['office', '/items?overdue=1'], ['office', `/items/${ids.item}`], ['staff', '/my'], ['office', '/groups'], ['office', `/groups/${ids.group}`],
  ['office', '/meetings'], ['office', `/meetings/${ids.meeting}`], ['office', `/meeting-series/${ids.series}`], ['office', '/documents'], ['office', '/policy-deadlines'],
  ['office', '/lead-units'], ['office', '/profile'], ['admin', '/admin/users'], ['admin', '/admin/audit'], ['admin', '/admin/settings'],
  ['office', '/enterprises/new'], [`office`, `/enterprises/${ids.enterprise}/edit`], ['office', '/compounds/new'], ['office', `/compounds/${ids.compound}/edit`],
  ['office', '/handovers/new'], ['office', `/handovers/${ids.handover}/edit`], ['office', '/agreements/new'], ['office', `/agreements/${ids.agreement}/edit`],
  ['office', '/items/new'], ['office', `/items/${ids.item}/edit`], ['office', '/groups/new'], ['office', `/groups/${ids.group}/edit`],
  ['office', '/meetings/new'], ['office', `/meetings/${ids.meeting}/edit`], ['office', '/meeting-series/new'], ['office', '/documents/new'],
  ['office', '/api/v1/items?pageSize=100'], ['office', '/api/v1/handovers?pageSize=100'],
];
const budget = Number(values.budget) * 1024;
const over: string[] = [];
console.log('| page | as | status | bytes | ms |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const [role, url] of pages) {
  const started = performance.now();
  const res = await server.inject({ method: 'GET', url, headers: { cookie: cookies[role]! } });
  const ms = performance.now() - started;
  const bytes = res.rawPayload.length;
  console.log(`| ${url} | ${role} | ${res.statusCode} | ${(bytes / 1024).toFixed(1)} KB | ${ms.toFixed(0)} |`);
  if (bytes > budget) over.push(`${url}: ${(bytes / 1024).toFixed(0)} KB`);
}
await server.close();
rmSync(work, { recursive: true, force: true });
if (over.length) {
  console.log(`\nOver ${values.budget} KB:\n${over.map((o) => `  ${o}`).join('\n')}`);
  process.exitCode = 1;
} else console.log(`\nEvery page is under ${values.budget} KB.`);

// npm run generate -- --scale district|city|national [--seed N] [--out FILE] [--force]
// Builds a deterministic synthetic database through the app's own migrations (scripts/generate-data.ts),
// for benchmarks and for trying the tracker at a province's or the whole country's size.
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrateDb, openDb } from '../db/client.js';
import { GENERATED_TODAY, generateData, SCALES, type ScaleName } from './generate-data.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'district' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});
const scale = values.scale as ScaleName;
if (!(scale in SCALES)) {
  console.error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  process.exit(1);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error('--seed must be a whole number');
  process.exit(1);
}
const out = values.out ?? `./data/generated-${scale}.db`;
if (existsSync(out)) {
  if (!values.force) {
    console.error(`${out} exists: choose another --out, or add --force to replace it`);
    process.exit(1);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(out + suffix, { force: true });
}

const started = Date.now();
const db = openDb(out);
db.$client.pragma('synchronous = OFF');
migrateDb(db);
const tty = process.stderr.isTTY;
let lastLine = '';
const counts = generateData(db.$client, {
  scale,
  seed,
  progress: (step, done) => {
    const width = 30;
    const filled = Math.round(done * width);
    const line = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round(done * 100)).padStart(3)}% ${step}`;
    if (tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (line.split('%')[0] !== lastLine.split('%')[0] && Math.round(done * 100) % 10 === 0) process.stderr.write(`${line}\n`);
    lastLine = line;
  },
});
// A generated district is a demo as of its own day: the server's clock is pinned to it and the
// demo's accounts are made on the first start (as with DEMO_DATA on a new database).
db.$client
  .prepare("INSERT OR REPLACE INTO app_meta (key, value) VALUES ('demoToday', ?), ('initializedAt', ?), ('generated', ?)")
  .run(GENERATED_TODAY, new Date().toISOString(), `${scale} seed ${seed}`);
db.$client.pragma('wal_checkpoint(TRUNCATE)');
db.$client.close();
if (tty) process.stderr.write('\n');
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${out}: ${scale} (seed ${seed}) in ${seconds} s — ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}`);

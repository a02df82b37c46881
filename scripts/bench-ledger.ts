// How long the work ledger's export takes, and how much memory, on a large database:
// `npm run bench:ledger -- FILE [--csv] [--report YYYY-MM] [--out ledger.xlsx]`, e.g. on the national
// database from `npm run generate -- --scale national --out /tmp/national.db`. Writes the same
// workbook GET /ledger.xlsx streams (the writer, batch by batch, into a sink that counts the bytes,
// or into --out), then prints the rows, bytes, seconds and the process's peak resident memory.
// The budget (issue 15): 100,000 handovers in under 10 s and 300 MB. Reads only.
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { openDb } from '../db/client.js';
import { createClock } from '../server/clock.js';
import { writeLedgerCsv, writeLedgerXlsx } from '../server/exports/ledger-xlsx.js';
import { monthlyReportXlsx } from '../server/exports/monthly-report-xlsx.js';
import { createServices } from '../server/services/index.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d{4}-\d{2}$/.test(a) && !a.endsWith('.xlsx') && !a.endsWith('.csv'));
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
if (!file) {
  console.error('usage: npm run bench:ledger -- DATABASE_FILE [--csv] [--report YYYY-MM] [--out FILE]');
  process.exit(2);
}

const db = openDb(file, { readonly: true });
const today = process.env.TODAY || ((db.$client.prepare("SELECT value FROM app_meta WHERE key = 'demoToday'").pluck().get() as string | undefined) ?? null);
const clock = createClock(today);
const services = createServices(db, clock, { passwordMinLength: 12, sessionIdleMinutes: 60, sessionMaxHours: 12 });
const handovers = db.$client.prepare('SELECT count(*) FROM handovers').pluck().get() as number;
const items = db.$client.prepare('SELECT count(*) FROM items').pluck().get() as number;

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

let bytes = 0;
const out = option('--out')
  ? createWriteStream(option('--out')!)
  : new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
if (option('--out')) out.on('data', () => undefined);
// The handover sheet's share: until the first read of the item sheets.
let handoverSheet: { seconds: number; peak: number; cpu: number } | null = null;
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const ledger = {
  ...services.ledger,
  readItems: (...a: Parameters<typeof services.ledger.readItems>) => {
    if (!handoverSheet) {
      handoverSheet = { seconds: (performance.now() - start) / 1000, peak: Math.max(peak, process.memoryUsage().rss), cpu: cpuSeconds() - cpuStart };
      console.log(`sheet 移交项目台账 (${handovers.toLocaleString('en')} rows): ${handoverSheet.seconds.toFixed(1)} s (${handoverSheet.cpu.toFixed(1)} s of CPU); peak RSS by then ${mb(handoverSheet.peak)}.`);
    }
    return services.ledger.readItems(...a);
  },
};
const heading = { title: '三供一业分离移交工作台账', subtitle: `截至 ${clock.today()}` };
const start = performance.now();
const cpuStart = cpuSeconds();
const report = option('--report');
if (report) {
  const built = services.monthlyReport.build(report);
  const buffer = await monthlyReportXlsx(built, heading, 'zh-CN');
  bytes = buffer.length;
  out.end(buffer);
} else if (args.includes('--csv')) {
  await writeLedgerCsv(out, { ledger, filter: {}, locale: 'zh-CN', heading });
} else {
  await writeLedgerXlsx(out, { ledger, filter: {}, locale: 'zh-CN', heading });
}
await finished(out);
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
if (option('--out')) bytes = (out as ReturnType<typeof createWriteStream>).bytesWritten;
const what = report ? `monthly report ${report}` : args.includes('--csv') ? 'ledger CSV' : 'ledger workbook';
console.log(`${file} as of ${clock.today()}: ${handovers.toLocaleString('en')} handovers, ${items.toLocaleString('en')} items.`);
console.log(`${what}: ${mb(bytes)} written in ${seconds.toFixed(1)} s (${(cpuSeconds() - cpuStart).toFixed(1)} s of CPU; machine load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores); peak RSS ${mb(peak)}${report ? '' : ' (budget: 10 s, 300 MB)'}.`);
db.$client.close();

import { loadConfig } from '../server/config.js';
import { withTracker } from '../server/services/open.js';
import { monthlyPackDocx } from '../server/exports/monthly-pack-docx.js';
import { performance } from 'node:perf_hooks';
await withTracker(loadConfig({ DATABASE_PATH: '/tmp/nat-prof.db', DEMO_DATA: 'false', DATA_DIR: '/tmp' }), async ({ services }) => {
  const t0 = performance.now();
  const pack = services.minutes.monthlyPack(process.argv[2]!);
  const t1 = performance.now();
  const file = await monthlyPackDocx(pack, 'zh-CN');
  console.log('pack', pack.meetings.length, 'meetings', (t1 - t0).toFixed(0), 'ms; docx', (performance.now() - t1).toFixed(0), 'ms', file.length, 'bytes');
});

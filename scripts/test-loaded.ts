// npm run test:loaded [-- --busy N]: the whole suite while N (default 4) other processes keep the
// CPU busy, as when CI shares the machine. The busy processes are stopped however the run ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { busy: { type: 'string', default: '4' } } });
const busy = Number(values.busy);
if (!Number.isInteger(busy) || busy < 0) {
  console.error('--busy must be a whole number');
  process.exit(1);
}

const burners: ChildProcess[] = [];
for (let i = 0; i < busy; i++) burners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
const stop = () => {
  for (const b of burners) b.kill('SIGKILL');
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

console.log(`== ${busy} CPU-bound processes running on ${cpus().length} cores; npm test`);
const started = Date.now();
const test = spawn('npm', ['test'], { stdio: 'inherit' });
test.on('exit', (code) => {
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`== npm test under load: exit ${code} after ${minutes} min (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  process.exit(code ?? 1);
});

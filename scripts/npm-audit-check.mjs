// Reads `npm audit --json` on standard input and exits 1 when any dependency has an advisory at
// or above the level given (default high), listing them. When npm could not reach the advisory
// service (a registry mirror without it answers 405), it says so and exits 0: nothing was checked,
// and the run must not fail for it. Used by .ci/run.
import { readFileSync } from 'node:fs';

const levels = ['info', 'low', 'moderate', 'high', 'critical'];
const level = process.argv[2] ?? 'high';
if (!levels.includes(level)) {
  console.error(`unknown level ${level}: one of ${levels.join(', ')}`);
  process.exit(2);
}

const text = readFileSync(0, 'utf8');
let report = null;
try {
  report = JSON.parse(text);
} catch {
  report = null;
}

const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = report?.message ?? report?.error?.summary ?? 'no report';
  console.log(`npm audit: the advisory service could not be reached (${why}); dependencies NOT checked`);
  process.exit(0);
}

console.log(`npm audit: ${levels.slice().reverse().map((l) => `${counts[l] ?? 0} ${l}`).join(', ')}`);
const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => levels.indexOf(v.severity) >= levels.indexOf(level));
for (const [name, v] of serious) {
  const via = (v.via ?? []).map((x) => (typeof x === 'string' ? x : x.url ?? x.title)).filter(Boolean).join(', ');
  console.log(`  ${v.severity}: ${name} ${v.range ?? ''}${via ? ` (${via})` : ''}${v.fixAvailable ? ' — fix available' : ''}`);
}
process.exit(serious.length ? 1 : 0);

// CI checks the dependencies (issue 10, point 8): .ci/run runs `npm audit --audit-level=high`
// right after `npm ci`, and a finding at high or critical fails the run; a registry that cannot
// answer advisories is reported as such, not taken for a clean bill.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import t from 'tap';

const check = (report: unknown, level = 'high') =>
  spawnSync(process.execPath, ['scripts/npm-audit-check.mjs', level], { input: typeof report === 'string' ? report : JSON.stringify(report), encoding: 'utf8' });

const reportOf = (vulnerabilities: Record<string, { severity: string; range: string }>) => {
  const counts: Record<string, number> = { info: 0, low: 0, moderate: 0, high: 0, critical: 0 };
  for (const v of Object.values(vulnerabilities)) counts[v.severity]! += 1;
  return { auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { ...counts, total: Object.keys(vulnerabilities).length } } };
};

t.test('.ci/run audits the dependencies after installing them', async (t) => {
  const run = readFileSync('.ci/run', 'utf8');
  const install = run.indexOf('npm ci');
  const audit = run.indexOf('npm audit --json');
  const tests = run.indexOf('npm test 2>&1');
  t.ok(install >= 0 && audit > install && tests > audit, 'npm ci, then npm audit, then the tests');
  t.match(run, 'node scripts/npm-audit-check.mjs high || exit 1', 'a finding stops the run');
});

t.test('high and critical findings fail; lower ones and an unreachable service do not', async (t) => {
  const high = check(reportOf({ 'fast-uri': { severity: 'high', range: '<3.1.1' } }));
  t.equal(high.status, 1);
  t.match(high.stdout, 'high: fast-uri <3.1.1');
  t.equal(check(reportOf({ tar: { severity: 'critical', range: '<7.5.4' } })).status, 1);
  t.equal(check(reportOf({ esbuild: { severity: 'moderate', range: '<=0.24.2' } })).status, 0);
  t.equal(check(reportOf({})).status, 0, 'clean');
  const unreachable = check({ message: '405 Method Not Allowed', statusCode: 405 });
  t.equal(unreachable.status, 0);
  t.match(unreachable.stdout, 'dependencies NOT checked');
  t.equal(check('not json').status, 0);
  t.equal(check(reportOf({ x: { severity: 'moderate', range: '*' } }), 'moderate').status, 1, 'the level is honoured');
});

// The crash test of `npm run test:crash`, two rounds: kill -9 the real server at random moments
// under concurrent writes; every acknowledged write is there after the restart, the database is
// sound, no attachment is orphaned, and the audit chain holds.
import { spawnSync } from 'node:child_process';
import t from 'tap';

t.test('npm run test:crash -- --rounds 2', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/crash-test.ts', '--rounds', '2'], { encoding: 'utf8', timeout: 540_000 });
  t.equal(run.status, 0, run.stderr + run.stdout);
  t.match(run.stdout, /^round 1: \d+ writes acknowledged, then kill -9$/m);
  t.match(run.stdout, /^round 2: \d+ writes acknowledged, then kill -9$/m);
  t.match(run.stdout, /crash test passed: 2 kill -9, \d+ acknowledged writes .* all present; integrity ok; no orphan; audit chain intact/);
});

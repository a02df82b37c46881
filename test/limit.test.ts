// Heavy exports take turns: never more at once than the slots, every one done, in arrival order.
import t from 'tap';
import { createLimit } from '../server/limit.js';

t.test('at most N tasks at a time, all of them done in turn', async (t) => {
  const run = createLimit(2);
  let active = 0;
  let most = 0;
  const order: number[] = [];
  const releases: (() => void)[] = [];
  const tasks = Array.from({ length: 5 }, (_, i) =>
    run(async () => {
      active += 1;
      most = Math.max(most, active);
      order.push(i);
      await new Promise<void>((done) => releases.push(done));
      active -= 1;
      return i * 10;
    }),
  );
  // Let the tasks run one step at a time: release whichever are waiting until all have run.
  while (order.length < 5 || releases.length) {
    await new Promise((r) => setImmediate(r));
    releases.shift()?.();
  }
  t.same(await Promise.all(tasks), [0, 10, 20, 30, 40], 'every result');
  t.equal(most, 2, 'never more than two at once');
  t.same(order, [0, 1, 2, 3, 4], 'in the order they came');
});

t.test('a failing task frees its slot', async (t) => {
  const run = createLimit(1);
  await t.rejects(run(async () => { throw new Error('export failed'); }), /export failed/);
  t.equal(await run(async () => 'next'), 'next', 'the next one runs');
});

// Domain rules: stage order per mode, the standard plan, stage summaries, meeting cadence.
import t from 'tap';
import { cadenceState, nextDueAfter } from '../server/services/cadence.js';
import { stageOrder, standardPlan, summariseStages } from '../server/services/stage-plan.js';

t.test('stage order follows the mode', async (t) => {
  t.same(stageOrder('handoverFirst').slice(3, 6), ['implementation', 'takeover', 'works']);
  t.same(stageOrder('renovateFirst').slice(4, 7), ['works', 'acceptance', 'takeover']);
  t.notOk(stageOrder('direct').includes('works'), 'a direct handover has no renovation');
  t.equal(stageOrder('handoverFirst').length, 9);
});

t.test('the standard plan is dated in order from the start', async (t) => {
  const plan = standardPlan('renovateFirst', '2018-01-15');
  t.equal(plan.length, 9);
  t.same(plan.map((p) => p.position), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.equal(plan[0]!.plannedDate, '2018-02-15');
  for (let i = 1; i < plan.length; i++) t.ok(plan[i]!.plannedDate > plan[i - 1]!.plannedDate, `${plan[i]!.stage} after ${plan[i - 1]!.stage}`);
});

t.test('summary: last stage done, progress, overdue', async (t) => {
  const summary = summariseStages(
    [
      { stage: 'survey', position: 1, plannedDate: '2018-01-01', actualDate: '2018-01-05' },
      { stage: 'framework', position: 2, plannedDate: '2018-03-01', actualDate: '2018-02-20' },
      { stage: 'plan', position: 3, plannedDate: '2018-04-01', actualDate: null },
      { stage: 'implementation', position: 4, plannedDate: '2018-06-01', actualDate: null },
    ],
    '2018-04-25',
  );
  t.equal(summary.reached, 'framework');
  t.equal(summary.done, 2);
  t.equal(summary.percent, 50);
  t.same(summary.overdue, ['plan']);
  t.same(summary.next, { stage: 'plan', plannedDate: '2018-04-01' });
});

t.test('cadence: next due date and behind', async (t) => {
  const monthly = { cadence: 'monthly' as const, rrule: null, graceDays: 0, startedOn: '2017-04-01' };
  t.equal(nextDueAfter(monthly, '2018-03-20'), '2018-04-20');
  t.same(cadenceState(monthly, '2018-03-20', '2018-04-25'), { nextDue: '2018-04-20', behind: true, daysLate: 5 });
  t.same(cadenceState(monthly, '2018-04-10', '2018-04-25'), { nextDue: '2018-05-10', behind: false, daysLate: 0 });
  const twoToThree = { cadence: 'bimonthly' as const, rrule: null, graceDays: 31, startedOn: '2016-09-01' };
  t.equal(cadenceState(twoToThree, '2018-02-01', '2018-04-25').behind, false, 'within 2–3 months is not behind');
  t.equal(cadenceState(twoToThree, '2018-01-10', '2018-04-25').behind, true, 'past 3 months is behind');
  t.equal(nextDueAfter(monthly, null), '2017-04-01', 'a series never held is due from its start');
  const custom = { cadence: 'custom' as const, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', graceDays: 0, startedOn: '2018-04-03' };
  t.equal(nextDueAfter(custom, '2018-04-17'), '2018-05-01', 'custom RRULE: every other Tuesday');
});

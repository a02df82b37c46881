// The bounded recurrence walk (server/services/recurrence.ts) against the rrule library itself.
// The library walks on to the year 9999 when a rule stops giving dates, so the comparison starts a
// few decades before 9999: the library then finishes quickly, whatever the rule, and the calendar of
// those years is as varied as ours (leap years, weekdays, week numbers).
import fc from 'fast-check';
import rrulePkg from 'rrule';
import t from 'tap';
import { nextRuleDay, ruleDays } from '../server/services/recurrence.js';
import { checkRule } from '../server/services/meeting-records.js';

const { rrulestr } = rrulePkg;

const list = (values: fc.Arbitrary<string>, max = 3) => fc.uniqueArray(values, { minLength: 1, maxLength: max }).map((v) => v.join(','));
const weekday = fc.constantFrom('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU');
const signed = (max: number) => fc.integer({ min: 1, max }).chain((n) => fc.constantFrom(String(n), String(-n)));
const part = fc.oneof(
  fc.integer({ min: 1, max: 4 }).map((n) => `INTERVAL=${n}`),
  fc.integer({ min: 1, max: 30 }).map((n) => `COUNT=${n}`),
  weekday.map((d) => `WKST=${d}`),
  list(fc.oneof(weekday, fc.tuple(signed(5), weekday).map(([n, d]) => `${n}${d}`))).map((v) => `BYDAY=${v}`),
  list(fc.integer({ min: 1, max: 12 }).map(String)).map((v) => `BYMONTH=${v}`),
  list(signed(31)).map((v) => `BYMONTHDAY=${v}`),
  list(signed(366)).map((v) => `BYYEARDAY=${v}`),
  list(signed(53)).map((v) => `BYWEEKNO=${v}`),
  list(signed(10), 2).map((v) => `BYSETPOS=${v}`),
);
const ruleArb = fc
  .tuple(fc.constantFrom('YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'), fc.uniqueArray(part, { maxLength: 3, selector: (p) => p.split('=')[0] }))
  .map(([freq, parts]) => [`FREQ=${freq}`, ...parts].join(';'));
const startArb = fc.date({ min: new Date('9960-01-01T00:00:00Z'), max: new Date('9985-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** Every date the library gives (it stops by itself at the year 9999), and whether it was cut short. */
function libraryDays(rule: string, startedOn: string): { days: string[]; capped: boolean } {
  const [y, m, d] = startedOn.split('-').map(Number) as [number, number, number];
  const all = rrulestr(rule, { dtstart: new Date(Date.UTC(y, m - 1, d)) }).all((date, i) => i < 400 && date.getUTCFullYear() <= 9999);
  // The library repeats a day that two BYSETPOS positions pick (it compares dates by reference):
  // a meeting day is a day, so the walk gives it once.
  const days = [...new Set(all.filter((date) => date.getUTCFullYear() <= 9999).map((date) => date.toISOString().slice(0, 10)))];
  return { days, capped: all.length >= 400 };
}

t.test('the bounded walk gives the library’s dates, rule by rule', async (t) => {
  const mismatches: string[] = [];
  let compared = 0;
  fc.assert(
    fc.property(ruleArb, startArb, (rule, startedOn) => {
      // With COUNT, the library also counts the repeated days: not comparable.
      if (/COUNT=/.test(rule) && /BYSETPOS=[^;]*,/.test(rule)) return true;
      compared++;
      const expected = libraryDays(rule, startedOn);
      const ours = ruleDays(rule, startedOn, '9999-12-31');
      const shown = expected.capped ? ours.slice(0, expected.days.length) : ours;
      if (JSON.stringify(shown) !== JSON.stringify(expected.days)) mismatches.push(`${rule} from ${startedOn}: ${shown.slice(0, 5)} vs ${expected.days.slice(0, 5)}`);
      return true;
    }),
    { numRuns: 400, seed: 20181231 },
  );
  t.ok(compared > 350, `${compared} rules compared`);
  t.same(mismatches, [], 'random rules: the same dates');
});

t.test('known rules', async (t) => {
  t.same(ruleDays('FREQ=MONTHLY;BYDAY=1MO', '2018-01-01', '2018-04-30'), ['2018-01-01', '2018-02-05', '2018-03-05', '2018-04-02'], 'the first Monday of each month');
  t.same(ruleDays('FREQ=MONTHLY;BYMONTHDAY=-1', '2018-01-15', '2018-04-30'), ['2018-01-31', '2018-02-28', '2018-03-31', '2018-04-30'], 'the last day of each month');
  t.same(ruleDays('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', '2018-04-02', '2018-05-10'), ['2018-04-05', '2018-04-19', '2018-05-03'], 'every other Thursday');
  t.same(ruleDays('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', '2018-01-01', '2028-01-01'), [], 'no 30 February in ten years');
  t.same(ruleDays('FREQ=MONTHLY;UNTIL=20180301', '2018-01-10', '2019-01-01'), ['2018-01-10', '2018-02-10'], 'UNTIL ends the rule');
  t.equal(nextRuleDay('FREQ=MONTHLY;BYDAY=1MO', '2018-01-01', '2018-04-02', '2019-04-02'), '2018-05-07', 'the next date strictly after the last meeting');
  t.equal(nextRuleDay('FREQ=MONTHLY;COUNT=2', '2018-01-01', '2018-02-01', '2028-01-01'), null, 'none after the last');
});

t.test('a rule that never gives a date is refused, every time, and the check does not block', async (t) => {
  // Before the bounded walk these took 5–20 s of blocked CPU each (the library walks to 9999); a
  // timer that would fire during such a block proves the event loop was left free.
  const rules = ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=DAILY;BYYEARDAY=366;BYMONTH=2', 'FREQ=WEEKLY;BYSETPOS=366;BYDAY=MO'];
  for (const rule of rules) {
    for (let attempt = 0; attempt < 2; attempt++) {
      t.match(checkRule(rule, '2018-01-01'), { key: 'validation.rruleNoDate' }, `${rule}: refused (attempt ${attempt + 1})`);
    }
  }
  t.equal(checkRule('FREQ=MONTHLY;BYDAY=1MO', '2018-01-01'), null, 'a rule that gives dates is accepted');
  t.equal(checkRule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2018-01-01'), null, 'a leap day comes within ten years');
});

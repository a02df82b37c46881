// Day arithmetic and display: 2018年4月25日, strict parsing, month arithmetic at month ends.
import t from 'tap';
import { daysBetween, formatDateTime, formatDay, formatInTimeZone, formatMonth, isDay, plusDays, plusMonths } from '../server/dates.js';
import { createClock } from '../server/clock.js';

t.test('formatDay reads like 2018年4月25日', async (t) => {
  t.equal(formatDay('2018-04-25'), '2018年4月25日');
  t.equal(formatDay('2017-12-28', 'en'), 'Dec 28, 2017');
  t.equal(formatDay('2017-09-18T14:30'), '2017年9月18日');
  t.equal(formatDay(null), '');
  t.equal(formatDateTime('2017-09-18T14:30'), '2017年9月18日 14:30');
  t.equal(formatMonth('2018-04'), '2018年4月');
});

t.test('strict days', async (t) => {
  t.ok(isDay('2018-02-28'));
  t.notOk(isDay('2018-02-30'));
  t.notOk(isDay('2018-2-3'));
  t.notOk(isDay('yesterday'));
  t.notOk(isDay(20180425));
});

t.test('arithmetic', async (t) => {
  t.equal(plusDays('2018-04-25', 7), '2018-05-02');
  t.equal(plusMonths('2018-01-31', 1), '2018-02-28');
  t.equal(daysBetween('2018-04-20', '2018-04-25'), 5);
  t.equal(daysBetween('2018-04-25', '2018-04-20'), -5);
});

t.test('the clock', async (t) => {
  t.equal(createClock('2018-04-25').today(), '2018-04-25');
  t.ok(createClock('2018-04-25').pinned);
  // The real clock counts days in Asia/Shanghai: 16:30 UTC on 24 April is already 25 April there.
  const real = createClock(null, () => new Date('2018-04-24T16:30:00Z'));
  t.notOk(real.pinned);
  t.equal(real.today(), '2018-04-25');
  t.equal(createClock(null, () => new Date('2018-04-24T15:59:59Z')).today(), '2018-04-24', 'until midnight in Shanghai');
  t.equal(formatInTimeZone(new Date('2018-04-24T16:30:00Z')), '2018-04-25', 'days are counted in Asia/Shanghai');
});

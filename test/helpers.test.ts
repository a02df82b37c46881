// Each Handlebars helper, by compiling a template string as the views do.
import t from 'tap';
import { createHandlebars } from '../server/plugins/views.js';

const render = (source: string, data: Record<string, unknown> = {}) => createHandlebars().compile(source)(data);

t.test('t looks up the catalogue in the page locale and fills placeholders', async (t) => {
  t.equal(render('{{t "nav.home"}}'), '总览');
  t.equal(render('{{t "nav.home"}}', { locale: 'en' }), 'Overview');
  t.equal(render('{{t "common.overdueDays" n=3}}'), '逾期 3 天');
  t.equal(render('{{t "no.such.key"}}'), 'no.such.key');
});

t.test('label names enumeration values', async (t) => {
  t.equal(render('{{label "serviceLine" x}}', { x: 'water' }), '供水');
  t.equal(render('{{label "stage" x}}', { x: 'takeover', locale: 'en' }), 'Functions taken over');
  t.equal(render('{{label "serviceLine" x}}', { x: null }), '');
});

t.test('date, datetime, num, eq', async (t) => {
  t.equal(render('{{date d}}', { d: '2018-04-25' }), '2018年4月25日');
  t.equal(render('{{date d}}', { d: '2018-04-25', locale: 'en' }), 'Apr 25, 2018');
  t.equal(render('{{datetime d}}', { d: '2017-09-18T14:30' }), '2017年9月18日 14:30');
  t.equal(render('{{month m}}', { m: '2018-05' }), '2018年5月');
  t.equal(render('{{month m}}', { m: '2018-05', locale: 'en' }), 'May 2018');
  t.equal(render('{{month m}}', { m: null }), '');
  t.equal(render('{{tel p}}', { p: '0574-8627 1234' }), '057486271234');
  t.equal(render('{{tel p}}', { p: '+86 (138) 0000-0000' }), '+8613800000000');
  t.equal(render('{{tel p}}', { p: '0574-8×××××××' }), '', 'a masked sample number is not dialled');
  t.equal(render('{{schedule c r}}', { c: 'quarterly', r: null }), '每季度');
  t.equal(render('{{schedule c r}}', { c: 'custom', r: 'FREQ=MONTHLY;BYDAY=1MO' }), '每月第一个星期一');
  t.equal(render('{{schedule c r}}', { c: 'custom', r: 'FREQ=MONTHLY;BYDAY=-1FR', locale: 'en' }), 'The last Friday of each month');
  t.equal(render('{{schedule c r}}', { c: 'custom', r: 'RDATE;VALUE=DATE:20180720,20180515' }), '自定义日期：2018年5月15日、2018年7月20日');
  t.equal(render('{{num n}}', { n: 1234567 }), '1,234,567');
  t.equal(render('{{num n digits=1}}', { n: 2.25 }), '2.3');
  t.equal(render('{{#if (eq a b)}}same{{else}}different{{/if}}', { a: 'x', b: 'x' }), 'same');
});

t.test('output is escaped', async (t) => {
  t.equal(render('{{label "serviceLine" x}}', { x: '<script>' }), '&lt;script&gt;');
});

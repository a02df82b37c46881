// A select of thousands of records would make a form megabytes long at national size: past
// SELECT_LIMIT it becomes a number field for the record's 编号, naming the record chosen now.
import t from 'tap';
import { fieldViews, SELECT_LIMIT } from '../server/routes/form-page.js';

t.test('a select of too many records becomes a number field', async (t) => {
  const options = (n: number) => Array.from({ length: n }, (_, i) => ({ value: i + 1, label: `家属区${i + 1}` }));
  const [small] = fieldViews([{ name: 'compoundId', label: 'compound.name', type: 'select', options: options(SELECT_LIMIT) }], { compoundId: '7' }, {}, 'zh-CN');
  t.equal(small!.isSelect, true, `${SELECT_LIMIT} choices: still a select`);
  t.equal(small!.options.length, SELECT_LIMIT);
  t.equal(small!.options.find((o) => o.selected)?.label, '家属区7');

  const [large] = fieldViews([{ name: 'compoundId', label: 'compound.name', type: 'select', options: options(20_000) }], { compoundId: '1234' }, {}, 'zh-CN');
  t.equal(large!.isSelect, false, '20,000 choices: not a select');
  t.equal(large!.isNumber, true, 'a number field');
  t.equal(large!.value, '1234', 'holding the value');
  t.equal(large!.options.length, 0, 'with no options in the page');
  t.equal(large!.hint, '共 20000 项，请填写编号（列表页和详情页的地址中可查到编号）。当前：家属区1234。');
});

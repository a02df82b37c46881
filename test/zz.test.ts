import t from 'tap';
import { writeFileSync } from 'node:fs';
import { build, get, loginAs } from './helper.js';
t.test('x', async (t) => {
  const app = await build(t);
  const s = await loginAs(app, 'leader');
  for (const [n, u] of Object.entries({ home: '/', ent: '/enterprises', entr: '/enterprises?sort=risk&light=offTrack', e1: '/enterprises/1' })) {
    const r = await get(app, u, { cookie: s.cookie });
    console.log(n, r.status, r.body.length, r.status >= 400 ? r.body.slice(0, 600) : '');
    writeFileSync(`/tmp/page-${n}.html`, r.body);
  }
});

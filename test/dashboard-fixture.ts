// A small, fully known data set for the dashboard and snapshot tests (today is 2018-04-25).
// Every figure the tests expect is worked out by hand in the comments below, so that a wrong
// aggregate fails a test rather than agreeing with itself.
//
// Enterprises  E1 甲企业 central · E2 乙企业 provincial · E3 丙企业 municipal (no handovers)
// Compounds    C1 E1 100 households · C2 E1 200 · C3 E2 50 · C4 E3 30
// Groups       G1 water special · G2 power special · G3 coordination (no service line)
// Handovers    H1 E1/C1 water  G1 handoverFirst  done: survey 01-10, framework 02-10, plan 03-15, implementation 04-10;
//                                                 takeover planned 05-01 (due within 7 days)
//              H2 E1/C2 water  G1 handoverFirst  done: survey 01-20; framework planned 03-01, not done (55 days overdue)
//              H3 E1/C1 power  G2 handoverFirst  done: survey 02-05, framework 03-05
//              H4 E2/C3 water  G1 direct         done: survey 2017-12-01, framework 01-05, implementation 02-01, takeover 03-01;
//                                                 assets planned 04-20, not done (5 days overdue)
//              H5 E1 municipal G3 handoverFirst  done: survey 2017-11-01
// Agreements   A1 E1 framework signed → H1 H2 · A2 E1 implementation signed → H1 · A3 E2 framework inForce → H4
//              A4 E2 implementation completed → H4 · A5 E1 framework signed → H3 · A6 E1 implementation negotiating → H3
// Items        I1  milestone E1 H2 G1 区水利局 due 03-10 inProgress                  → 46 days overdue
//              I2  decision  E1 —  G2 区水利局 due 04-20 inProgress, delayed once from 03-31 (approved 04-02) → 5 overdue
//              I3  decision  E2 H4 G1 区住建局 due 05-10 notStarted, added 04-03      → due within 30 days
//              I4  problem   E1 —  G3 区发改局 due 05-01 inProgress money/district raised 03-01 answered 03-05 (4 d)
//              I5  problem   E2 —  G3 区财政局 due 04-30 closed 04-12 assets/city raised 02-01 answered 02-11 (10 d)
//              I6  problem   E1 H1 G1 区发改局 due 06-30 notStarted money/city raised 04-02, unanswered, added 04-02
//              I7  problem   —  —  G3 区发改局 due 03-31 done 03-20 staff/enterprise raised 01-10 answered 01-12 (2 d)
//              I8  decision  E1 H3 G2 国网供电公司 due 03-20 closed 03-25 (done 03-18)
//              I9  milestone E2 H4 G1 区住建局 due 03-31 inProgress                  → 25 days overdue
//              I10 problem   E2 —  G1 区水利局 due 03-31 closed 03-28 works/district raised 03-10 answered 03-17 (7 d)
// Meetings     供水组例会 monthly (grace 5), last held 03-10 → due 04-10, behind by 15 days · 供电组例会 held 04-20 → due 05-20
// Money        H1 estimated 1,000,000 approved 900,000; shares central 450,000/100,000, group 270,000/0, enterprise 180,000/50,000
//              H2 estimated 2,000,000 · H4 estimated 500,000 approved 480,000 settled 470,000; local 480,000/480,000
import type { FastifyInstance } from 'fastify';

export const TODAY = '2018-04-25';

export interface FixtureIds {
  e1: number;
  e2: number;
  e3: number;
  g1: number;
  g2: number;
  g3: number;
  h: Record<'h1' | 'h2' | 'h3' | 'h4' | 'h5', number>;
  i: Record<string, number>;
}

type Stage = [stage: string, planned: string, actual?: string];

const usual = ['survey', 'framework', 'plan', 'implementation', 'takeover', 'works', 'acceptance', 'assets', 'audit'];
const direct = ['survey', 'framework', 'implementation', 'takeover', 'assets', 'audit'];

export function loadFixture(app: FastifyInstance): FixtureIds {
  const db = app.db.$client;
  const insert = (sql: string, ...params: unknown[]) => Number(db.prepare(sql).run(...params).lastInsertRowid);
  let ids!: FixtureIds;
  db.transaction(() => {
    const enterprise = (name: string, level: string) =>
      insert('INSERT INTO enterprises (name, short_name, level) VALUES (?, ?, ?)', `${name}有限公司`, name, level);
    const e1 = enterprise('甲企业', 'central');
    const e2 = enterprise('乙企业', 'provincial');
    const e3 = enterprise('丙企业', 'municipal');
    const compound = (enterpriseId: number, name: string, households: number) =>
      insert('INSERT INTO compounds (enterprise_id, name, households) VALUES (?, ?, ?)', enterpriseId, name, households);
    const c1 = compound(e1, '一村', 100);
    const c2 = compound(e1, '二村', 200);
    const c3 = compound(e2, '三村', 50);
    compound(e3, '四村', 30);
    const group = (name: string, kind: string, line: string | null) =>
      insert('INSERT INTO groups (name, kind, service_line) VALUES (?, ?, ?)', name, kind, line);
    const g1 = group('供水组', 'special', 'water');
    const g2 = group('供电组', 'special', 'power');
    const g3 = group('协作组', 'coordination', null);

    const handover = (enterpriseId: number, compoundId: number | null, line: string, mode: string, groupId: number, stageList: Stage[]) => {
      const id = insert(
        'INSERT INTO handovers (enterprise_id, compound_id, service_line, mode, group_id) VALUES (?, ?, ?, ?, ?)',
        enterpriseId,
        compoundId,
        line,
        mode,
        groupId,
      );
      const order = mode === 'direct' ? direct : usual;
      if (stageList.length !== order.length) throw new Error('fixture: stages do not match the mode');
      stageList.forEach(([stage, planned, actual], i) => {
        if (stage !== order[i]) throw new Error(`fixture: stage ${stage} out of order`);
        insert(
          'INSERT INTO handover_stages (handover_id, stage, position, planned_date, actual_date) VALUES (?, ?, ?, ?, ?)',
          id,
          stage,
          i + 1,
          planned,
          actual ?? null,
        );
      });
      return id;
    };
    const h1 = handover(e1, c1, 'water', 'handoverFirst', g1, [
      ['survey', '2018-01-10', '2018-01-10'],
      ['framework', '2018-02-10', '2018-02-10'],
      ['plan', '2018-03-15', '2018-03-15'],
      ['implementation', '2018-04-10', '2018-04-10'],
      ['takeover', '2018-05-01'],
      ['works', '2018-09-30'],
      ['acceptance', '2018-10-31'],
      ['assets', '2018-11-30'],
      ['audit', '2018-12-31'],
    ]);
    const h2 = handover(e1, c2, 'water', 'handoverFirst', g1, [
      ['survey', '2018-01-20', '2018-01-20'],
      ['framework', '2018-03-01'],
      ['plan', '2018-05-30'],
      ['implementation', '2018-06-30'],
      ['takeover', '2018-07-31'],
      ['works', '2018-09-30'],
      ['acceptance', '2018-10-31'],
      ['assets', '2018-11-30'],
      ['audit', '2018-12-31'],
    ]);
    const h3 = handover(e1, c1, 'power', 'handoverFirst', g2, [
      ['survey', '2018-02-05', '2018-02-05'],
      ['framework', '2018-03-05', '2018-03-05'],
      ['plan', '2018-06-30'],
      ['implementation', '2018-07-31'],
      ['takeover', '2018-08-31'],
      ['works', '2018-09-30'],
      ['acceptance', '2018-10-31'],
      ['assets', '2018-11-30'],
      ['audit', '2018-12-31'],
    ]);
    const h4 = handover(e2, c3, 'water', 'direct', g1, [
      ['survey', '2017-12-01', '2017-12-01'],
      ['framework', '2018-01-05', '2018-01-05'],
      ['implementation', '2018-02-01', '2018-02-01'],
      ['takeover', '2018-03-01', '2018-03-01'],
      ['assets', '2018-04-20'],
      ['audit', '2018-12-31'],
    ]);
    const h5 = handover(e1, null, 'municipal', 'handoverFirst', g3, [
      ['survey', '2017-11-01', '2017-11-01'],
      ['framework', '2018-05-20'],
      ['plan', '2018-06-30'],
      ['implementation', '2018-07-31'],
      ['takeover', '2018-08-31'],
      ['works', '2018-09-30'],
      ['acceptance', '2018-10-31'],
      ['assets', '2018-11-30'],
      ['audit', '2018-12-31'],
    ]);

    const agreement = (enterpriseId: number, kind: string, status: string, signedOn: string | null, covers: number[]) => {
      const id = insert(
        'INSERT INTO agreements (kind, enterprise_id, title, status, signed_on) VALUES (?, ?, ?, ?, ?)',
        kind,
        enterpriseId,
        `${kind}协议${covers.join('-')}`,
        status,
        signedOn,
      );
      for (const h of covers) insert('INSERT INTO agreement_handovers (agreement_id, handover_id) VALUES (?, ?)', id, h);
      return id;
    };
    agreement(e1, 'framework', 'signed', '2018-02-10', [h1, h2]);
    agreement(e1, 'implementation', 'signed', '2018-04-10', [h1]);
    agreement(e2, 'framework', 'inForce', '2018-01-05', [h4]);
    agreement(e2, 'implementation', 'completed', '2018-02-01', [h4]);
    agreement(e1, 'framework', 'signed', '2018-03-05', [h3]);
    agreement(e1, 'implementation', 'negotiating', null, [h3]);

    interface ItemRow {
      kind: string;
      title: string;
      enterprise: number | null;
      handover: number | null;
      group: number;
      lead: string;
      due: string;
      status: string;
      created: string;
      original?: string;
      delays?: number;
      category?: string;
      level?: string;
      raised?: string;
      answered?: string;
      done?: string;
      closed?: string;
    }
    const item = (r: ItemRow) =>
      insert(
        `INSERT INTO items (kind, title, lead_unit, group_id, due_date, original_due_date, delay_count, status, category, level,
          enterprise_id, handover_id, raised_on, first_response_on, done_on, closed_on, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        r.kind,
        r.title,
        r.lead,
        r.group,
        r.due,
        r.original ?? r.due,
        r.delays ?? 0,
        r.status,
        r.category ?? null,
        r.level ?? null,
        r.enterprise,
        r.handover,
        r.raised ?? null,
        r.answered ?? null,
        r.done ?? null,
        r.closed ?? null,
        `${r.created}T02:00:00.000Z`,
      );
    const i: Record<string, number> = {};
    i.i1 = item({ kind: 'milestone', title: '二村框架协议签订', enterprise: e1, handover: h2, group: g1, lead: '区水利局', due: '2018-03-10', status: 'inProgress', created: '2018-02-01' });
    i.i2 = item({ kind: 'decision', title: '供电改造方案报审', enterprise: e1, handover: null, group: g2, lead: '区水利局', due: '2018-04-20', original: '2018-03-31', delays: 1, status: 'inProgress', created: '2018-03-05' });
    i.i3 = item({ kind: 'decision', title: '三村资产清单', enterprise: e2, handover: h4, group: g1, lead: '区住建局', due: '2018-05-10', status: 'notStarted', created: '2018-04-03' });
    i.i4 = item({ kind: 'problem', title: '改造资金缺口', enterprise: e1, handover: null, group: g3, lead: '区发改局', due: '2018-05-01', status: 'inProgress', category: 'money', level: 'district', raised: '2018-03-01', answered: '2018-03-05', created: '2018-03-01' });
    i.i5 = item({ kind: 'problem', title: '土地权属变更', enterprise: e2, handover: null, group: g3, lead: '区财政局', due: '2018-04-30', status: 'closed', category: 'assets', level: 'city', raised: '2018-02-01', answered: '2018-02-11', done: '2018-04-10', closed: '2018-04-12', created: '2018-02-01' });
    i.i6 = item({ kind: 'problem', title: '一村户表改造费用', enterprise: e1, handover: h1, group: g1, lead: '区发改局', due: '2018-06-30', status: 'notStarted', category: 'money', level: 'city', raised: '2018-04-02', created: '2018-04-02' });
    i.i7 = item({ kind: 'problem', title: '物业人员安置', enterprise: null, handover: null, group: g3, lead: '区发改局', due: '2018-03-31', status: 'done', category: 'staff', level: 'enterprise', raised: '2018-01-10', answered: '2018-01-12', done: '2018-03-20', created: '2018-01-10' });
    i.i8 = item({ kind: 'decision', title: '一村供电摸底', enterprise: e1, handover: h3, group: g2, lead: '国网供电公司', due: '2018-03-20', status: 'closed', done: '2018-03-18', closed: '2018-03-25', created: '2018-02-15' });
    i.i9 = item({ kind: 'milestone', title: '三村资产移交', enterprise: e2, handover: h4, group: g1, lead: '区住建局', due: '2018-03-31', status: 'inProgress', created: '2018-03-01' });
    i.i10 = item({ kind: 'problem', title: '管网改造标准', enterprise: e2, handover: null, group: g1, lead: '区水利局', due: '2018-03-31', status: 'closed', category: 'works', level: 'district', raised: '2018-03-10', answered: '2018-03-17', done: '2018-03-27', closed: '2018-03-28', created: '2018-03-10' });
    insert(
      `INSERT INTO delay_requests (item_id, previous_due_date, new_due_date, reason, status, requested_on, decided_on)
       VALUES (?, '2018-03-31', '2018-04-20', '方案需复核', 'approved', '2018-03-28', '2018-04-02')`,
      i.i2,
    );

    insert('INSERT INTO handover_funding (handover_id, estimated_cost, approved_cost) VALUES (?, 1000000, 900000)', h1);
    insert('INSERT INTO handover_funding (handover_id, estimated_cost) VALUES (?, 2000000)', h2);
    insert('INSERT INTO handover_funding (handover_id, estimated_cost, approved_cost, settlement_cost) VALUES (?, 500000, 480000, 470000)', h4);
    const share = (h: number, source: string, committed: number, disbursed: number) =>
      insert('INSERT INTO funding_shares (handover_id, source, committed, disbursed) VALUES (?, ?, ?, ?)', h, source, committed, disbursed);
    share(h1, 'central', 450000, 100000);
    share(h1, 'group', 270000, 0);
    share(h1, 'enterprise', 180000, 50000);
    share(h4, 'local', 480000, 480000);

    const series = (groupId: number, name: string, held: string) => {
      const id = insert("INSERT INTO meeting_series (group_id, name, cadence, grace_days, started_on) VALUES (?, ?, 'monthly', 5, '2018-01-01')", groupId, name);
      insert("INSERT INTO meetings (series_id, group_id, title, starts_at, status) VALUES (?, ?, ?, ?, 'held')", id, groupId, `${name}会议`, `${held}T09:00`);
      return id;
    };
    series(g1, '供水组例会', '2018-03-10');
    series(g2, '供电组例会', '2018-04-20');

    insert("INSERT INTO policy_deadlines (name, name_en, due_date, sort_order) VALUES ('基本完成分离移交', 'Basically complete', '2018-12-31', 1)");
    insert("INSERT INTO policy_deadlines (name, name_en, due_date, sort_order) VALUES ('市政社区职能移交', 'Municipal and community', '2017-12-31', 2)");
    db.prepare("UPDATE policy_deadlines SET service_lines = '[\"municipal\",\"community\"]' WHERE name = '市政社区职能移交'").run();

    ids = { e1, e2, e3, g1, g2, g3, h: { h1, h2, h3, h4, h5 }, i };
  })();
  return ids;
}

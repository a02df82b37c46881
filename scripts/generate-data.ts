// Synthetic data at the sizes the tracker must stay fast at (DOMAIN.md §6), in the app's own schema
// and through its own migrations: enterprises with their compounds, handovers with stage plans and
// progress, agreements, money, working groups with contacts and meeting series, meetings with
// attendance, agenda and decisions, and tracked items with a realistic mix of status, deadlines,
// delays and progress notes. Deterministic: the same scale and seed give the same database.
// `npm run generate` (scripts/generate.ts) writes one to a file; tests build small ones.
import type Database from 'better-sqlite3';
import { enterpriseWideServiceLines, problemCategories, problemLevels, type HandoverMode, type ItemStatus, type ServiceLine } from '../db/schema.js';
import { plusDays, plusMonths } from '../server/dates.js';
import { translate } from '../server/i18n/messages.js';
import { standardPlan } from '../server/services/stage-plan.js';

export interface Scale {
  enterprises: number;
  compoundsPerEnterprise: number;
  /** Tracked items besides the meetings' decisions, per handover (on average). */
  itemsPerHandover: number;
  /** Meeting series per enterprise leading group, besides the regional groups' series. */
  meetingsPerSeries: number;
  /** Enterprises per region: each region has a coordination group and a special group per service line. */
  enterprisesPerRegion: number;
}

/** district ≈ 20 enterprises, 1,000 handovers; city ≈ 200, 10,000; national = DOMAIN.md §6's upper bound. */
export const SCALES = {
  tiny: { enterprises: 6, compoundsPerEnterprise: 2, itemsPerHandover: 2, meetingsPerSeries: 4, enterprisesPerRegion: 3 },
  district: { enterprises: 20, compoundsPerEnterprise: 10, itemsPerHandover: 2, meetingsPerSeries: 18, enterprisesPerRegion: 20 },
  city: { enterprises: 200, compoundsPerEnterprise: 10, itemsPerHandover: 8.4, meetingsPerSeries: 20, enterprisesPerRegion: 20 },
  national: { enterprises: 2000, compoundsPerEnterprise: 10, itemsPerHandover: 8.4, meetingsPerSeries: 20, enterprisesPerRegion: 20 },
} satisfies Record<string, Scale>;
export type ScaleName = keyof typeof SCALES;

/** The day the generated data describes (like the demo: the district's reply). */
export const GENERATED_TODAY = '2018-04-25';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const PLACES = ['东海', '南山', '北湖', '西岭', '金川', '银河', '长江', '黄河', '松江', '柳湾', '石门', '青峰', '白云', '红星', '新华', '光明', '兴业', '和平', '建设', '胜利'];
const INDUSTRIES = ['石化', '电力', '煤业', '钢铁', '有色', '机械', '化工', '建材', '船舶', '纺织', '航天', '电子', '铁路', '森工', '油田'];
const COMPOUND_SUFFIX = ['新村', '小区', '生活区', '家属院', '花园', '公寓'];
const UNITS = ['发展改革局', '财政局', '住房城乡建设局', '国资委', '自然资源局', '民政局', '街道办事处', '供水公司', '供电公司', '燃气公司', '热力公司', '物业公司'];
const RECEIVERS: Record<ServiceLine, string> = {
  water: '自来水公司',
  power: '国网供电公司',
  gas: '燃气公司',
  heat: '热力公司',
  property: '物业服务公司',
  municipal: '市政管理处',
  community: '街道办事处',
};
const LINE_NAMES: Record<ServiceLine, string> = { water: '供水', power: '供电', gas: '供气', heat: '供热', property: '物业', municipal: '市政设施', community: '社区管理' };
const COMPOUND_LINES: ServiceLine[] = ['water', 'power', 'gas', 'heat', 'property'];
const MODES: HandoverMode[] = ['handoverFirst', 'handoverFirst', 'renovateFirst', 'direct'];
const LEVELS = ['central', 'central', 'provincial', 'provincial', 'municipal', 'district'] as const;
const MILESTONE_VERBS = ['完成', '推进', '落实', '报送', '签订', '组织'];
const PROBLEM_TOPICS = ['维修改造资金缺口', '土地权属变更登记', '外供用户收费原则', '人员安置', '居民反映水压不足', '管网资料缺失', '改造标准不统一', '产权资料不全'];

export interface GenerateOptions {
  scale: ScaleName | Scale;
  seed?: number;
  /** Called as the work advances: what is being written and how far along (0–1). */
  progress?: (step: string, done: number) => void;
}

export interface GeneratedCounts {
  enterprises: number;
  compounds: number;
  handovers: number;
  items: number;
  meetings: number;
  groups: number;
  agreements: number;
}

/** Fills an empty, migrated database. Runs in one transaction; statements are prepared once. */
export function generateData(sqlite: Database.Database, options: GenerateOptions): GeneratedCounts {
  const scale = typeof options.scale === 'string' ? SCALES[options.scale] : options.scale;
  const rnd = random(options.seed ?? 1);
  const today = GENERATED_TODAY;
  const progress = options.progress ?? (() => {});
  const counts: GeneratedCounts = { enterprises: 0, compounds: 0, handovers: 0, items: 0, meetings: 0, groups: 0, agreements: 0 };
  const stamp = (day: string) => `${day}T02:00:00.000Z`;
  const person = () => `${rnd.pick(SURNAMES)}××`;
  const unit = (region: number) => `${PLACES[region % PLACES.length]}${region >= PLACES.length ? Math.floor(region / PLACES.length) + 1 : ''}${rnd.pick(UNITS)}`;
  const dayBetween = (from: string, to: string) => {
    const a = Date.parse(from);
    const b = Date.parse(to);
    return new Date(a + Math.floor(rnd.next() * (b - a) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
  };

  const prepare = (sql: string) => sqlite.prepare(sql);
  const insert = {
    enterprise: prepare('INSERT INTO enterprises (name, short_name, level, parent_group, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    compound: prepare('INSERT INTO compounds (enterprise_id, name, address, street, community, buildings, floor_area, households, water_customers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    group: prepare('INSERT INTO groups (name, kind, parent_id, lead_department, service_line, enterprise_id, established_on, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    member: prepare('INSERT INTO group_members (group_id, name, unit, post, duty, phone, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    series: prepare('INSERT INTO meeting_series (group_id, name, kind, cadence, grace_days, started_on, issuing_office, distribution) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    handover: prepare('INSERT INTO handovers (enterprise_id, compound_id, service_line, receiver, mode, group_id, lead_unit, owner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    stage: prepare('INSERT INTO handover_stages (handover_id, stage, position, planned_date, actual_date, done_at) VALUES (?, ?, ?, ?, ?, ?)'),
    funding: prepare('INSERT INTO handover_funding (handover_id, estimated_cost, approved_cost) VALUES (?, ?, ?)'),
    share: prepare('INSERT INTO funding_shares (handover_id, source, committed, disbursed) VALUES (?, ?, ?, ?)'),
    agreement: prepare('INSERT INTO agreements (kind, enterprise_id, title, number, service_lines, party_a, party_b, status, signed_on, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    agreementHandover: prepare('INSERT INTO agreement_handovers (agreement_id, handover_id) VALUES (?, ?)'),
    meeting: prepare(`INSERT INTO meetings (series_id, group_id, title, kind, starts_at, place, chair, recorder, topic, heard, status, minutes_status, issue_year, issue_number, issued_on, issuing_office, created_at, updated_at)
      VALUES (?, ?, ?, 'regular', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    attendance: prepare('INSERT INTO meeting_attendance (meeting_id, kind, name, unit, post, sort_order) VALUES (?, ?, ?, ?, ?, ?)'),
    agenda: prepare('INSERT INTO meeting_agenda (meeting_id, position, title, presenter) VALUES (?, ?, ?, ?)'),
    item: prepare(`INSERT INTO items (kind, title, detail, lead_unit, support_units, owner, group_id, due_date, original_due_date, delay_count, status, progress, category, level,
      enterprise_id, handover_id, stage, meeting_id, position, raised_on, first_response_on, done_on, closed_on, created_at, updated_at)
      VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    update: prepare('INSERT INTO item_updates (item_id, on_date, from_status, to_status, note, author, at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    deadline: prepare('INSERT INTO policy_deadlines (name, name_en, due_date, basis, service_lines, sort_order) VALUES (?, ?, ?, ?, ?, ?)'),
    meta: prepare('INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)'),
  };
  const id = (result: Database.RunResult) => Number(result.lastInsertRowid);

  /** One tracked item with a status that fits its deadline as of today, and its progress notes. */
  function item(values: {
    kind: 'milestone' | 'decision' | 'problem';
    title: string;
    leadUnit: string;
    groupId: number;
    enterpriseId: number | null;
    handoverId: number | null;
    stage: string | null;
    meetingId: number | null;
    position: number | null;
    createdOn: string;
    dueDate: string;
  }) {
    const due = values.dueDate;
    const past = due < today;
    let status: ItemStatus;
    const r = rnd.next();
    if (values.createdOn > today) status = 'notStarted';
    else if (past) status = r < 0.62 ? 'closed' : r < 0.72 ? 'done' : r < 0.8 ? 'delayed' : 'inProgress';
    else status = r < 0.1 ? 'done' : r < 0.15 ? 'closed' : r < 0.6 ? 'inProgress' : 'notStarted';
    const delays = status === 'delayed' ? rnd.int(1, 2) : rnd.chance(0.05) ? 1 : 0;
    const dueDate = status === 'delayed' ? plusMonths(due, delays * 2) : due;
    const started = status !== 'notStarted';
    const doneOn = status === 'done' || status === 'closed' ? (dayBetween(values.createdOn, due < today ? due : today) || values.createdOn) : null;
    const closedOn = status === 'closed' ? (doneOn! < today ? plusDays(doneOn!, rnd.int(0, 10)) : doneOn) : null;
    const problem = values.kind === 'problem';
    const progressOn = started ? dayBetween(values.createdOn, today > values.createdOn ? today : plusDays(values.createdOn, 1)) || values.createdOn : null;
    const itemId = id(
      insert.item.run(
        values.kind,
        values.title,
        values.leadUnit,
        rnd.chance(0.5) ? JSON.stringify([rnd.pick(UNITS)]) : '[]',
        person(),
        values.groupId,
        dueDate,
        due,
        delays,
        status,
        started ? '按计划推进中，已完成阶段性工作' : null,
        problem ? rnd.pick(problemCategories) : null,
        problem ? rnd.pick(problemLevels) : null,
        values.enterpriseId,
        values.handoverId,
        values.stage,
        values.meetingId,
        values.position,
        problem ? values.createdOn : null,
        problem && started ? progressOn : null,
        doneOn,
        closedOn && closedOn > today ? today : closedOn,
        stamp(values.createdOn),
        stamp(values.createdOn),
      ),
    );
    if (started && progressOn) insert.update.run(itemId, progressOn, 'notStarted', status === 'closed' ? 'done' : status, '已完成阶段性工作', person(), stamp(progressOn));
    counts.items++;
  }

  sqlite.transaction(() => {
    progress('policy deadlines and groups', 0);
    [
      ['基本完成分离移交', 'Handover basically complete', '2018-12-31', '国发〔2016〕19号'],
      ['国有企业不再承担相关费用', 'No SOE pays from', '2019-01-01', '国发〔2016〕19号'],
      ['市政设施和社区管理职能移交', 'Municipal and community functions', '2017-12-31', '国资发改革〔2017〕85号', JSON.stringify(['municipal', 'community'])],
    ].forEach(([name, nameEn, dueDate, basis, lines], i) => insert.deadline.run(name, nameEn, dueDate, basis, lines ?? null, i + 1));

    const leading = id(insert.group.run('三供一业分离移交工作领导小组', 'leading', null, '发展和改革局', null, null, '2016-09-01', 0));
    counts.groups++;
    const regions = Math.max(1, Math.ceil(scale.enterprises / scale.enterprisesPerRegion));
    const regionGroups: { coordination: number; special: Map<ServiceLine, number> }[] = [];
    const seriesList: { id: number; groupId: number; name: string; cadence: 'monthly' | 'bimonthly' }[] = [];
    const addMembers = (groupId: number, region: number) => {
      for (let m = 0; m < 8; m++) insert.member.run(groupId, person(), unit(region), m === 0 ? '局长' : '科员', m === 0 ? '组长' : m === 7 ? '联络员' : '成员', `0574-8××××${String(m).padStart(3, '0')}`, m);
    };
    for (let r = 0; r < regions; r++) {
      const place = `${PLACES[r % PLACES.length]}${r >= PLACES.length ? Math.floor(r / PLACES.length) + 1 : ''}`;
      const coordination = id(insert.group.run(`${place}政企协作小组`, 'coordination', leading, `${place}发展改革局`, null, null, '2016-09-20', r * 10));
      addMembers(coordination, r);
      seriesList.push({ id: id(insert.series.run(coordination, `${place}政企协作小组例会`, 'regular', 'bimonthly', 31, '2016-09-01', `${place}三供一业办公室`, '各成员单位')), groupId: coordination, name: `${place}政企协作小组`, cadence: 'bimonthly' });
      const special = new Map<ServiceLine, number>();
      for (const line of [...COMPOUND_LINES, ...enterpriseWideServiceLines]) {
        const groupId = id(insert.group.run(`${place}${LINE_NAMES[line]}专项工作组`, 'special', coordination, `${place}${rnd.pick(UNITS)}`, line, null, '2017-03-15', r * 10 + 1));
        addMembers(groupId, r);
        seriesList.push({ id: id(insert.series.run(groupId, `${place}${LINE_NAMES[line]}专项工作组例会`, 'regular', 'monthly', 7, '2017-03-01', `${place}三供一业办公室`, '各成员单位')), groupId, name: `${place}${LINE_NAMES[line]}专项工作组`, cadence: 'monthly' });
        special.set(line, groupId);
      }
      regionGroups.push({ coordination, special });
      counts.groups += 1 + special.size;
    }

    // Enterprises, their leading group and series, compounds, handovers with stages and money, agreements, items.
    for (let e = 0; e < scale.enterprises; e++) {
      if (e % 20 === 0) progress('enterprises, compounds, handovers, items', e / scale.enterprises);
      const region = Math.floor(e / scale.enterprisesPerRegion);
      const place = PLACES[region % PLACES.length]!;
      const industry = INDUSTRIES[e % INDUSTRIES.length]!;
      const level = LEVELS[e % LEVELS.length]!;
      const name = `${place}${industry}第${e + 1}分公司`;
      const enterpriseId = id(insert.enterprise.run(`中国${industry}集团${name}`, name, level, `中国${industry}集团`, stamp('2016-09-01'), stamp('2016-09-01')));
      counts.enterprises++;
      const own = id(insert.group.run(`${name}三供一业分离移交工作领导小组`, 'leading', leading, `${name}综合办公室`, null, enterpriseId, '2016-11-20', 1000 + e));
      counts.groups++;
      addMembers(own, region);
      seriesList.push({ id: id(insert.series.run(own, `${name}推进会`, 'progress', 'monthly', 7, '2016-12-01', `${name}综合办公室`, '领导小组成员')), groupId: own, name, cadence: 'monthly' });
      const groupsOf = regionGroups[region]!;

      const byLine = new Map<ServiceLine, { id: number; reached: number }[]>();
      const addHandover = (compoundId: number | null, line: ServiceLine, households: number) => {
        const mode = line === 'municipal' || line === 'community' ? 'direct' : rnd.pick(MODES);
        const start = dayBetween('2016-10-01', '2018-03-01');
        const groupId = groupsOf.special.get(line)!;
        const leadUnit = `${place}${rnd.pick(UNITS)}`;
        const handoverId = id(insert.handover.run(enterpriseId, compoundId, line, `${place}${RECEIVERS[line]}`, mode, groupId, leadUnit, person(), stamp(start), stamp(start)));
        counts.handovers++;
        const plan = standardPlan(mode, start);
        // How far the handover got: stages whose plan is long past are mostly done.
        let reached = 0;
        for (const s of plan) {
          const slack = rnd.int(-40, 60);
          const doneBy = plusDays(s.plannedDate, slack);
          if (reached === s.position - 1 && doneBy <= today && rnd.chance(0.85)) reached = s.position;
        }
        for (const s of plan) {
          const actual = s.position <= reached ? (plusDays(s.plannedDate, rnd.int(-30, 45)) > today ? today : plusDays(s.plannedDate, rnd.int(-30, 45))) : null;
          insert.stage.run(handoverId, s.stage, s.position, s.plannedDate, actual, actual ? stamp(actual) : null);
        }
        const estimate = households * rnd.int(17_500, 42_000);
        insert.funding.run(handoverId, estimate, reached >= 3 ? Math.round(estimate * (0.9 + rnd.next() * 0.15)) : null);
        const shares: [string, number][] = level === 'central' ? [['central', 0.5], ['group', 0.3], ['enterprise', 0.2]] : [['local', 0.5], ['enterprise', 0.5]];
        for (const [source, part] of shares) {
          const committed = Math.round(estimate * part);
          insert.share.run(handoverId, source, committed, reached >= 6 ? committed : reached >= 4 ? Math.round(committed * rnd.next()) : 0);
        }
        const list = byLine.get(line) ?? [];
        list.push({ id: handoverId, reached });
        byLine.set(line, list);
        // Milestones for the next stages, problems now and then.
        const n = Math.max(0, Math.round(scale.itemsPerHandover + (rnd.next() - 0.5) * 2));
        for (let k = 0; k < n; k++) {
          const target = plan[Math.min(plan.length - 1, reached + Math.floor(k / 2))]!;
          const problem = rnd.chance(0.3);
          const createdOn = dayBetween(start, today);
          item({
            kind: problem ? 'problem' : 'milestone',
            title: problem ? `${name}${LINE_NAMES[line]}：${rnd.pick(PROBLEM_TOPICS)}` : `${name}${LINE_NAMES[line]}${rnd.pick(MILESTONE_VERBS)}${translate('zh-CN', `stage.${target.stage}`)}阶段工作`,
            leadUnit,
            groupId,
            enterpriseId,
            handoverId,
            stage: problem ? null : target.stage,
            meetingId: null,
            position: null,
            createdOn,
            dueDate: problem ? plusDays(createdOn, rnd.int(20, 120)) : target.plannedDate,
          });
        }
      };
      for (let c = 0; c < scale.compoundsPerEnterprise; c++) {
        const households = rnd.int(120, 1800);
        const compoundId = id(
          insert.compound.run(enterpriseId, `${place}${industry}${c + 1}号${rnd.pick(COMPOUND_SUFFIX)}`, `${place}路${rnd.int(1, 999)}号`, `${place}街道`, `${place}社区`, rnd.int(3, 60), households * rnd.int(55, 90), households, households - rnd.int(0, 20)),
        );
        counts.compounds++;
        for (const line of COMPOUND_LINES) addHandover(compoundId, line, households);
      }
      for (const line of enterpriseWideServiceLines) addHandover(null, line, 0);

      // A framework agreement per service line; an implementation agreement for the handovers past that stage.
      for (const [line, list] of byLine) {
        const signedAll = list.every((h) => h.reached >= 2);
        const framework = id(
          insert.agreement.run('framework', enterpriseId, `${name}${LINE_NAMES[line]}分离移交框架协议`, `框-${e + 1}-${line}`, line, name, `${place}人民政府`, signedAll ? 'signed' : 'negotiating', signedAll ? dayBetween('2017-01-01', '2017-12-31') : null, groupsOf.special.get(line)!),
        );
        counts.agreements++;
        for (const h of list) insert.agreementHandover.run(framework, h.id);
        const implemented = list.filter((h) => h.reached >= 4);
        if (implemented.length) {
          const agreement = id(
            insert.agreement.run('implementation', enterpriseId, `${name}${LINE_NAMES[line]}分离移交实施协议`, `实-${e + 1}-${line}`, line, name, `${place}${RECEIVERS[line]}`, 'inForce', dayBetween('2017-06-01', today), groupsOf.special.get(line)!),
          );
          counts.agreements++;
          for (const h of implemented) insert.agreementHandover.run(agreement, h.id);
        }
      }
    }

    // Meetings of every series: monthly (or every two months) from the series' start, each held one
    // before today with attendance, agenda and decisions; issued minutes numbered per series and year.
    progress('meetings', 0);
    seriesList.forEach((s, index) => {
      if (index % 50 === 0) progress('meetings', index / seriesList.length);
      const step = s.cadence === 'bimonthly' ? 2 : 1;
      const issued = new Map<number, number>();
      const start = s.cadence === 'bimonthly' ? '2016-09-20' : s.name.endsWith('专项工作组') ? '2017-03-15' : '2016-12-15';
      const meetings = Math.max(1, Math.round(scale.meetingsPerSeries / step));
      for (let k = 0; k < meetings; k++) {
        const day = plusDays(plusMonths(start, k * step), rnd.int(-5, 5));
        if (day > plusMonths(today, 2)) break;
        const held = day < today;
        const cancelled = !held && rnd.chance(0.03);
        const issue = held && day < plusDays(today, -10);
        const year = Number(day.slice(0, 4));
        const number = issue ? (issued.get(year) ?? 0) + 1 : null;
        if (number) issued.set(year, number);
        const meetingId = id(
          insert.meeting.run(s.id, s.groupId, `${s.name}${year}年第${k + 1}次会议`, `${day}T09:30`, '会议室', person(), person(), '推进三供一业分离移交', held ? '听取了各单位分离移交工作进展情况汇报' : null,
            cancelled ? 'cancelled' : held ? 'held' : 'planned', issue ? 'issued' : 'draft', issue ? year : null, number, issue ? plusDays(day, rnd.int(1, 7)) : null, issue ? '三供一业办公室' : null, stamp(plusDays(day, -7)), stamp(day)),
        );
        counts.meetings++;
        for (let a = 0; a < 8; a++) insert.attendance.run(meetingId, a < 6 ? 'present' : a === 6 ? 'attending' : 'excused', person(), unit(index), a === 0 ? '组长' : '成员', a);
        for (let a = 1; a <= 3; a++) insert.agenda.run(meetingId, a, `议题${a}：分离移交工作推进情况`, person());
        if (!held) continue;
        for (let position = 1; position <= 3; position++) {
          item({
            kind: 'decision',
            title: `${s.name}会议议定：落实第${position}项工作`,
            leadUnit: unit(index),
            groupId: s.groupId,
            enterpriseId: null,
            handoverId: null,
            stage: null,
            meetingId,
            position,
            createdOn: day,
            dueDate: plusDays(day, rnd.int(15, 90)),
          });
        }
      }
    });
    insert.meta.run('demoToday', today);
    insert.meta.run('initializedAt', new Date().toISOString());
    insert.meta.run('generated', JSON.stringify({ scale, seed: options.seed ?? 1 }));
  })();
  progress('analyzing', 1);
  sqlite.exec('ANALYZE');
  return counts;
}

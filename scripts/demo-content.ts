// The demo data, as of the district's reply of 2018-04-25 (seed/000_e026ae629590b3f0.txt).
// What the seed states is kept as stated (isSample false); every other figure, date and name is
// invented for the demo (isSample true). People are placeholders (王×× …), phones are masked.
// Records refer to each other by the short keys defined here; scripts/demo-data.ts resolves them
// to ids and inserts everything.
import type {
  AgreementKind,
  AgreementStatus,
  Cadence,
  EnterpriseLevel,
  FundingSource,
  GroupKind,
  HandoverMode,
  ItemKind,
  ItemStatus,
  MeetingKind,
  ServiceLine,
  Stage,
  problemCategories,
  problemLevels,
} from '../db/schema.js';

type ProblemCategory = (typeof problemCategories)[number];
type ProblemLevel = (typeof problemLevels)[number];

export const PHONE = '0574-8×××××××';

/**
 * The organisation as the admin would set it on /admin/settings: the district of the seed, the
 * programme as the seed names it, and the bureau that answered the deputy (the seed's issuing
 * organ, which leads the coordination group and houses the leading group's office).
 */
export const settingsSeed = {
  organisationName: '镇海区',
  programmeTitle: '“三供一业”分离移交',
  minutesOrgan: '镇海区发展和改革局',
};

// ---------------------------------------------------------------- enterprises and compounds

export interface EnterpriseSeed {
  key: string;
  name: string;
  shortName: string;
  level: EnterpriseLevel;
  parentGroup: string;
  notes?: string;
  isSample: boolean;
}

export const enterpriseSeeds: EnterpriseSeed[] = [
  {
    key: 'zhlh',
    name: '中国石化镇海炼化分公司',
    shortName: '镇海炼化',
    level: 'central',
    parentGroup: '中国石油化工集团公司',
    notes:
      '2017年12月28日与镇海区人民政府签订市政设施及社区管理职能分离移交框架协议；已签订"三供"框架协议，正积极准备签订实施协议。',
    isSample: false,
  },
  {
    key: 'sei',
    name: '中石化宁波工程有限公司',
    shortName: '中石化工程公司',
    level: 'central',
    parentGroup: '中国石油化工集团公司',
    notes: '已签订供水、供电实施协议，与兴光燃气签订供气框架协议。',
    isSample: true,
  },
  {
    key: 'znfd',
    name: '浙江浙能镇海发电有限责任公司',
    shortName: '浙能镇海发电',
    level: 'provincial',
    parentGroup: '浙江省能源集团有限公司',
    notes: '省属企业，维修改造费用按省市有关规定分担（示例数据）。',
    isSample: true,
  },
  {
    key: 'gb',
    name: '宁波港股份有限公司镇海港埠分公司',
    shortName: '镇海港埠',
    level: 'provincial',
    parentGroup: '浙江省海港投资运营集团有限公司',
    notes: '省属企业（示例数据）。',
    isSample: true,
  },
];

export interface CompoundSeed {
  key: string;
  enterprise: string;
  name: string;
  street: string;
  community: string;
  buildings: number;
  floorArea: number;
  households: number;
  waterCustomers: number;
}

/** All compound figures are invented (isSample). Total: 8 compounds, 6,740 households. */
export const compoundSeeds: CompoundSeed[] = [
  { key: 'lh1', enterprise: 'zhlh', name: '炼化一村', street: '蛟川街道', community: '炼化一村社区', buildings: 36, floorArea: 98600, households: 1520, waterCustomers: 1548 },
  { key: 'lh2', enterprise: 'zhlh', name: '炼化二村', street: '蛟川街道', community: '炼化二村社区', buildings: 42, floorArea: 121400, households: 1860, waterCustomers: 1902 },
  { key: 'lh3', enterprise: 'zhlh', name: '炼化三村', street: '蛟川街道', community: '炼化三村社区', buildings: 24, floorArea: 64800, households: 980, waterCustomers: 975 },
  { key: 'lhx', enterprise: 'zhlh', name: '炼化新村', street: '招宝山街道', community: '炼化新村社区', buildings: 18, floorArea: 47300, households: 720, waterCustomers: 736 },
  { key: 'se', enterprise: 'sei', name: '工程公司东区宿舍', street: '招宝山街道', community: '东区社区', buildings: 12, floorArea: 28600, households: 460, waterCustomers: 471 },
  { key: 'sw', enterprise: 'sei', name: '工程公司西区宿舍', street: '招宝山街道', community: '西区社区', buildings: 8, floorArea: 19200, households: 310, waterCustomers: 316 },
  { key: 'dc', enterprise: 'znfd', name: '电厂生活区', street: '招宝山街道', community: '电厂社区', buildings: 16, floorArea: 35200, households: 540, waterCustomers: 552 },
  { key: 'gb', enterprise: 'gb', name: '港埠新村', street: '招宝山街道', community: '港埠社区', buildings: 10, floorArea: 21800, households: 350, waterCustomers: 349 },
];

// ---------------------------------------------------------------- people (placeholders)

export interface Person {
  name: string;
  unit: string;
  post: string;
}

export const people: Record<string, Person> = {
  ma: { name: '马××', unit: '区政府', post: '区长' },
  wang: { name: '王××', unit: '区政府', post: '副区长' },
  li: { name: '李××', unit: '区发改局', post: '局长' },
  xu: { name: '徐××', unit: '区发改局', post: '科长' },
  zhao: { name: '赵××', unit: '区财政局', post: '副局长' },
  qian: { name: '钱××', unit: '区住建局', post: '副局长' },
  zhu: { name: '朱××', unit: '区住建局', post: '城建科科长' },
  dong: { name: '董××', unit: '区住建局', post: '物业科科长' },
  sun: { name: '孙××', unit: '区国土分局', post: '副局长' },
  chen: { name: '陈××', unit: '区水利局', post: '副局长' },
  lin: { name: '林××', unit: '区水利局', post: '科长' },
  hu: { name: '胡××', unit: '区经信局', post: '副局长' },
  jiang: { name: '蒋××', unit: '区经信局', post: '科员' },
  liang: { name: '梁××', unit: '区综合行政执法局', post: '副局长' },
  he: { name: '何××', unit: '蛟川街道', post: '副主任' },
  han: { name: '韩××', unit: '招宝山街道', post: '副主任' },
  zhou: { name: '周××', unit: '镇海炼化', post: '副总经理' },
  shen: { name: '沈××', unit: '镇海炼化', post: '公用工程部主任' },
  cao: { name: '曹××', unit: '镇海炼化', post: '企管处主管' },
  xie: { name: '谢××', unit: '镇海炼化', post: '离退休中心主任' },
  wu: { name: '吴××', unit: '中石化工程公司', post: '副总经理' },
  song: { name: '宋××', unit: '浙能镇海发电', post: '副总经理' },
  tang: { name: '唐××', unit: '镇海港埠', post: '副总经理' },
  yang: { name: '杨××', unit: '镇海自来水公司', post: '副总经理' },
  zheng: { name: '郑××', unit: '国网镇海供电公司', post: '副总经理' },
  feng: { name: '冯××', unit: '兴光燃气', post: '副总经理' },
};

// ---------------------------------------------------------------- working groups and contacts

export interface GroupSeed {
  key: string;
  name: string;
  kind: GroupKind;
  parent?: string;
  enterprise?: string;
  leadDepartment: string;
  serviceLine?: ServiceLine;
  establishedOn: string;
  description: string;
  /** The contact directory: [person key, duty]. */
  members: [string, string][];
}

export const groupSeeds: GroupSeed[] = [
  {
    key: 'leading',
    name: '镇海区推进驻镇中央企业、省属企业职工家属区"三供一业"分离移交工作领导小组',
    kind: 'leading',
    leadDepartment: '镇海区发展和改革局',
    establishedOn: '2018-03-16',
    description: '2018年3月成立，统筹驻镇中央企业、省属企业职工家属区"三供一业"分离移交工作；办公室设在区发改局。',
    members: [['ma', '组长'], ['wang', '副组长'], ['li', '副组长（办公室主任）'], ['zhao', '成员'], ['sun', '成员'], ['xu', '联络员']],
  },
  {
    key: 'coord',
    name: '镇海区"三供一业"分离移交政企协作小组',
    kind: 'coordination',
    parent: 'leading',
    leadDepartment: '镇海区发展和改革局',
    establishedOn: '2016-09-23',
    description: '2016年9月成立，下设供水、供电、供气、物业四个专项工作组；每2—3个月召开一次例会。',
    members: [['wang', '组长'], ['li', '副组长'], ['qian', '成员'], ['zhou', '成员'], ['wu', '成员'], ['xu', '联络员']],
  },
  {
    key: 'water',
    name: '供水专项工作组',
    kind: 'special',
    parent: 'coord',
    leadDepartment: '镇海区水利局',
    serviceLine: 'water',
    establishedOn: '2017-04-20',
    description: '负责驻镇企业职工家属区供水设施分离移交，接收单位为宁波市镇海区自来水有限公司；每月召开一次例会。',
    members: [['chen', '组长'], ['yang', '副组长'], ['shen', '成员'], ['lin', '联络员']],
  },
  {
    key: 'power',
    name: '供电专项工作组',
    kind: 'special',
    parent: 'coord',
    leadDepartment: '镇海区经济和信息化局',
    serviceLine: 'power',
    establishedOn: '2017-04-20',
    description: '负责驻镇企业职工家属区供电设施分离移交，接收单位为国网宁波市镇海区供电公司；每月召开一次例会。',
    members: [['hu', '组长'], ['zheng', '副组长'], ['shen', '成员'], ['jiang', '联络员']],
  },
  {
    key: 'gas',
    name: '供气专项工作组',
    kind: 'special',
    parent: 'coord',
    leadDepartment: '镇海区住房和城乡建设局',
    serviceLine: 'gas',
    establishedOn: '2017-04-20',
    description: '负责驻镇企业职工家属区供气设施分离移交，接收单位为兴光燃气；每月召开一次例会。',
    members: [['qian', '组长'], ['feng', '副组长'], ['wu', '成员'], ['zhu', '联络员']],
  },
  {
    key: 'property',
    name: '物业专项工作组',
    kind: 'special',
    parent: 'coord',
    leadDepartment: '镇海区住房和城乡建设局',
    serviceLine: 'property',
    establishedOn: '2017-04-20',
    description: '负责驻镇企业职工家属区物业管理分离移交，会同属地街道推进；每月召开一次例会。',
    members: [['qian', '组长'], ['he', '副组长'], ['han', '成员'], ['cao', '成员'], ['dong', '联络员']],
  },
  {
    key: 'zhlhLeading',
    name: '镇海炼化"三供一业"分离移交工作领导小组',
    kind: 'leading',
    enterprise: 'zhlh',
    leadDepartment: '镇海炼化企管处',
    establishedOn: '2016-10-20',
    description: '镇海炼化按区政企协作小组要求成立的企业领导小组。',
    members: [['zhou', '组长'], ['shen', '副组长'], ['xie', '成员'], ['cao', '联络员']],
  },
];

// ---------------------------------------------------------------- documents and policy deadlines

export interface DocumentSeed {
  title: string;
  issuer: string;
  group: string;
  status: 'draft' | 'issued';
  issuedOn: string | null;
  summary: string;
  isSample: boolean;
}

export const documentSeeds: DocumentSeed[] = [
  {
    title: '驻镇中央企业、省属企业职工家属区"三供一业"分离移交工作方案',
    issuer: '镇海区人民政府办公室',
    group: 'coord',
    status: 'issued',
    issuedOn: '2017-06-12',
    summary: '明确全区"三供一业"分离移交的目标任务、工作机制、移交方式和时间安排，按照成熟度逐步进行分离移交。',
    isSample: true,
  },
  {
    title: '驻镇中央企业、省属企业职工家属区"三供"分离移交维修改造标准及费用测算指导意见',
    issuer: '镇海区发展和改革局',
    group: 'coord',
    status: 'issued',
    issuedOn: '2017-11-24',
    summary: '规定供水、供电、供气设施维修改造标准（达到城市平均水平，分户设表、按户收费）及费用测算方法。',
    isSample: true,
  },
  {
    title: '驻镇部、省属国有企业职工家属区物业分离移交维修改造标准及费用测算指导意见',
    issuer: '镇海区住房和城乡建设局',
    group: 'property',
    status: 'draft',
    issuedOn: null,
    summary: '在物业分离移交基本情况摸底调查基础上初步拟定，正在征求驻镇企业和属地街道意见。',
    isSample: true,
  },
  {
    title: '对区十五届二次会议第82号建议的答复',
    issuer: '镇海区发展和改革局',
    group: 'coord',
    status: 'issued',
    issuedOn: '2018-04-25',
    summary: '答复钟益君代表关于加快推进驻镇国有企业社区移交地方工作的建议：工作机制、目标任务和问题协调情况。',
    isSample: false,
  },
];

export const policyDeadlineSeeds = [
  {
    name: '基本完成分离移交',
    nameEn: 'Handover basically complete',
    dueDate: '2018-12-31',
    basis: '国发〔2016〕19号、国办发〔2016〕45号：2018年底前基本完成国有企业职工家属区"三供一业"分离移交工作。',
  },
  {
    name: '2019年起企业不再承担费用',
    nameEn: 'No SOE pays from',
    dueDate: '2019-01-01',
    basis: '国办发〔2016〕45号；浙江省国有企业职工家属区"三供一业"分离移交工作会议（2017年4月）：2019年起各国有企业不再以任何方式为"三供一业"承担相关费用。',
  },
  {
    name: '市政社区职能移交',
    nameEn: 'Municipal and community functions',
    dueDate: '2017-12-31',
    serviceLines: JSON.stringify(['municipal', 'community']),
    basis: '国发〔2016〕19号、国资发改革〔2017〕85号：企业负责管理的市政设施、职工家属区的社区管理移交地方政府负责。',
  },
];

// ---------------------------------------------------------------- the work plan: handovers by enterprise and line

/** [planned date, actual date] of a stage; no actual date = not done yet. */
export type StageDates = Partial<Record<Stage, [string, string?]>>;

export interface PlanSeed {
  /** `${enterprise}-${line}`; a handover is `${plan}/${compound}` (or just the plan for municipal/community). */
  key: string;
  enterprise: string;
  line: ServiceLine;
  mode: HandoverMode;
  group: string;
  receiver: string;
  coordinatingDepartment: string;
  leadUnit: string;
  owner: string;
  /** Compound keys; empty for the enterprise-wide lines. */
  compounds: string[];
  /** Every stage of the mode, with its planned and (if done) actual date. */
  stages: StageDates;
  /** Per-compound differences: stages not done (actual removed) or done on another day, another receiver. */
  overrides?: Record<string, { stages?: StageDates; receiver?: string }>;
  notes?: Partial<Record<Stage, string>>;
  issues?: string;
  next?: string;
  funding?: {
    /** 元 per household; or a lump sum for an enterprise-wide handover. */
    estimatedPerHousehold?: number;
    estimatedTotal?: number;
    approvedPerHousehold?: number;
    /** Compounds whose cost is approved (default: none). */
    approvedFor?: string[];
    /** Share of each committed amount already disbursed (0–1). */
    disbursed?: Partial<Record<FundingSource, number>>;
    note?: string;
  };
}

const WATER = '宁波市镇海区自来水有限公司';
const POWER = '国网浙江省电力公司宁波市镇海区供电公司';
const GAS = '宁波兴光燃气集团有限公司';
const JIAOCHUAN = '蛟川街道办事处';
const ZHAOBAOSHAN = '招宝山街道办事处';

export const planSeeds: PlanSeed[] = [
  // ---- 镇海炼化: framework agreements for the three supplies signed, implementation in preparation
  {
    key: 'zhlh-water',
    enterprise: 'zhlh',
    line: 'water',
    mode: 'handoverFirst',
    group: 'water',
    receiver: WATER,
    coordinatingDepartment: '区水利局',
    leadUnit: '区水利局',
    owner: '陈××',
    compounds: ['lh1', 'lh2', 'lh3', 'lhx'],
    stages: {
      survey: ['2017-06-30', '2017-06-28'],
      framework: ['2017-12-31', '2018-01-26'],
      plan: ['2018-03-31', '2018-03-22'],
      implementation: ['2018-04-20'],
      takeover: ['2018-06-30'],
      works: ['2018-10-31'],
      acceptance: ['2018-11-30'],
      assets: ['2018-12-31'],
      audit: ['2019-03-31'],
    },
    overrides: { lhx: { stages: { plan: ['2018-03-31'] } } },
    notes: { framework: '与镇海自来水公司签订供水分离移交框架协议', implementation: '实施协议文本协商中，外供水用户费用条款尚有分歧' },
    issues: '实施协议中炼化外供水用户费用承担条款尚在协商；炼化新村供水改造方案需补充测算。',
    next: '5月上旬实施协议文本报合法性审查，力争5月签订，6月底前完成职能交接。',
    funding: { estimatedPerHousehold: 5800, approvedPerHousehold: 5600, approvedFor: ['lh1', 'lh2', 'lh3'] },
  },
  {
    key: 'zhlh-power',
    enterprise: 'zhlh',
    line: 'power',
    mode: 'renovateFirst',
    group: 'power',
    receiver: POWER,
    coordinatingDepartment: '区经信局',
    leadUnit: '区经信局',
    owner: '胡××',
    compounds: ['lh1', 'lh2', 'lh3', 'lhx'],
    stages: {
      survey: ['2017-06-30', '2017-07-05'],
      framework: ['2018-01-31', '2018-02-08'],
      plan: ['2018-03-31', '2018-03-20'],
      implementation: ['2018-05-31'],
      works: ['2018-09-30'],
      acceptance: ['2018-11-15'],
      takeover: ['2018-11-30'],
      assets: ['2018-12-31'],
      audit: ['2019-04-30'],
    },
    overrides: { lh3: { stages: { plan: ['2018-03-31'] } }, lhx: { stages: { plan: ['2018-03-31'] } } },
    issues: '炼化三村、炼化新村供电改造方案涉及外供电用户，费用测算未完成。',
    next: '4月底前完成三村、新村改造方案，5月底前签订供电实施协议。',
    funding: { estimatedPerHousehold: 9200, approvedPerHousehold: 9000, approvedFor: ['lh1', 'lh2'] },
  },
  {
    key: 'zhlh-gas',
    enterprise: 'zhlh',
    line: 'gas',
    mode: 'renovateFirst',
    group: 'gas',
    receiver: GAS,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '钱××',
    compounds: ['lh1', 'lh2', 'lh3', 'lhx'],
    stages: {
      survey: ['2017-07-31', '2017-07-25'],
      framework: ['2018-02-28', '2018-02-12'],
      plan: ['2018-05-31'],
      implementation: ['2018-06-30'],
      works: ['2018-10-31'],
      acceptance: ['2018-11-30'],
      takeover: ['2018-12-15'],
      assets: ['2018-12-31'],
      audit: ['2019-04-30'],
    },
    notes: { plan: '原计划2018-04-15，经批准延期至2018-05-31' },
    issues: '改造方案按座谈会统一标准重新测算，方案初稿滞后。',
    next: '5月底前完成改造方案及费用测算，6月底前签订供气实施协议。',
    funding: { estimatedPerHousehold: 4600 },
  },
  {
    key: 'zhlh-property',
    enterprise: 'zhlh',
    line: 'property',
    mode: 'handoverFirst',
    group: 'property',
    receiver: JIAOCHUAN,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '钱××',
    compounds: ['lh1', 'lh2', 'lh3', 'lhx'],
    stages: {
      survey: ['2017-09-30', '2017-11-10'],
      framework: ['2018-03-31'],
      plan: ['2018-06-30'],
      implementation: ['2018-07-31'],
      takeover: ['2018-09-30'],
      works: ['2018-11-30'],
      acceptance: ['2018-12-20'],
      assets: ['2018-12-31'],
      audit: ['2019-06-30'],
    },
    overrides: { lhx: { receiver: ZHAOBAOSHAN } },
    issues: '物业维修改造标准及费用测算指导意见尚未定稿，框架协议无法签订；物业服务人员分流安置待明确。',
    next: '指导意见5月底前定稿后启动框架协议签订。',
    funding: { estimatedPerHousehold: 7400 },
  },
  {
    key: 'zhlh-municipal',
    enterprise: 'zhlh',
    line: 'municipal',
    mode: 'direct',
    group: 'coord',
    receiver: '镇海区综合行政执法局',
    coordinatingDepartment: '区发改局',
    leadUnit: '区发改局',
    owner: '李××',
    compounds: [],
    stages: {
      survey: ['2017-11-30', '2017-11-28'],
      framework: ['2017-12-31', '2017-12-28'],
      implementation: ['2018-06-30'],
      takeover: ['2018-09-30'],
      assets: ['2018-12-31'],
      audit: ['2019-06-30'],
    },
    notes: { framework: '2017年12月28日签订市政设施及社区管理职能分离移交框架协议，标准、时间、方式、具体范围另行商定' },
    issues: '需移交的市政设施清单（管网、绿化部分）尚未报齐；移交后运维经费来源待明确。',
    next: '报齐清单，制定移交实施方案，商定实施协议。',
    funding: { estimatedTotal: 12800000, note: '市政设施维修改造费用初步测算，待清单核实后调整' },
  },
  {
    key: 'zhlh-community',
    enterprise: 'zhlh',
    line: 'community',
    mode: 'direct',
    group: 'coord',
    receiver: JIAOCHUAN,
    coordinatingDepartment: '区发改局',
    leadUnit: '区发改局',
    owner: '李××',
    compounds: [],
    stages: {
      survey: ['2017-11-30', '2017-11-28'],
      framework: ['2017-12-31', '2017-12-28'],
      implementation: ['2018-06-30'],
      takeover: ['2018-09-30'],
      assets: ['2018-12-31'],
      audit: ['2019-06-30'],
    },
    notes: { framework: '2017年12月28日签订市政设施及社区管理职能分离移交框架协议，标准、时间、方式、具体范围另行商定' },
    issues: '社区管理职能及人员、经费移交范围待商定。',
    next: '制定社区管理职能移交实施方案。',
  },
  // ---- 中石化工程公司: water and power implementation agreements signed, gas framework with 兴光燃气
  {
    key: 'sei-water',
    enterprise: 'sei',
    line: 'water',
    mode: 'handoverFirst',
    group: 'water',
    receiver: WATER,
    coordinatingDepartment: '区水利局',
    leadUnit: '区水利局',
    owner: '林××',
    compounds: ['se', 'sw'],
    stages: {
      survey: ['2017-06-30', '2017-06-15'],
      framework: ['2017-09-30', '2017-09-26'],
      plan: ['2017-11-30', '2017-12-08'],
      implementation: ['2018-01-31', '2018-01-18'],
      takeover: ['2018-03-01', '2018-03-01'],
      works: ['2018-08-31'],
      acceptance: ['2018-09-30'],
      assets: ['2018-11-30'],
      audit: ['2019-03-31'],
    },
    notes: { takeover: '交接基准日2018年3月1日，镇海自来水公司接管供水服务' },
    next: '6月开工维修改造，8月底前完工。',
    funding: { estimatedPerHousehold: 5200, approvedPerHousehold: 5000, approvedFor: ['se', 'sw'], disbursed: { central: 0.5, group: 0.5, enterprise: 1 } },
  },
  {
    key: 'sei-power',
    enterprise: 'sei',
    line: 'power',
    mode: 'renovateFirst',
    group: 'power',
    receiver: POWER,
    coordinatingDepartment: '区经信局',
    leadUnit: '区经信局',
    owner: '蒋××',
    compounds: ['se', 'sw'],
    stages: {
      survey: ['2017-06-30', '2017-06-20'],
      framework: ['2017-10-31', '2017-10-20'],
      plan: ['2017-12-31', '2017-12-25'],
      implementation: ['2018-02-28', '2018-02-06'],
      works: ['2018-07-31'],
      acceptance: ['2018-09-30'],
      takeover: ['2018-10-31'],
      assets: ['2018-12-31'],
      audit: ['2019-03-31'],
    },
    next: '5月中旬施工进场，7月底前完工。',
    funding: { estimatedPerHousehold: 8600, approvedPerHousehold: 8300, approvedFor: ['se', 'sw'], disbursed: { central: 0.3, enterprise: 0.5 } },
  },
  {
    key: 'sei-gas',
    enterprise: 'sei',
    line: 'gas',
    mode: 'renovateFirst',
    group: 'gas',
    receiver: GAS,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '朱××',
    compounds: ['se', 'sw'],
    stages: {
      survey: ['2017-07-31', '2017-07-28'],
      framework: ['2018-03-31', '2018-03-16'],
      plan: ['2018-05-31'],
      implementation: ['2018-06-30'],
      works: ['2018-10-31'],
      acceptance: ['2018-11-30'],
      takeover: ['2018-12-15'],
      assets: ['2018-12-31'],
      audit: ['2019-04-30'],
    },
    notes: { framework: '与兴光燃气签订供气分离移交框架协议' },
    next: '按统一标准编制改造方案，6月底前签订实施协议。',
    funding: { estimatedPerHousehold: 4400 },
  },
  {
    key: 'sei-property',
    enterprise: 'sei',
    line: 'property',
    mode: 'direct',
    group: 'property',
    receiver: ZHAOBAOSHAN,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '董××',
    compounds: ['se', 'sw'],
    stages: {
      survey: ['2017-09-30', '2017-10-25'],
      framework: ['2018-04-30'],
      implementation: ['2018-07-31'],
      takeover: ['2018-09-30'],
      assets: ['2018-12-31'],
      audit: ['2019-06-30'],
    },
    next: '物业指导意见定稿后签订框架协议。',
    funding: { estimatedPerHousehold: 6800 },
  },
  // ---- 浙能镇海发电 (provincial)
  {
    key: 'znfd-water',
    enterprise: 'znfd',
    line: 'water',
    mode: 'direct',
    group: 'water',
    receiver: WATER,
    coordinatingDepartment: '区水利局',
    leadUnit: '区水利局',
    owner: '林××',
    compounds: ['dc'],
    stages: {
      survey: ['2017-08-31', '2017-08-30'],
      framework: ['2018-03-31'],
      implementation: ['2018-06-30'],
      takeover: ['2018-09-30'],
      assets: ['2018-12-31'],
      audit: ['2019-03-31'],
    },
    issues: '省属企业改造费用地方配套渠道未明确，框架协议未签。',
    next: '5月底前签订供水框架协议。',
    funding: { estimatedPerHousehold: 5000 },
  },
  {
    key: 'znfd-power',
    enterprise: 'znfd',
    line: 'power',
    mode: 'handoverFirst',
    group: 'power',
    receiver: POWER,
    coordinatingDepartment: '区经信局',
    leadUnit: '区经信局',
    owner: '蒋××',
    compounds: ['dc'],
    stages: {
      survey: ['2017-08-31', '2017-09-12'],
      framework: ['2018-04-30'],
      plan: ['2018-06-30'],
      implementation: ['2018-07-31'],
      takeover: ['2018-08-31'],
      works: ['2018-11-30'],
      acceptance: ['2018-12-20'],
      assets: ['2018-12-31'],
      audit: ['2019-04-30'],
    },
    funding: { estimatedPerHousehold: 8000 },
  },
  {
    key: 'znfd-gas',
    enterprise: 'znfd',
    line: 'gas',
    mode: 'renovateFirst',
    group: 'gas',
    receiver: GAS,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '朱××',
    compounds: ['dc'],
    stages: {
      survey: ['2017-08-31', '2017-09-12'],
      framework: ['2018-05-31'],
      plan: ['2018-06-30'],
      implementation: ['2018-07-31'],
      works: ['2018-10-31'],
      acceptance: ['2018-11-30'],
      takeover: ['2018-12-15'],
      assets: ['2018-12-31'],
      audit: ['2019-04-30'],
    },
    funding: { estimatedPerHousehold: 4200 },
  },
  {
    key: 'znfd-property',
    enterprise: 'znfd',
    line: 'property',
    mode: 'handoverFirst',
    group: 'property',
    receiver: ZHAOBAOSHAN,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '董××',
    compounds: ['dc'],
    stages: {
      survey: ['2017-10-31', '2017-12-05'],
      framework: ['2018-06-30'],
      plan: ['2018-07-31'],
      implementation: ['2018-08-31'],
      takeover: ['2018-09-30'],
      works: ['2018-11-30'],
      acceptance: ['2018-12-20'],
      assets: ['2018-12-31'],
      audit: ['2019-06-30'],
    },
    funding: { estimatedPerHousehold: 6000 },
  },
  // ---- 镇海港埠 (provincial)
  {
    key: 'gb-water',
    enterprise: 'gb',
    line: 'water',
    mode: 'direct',
    group: 'water',
    receiver: WATER,
    coordinatingDepartment: '区水利局',
    leadUnit: '区水利局',
    owner: '林××',
    compounds: ['gb'],
    stages: {
      survey: ['2017-08-31', '2017-09-05'],
      framework: ['2018-02-28', '2018-03-20'],
      implementation: ['2018-05-31'],
      takeover: ['2018-07-31'],
      assets: ['2018-12-31'],
      audit: ['2019-03-31'],
    },
    funding: { estimatedPerHousehold: 4800 },
  },
  {
    key: 'gb-power',
    enterprise: 'gb',
    line: 'power',
    mode: 'direct',
    group: 'power',
    receiver: POWER,
    coordinatingDepartment: '区经信局',
    leadUnit: '区经信局',
    owner: '蒋××',
    compounds: ['gb'],
    stages: {
      survey: ['2017-08-31', '2017-09-05'],
      framework: ['2018-02-28', '2018-03-20'],
      implementation: ['2018-05-31'],
      takeover: ['2018-07-31'],
      assets: ['2018-12-31'],
      audit: ['2019-03-31'],
    },
    funding: { estimatedPerHousehold: 7600 },
  },
  {
    key: 'gb-gas',
    enterprise: 'gb',
    line: 'gas',
    mode: 'renovateFirst',
    group: 'gas',
    receiver: GAS,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '朱××',
    compounds: ['gb'],
    stages: {
      survey: ['2017-08-31', '2017-09-05'],
      framework: ['2018-04-30'],
      plan: ['2018-06-30'],
      implementation: ['2018-07-31'],
      works: ['2018-10-31'],
      acceptance: ['2018-11-30'],
      takeover: ['2018-12-15'],
      assets: ['2018-12-31'],
      audit: ['2019-04-30'],
    },
    funding: { estimatedPerHousehold: 4000 },
  },
  {
    key: 'gb-property',
    enterprise: 'gb',
    line: 'property',
    mode: 'handoverFirst',
    group: 'property',
    receiver: ZHAOBAOSHAN,
    coordinatingDepartment: '区住建局',
    leadUnit: '区住建局',
    owner: '董××',
    compounds: ['gb'],
    stages: {
      survey: ['2017-12-31'],
      framework: ['2018-06-30'],
      plan: ['2018-08-31'],
      implementation: ['2018-09-30'],
      takeover: ['2018-10-31'],
      works: ['2018-11-30'],
      acceptance: ['2018-12-20'],
      assets: ['2018-12-31'],
      audit: ['2019-06-30'],
    },
    issues: '物业摸底调查未开展。',
    next: '4月底前启动物业摸底调查。',
  },
];

// ---------------------------------------------------------------- agreements

export interface AgreementSeed {
  key: string;
  kind: AgreementKind;
  enterprise: string;
  title: string;
  partyA: string;
  partyB: string;
  status: AgreementStatus;
  signedOn?: string;
  cutoffDate?: string;
  standard?: string;
  timeframe?: string;
  method?: string;
  scope?: string;
  /** 元 */
  amount?: number;
  group: string;
  /** Plan keys: the agreement covers every handover of these plans. */
  covers: string[];
  isSample: boolean;
}

const ZHLH = '中国石化镇海炼化分公司';
const SEI = '中石化宁波工程有限公司';
const STANDARD_3 = '按《驻镇中央企业、省属企业职工家属区"三供"分离移交维修改造标准及费用测算指导意见》执行，达到城市平均水平，分户设表、按户收费';

export const agreementSeeds: AgreementSeed[] = [
  {
    key: 'zhlh-mc-fw',
    kind: 'framework',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司市政设施及社区管理职能分离移交框架协议',
    partyA: ZHLH,
    partyB: '镇海区人民政府',
    status: 'signed',
    signedOn: '2017-12-28',
    standard: '另行商定',
    timeframe: '另行商定',
    method: '另行商定',
    scope: '另行商定',
    group: 'coord',
    covers: ['zhlh-municipal', 'zhlh-community'],
    isSample: false,
  },
  {
    key: 'zhlh-water-fw',
    kind: 'framework',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司职工家属区供水分离移交框架协议',
    partyA: ZHLH,
    partyB: WATER,
    status: 'signed',
    signedOn: '2018-01-26',
    standard: STANDARD_3,
    timeframe: '2018年6月底前完成职能交接，2018年底前完成维修改造',
    method: '先移交后改造',
    scope: '炼化一村、炼化二村、炼化三村、炼化新村供水设施（含二次供水设施）',
    group: 'water',
    covers: ['zhlh-water'],
    isSample: true,
  },
  {
    key: 'zhlh-power-fw',
    kind: 'framework',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司职工家属区供电分离移交框架协议',
    partyA: ZHLH,
    partyB: POWER,
    status: 'signed',
    signedOn: '2018-02-08',
    standard: STANDARD_3,
    timeframe: '2018年9月底前完成改造，2018年11月底前完成职能交接',
    method: '先改造后移交',
    scope: '炼化一村、炼化二村、炼化三村、炼化新村供电设施（含配电房、低压线路及表计）',
    group: 'power',
    covers: ['zhlh-power'],
    isSample: true,
  },
  {
    key: 'zhlh-gas-fw',
    kind: 'framework',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司职工家属区供气分离移交框架协议',
    partyA: ZHLH,
    partyB: GAS,
    status: 'signed',
    signedOn: '2018-02-12',
    standard: '按2017年12月供气改造费用标准座谈会统一的费用标准执行',
    timeframe: '2018年10月底前完成改造，2018年12月中旬前完成职能交接',
    method: '先改造后移交',
    scope: '炼化一村、炼化二村、炼化三村、炼化新村供气设施（含调压设施、庭院管、立管及户内表前管）',
    group: 'gas',
    covers: ['zhlh-gas'],
    isSample: true,
  },
  {
    key: 'zhlh-water-impl',
    kind: 'implementation',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司职工家属区供水分离移交实施协议',
    partyA: ZHLH,
    partyB: WATER,
    status: 'negotiating',
    cutoffDate: '2018-06-30',
    method: '先移交后改造',
    scope: '炼化一村、炼化二村、炼化三村、炼化新村供水设施',
    group: 'water',
    covers: ['zhlh-water'],
    isSample: true,
  },
  {
    key: 'zhlh-power-impl',
    kind: 'implementation',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司职工家属区供电分离移交实施协议',
    partyA: ZHLH,
    partyB: POWER,
    status: 'drafting',
    method: '先改造后移交',
    group: 'power',
    covers: ['zhlh-power'],
    isSample: true,
  },
  {
    key: 'zhlh-gas-impl',
    kind: 'implementation',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司职工家属区供气分离移交实施协议',
    partyA: ZHLH,
    partyB: GAS,
    status: 'drafting',
    method: '先改造后移交',
    group: 'gas',
    covers: ['zhlh-gas'],
    isSample: true,
  },
  {
    key: 'zhlh-property-fw',
    kind: 'framework',
    enterprise: 'zhlh',
    title: '中国石化镇海炼化分公司职工家属区物业管理分离移交框架协议',
    partyA: ZHLH,
    partyB: '镇海区人民政府',
    status: 'drafting',
    group: 'property',
    covers: ['zhlh-property'],
    isSample: true,
  },
  {
    key: 'sei-water-fw',
    kind: 'framework',
    enterprise: 'sei',
    title: '中石化宁波工程有限公司职工家属区供水分离移交框架协议',
    partyA: SEI,
    partyB: WATER,
    status: 'signed',
    signedOn: '2017-09-26',
    standard: '达到城市平均水平，分户设表、按户收费',
    timeframe: '2018年3月完成职能交接',
    method: '先移交后改造',
    scope: '工程公司东区宿舍、西区宿舍供水设施',
    group: 'water',
    covers: ['sei-water'],
    isSample: true,
  },
  {
    key: 'sei-water-impl',
    kind: 'implementation',
    enterprise: 'sei',
    title: '中石化宁波工程有限公司职工家属区供水分离移交实施协议',
    partyA: SEI,
    partyB: WATER,
    status: 'inForce',
    signedOn: '2018-01-18',
    cutoffDate: '2018-03-01',
    standard: STANDARD_3,
    timeframe: '2018年3月1日交接，2018年8月底前完成维修改造',
    method: '先移交后改造',
    scope: '工程公司东区宿舍、西区宿舍供水设施，共770户',
    amount: 3850000,
    group: 'water',
    covers: ['sei-water'],
    isSample: true,
  },
  {
    key: 'sei-power-fw',
    kind: 'framework',
    enterprise: 'sei',
    title: '中石化宁波工程有限公司职工家属区供电分离移交框架协议',
    partyA: SEI,
    partyB: POWER,
    status: 'signed',
    signedOn: '2017-10-20',
    standard: '达到城市平均水平，一户一表',
    timeframe: '2018年10月底前完成',
    method: '先改造后移交',
    scope: '工程公司东区宿舍、西区宿舍供电设施',
    group: 'power',
    covers: ['sei-power'],
    isSample: true,
  },
  {
    key: 'sei-power-impl',
    kind: 'implementation',
    enterprise: 'sei',
    title: '中石化宁波工程有限公司职工家属区供电分离移交实施协议',
    partyA: SEI,
    partyB: POWER,
    status: 'signed',
    signedOn: '2018-02-06',
    cutoffDate: '2018-10-31',
    standard: STANDARD_3,
    timeframe: '2018年7月底前完成改造，2018年10月31日交接',
    method: '先改造后移交',
    scope: '工程公司东区宿舍、西区宿舍供电设施，共770户',
    amount: 6391000,
    group: 'power',
    covers: ['sei-power'],
    isSample: true,
  },
  {
    key: 'sei-gas-fw',
    kind: 'framework',
    enterprise: 'sei',
    title: '中石化宁波工程有限公司职工家属区供气分离移交框架协议',
    partyA: SEI,
    partyB: GAS,
    status: 'signed',
    signedOn: '2018-03-16',
    standard: '按2017年12月供气改造费用标准座谈会统一的费用标准执行',
    timeframe: '2018年12月中旬前完成职能交接',
    method: '先改造后移交',
    scope: '工程公司东区宿舍、西区宿舍供气设施',
    group: 'gas',
    covers: ['sei-gas'],
    isSample: true,
  },
  {
    key: 'znfd-water-fw',
    kind: 'framework',
    enterprise: 'znfd',
    title: '浙江浙能镇海发电有限责任公司职工家属区供水分离移交框架协议',
    partyA: '浙江浙能镇海发电有限责任公司',
    partyB: WATER,
    status: 'negotiating',
    method: '直接移交',
    group: 'water',
    covers: ['znfd-water'],
    isSample: true,
  },
  {
    key: 'gb-water-fw',
    kind: 'framework',
    enterprise: 'gb',
    title: '镇海港埠分公司职工家属区供水分离移交框架协议',
    partyA: '宁波港股份有限公司镇海港埠分公司',
    partyB: WATER,
    status: 'signed',
    signedOn: '2018-03-20',
    standard: '现状设施满足接收条件，直接移交',
    timeframe: '2018年7月底前完成职能交接',
    method: '直接移交',
    scope: '港埠新村供水设施',
    group: 'water',
    covers: ['gb-water'],
    isSample: true,
  },
  {
    key: 'gb-power-fw',
    kind: 'framework',
    enterprise: 'gb',
    title: '镇海港埠分公司职工家属区供电分离移交框架协议',
    partyA: '宁波港股份有限公司镇海港埠分公司',
    partyB: POWER,
    status: 'signed',
    signedOn: '2018-03-20',
    standard: '现状设施满足接收条件，直接移交',
    timeframe: '2018年7月底前完成职能交接',
    method: '直接移交',
    scope: '港埠新村供电设施',
    group: 'power',
    covers: ['gb-power'],
    isSample: true,
  },
];

// ---------------------------------------------------------------- meeting series and meetings

export interface SeriesSeed {
  key: string;
  group: string;
  name: string;
  kind: MeetingKind;
  cadence: Cadence;
  graceDays: number;
  startedOn: string;
  issuingOffice: string;
  distribution: string;
}

const SPECIAL_DISTRIBUTION = '政企协作小组办公室（区发改局），本专项工作组成员单位，驻镇相关企业';

export const seriesSeeds: SeriesSeed[] = [
  {
    key: 'coord',
    group: 'coord',
    name: '政企协作小组例会',
    kind: 'regular',
    cadence: 'bimonthly',
    graceDays: 31,
    startedOn: '2016-09-23',
    issuingOffice: '镇海区发展和改革局',
    distribution: '区委办、区人大办、区政府办，各专项工作组成员单位，驻镇相关企业',
  },
  { key: 'water', group: 'water', name: '供水专项工作组例会', kind: 'regular', cadence: 'monthly', graceDays: 5, startedOn: '2017-04-20', issuingOffice: '镇海区水利局', distribution: SPECIAL_DISTRIBUTION },
  { key: 'power', group: 'power', name: '供电专项工作组例会', kind: 'regular', cadence: 'monthly', graceDays: 5, startedOn: '2017-04-20', issuingOffice: '镇海区经济和信息化局', distribution: SPECIAL_DISTRIBUTION },
  { key: 'gas', group: 'gas', name: '供气专项工作组例会', kind: 'regular', cadence: 'monthly', graceDays: 5, startedOn: '2017-04-20', issuingOffice: '镇海区住房和城乡建设局', distribution: SPECIAL_DISTRIBUTION },
  { key: 'property', group: 'property', name: '物业专项工作组例会', kind: 'regular', cadence: 'monthly', graceDays: 5, startedOn: '2017-04-20', issuingOffice: '镇海区住房和城乡建设局', distribution: SPECIAL_DISTRIBUTION },
];

export interface AgendaSeed {
  title: string;
  presenter?: string;
  /** An open item carried over from an earlier meeting (item key). */
  item?: string;
}

export interface MeetingSeed {
  key: string;
  group: string;
  series?: string;
  title: string;
  kind?: MeetingKind;
  startsAt: string;
  endsAt?: string;
  place?: string;
  chair?: string;
  recorder?: string;
  topic?: string;
  heard?: string;
  summary?: string;
  status?: 'held' | 'planned' | 'cancelled';
  /** Issued minutes: [issue year, number 第×期, issued on]; none = draft. */
  minutes?: [number, number, string];
  issuingOffice?: string;
  distribution?: string;
  /** Person keys; `present` defaults to the group's members who are not excused. */
  present?: string[];
  attending?: string[];
  /** [person key, stand-in (委托……参会)] */
  excused?: [string, string?][];
  agenda?: (string | AgendaSeed)[];
}

const HALL = '区行政中心1号楼第一会议室';
const COORD_ALL = ['wang', 'li', 'zhao', 'qian', 'sun', 'chen', 'hu', 'zhou', 'wu', 'song', 'tang'];
const RECEIVERS = ['yang', 'zheng', 'feng'];

/** A special working group's monthly meeting, chaired by its 组长 and recorded by its 联络员. */
function special(
  group: 'water' | 'power' | 'gas' | 'property',
  key: string,
  year: number,
  n: number,
  day: string,
  rest: Partial<MeetingSeed>,
): MeetingSeed {
  const label = { water: '供水', power: '供电', gas: '供气', property: '物业' }[group];
  const place = { water: '区水利局三楼会议室', power: '区经信局二楼会议室', gas: '区住建局四楼会议室', property: '区住建局四楼会议室' }[group];
  const chair = { water: 'chen', power: 'hu', gas: 'qian', property: 'qian' }[group];
  const recorder = { water: 'lin', power: 'jiang', gas: 'zhu', property: 'dong' }[group];
  return {
    key,
    group,
    series: group,
    title: `${label}专项工作组${year}年第${n}次例会`,
    startsAt: `${day}T14:30`,
    endsAt: `${day}T16:30`,
    place,
    chair,
    recorder,
    ...rest,
  };
}

export const meetingSeeds: MeetingSeed[] = [
  // ---- 政企协作小组: the seed's meetings of 2016-09, 2017-03, 2017-04, 2017-09, then every 2–3 months
  {
    key: 'c2016-1',
    group: 'coord',
    series: 'coord',
    title: '驻镇国有企业"三供一业"分离移交工作会议',
    startsAt: '2016-09-23T14:30',
    endsAt: '2016-09-23T16:30',
    place: HALL,
    chair: 'wang',
    recorder: 'xu',
    topic: '传达国发〔2016〕19号、国办发〔2016〕45号文件精神，部署驻镇国有企业职工家属区"三供一业"分离移交工作，成立政企协作小组',
    heard: '会议听取了区发改局关于国家和省市"三供一业"分离移交政策的情况通报，以及镇海炼化、中石化工程公司关于职工家属区供水、供电、供气和物业管理现状的介绍。',
    summary: '会议决定成立镇海区"三供一业"分离移交政企协作小组，由区发改局牵头；各驻镇企业明确分管领导和联络员，年底前完成职工家属区基本情况摸底调查。',
    minutes: [2016, 1, '2016-09-28'],
    present: ['wang', 'li', 'zhao', 'qian', 'sun', 'zhou', 'wu'],
    attending: RECEIVERS,
    agenda: [
      { title: '传达国家和省市"三供一业"分离移交文件精神', presenter: '区发改局' },
      { title: '驻镇企业介绍职工家属区"三供一业"现状', presenter: '镇海炼化、中石化工程公司' },
      { title: '研究成立政企协作小组', presenter: '区发改局' },
    ],
  },
  {
    key: 'c2017-1',
    group: 'coord',
    series: 'coord',
    title: '政企协作小组2017年第1次例会',
    startsAt: '2017-03-15T09:00',
    endsAt: '2017-03-15T11:00',
    place: HALL,
    chair: 'wang',
    recorder: 'xu',
    topic: '通报职工家属区摸底调查结果，研究起草全区"三供一业"分离移交工作方案',
    heard: '会议听取了区发改局关于驻镇企业职工家属区"三供一业"摸底调查情况的汇报：驻镇中央企业、省属企业共有职工家属区8个，涉及住户6740户。',
    summary: '会议要求区发改局会同有关部门抓紧起草工作方案，按照成熟度逐步进行分离移交。',
    minutes: [2017, 1, '2017-03-20'],
    present: COORD_ALL,
    attending: RECEIVERS,
    agenda: [
      { title: '通报职工家属区摸底调查情况', presenter: '区发改局' },
      { title: '研究工作方案起草分工', presenter: '区发改局' },
    ],
  },
  {
    key: 'c2017-2',
    group: 'coord',
    series: 'coord',
    title: '政企协作小组2017年第2次例会',
    startsAt: '2017-04-20T14:30',
    endsAt: '2017-04-20T16:30',
    place: HALL,
    chair: 'wang',
    recorder: 'xu',
    topic: '传达全省国有企业职工家属区"三供一业"分离移交工作会议精神，成立专项工作组，建立工作例会制度',
    heard: '会议听取了区发改局关于全省国有企业职工家属区"三供一业"分离移交工作会议精神的传达：浙江要率先完成移交目标，2019年起各国有企业不再以任何方式为"三供一业"承担相关费用。',
    summary: '会议决定在政企协作小组下设供水、供电、供气、物业四个专项工作组，分别明确牵头部门；政企协作小组每2—3个月召开一次例会，专项工作组每月召开一次例会，并建立通讯录。',
    minutes: [2017, 2, '2017-04-25'],
    present: COORD_ALL,
    attending: RECEIVERS,
    excused: [['sun', '罗××']],
    agenda: [
      { title: '传达全省"三供一业"分离移交工作会议精神', presenter: '区发改局' },
      { title: '研究成立四个专项工作组，明确牵头部门', presenter: '区发改局' },
      { title: '建立工作例会制度和通讯录', presenter: '区发改局' },
    ],
  },
  {
    key: 'c2017-3',
    group: 'coord',
    series: 'coord',
    title: '政企协作小组2017年第3次例会',
    startsAt: '2017-09-18T14:30',
    endsAt: '2017-09-18T16:30',
    place: '区行政中心1号楼会议室',
    chair: 'wang',
    recorder: 'xu',
    topic: '听取各专项工作组和驻镇企业工作进展汇报，研究部署下步工作',
    heard: '会议听取了供水、供电、供气、物业四个专项工作组关于摸底调查和费用测算进展情况的汇报，以及镇海炼化、中石化工程公司关于分离移交准备工作的汇报。',
    summary: '会议就维修改造标准及费用测算、土地权属变更登记、市政设施及社区管理职能移交作出部署。',
    minutes: [2017, 3, '2017-09-20'],
    present: ['wang', 'li', 'zhao', 'qian', 'sun', 'zhou', 'wu'],
    attending: ['zheng', 'feng'],
    excused: [['chen', '林××']],
    agenda: [
      { title: '各专项工作组汇报摸底调查和费用测算进展', presenter: '各专项工作组' },
      { title: '驻镇企业汇报分离移交准备工作', presenter: '镇海炼化、中石化工程公司' },
      { title: '研究维修改造标准、土地权属及市政社区职能移交问题', presenter: '区发改局' },
    ],
  },
  {
    key: 'c2017-4',
    group: 'coord',
    series: 'coord',
    title: '政企协作小组2017年第4次例会',
    startsAt: '2017-11-28T14:30',
    endsAt: '2017-11-28T16:30',
    place: HALL,
    chair: 'wang',
    recorder: 'xu',
    topic: '研究炼化外供水电用户费用承担、供气改造费用标准等问题，推进市政设施及社区管理职能移交',
    heard: '会议听取了区发改局关于《"三供"分离移交维修改造标准及费用测算指导意见》印发情况的通报，区国土分局关于土地权属变更登记办理路径的汇报，以及镇海炼化关于外供水电用户情况的汇报。',
    summary: '会议要求抓紧研究炼化外供水电用户费用承担原则，组织召开供气改造费用标准座谈会，摸排市政设施及社区管理职能并测算相关费用。',
    minutes: [2017, 4, '2017-12-01'],
    present: COORD_ALL,
    attending: [...RECEIVERS, 'liang', 'he'],
    agenda: [
      { title: '通报"三供"维修改造标准及费用测算指导意见印发情况', presenter: '区发改局' },
      { title: '土地权属变更登记办理路径', presenter: '区国土分局' },
      { title: '炼化外供水电用户情况及费用承担问题', presenter: '镇海炼化' },
    ],
  },
  {
    key: 'c2018-1',
    group: 'coord',
    series: 'coord',
    title: '政企协作小组2018年第1次例会',
    startsAt: '2018-01-25T14:30',
    endsAt: '2018-01-25T17:00',
    place: HALL,
    chair: 'wang',
    recorder: 'xu',
    topic: '总结2017年工作，部署2018年"三供一业"及市政社区分离移交工作',
    heard: '会议听取了各专项工作组2017年工作总结和2018年工作打算，镇海炼化关于市政设施及社区管理职能分离移交框架协议签订情况和"三供"框架协议商谈情况的汇报，以及中石化工程公司关于供水实施协议签订情况的汇报。',
    summary: '2017年12月28日镇海炼化与区政府签订市政设施及社区管理职能分离移交框架协议；中石化工程公司1月18日签订供水实施协议。会议要求加快镇海炼化"三供"实施协议商谈，抓紧起草物业维修改造标准指导意见。',
    minutes: [2018, 1, '2018-01-29'],
    present: COORD_ALL.filter((p) => p !== 'song'),
    attending: [...RECEIVERS, 'liang', 'he'],
    excused: [['song', '许××']],
    agenda: [
      { title: '2017年工作总结及2018年工作打算', presenter: '各专项工作组' },
      { title: '镇海炼化"三供"框架协议及实施协议商谈情况', presenter: '镇海炼化' },
      { title: '土地权属变更登记推进情况（上次会议议定事项）', presenter: '区国土分局', item: 'p-land' },
    ],
  },
  {
    key: 'l2018-1',
    group: 'leading',
    title: '镇海区推进驻镇中央企业、省属企业职工家属区"三供一业"分离移交工作领导小组第一次会议',
    kind: 'progress',
    startsAt: '2018-03-16T09:00',
    endsAt: '2018-03-16T11:00',
    place: HALL,
    chair: 'ma',
    recorder: 'xu',
    topic: '宣布成立领导小组，明确成员单位职责，部署2018年分离移交目标任务',
    heard: '会议听取了区发改局关于驻镇中央企业、省属企业职工家属区"三供一业"分离移交工作进展及2018年工作计划的汇报。',
    summary: '会议要求各成员单位对照2018年底前基本完成分离移交的目标，倒排时间、挂图作战，确保2019年起企业不再承担"三供一业"相关费用。',
    minutes: [2018, 1, '2018-03-21'],
    issuingOffice: '镇海区发展和改革局',
    distribution: '区委办、区人大办、区政府办，领导小组各成员单位，驻镇相关企业',
    present: ['ma', 'wang', 'li', 'zhao', 'qian', 'sun', 'chen', 'hu'],
    attending: ['zhou', 'wu', 'song', 'tang'],
    agenda: [
      { title: '宣布领导小组成立及成员名单', presenter: '区发改局' },
      { title: '汇报分离移交工作进展及2018年工作计划', presenter: '区发改局' },
      { title: '研究市政设施及社区管理职能移交、省属企业资金渠道问题', presenter: '区发改局、区财政局' },
    ],
  },
  {
    key: 'c2018-2',
    group: 'coord',
    series: 'coord',
    title: '政企协作小组2018年第2次例会',
    startsAt: '2018-03-29T14:30',
    endsAt: '2018-03-29T16:30',
    place: HALL,
    chair: 'wang',
    recorder: 'xu',
    topic: '落实领导小组第一次会议部署，推进实施协议签订',
    heard: '会议听取了各专项工作组关于3月份工作进展的汇报，中石化工程公司关于供电实施协议履行和供气框架协议签订情况的汇报，镇海港埠关于供水、供电框架协议签订情况的汇报，以及区住建局关于物业指导意见征求意见情况的汇报。',
    summary: '会议同意物业维修改造标准指导意见延期至5月底定稿；对市政设施清单上报滞后提出批评，要求镇海炼化抓紧报送。',
    minutes: [2018, 2, '2018-04-02'],
    present: COORD_ALL,
    attending: [...RECEIVERS, 'liang'],
    agenda: [
      { title: '各专项工作组3月份工作进展', presenter: '各专项工作组' },
      { title: '市政设施清单上报情况', presenter: '镇海炼化', item: 'd-mc-list' },
      { title: '物业指导意见起草及延期申请', presenter: '区住建局', item: 'd-prop-guide' },
    ],
  },
  {
    key: 'c2018-3',
    group: 'coord',
    series: 'coord',
    title: '政企协作小组2018年第3次例会',
    startsAt: '2018-05-31T14:30',
    place: HALL,
    chair: 'wang',
    recorder: 'xu',
    topic: '听取各专项工作组推进情况，研究实施协议签订中的问题',
    status: 'planned',
    agenda: [
      { title: '镇海炼化供水实施协议签订情况', presenter: '区水利局', item: 'm-zhlh-water-impl' },
      { title: '市政设施清单上报情况', presenter: '镇海炼化', item: 'd-mc-list' },
      { title: '省属企业维修改造地方配套资金渠道', presenter: '区财政局', item: 'p-provincial-money' },
    ],
  },
  // ---- 供气改造费用标准座谈会 (kind forum, no series)
  {
    key: 'f2017-1',
    group: 'gas',
    title: '驻镇企业职工家属区供气改造费用标准座谈会',
    kind: 'forum',
    startsAt: '2017-12-14T09:30',
    endsAt: '2017-12-14T11:30',
    place: '区住建局四楼会议室',
    chair: 'qian',
    recorder: 'zhu',
    topic: '统一驻镇企业职工家属区供气设施维修改造费用标准',
    heard: '会议听取了兴光燃气关于供气设施维修改造内容及费用测算方法的介绍，以及镇海炼化、中石化工程公司、浙能镇海发电、镇海港埠关于各自费用测算情况的发言。',
    summary: '与会各方就调压设施、庭院管、立管及户内表前管改造的费用标准达成一致，各企业按统一标准重新测算。',
    minutes: [2017, 1, '2017-12-18'],
    issuingOffice: '镇海区住房和城乡建设局',
    distribution: '政企协作小组办公室（区发改局），供气专项工作组成员单位，驻镇相关企业',
    present: ['qian', 'feng', 'shen', 'wu', 'song', 'tang', 'zhu'],
    attending: ['xu'],
    agenda: [
      { title: '兴光燃气介绍供气改造内容及费用测算方法', presenter: '兴光燃气' },
      { title: '各企业交流费用测算情况', presenter: '驻镇相关企业' },
      { title: '研究统一费用标准', presenter: '区住建局' },
    ],
  },
  // ---- 供水专项工作组: monthly, on time (last held 2018-04-18, minutes still a draft)
  special('water', 'w2017-1', 2017, 1, '2017-05-10', {
    topic: '明确供水分离移交工作分工',
    heard: '会议听取了镇海自来水公司关于接收条件的介绍，以及镇海炼化、中石化工程公司关于供水设施现状的汇报。',
    summary: '明确以分户设表、按户收费为目标，6月底前完成供水设施摸底调查。',
    minutes: [2017, 1, '2017-05-12'],
    attending: ['wu'],
    agenda: ['镇海自来水公司介绍接收条件', '企业汇报供水设施现状'],
  }),
  special('water', 'w2017-2', 2017, 2, '2017-07-12', {
    topic: '通报供水设施摸底调查情况',
    heard: '会议听取了各企业供水设施摸底调查情况的汇报。',
    summary: '镇海炼化、中石化工程公司供水设施摸底已完成；浙能镇海发电、镇海港埠8月底前完成。',
    minutes: [2017, 2, '2017-07-14'],
    attending: ['wu', 'song', 'tang'],
    agenda: ['供水设施摸底调查情况', '下步工作安排'],
  }),
  special('water', 'w2017-3', 2017, 3, '2017-10-17', {
    topic: '研究供水维修改造标准',
    heard: '会议听取了镇海自来水公司关于供水维修改造标准初步意见的汇报，以及中石化工程公司关于供水框架协议签订情况的汇报。',
    summary: '供水维修改造标准意见报区发改局纳入"三供"指导意见。',
    minutes: [2017, 3, '2017-10-19'],
    attending: ['wu'],
    agenda: ['供水维修改造标准初步意见', '中石化工程公司供水框架协议签订情况'],
  }),
  special('water', 'w2017-4', 2017, 4, '2017-12-12', {
    topic: '推进镇海炼化供水框架协议商谈',
    heard: '会议听取了镇海炼化与镇海自来水公司关于供水框架协议文本商谈情况的汇报。',
    summary: '框架协议文本基本达成一致，力争2018年1月签订。',
    minutes: [2017, 4, '2017-12-14'],
    agenda: ['镇海炼化供水框架协议文本商谈情况'],
  }),
  special('water', 'w2018-1', 2018, 1, '2018-01-16', {
    topic: '部署2018年供水分离移交工作',
    heard: '会议听取了中石化工程公司供水实施协议签订准备情况和镇海炼化供水框架协议签订准备情况的汇报。',
    summary: '中石化工程公司供水实施协议拟于1月中旬签订，3月1日交接；镇海炼化供水框架协议1月底前签订。',
    minutes: [2018, 1, '2018-01-18'],
    attending: ['wu'],
    agenda: ['2018年供水分离移交工作安排', '中石化工程公司供水实施协议签订准备'],
  }),
  special('water', 'w2018-2', 2018, 2, '2018-02-27', {
    topic: '镇海炼化供水维修改造方案及费用测算',
    heard: '会议听取了镇海自来水公司关于炼化一村至三村供水维修改造方案的汇报，以及中石化工程公司关于3月1日供水职能交接准备情况的汇报。',
    summary: '炼化一村至三村改造方案基本成熟，3月下旬确认；炼化新村需补充二次供水设施测算。',
    minutes: [2018, 2, '2018-03-01'],
    attending: ['wu'],
    agenda: ['镇海炼化供水维修改造方案', '中石化工程公司供水职能交接准备'],
  }),
  special('water', 'w2018-3', 2018, 3, '2018-03-20', {
    topic: '镇海炼化供水实施协议文本',
    heard: '会议听取了镇海炼化关于供水实施协议文本起草情况的汇报，以及炼化二村居民反映二次供水水压问题的处理情况。',
    summary: '实施协议文本征求各方意见后于4月中旬定稿。',
    minutes: [2018, 3, '2018-03-22'],
    excused: [['shen', '曹××']],
    attending: ['he'],
    agenda: ['镇海炼化供水实施协议文本', { title: '炼化二村居民二次供水水压问题', presenter: '镇海炼化', item: 'p-residents-water' }],
  }),
  special('water', 'w2018-4', 2018, 4, '2018-04-18', {
    topic: '推进镇海炼化供水实施协议签订',
    heard: '会议听取了镇海炼化与镇海自来水公司关于实施协议文本意见的反馈情况，外供水用户费用条款仍有分歧。',
    summary: '会议明确，外供水用户费用条款按区发改局原则意见修改，力争5月底前签订供水实施协议。',
    agenda: [
      { title: '镇海炼化供水实施协议签订（逾期）', presenter: '区水利局', item: 'm-zhlh-water-impl' },
      '炼化新村供水改造补充测算',
    ],
  }),
  // ---- 供电专项工作组: monthly, on time (last held 2018-04-12)
  special('power', 'p2017-1', 2017, 1, '2017-05-11', {
    topic: '明确供电分离移交工作分工',
    heard: '会议听取了国网镇海供电公司关于接收条件和"一户一表"改造要求的介绍。',
    summary: '6月底前完成供电设施摸底调查。',
    minutes: [2017, 1, '2017-05-15'],
    attending: ['wu'],
    agenda: ['供电公司介绍接收条件', '摸底调查分工'],
  }),
  special('power', 'p2017-2', 2017, 2, '2017-08-15', {
    topic: '通报供电设施摸底调查情况',
    heard: '会议听取了各企业供电设施摸底情况的汇报，镇海炼化存在部分外供电用户。',
    summary: '外供电用户情况提交政企协作小组研究。',
    minutes: [2017, 2, '2017-08-17'],
    attending: ['wu', 'song', 'tang'],
    agenda: ['供电设施摸底调查情况', '炼化外供电用户情况'],
  }),
  special('power', 'p2017-3', 2017, 3, '2017-11-14', {
    topic: '推进供电框架协议签订',
    heard: '会议听取了中石化工程公司供电框架协议签订情况和镇海炼化供电框架协议商谈情况的汇报。',
    summary: '中石化工程公司10月20日已签订框架协议；镇海炼化力争2018年1月签订。',
    minutes: [2017, 3, '2017-11-16'],
    attending: ['wu'],
    agenda: ['供电框架协议签订情况'],
  }),
  special('power', 'p2018-1', 2018, 1, '2018-01-18', {
    topic: '部署2018年供电分离移交工作',
    heard: '会议听取了中石化工程公司供电实施协议文本和镇海炼化供电框架协议签订准备情况的汇报。',
    summary: '中石化工程公司供电实施协议2月上旬签订；镇海炼化框架协议2月上旬签订。',
    minutes: [2018, 1, '2018-01-22'],
    attending: ['wu'],
    agenda: ['2018年供电分离移交工作安排'],
  }),
  special('power', 'p2018-2', 2018, 2, '2018-03-13', {
    topic: '镇海炼化供电维修改造方案',
    heard: '会议听取了国网镇海供电公司关于炼化一村、二村供电改造方案的汇报，三村、新村涉及外供电用户，方案尚未完成。',
    summary: '一村、二村改造方案3月下旬确认；三村、新村方案3月底前完成（需核对外供电用户清单）。',
    minutes: [2018, 2, '2018-03-15'],
    agenda: ['炼化一村、二村供电改造方案', '炼化三村、新村外供电用户情况'],
  }),
  special('power', 'p2018-3', 2018, 3, '2018-04-12', {
    topic: '中石化工程公司供电改造进场准备，镇海炼化三村、新村改造方案',
    heard: '会议听取了中石化工程公司供电改造施工准备情况的汇报，以及国网镇海供电公司关于炼化三村、新村改造方案进展的汇报。',
    summary: '中石化工程公司5月中旬施工进场；炼化三村、新村改造方案已逾期，4月底前必须完成。',
    minutes: [2018, 3, '2018-04-16'],
    attending: ['wu'],
    agenda: [
      '中石化工程公司供电改造施工准备',
      { title: '炼化三村、新村供电改造方案（逾期）', presenter: '国网镇海供电公司', item: 'm-zhlh-power-plan' },
    ],
  }),
  // ---- 供气专项工作组: monthly, on time (last held 2018-03-30)
  special('gas', 'g2017-1', 2017, 1, '2017-05-16', {
    topic: '明确供气分离移交工作分工',
    heard: '会议听取了兴光燃气关于接收条件的介绍。',
    summary: '7月底前完成供气设施摸底调查。',
    minutes: [2017, 1, '2017-05-18'],
    agenda: ['兴光燃气介绍接收条件', '摸底调查分工'],
  }),
  special('gas', 'g2017-2', 2017, 2, '2017-08-22', {
    topic: '通报供气设施摸底调查情况',
    heard: '会议听取了各企业供气设施摸底情况的汇报。',
    summary: '镇海炼化、中石化工程公司摸底已完成，浙能镇海发电、镇海港埠9月中旬前完成。',
    minutes: [2017, 2, '2017-08-24'],
    attending: ['shen', 'song', 'tang'],
    agenda: ['供气设施摸底调查情况'],
  }),
  special('gas', 'g2017-3', 2017, 3, '2017-11-21', {
    topic: '供气改造费用测算',
    heard: '会议听取了各企业供气改造费用测算情况的汇报，各企业测算口径差异较大。',
    summary: '建议由区住建局组织召开供气改造费用标准座谈会，统一费用标准。',
    minutes: [2017, 3, '2017-11-23'],
    attending: ['shen', 'song', 'tang'],
    agenda: [{ title: '供气改造费用标准不统一问题', presenter: '兴光燃气', item: 'p-gas-standard' }],
  }),
  special('gas', 'g2018-1', 2018, 1, '2018-01-23', {
    topic: '按统一标准重新测算供气改造费用',
    heard: '会议听取了各企业按座谈会统一标准重新测算费用的情况汇报。',
    summary: '镇海炼化供气框架协议2月中旬签订；中石化工程公司3月底前签订。',
    minutes: [2018, 1, '2018-01-25'],
    attending: ['shen'],
    agenda: ['按统一标准重新测算情况', '供气框架协议签订安排'],
  }),
  special('gas', 'g2018-2', 2018, 2, '2018-02-28', {
    topic: '镇海炼化供气改造方案编制',
    heard: '会议听取了兴光燃气关于镇海炼化供气改造方案编制进度的汇报。',
    summary: '方案编制工作量大，兴光燃气提出延期申请，提交政企协作小组审批。',
    minutes: [2018, 2, '2018-03-02'],
    attending: ['shen'],
    agenda: ['镇海炼化供气改造方案编制进度'],
  }),
  special('gas', 'g2018-3', 2018, 3, '2018-03-30', {
    topic: '镇海炼化供气改造方案初稿，中石化工程公司供气框架协议履行',
    heard: '会议听取了兴光燃气关于镇海炼化供气改造方案进展的汇报，以及中石化工程公司3月16日签订供气框架协议情况的汇报。',
    summary: '兴光燃气4月20日前提交镇海炼化供气改造方案初稿。',
    minutes: [2018, 3, '2018-04-03'],
    attending: ['shen'],
    agenda: [{ title: '镇海炼化供气改造方案及费用测算（已延期）', presenter: '兴光燃气', item: 'm-zhlh-gas-plan' }, '中石化工程公司供气框架协议履行'],
  }),
  // ---- 物业专项工作组: behind (last held 2018-02-27; March meeting cancelled)
  special('property', 'pr2017-1', 2017, 1, '2017-06-20', {
    topic: '明确物业分离移交工作分工',
    heard: '会议听取了蛟川街道、招宝山街道关于属地接收物业管理的意见。',
    summary: '9月底前完成物业分离移交基本情况摸底调查。',
    minutes: [2017, 1, '2017-06-22'],
    agenda: ['属地街道接收意见', '摸底调查分工'],
  }),
  special('property', 'pr2017-2', 2017, 2, '2017-09-26', {
    topic: '物业摸底调查进展',
    heard: '会议听取了各企业物业管理现状及摸底调查进展的汇报。',
    summary: '镇海炼化物业摸底延至11月上旬完成。',
    minutes: [2017, 2, '2017-09-28'],
    agenda: ['物业摸底调查进展'],
  }),
  special('property', 'pr2017-3', 2017, 3, '2017-12-19', {
    topic: '物业维修改造标准研究',
    heard: '会议听取了区住建局关于物业分离移交维修改造标准初步考虑的汇报。',
    summary: '区住建局起草物业维修改造标准及费用测算指导意见。',
    minutes: [2017, 3, '2017-12-21'],
    agenda: ['物业维修改造标准初步考虑'],
  }),
  special('property', 'pr2018-1', 2018, 1, '2018-01-30', {
    topic: '物业指导意见起草',
    heard: '会议听取了区住建局关于物业指导意见起草进展的汇报，以及镇海炼化关于物业服务人员情况的介绍。',
    summary: '指导意见初稿2月底前完成，3月征求意见。',
    minutes: [2018, 1, '2018-02-01'],
    agenda: ['物业指导意见起草进展', '镇海炼化物业服务人员情况'],
  }),
  special('property', 'pr2018-2', 2018, 2, '2018-02-27', {
    topic: '物业指导意见初稿讨论',
    heard: '会议听取了区住建局关于物业指导意见初稿的说明，各企业和街道对维修改造标准提出意见。',
    summary: '摸底数据存在出入，需复核后再完善指导意见。',
    minutes: [2018, 2, '2018-03-02'],
    excused: [['han', '包××']],
    agenda: [
      { title: '物业指导意见初稿', presenter: '区住建局', item: 'd-prop-guide' },
      { title: '物业服务人员分流安置', presenter: '镇海炼化', item: 'p-property-staff' },
    ],
  }),
  special('property', 'pr2018-x', 2018, 3, '2018-03-27', {
    status: 'cancelled',
    summary: '因物业指导意见征求意见尚未结束，会议取消。',
  }),
  special('property', 'pr2018-3', 2018, 3, '2018-05-08', {
    status: 'planned',
    topic: '物业指导意见定稿，镇海炼化物业框架协议',
    endsAt: undefined,
    agenda: [
      { title: '物业指导意见定稿', presenter: '区住建局', item: 'd-prop-guide' },
      { title: '镇海炼化物业框架协议签订（逾期）', presenter: '区住建局', item: 'm-zhlh-property-fw' },
    ],
  }),
];

// ---------------------------------------------------------------- tracked items

/** A progress note / status change: [day, from, to, note]. */
export type UpdateSeed = [string, ItemStatus | null, ItemStatus, string];

export interface ItemSeed {
  key: string;
  kind: ItemKind;
  title: string;
  detail?: string;
  leadUnit: string;
  supportUnits?: string[];
  owner?: string;
  /** Defaults to the meeting's group, else the handover's. */
  group?: string;
  dueDate: string;
  status: ItemStatus;
  category?: ProblemCategory;
  level?: ProblemLevel;
  /** Defaults to the handover's enterprise. */
  enterprise?: string;
  /** `${plan}/${compound}`, or the plan key for municipal/community. */
  handover?: string;
  stage?: Stage;
  agreement?: string;
  /** A decision's meeting; its position follows the order here. */
  meeting?: string;
  /** When the item was recorded (defaults to raisedOn, the meeting, or the first update). */
  createdOn?: string;
  raisedOn?: string;
  firstResponseOn?: string;
  doneOn?: string;
  closedOn?: string;
  closeNote?: string;
  updates?: UpdateSeed[];
  /** An approved delay: the original deadline stays in originalDueDate. */
  delay?: { previousDueDate: string; requestedOn: string; decidedOn: string; reason: string; decisionNote: string };
}

const FIRMS = ['镇海炼化', '中石化工程公司', '浙能镇海发电', '镇海港埠'];

export const itemSeeds: ItemSeed[] = [
  // ======== decisions (议定事项), by meeting
  // -- 2016-09-23
  {
    key: 'd-firm-groups',
    kind: 'decision',
    meeting: 'c2016-1',
    title: '各驻镇企业成立"三供一业"分离移交领导小组，报送分管领导和联络员名单',
    leadUnit: '区发改局',
    supportUnits: FIRMS,
    owner: '徐××',
    dueDate: '2016-10-31',
    status: 'closed',
    doneOn: '2016-10-28',
    closedOn: '2016-11-02',
    closeNote: '各企业领导小组均已成立，分管领导和联络员名单已汇总入通讯录。',
    updates: [
      ['2016-10-28', 'notStarted', 'done', '四家企业均已成立领导小组并报送名单。'],
      ['2016-11-02', 'done', 'closed', '经核对，予以销号。'],
    ],
  },
  {
    key: 'd-survey',
    kind: 'decision',
    meeting: 'c2016-1',
    title: '开展驻镇企业职工家属区"三供一业"基本情况摸底调查',
    leadUnit: '区发改局',
    supportUnits: ['区住建局', '区水利局', '区经信局', ...FIRMS],
    owner: '徐××',
    dueDate: '2016-12-31',
    status: 'closed',
    doneOn: '2017-02-28',
    closedOn: '2017-03-15',
    closeNote: '摸底调查表已汇总，2017年第1次例会通报。',
    updates: [
      ['2016-10-10', 'notStarted', 'inProgress', '调查表已下发各企业。'],
      ['2017-02-28', 'inProgress', 'done', '8个家属区、6740户基本情况汇总完成。'],
      ['2017-03-15', 'done', 'closed', '例会通报，予以销号。'],
    ],
  },
  // -- 2017-03-15
  {
    key: 'd-work-plan',
    kind: 'decision',
    meeting: 'c2017-1',
    title: '起草《驻镇中央企业、省属企业职工家属区"三供一业"分离移交工作方案》',
    leadUnit: '区发改局',
    supportUnits: ['区财政局', '区住建局', '区国土分局'],
    owner: '李××',
    dueDate: '2017-04-30',
    status: 'closed',
    doneOn: '2017-06-12',
    closedOn: '2017-06-15',
    closeNote: '工作方案已于2017年6月12日印发。',
    updates: [
      ['2017-03-20', 'notStarted', 'inProgress', '开始起草，4月结合全省会议精神修改。'],
      ['2017-06-12', 'inProgress', 'done', '工作方案印发。'],
      ['2017-06-15', 'done', 'closed', '予以销号。'],
    ],
  },
  // -- 2017-04-20
  {
    key: 'd-special-groups',
    kind: 'decision',
    meeting: 'c2017-2',
    title: '成立供水、供电、供气、物业四个专项工作组，明确牵头部门',
    leadUnit: '区发改局',
    supportUnits: ['区水利局', '区经信局', '区住建局'],
    owner: '李××',
    dueDate: '2017-04-30',
    status: 'closed',
    doneOn: '2017-04-28',
    closedOn: '2017-05-05',
    closeNote: '四个专项工作组已成立，牵头部门分别为区水利局、区经信局、区住建局。',
    updates: [
      ['2017-04-28', 'notStarted', 'done', '专项工作组组成名单印发。'],
      ['2017-05-05', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'd-meeting-system',
    kind: 'decision',
    meeting: 'c2017-2',
    title: '建立工作例会制度和通讯录',
    detail: '政企协作小组每2—3个月召开一次例会，专项工作组每月召开一次例会。',
    leadUnit: '区发改局',
    supportUnits: ['各专项工作组牵头部门'],
    owner: '徐××',
    dueDate: '2017-05-15',
    status: 'closed',
    doneOn: '2017-05-12',
    closedOn: '2017-05-16',
    closeNote: '例会制度已明确，通讯录已印发。',
    updates: [
      ['2017-05-12', 'notStarted', 'done', '通讯录印发，各专项工作组首次例会已召开或已排期。'],
      ['2017-05-16', 'done', 'closed', '予以销号。'],
    ],
  },
  // -- 2017-09-18 (see examples/minutes-sample.md)
  {
    key: 'd-standard',
    kind: 'decision',
    meeting: 'c2017-3',
    title: '关于维修改造标准及费用测算',
    detail: '结合摸底调查结果，于2017年10月底前形成《"三供"分离移交维修改造标准及费用测算指导意见》送审稿。',
    leadUnit: '区发改局',
    supportUnits: ['区住建局', '区财政局'],
    owner: '李××',
    dueDate: '2017-10-31',
    status: 'closed',
    doneOn: '2017-11-24',
    closedOn: '2017-11-28',
    closeNote: '《"三供"分离移交维修改造标准及费用测算指导意见》已于2017年11月24日印发。',
    updates: [
      ['2017-09-20', 'notStarted', 'inProgress', '开始起草。'],
      ['2017-10-30', 'inProgress', 'inProgress', '送审稿已形成，征求企业意见。'],
      ['2017-11-24', 'inProgress', 'done', '指导意见印发。'],
      ['2017-11-28', 'done', 'closed', '例会确认，予以销号。'],
    ],
  },
  {
    key: 'd-land-path',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'c2017-3',
    title: '关于土地权属变更登记',
    detail: '指导镇海炼化做好移交资产涉及土地的权属梳理，提出变更登记办理路径。',
    leadUnit: '区国土分局',
    supportUnits: ['镇海炼化'],
    owner: '孙××',
    dueDate: '2017-11-30',
    status: 'closed',
    doneOn: '2017-11-27',
    closedOn: '2017-11-28',
    closeNote: '办理路径已明确并在例会上通报；具体登记作为问题继续督办。',
    updates: [
      ['2017-09-25', 'notStarted', 'inProgress', '与镇海炼化梳理泵房、配电房、调压站用地情况。'],
      ['2017-11-27', 'inProgress', 'done', '办理路径已提出。'],
      ['2017-11-28', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'd-mc-framework',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'c2017-3',
    title: '关于市政设施及社区管理职能移交',
    detail: '与镇海炼化商定框架协议文本，力争年底前签订。',
    leadUnit: '区发改局',
    supportUnits: ['镇海炼化', '蛟川街道'],
    owner: '李××',
    dueDate: '2017-12-31',
    status: 'closed',
    doneOn: '2017-12-28',
    closedOn: '2018-01-25',
    closeNote: '2017年12月28日已签订《中国石化镇海炼化分公司市政设施及社区管理职能分离移交框架协议》。',
    updates: [
      ['2017-10-12', 'notStarted', 'inProgress', '框架协议文本与镇海炼化多次商谈。'],
      ['2017-12-28', 'inProgress', 'done', '框架协议签订。'],
      ['2018-01-25', 'done', 'closed', '2018年第1次例会确认，予以销号。'],
    ],
  },
  // -- 2017-11-28
  {
    key: 'd-outside-users',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'c2017-4',
    title: '研究提出炼化外供水电用户费用承担原则意见',
    leadUnit: '区发改局',
    supportUnits: ['区财政局', '镇海炼化', '镇海自来水公司', '国网镇海供电公司'],
    owner: '李××',
    dueDate: '2018-01-31',
    status: 'closed',
    doneOn: '2018-01-22',
    closedOn: '2018-01-25',
    closeNote: '原则意见已提出，2018年第1次例会通过。',
    updates: [
      ['2017-12-05', 'notStarted', 'inProgress', '会同财政、企业梳理外供用户清单。'],
      ['2018-01-22', 'inProgress', 'done', '原则意见形成。'],
      ['2018-01-25', 'done', 'closed', '例会通过，予以销号。'],
    ],
  },
  {
    key: 'd-gas-forum',
    kind: 'decision',
    meeting: 'c2017-4',
    title: '组织召开供气改造费用标准座谈会',
    leadUnit: '区住建局',
    supportUnits: ['兴光燃气', ...FIRMS],
    owner: '钱××',
    dueDate: '2017-12-31',
    status: 'closed',
    doneOn: '2017-12-14',
    closedOn: '2017-12-20',
    closeNote: '2017年12月14日座谈会已召开，纪要已印发。',
    updates: [
      ['2017-12-14', 'notStarted', 'done', '座谈会召开。'],
      ['2017-12-20', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'd-mc-costs',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'c2017-4',
    title: '摸排国有企业办市政、社区管理职能情况并测算相关费用',
    leadUnit: '区发改局',
    supportUnits: ['区财政局', '区综合行政执法局', '蛟川街道', '镇海炼化'],
    owner: '徐××',
    dueDate: '2018-02-28',
    status: 'done',
    doneOn: '2018-03-20',
    updates: [
      ['2017-12-05', 'notStarted', 'inProgress', '摸排表已下发。'],
      ['2018-02-26', 'inProgress', 'inProgress', '春节影响，测算略有滞后。'],
      ['2018-03-20', 'inProgress', 'done', '职能清单及费用初步测算完成，待销号确认。'],
    ],
  },
  // -- 2018-01-25
  {
    key: 'd-zhlh-impl',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'c2018-1',
    title: '加快镇海炼化"三供"实施协议商谈',
    leadUnit: '镇海炼化',
    supportUnits: ['区水利局', '区经信局', '区住建局'],
    owner: '周××',
    dueDate: '2018-04-30',
    status: 'inProgress',
    updates: [
      ['2018-02-05', 'notStarted', 'inProgress', '供水实施协议文本起草。'],
      ['2018-04-18', 'inProgress', 'inProgress', '供水实施协议外供水用户条款仍有分歧；供电、供气待改造方案确定。'],
    ],
  },
  {
    key: 'd-prop-guide',
    kind: 'decision',
    meeting: 'c2018-1',
    title: '起草《驻镇部、省属国有企业职工家属区物业分离移交维修改造标准及费用测算指导意见》',
    leadUnit: '区住建局',
    supportUnits: ['区发改局', '区财政局', '蛟川街道', '招宝山街道'],
    owner: '钱××',
    dueDate: '2018-05-31',
    status: 'delayed',
    delay: {
      previousDueDate: '2018-03-31',
      requestedOn: '2018-03-26',
      decidedOn: '2018-03-29',
      reason: '征求驻镇企业及街道意见，部分企业对物业维修改造标准有不同意见，摸底数据需复核。',
      decisionNote: '同意延期至2018年5月31日，请抓紧定稿。',
    },
    updates: [
      ['2018-02-01', 'notStarted', 'inProgress', '开始起草。'],
      ['2018-03-05', 'inProgress', 'inProgress', '初步拟定，征求意见中。'],
      ['2018-03-29', 'inProgress', 'delayed', '经政企协作小组例会同意，延期至2018年5月31日。'],
    ],
  },
  {
    key: 'd-mc-list',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'c2018-1',
    title: '各移交单位上报需要移交的市政设施清单及存在问题',
    leadUnit: '镇海炼化',
    supportUnits: ['区综合行政执法局', '蛟川街道'],
    owner: '曹××',
    dueDate: '2018-03-15',
    status: 'inProgress',
    updates: [
      ['2018-02-06', 'notStarted', 'inProgress', '开始梳理。'],
      ['2018-03-28', 'inProgress', 'inProgress', '已报送道路、路灯清单，管网、绿化清单尚在梳理。'],
    ],
  },
  // -- 2018-03-16 (leading group)
  {
    key: 'd-plan-table',
    kind: 'decision',
    meeting: 'l2018-1',
    title: '建立领导小组成员单位督办机制，细化2018年工作计划表',
    detail: '明确每个移交项目的标准、时间、方式和具体范围，按计划推进。',
    leadUnit: '区发改局',
    supportUnits: ['领导小组各成员单位'],
    owner: '李××',
    dueDate: '2018-04-15',
    status: 'done',
    doneOn: '2018-04-13',
    updates: [
      ['2018-03-19', 'notStarted', 'inProgress', '计划表征求各成员单位意见。'],
      ['2018-04-13', 'inProgress', 'done', '2018年工作计划表已印发，待销号确认。'],
    ],
  },
  {
    key: 'd-mc-scheme',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'l2018-1',
    title: '研究制定市政设施及社区管理职能移交实施方案',
    leadUnit: '区发改局',
    supportUnits: ['蛟川街道', '区综合行政执法局', '区民政局', '镇海炼化'],
    owner: '李××',
    dueDate: '2018-06-30',
    status: 'inProgress',
    updates: [['2018-04-02', 'notStarted', 'inProgress', '方案框架已拟定，待清单报齐后细化。']],
  },
  {
    key: 'd-contacts',
    kind: 'decision',
    meeting: 'l2018-1',
    title: '各成员单位明确一名联络员，更新通讯录',
    leadUnit: '区发改局',
    supportUnits: ['领导小组各成员单位'],
    owner: '徐××',
    dueDate: '2018-03-31',
    status: 'closed',
    doneOn: '2018-03-26',
    closedOn: '2018-03-29',
    closeNote: '通讯录已更新。',
    updates: [
      ['2018-03-26', 'notStarted', 'done', '联络员名单已汇总。'],
      ['2018-03-29', 'done', 'closed', '予以销号。'],
    ],
  },
  // -- 2018-03-29
  {
    key: 'd-sei-power-works',
    kind: 'decision',
    enterprise: 'sei',
    meeting: 'c2018-2',
    title: '中石化工程公司供电改造施工进场',
    leadUnit: '中石化工程公司',
    supportUnits: ['国网镇海供电公司'],
    owner: '吴××',
    dueDate: '2018-05-15',
    status: 'inProgress',
    updates: [['2018-04-12', 'notStarted', 'inProgress', '施工单位已确定，施工组织方案报供电公司审查。']],
  },
  {
    key: 'd-znfd-fw',
    kind: 'decision',
    enterprise: 'znfd',
    meeting: 'c2018-2',
    title: '加快浙能镇海发电"三供"框架协议商谈',
    leadUnit: '浙能镇海发电',
    supportUnits: ['区水利局', '区经信局', '区住建局'],
    owner: '宋××',
    dueDate: '2018-04-30',
    status: 'inProgress',
    updates: [['2018-04-09', 'notStarted', 'inProgress', '供水框架协议文本已交换意见。']],
  },
  {
    key: 'd-gb-property-survey',
    kind: 'decision',
    enterprise: 'gb',
    meeting: 'c2018-2',
    title: '镇海港埠启动物业分离移交摸底调查',
    leadUnit: '镇海港埠',
    supportUnits: ['区住建局', '招宝山街道'],
    owner: '唐××',
    dueDate: '2018-04-20',
    status: 'notStarted',
  },
  // -- 2017-12-14 forum
  {
    key: 'd-gas-unify',
    kind: 'decision',
    meeting: 'f2017-1',
    title: '统一供气改造费用标准',
    detail: '调压设施、庭院管、立管及户内表前管改造按统一标准测算。',
    leadUnit: '区住建局',
    supportUnits: ['兴光燃气'],
    owner: '钱××',
    dueDate: '2017-12-31',
    status: 'closed',
    doneOn: '2017-12-18',
    closedOn: '2017-12-20',
    closeNote: '座谈会纪要已印发，统一标准执行。',
    updates: [
      ['2017-12-18', 'notStarted', 'done', '座谈会纪要印发。'],
      ['2017-12-20', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'd-gas-recalc',
    kind: 'decision',
    meeting: 'f2017-1',
    title: '各企业按统一标准重新报送供气改造费用测算',
    leadUnit: '兴光燃气',
    supportUnits: FIRMS,
    owner: '冯××',
    dueDate: '2018-01-31',
    status: 'closed',
    doneOn: '2018-01-30',
    closedOn: '2018-02-28',
    closeNote: '四家企业均已按统一标准重新测算。',
    updates: [
      ['2018-01-02', 'notStarted', 'inProgress', '重新测算中。'],
      ['2018-01-30', 'inProgress', 'done', '测算结果已报送。'],
      ['2018-02-28', 'done', 'closed', '供气专项工作组例会确认，予以销号。'],
    ],
  },
  // -- special working groups
  {
    key: 'd-water-ledger',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'w2017-3',
    title: '复核镇海炼化供水设施摸底台账',
    leadUnit: '区水利局',
    supportUnits: ['镇海炼化', '镇海自来水公司'],
    owner: '林××',
    dueDate: '2017-11-15',
    status: 'closed',
    doneOn: '2017-11-10',
    closedOn: '2017-12-12',
    closeNote: '台账已复核。',
    updates: [
      ['2017-11-10', 'notStarted', 'done', '复核完成，二次供水设施数量已更正。'],
      ['2017-12-12', 'done', 'closed', '例会确认，予以销号。'],
    ],
  },
  {
    key: 'd-water-text',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'w2018-3',
    title: '镇海炼化供水实施协议文本征求各方意见',
    leadUnit: '区水利局',
    supportUnits: ['镇海炼化', '镇海自来水公司'],
    owner: '林××',
    dueDate: '2018-04-10',
    status: 'done',
    doneOn: '2018-04-09',
    updates: [
      ['2018-03-23', 'notStarted', 'inProgress', '文本已发各方。'],
      ['2018-04-09', 'inProgress', 'done', '意见已汇总，外供水用户条款仍有分歧。'],
    ],
  },
  {
    key: 'd-water-review',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'w2018-4',
    title: '镇海炼化供水实施协议文本报区司法局合法性审查',
    leadUnit: '区水利局',
    supportUnits: ['区司法局'],
    owner: '林××',
    dueDate: '2018-05-10',
    status: 'notStarted',
  },
  {
    key: 'd-water-lhx',
    kind: 'decision',
    meeting: 'w2018-4',
    title: '炼化新村供水维修改造方案补充测算',
    leadUnit: '镇海自来水公司',
    supportUnits: ['镇海炼化'],
    owner: '杨××',
    dueDate: '2018-05-15',
    status: 'inProgress',
    handover: 'zhlh-water/lhx',
    stage: 'plan',
    updates: [['2018-04-20', 'notStarted', 'inProgress', '现场复勘二次供水泵房。']],
  },
  {
    key: 'd-power-users',
    kind: 'decision',
    enterprise: 'zhlh',
    meeting: 'p2018-2',
    title: '核对炼化外供电用户清单',
    leadUnit: '国网镇海供电公司',
    supportUnits: ['镇海炼化'],
    owner: '郑××',
    dueDate: '2018-03-31',
    status: 'closed',
    doneOn: '2018-03-30',
    closedOn: '2018-04-12',
    closeNote: '外供电用户清单已核对。',
    updates: [
      ['2018-03-30', 'notStarted', 'done', '清单核对完成。'],
      ['2018-04-12', 'done', 'closed', '例会确认，予以销号。'],
    ],
  },
  {
    key: 'd-gas-draft',
    kind: 'decision',
    meeting: 'g2018-3',
    title: '兴光燃气提交镇海炼化供气改造方案初稿',
    leadUnit: '兴光燃气',
    supportUnits: ['镇海炼化'],
    owner: '冯××',
    dueDate: '2018-04-20',
    status: 'inProgress',
    handover: 'zhlh-gas/lh1',
    stage: 'plan',
    updates: [['2018-04-02', 'notStarted', 'inProgress', '一村、二村方案已完成，三村、新村编制中。']],
  },
  {
    key: 'd-prop-recheck',
    kind: 'decision',
    meeting: 'pr2018-2',
    title: '复核物业移交摸底数据',
    leadUnit: '区住建局',
    supportUnits: ['蛟川街道', '招宝山街道', '镇海炼化'],
    owner: '董××',
    dueDate: '2018-03-20',
    status: 'inProgress',
    updates: [['2018-03-05', 'notStarted', 'inProgress', '蛟川街道部分已复核，招宝山街道部分未完成。']],
  },

  // ======== milestones (节点)
  {
    key: 'm-zhlh-mc-fw',
    kind: 'milestone',
    title: '镇海炼化市政设施及社区管理职能分离移交框架协议签订',
    leadUnit: '区发改局',
    supportUnits: ['镇海炼化', '蛟川街道'],
    owner: '李××',
    handover: 'zhlh-municipal',
    stage: 'framework',
    agreement: 'zhlh-mc-fw',
    dueDate: '2017-12-31',
    status: 'closed',
    doneOn: '2017-12-28',
    closedOn: '2018-01-05',
    closeNote: '框架协议已于2017年12月28日签订。',
    updates: [
      ['2017-12-28', 'notStarted', 'done', '框架协议签订。'],
      ['2018-01-05', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'm-zhlh-mc-impl',
    createdOn: '2018-01-25',
    kind: 'milestone',
    title: '镇海炼化市政设施及社区管理职能移交实施协议签订',
    leadUnit: '区发改局',
    supportUnits: ['镇海炼化', '蛟川街道', '区综合行政执法局'],
    owner: '李××',
    handover: 'zhlh-municipal',
    stage: 'implementation',
    dueDate: '2018-06-30',
    status: 'notStarted',
  },
  {
    key: 'm-zhlh-water-impl',
    kind: 'milestone',
    title: '镇海炼化供水实施协议签订',
    leadUnit: '区水利局',
    supportUnits: ['镇海炼化', '镇海自来水公司'],
    owner: '陈××',
    handover: 'zhlh-water/lh1',
    stage: 'implementation',
    agreement: 'zhlh-water-impl',
    dueDate: '2018-04-20',
    status: 'inProgress',
    updates: [
      ['2018-02-05', 'notStarted', 'inProgress', '实施协议文本起草。'],
      ['2018-04-18', 'inProgress', 'inProgress', '外供水用户费用条款仍有分歧，文本拟报合法性审查。'],
    ],
  },
  {
    key: 'm-zhlh-power-plan',
    kind: 'milestone',
    title: '炼化三村、炼化新村供电维修改造方案及费用测算',
    leadUnit: '国网镇海供电公司',
    supportUnits: ['镇海炼化', '区经信局'],
    owner: '郑××',
    handover: 'zhlh-power/lh3',
    stage: 'plan',
    dueDate: '2018-03-31',
    status: 'inProgress',
    updates: [
      ['2018-03-13', 'notStarted', 'inProgress', '外供电用户清单核对中。'],
      ['2018-04-12', 'inProgress', 'inProgress', '清单已核对，方案4月底前完成。'],
    ],
  },
  {
    key: 'm-zhlh-power-impl',
    kind: 'milestone',
    title: '镇海炼化供电实施协议签订',
    leadUnit: '区经信局',
    supportUnits: ['镇海炼化', '国网镇海供电公司'],
    owner: '胡××',
    handover: 'zhlh-power/lh1',
    stage: 'implementation',
    agreement: 'zhlh-power-impl',
    dueDate: '2018-05-31',
    status: 'inProgress',
    updates: [['2018-03-21', 'notStarted', 'inProgress', '一村、二村方案确认后开始起草实施协议。']],
  },
  {
    key: 'm-zhlh-gas-plan',
    kind: 'milestone',
    title: '镇海炼化供气维修改造方案及费用测算',
    leadUnit: '兴光燃气',
    supportUnits: ['镇海炼化', '区住建局'],
    owner: '冯××',
    handover: 'zhlh-gas/lh1',
    stage: 'plan',
    dueDate: '2018-05-31',
    status: 'inProgress',
    delay: {
      previousDueDate: '2018-04-15',
      requestedOn: '2018-03-05',
      decidedOn: '2018-03-09',
      reason: '按2017年12月座谈会统一标准重新测算，四个家属区户内管线需逐户核查，工作量大。',
      decisionNote: '同意延期至2018年5月31日。',
    },
    updates: [
      ['2018-02-28', 'notStarted', 'inProgress', '方案编制中，申请延期。'],
      ['2018-03-09', 'inProgress', 'inProgress', '延期申请已批准，新的完成时限2018年5月31日。'],
    ],
  },
  {
    key: 'm-zhlh-gas-impl',
    createdOn: '2018-02-12',
    kind: 'milestone',
    title: '镇海炼化供气实施协议签订',
    leadUnit: '区住建局',
    supportUnits: ['镇海炼化', '兴光燃气'],
    owner: '钱××',
    handover: 'zhlh-gas/lh1',
    stage: 'implementation',
    agreement: 'zhlh-gas-impl',
    dueDate: '2018-06-30',
    status: 'notStarted',
  },
  {
    key: 'm-zhlh-property-fw',
    kind: 'milestone',
    title: '镇海炼化物业分离移交框架协议签订',
    leadUnit: '区住建局',
    supportUnits: ['镇海炼化', '蛟川街道', '招宝山街道'],
    owner: '钱××',
    handover: 'zhlh-property/lh1',
    stage: 'framework',
    agreement: 'zhlh-property-fw',
    dueDate: '2018-03-31',
    status: 'inProgress',
    updates: [['2018-02-27', 'notStarted', 'inProgress', '框架协议文本起草，待物业指导意见定稿。']],
  },
  {
    key: 'm-sei-water-impl',
    kind: 'milestone',
    title: '中石化工程公司供水实施协议签订',
    leadUnit: '区水利局',
    supportUnits: ['中石化工程公司', '镇海自来水公司'],
    owner: '林××',
    handover: 'sei-water/se',
    stage: 'implementation',
    agreement: 'sei-water-impl',
    dueDate: '2018-01-31',
    status: 'closed',
    doneOn: '2018-01-18',
    closedOn: '2018-01-25',
    closeNote: '实施协议已于2018年1月18日签订。',
    updates: [
      ['2017-12-15', 'notStarted', 'inProgress', '实施协议文本商定。'],
      ['2018-01-18', 'inProgress', 'done', '实施协议签订。'],
      ['2018-01-25', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'm-sei-water-takeover',
    kind: 'milestone',
    title: '中石化工程公司供水职能交接',
    leadUnit: '镇海自来水公司',
    supportUnits: ['中石化工程公司'],
    owner: '杨××',
    handover: 'sei-water/se',
    stage: 'takeover',
    agreement: 'sei-water-impl',
    dueDate: '2018-03-01',
    status: 'closed',
    doneOn: '2018-03-01',
    closedOn: '2018-03-05',
    closeNote: '交接基准日2018年3月1日，已完成交接。',
    updates: [
      ['2018-02-20', 'notStarted', 'inProgress', '交接清单核对。'],
      ['2018-03-01', 'inProgress', 'done', '完成交接。'],
      ['2018-03-05', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'm-sei-power-impl',
    kind: 'milestone',
    title: '中石化工程公司供电实施协议签订',
    leadUnit: '区经信局',
    supportUnits: ['中石化工程公司', '国网镇海供电公司'],
    owner: '蒋××',
    handover: 'sei-power/se',
    stage: 'implementation',
    agreement: 'sei-power-impl',
    dueDate: '2018-02-28',
    status: 'closed',
    doneOn: '2018-02-06',
    closedOn: '2018-02-12',
    closeNote: '实施协议已于2018年2月6日签订。',
    updates: [
      ['2018-01-18', 'notStarted', 'inProgress', '实施协议文本商定。'],
      ['2018-02-06', 'inProgress', 'done', '实施协议签订。'],
      ['2018-02-12', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'm-sei-power-works',
    createdOn: '2018-02-06',
    kind: 'milestone',
    title: '中石化工程公司供电维修改造完工',
    leadUnit: '中石化工程公司',
    supportUnits: ['国网镇海供电公司'],
    owner: '吴××',
    handover: 'sei-power/se',
    stage: 'works',
    dueDate: '2018-07-31',
    status: 'notStarted',
  },
  {
    key: 'm-sei-gas-fw',
    kind: 'milestone',
    title: '中石化工程公司供气框架协议签订',
    leadUnit: '区住建局',
    supportUnits: ['中石化工程公司', '兴光燃气'],
    owner: '朱××',
    handover: 'sei-gas/se',
    stage: 'framework',
    agreement: 'sei-gas-fw',
    dueDate: '2018-03-31',
    status: 'closed',
    doneOn: '2018-03-16',
    closedOn: '2018-03-30',
    closeNote: '已与兴光燃气签订供气框架协议。',
    updates: [
      ['2018-03-16', 'notStarted', 'done', '框架协议签订。'],
      ['2018-03-30', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'm-znfd-water-fw',
    kind: 'milestone',
    title: '浙能镇海发电供水框架协议签订',
    leadUnit: '区水利局',
    supportUnits: ['浙能镇海发电', '镇海自来水公司'],
    owner: '林××',
    handover: 'znfd-water/dc',
    stage: 'framework',
    agreement: 'znfd-water-fw',
    dueDate: '2018-03-31',
    status: 'inProgress',
    updates: [['2018-03-12', 'notStarted', 'inProgress', '文本协商中，费用分担待省属企业资金渠道明确。']],
  },
  {
    key: 'm-gb-fw',
    kind: 'milestone',
    title: '镇海港埠供水、供电框架协议签订',
    leadUnit: '区水利局',
    supportUnits: ['镇海港埠', '区经信局'],
    owner: '林××',
    handover: 'gb-water/gb',
    stage: 'framework',
    agreement: 'gb-water-fw',
    dueDate: '2018-02-28',
    status: 'closed',
    doneOn: '2018-03-20',
    closedOn: '2018-03-29',
    closeNote: '供水、供电框架协议均于2018年3月20日签订。',
    updates: [
      ['2018-01-16', 'notStarted', 'inProgress', '文本协商。'],
      ['2018-03-20', 'inProgress', 'done', '框架协议签订（较计划滞后）。'],
      ['2018-03-29', 'done', 'closed', '例会确认，予以销号。'],
    ],
  },
  {
    key: 'm-gb-property-survey',
    kind: 'milestone',
    title: '镇海港埠物业分离移交摸底调查',
    leadUnit: '区住建局',
    supportUnits: ['镇海港埠', '招宝山街道'],
    owner: '董××',
    handover: 'gb-property/gb',
    stage: 'survey',
    createdOn: '2017-09-26',
    dueDate: '2017-12-31',
    status: 'notStarted',
  },
  {
    key: 'm-basic-complete',
    kind: 'milestone',
    title: '驻镇企业职工家属区"三供一业"分离移交基本完成',
    leadUnit: '区发改局',
    supportUnits: ['领导小组各成员单位', ...FIRMS],
    owner: '李××',
    group: 'leading',
    dueDate: '2018-12-31',
    status: 'inProgress',
    updates: [['2018-03-16', 'notStarted', 'inProgress', '领导小组第一次会议部署，倒排时间推进。']],
  },

  // ======== problems (问题)
  {
    key: 'p-land',
    kind: 'problem',
    title: '土地权属变更登记',
    detail: '移交资产涉及的供水泵房、配电房、燃气调压站等用地多为企业划拨用地，需办理土地权属变更登记。',
    category: 'assets',
    level: 'district',
    leadUnit: '区国土分局',
    supportUnits: ['镇海炼化', '中石化工程公司', '区住建局'],
    owner: '孙××',
    group: 'coord',
    enterprise: 'zhlh',
    dueDate: '2018-06-30',
    status: 'inProgress',
    raisedOn: '2017-09-18',
    firstResponseOn: '2017-09-25',
    updates: [
      ['2017-09-25', 'notStarted', 'inProgress', '区国土分局与镇海炼化对接，梳理涉及地块。'],
      ['2018-01-25', 'inProgress', 'inProgress', '办理路径已明确，中石化工程公司供水泵房地块先行办理。'],
    ],
  },
  {
    key: 'p-outside-users',
    kind: 'problem',
    title: '炼化外供水电用户费用承担',
    detail: '镇海炼化向家属区以外的部分单位和居民转供水、电，移交后这些用户的改造及费用承担原则不明确。',
    category: 'fees',
    level: 'district',
    leadUnit: '区发改局',
    supportUnits: ['区财政局', '镇海炼化', '镇海自来水公司', '国网镇海供电公司'],
    owner: '李××',
    group: 'coord',
    enterprise: 'zhlh',
    dueDate: '2018-01-31',
    status: 'closed',
    raisedOn: '2017-11-10',
    firstResponseOn: '2017-11-14',
    doneOn: '2018-01-22',
    closedOn: '2018-01-29',
    closeNote: '已协调明确费用承担原则意见：外供用户纳入移交范围，按属地价格收费，改造费用按指导意见分担。',
    updates: [
      ['2017-11-14', 'notStarted', 'inProgress', '区发改局受理，提交政企协作小组例会研究。'],
      ['2018-01-22', 'inProgress', 'done', '原则意见形成。'],
      ['2018-01-29', 'done', 'closed', '随2018年第1期纪要印发，予以销号。'],
    ],
  },
  {
    key: 'p-gas-standard',
    kind: 'problem',
    title: '供气改造费用标准不统一',
    detail: '各企业供气改造费用测算口径不一，户均费用差异较大，影响框架协议商谈。',
    category: 'money',
    level: 'district',
    leadUnit: '区住建局',
    supportUnits: ['兴光燃气', ...FIRMS],
    owner: '钱××',
    group: 'gas',
    dueDate: '2017-12-31',
    status: 'closed',
    raisedOn: '2017-10-20',
    firstResponseOn: '2017-10-24',
    doneOn: '2017-12-14',
    closedOn: '2017-12-20',
    closeNote: '2017年12月14日供气改造费用标准座谈会统一了相关费用标准。',
    updates: [
      ['2017-10-24', 'notStarted', 'inProgress', '区住建局受理，拟组织座谈会。'],
      ['2017-12-14', 'inProgress', 'done', '座谈会统一费用标准。'],
      ['2017-12-20', 'done', 'closed', '予以销号。'],
    ],
  },
  {
    key: 'p-residents-water',
    kind: 'problem',
    title: '炼化二村居民反映二次供水水压不足，要求移交前先行改造',
    category: 'residents',
    level: 'enterprise',
    leadUnit: '镇海炼化',
    supportUnits: ['区水利局', '镇海自来水公司', '蛟川街道'],
    owner: '沈××',
    handover: 'zhlh-water/lh2',
    dueDate: '2018-05-15',
    status: 'inProgress',
    raisedOn: '2018-03-12',
    firstResponseOn: '2018-03-14',
    updates: [
      ['2018-03-14', 'notStarted', 'inProgress', '镇海炼化已答复居民，临时调整泵组运行。'],
      ['2018-04-10', 'inProgress', 'inProgress', '二次供水泵房改造纳入供水维修改造方案。'],
    ],
  },
  {
    key: 'p-property-staff',
    kind: 'problem',
    title: '镇海炼化物业服务人员分流安置',
    detail: '物业分离移交涉及企业物业服务人员约120人，分流安置方案待明确。',
    category: 'staff',
    level: 'enterprise',
    leadUnit: '镇海炼化',
    supportUnits: ['区人力社保局', '蛟川街道'],
    owner: '曹××',
    group: 'property',
    enterprise: 'zhlh',
    dueDate: '2018-06-30',
    status: 'inProgress',
    raisedOn: '2018-02-06',
    firstResponseOn: '2018-02-22',
    updates: [['2018-02-22', 'notStarted', 'inProgress', '镇海炼化开展人员摸底，研究内部安置与属地接收相结合的方案。']],
  },
  {
    key: 'p-provincial-money',
    kind: 'problem',
    title: '省属企业维修改造地方配套资金渠道未明确',
    detail: '浙能镇海发电、镇海港埠为省属企业，维修改造费用分担比例及地方配套资金来源需省市明确。',
    category: 'money',
    level: 'city',
    leadUnit: '区财政局',
    supportUnits: ['区发改局', '浙能镇海发电', '镇海港埠'],
    owner: '赵××',
    group: 'leading',
    dueDate: '2018-04-20',
    status: 'inProgress',
    raisedOn: '2018-03-16',
    firstResponseOn: '2018-03-30',
    updates: [['2018-03-30', 'notStarted', 'inProgress', '已向市财政局、市国资委请示，尚未答复。']],
  },
  {
    key: 'p-mc-running-costs',
    kind: 'problem',
    title: '市政设施移交后运行维护经费来源',
    category: 'money',
    level: 'district',
    leadUnit: '区财政局',
    supportUnits: ['区综合行政执法局', '蛟川街道', '区发改局'],
    owner: '赵××',
    group: 'coord',
    enterprise: 'zhlh',
    handover: 'zhlh-municipal',
    dueDate: '2018-05-31',
    status: 'inProgress',
    raisedOn: '2018-04-16',
    firstResponseOn: '2018-04-19',
    updates: [['2018-04-19', 'notStarted', 'inProgress', '区财政局受理，结合费用测算结果研究。']],
  },
];

// ---------------------------------------------------------------- leader instructions (批示)

export interface InstructionSeed {
  target: ['item' | 'enterprise', string];
  text: string;
  authorName: string;
  givenOn: string;
}

export const instructionSeeds: InstructionSeed[] = [
  {
    target: ['item', 'm-zhlh-water-impl'],
    text: '供水实施协议已逾期，请区水利局会同镇海炼化、镇海自来水公司抓紧就外供水用户条款达成一致，5月上旬报签订时间表。',
    authorName: '王××副区长',
    givenOn: '2018-04-23',
  },
  {
    target: ['enterprise', 'zhlh'],
    text: '镇海炼化市政设施及社区管理移交要对照国发〔2016〕19号要求倒排时间，年内完成实施协议签订和职能交接。',
    authorName: '马××区长',
    givenOn: '2018-04-20',
  },
];

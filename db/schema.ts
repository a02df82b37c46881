// The whole domain of DOMAIN.md §3, one table per concept, named as in GLOSSARY.md.
// camelCase fields over snake_case columns. Dates are ISO strings: 'YYYY-MM-DD' for days,
// 'YYYY-MM-DDTHH:mm:ss.sssZ' for instants, 'YYYY-MM-DDTHH:mm' (Asia/Shanghai wall time) for meetings.
// Every editable record carries `version` (optimistic locking) and `isSample` (figures the seed
// does not give, invented for the demo and shown as such).
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

// ---- Enumerations (the only allowed values; CHECK constraints below repeat them in SQL) ----
export const enterpriseLevels = ['central', 'provincial', 'municipal', 'district'] as const;
export const serviceLines = ['water', 'power', 'gas', 'heat', 'property', 'municipal', 'community'] as const;
/** Service lines handed over per enterprise rather than per compound. */
export const enterpriseWideServiceLines = ['municipal', 'community'] as const;
export const handoverModes = ['handoverFirst', 'renovateFirst', 'direct'] as const;
export const stages = [
  'survey',
  'framework',
  'plan',
  'implementation',
  'takeover',
  'works',
  'acceptance',
  'assets',
  'audit',
] as const;
export const agreementKinds = ['framework', 'implementation', 'supplementary'] as const;
export const agreementStatuses = ['drafting', 'negotiating', 'signed', 'inForce', 'completed'] as const;
export const itemKinds = ['milestone', 'decision', 'problem'] as const;
export const itemStatuses = ['notStarted', 'inProgress', 'done', 'closed', 'delayed'] as const;
export const problemCategories = ['money', 'assets', 'staff', 'works', 'fees', 'residents'] as const;
export const problemLevels = ['enterprise', 'district', 'city'] as const;
export const delayRequestStatuses = ['pending', 'approved', 'rejected'] as const;
export const instructionTargets = ['item', 'enterprise', 'handover'] as const;
export const groupKinds = ['leading', 'coordination', 'special'] as const;
export const meetingKinds = ['regular', 'briefing', 'dispatch', 'progress', 'forum'] as const;
export const cadences = ['weekly', 'monthly', 'bimonthly', 'quarterly', 'custom'] as const;
export const meetingStatuses = ['planned', 'held', 'cancelled'] as const;
export const minutesStatuses = ['draft', 'issued'] as const;
export const attendanceKinds = ['present', 'attending', 'excused'] as const;
export const fundingSources = ['central', 'local', 'group', 'enterprise'] as const;
export const roles = ['admin', 'office', 'leader', 'staff'] as const;
export const documentStatuses = ['draft', 'issued'] as const;
export const auditActions = [
  'create',
  'update',
  'delete',
  'login',
  'logout',
  'loginFailed',
  'permission',
  'export',
] as const;

export type EnterpriseLevel = (typeof enterpriseLevels)[number];
export type ServiceLine = (typeof serviceLines)[number];
export type HandoverMode = (typeof handoverModes)[number];
export type Stage = (typeof stages)[number];
export type AgreementKind = (typeof agreementKinds)[number];
export type AgreementStatus = (typeof agreementStatuses)[number];
export type ItemKind = (typeof itemKinds)[number];
export type ItemStatus = (typeof itemStatuses)[number];
export type GroupKind = (typeof groupKinds)[number];
export type MeetingKind = (typeof meetingKinds)[number];
export type Cadence = (typeof cadences)[number];
export type Role = (typeof roles)[number];
export type FundingSource = (typeof fundingSources)[number];

/** SQL list literal for a CHECK constraint: ('a','b'). Values are compile-time constants. */
const oneOf = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(',')})`);
/** A valid calendar day: SQLite's date() normalises 2018-02-30 to 2018-03-02, so it differs. */
const isDay = (column: string) => sql.raw(`(${column} IS NULL OR date(${column}) IS ${column})`);

const timestamps = {
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
};
const version = integer('version').notNull().default(1);
const isSample = integer('is_sample', { mode: 'boolean' }).notNull().default(false);

// ---- Application metadata (initialisation marker, demo clock) ----
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * A counter per domain of the data, raised by triggers (migration 0005) on every insert, update
 * and delete of its tables, by any process: what was computed from a domain stays valid while its
 * counter has not moved (the dashboard reuses its figures until the next write).
 */
export const dataVersions = sqliteTable('data_versions', {
  domain: text('domain').primaryKey(),
  version: integer('version').notNull().default(0),
});

// ---- Settings: the organisation the tracker serves (one row, edited by the admin) ----
/**
 * The words that name the organisation on every page and document: the district or organisation
 * (地区或单位名称), the programme's title (工作名称) and the organ that issues and compiles minutes
 * (纪要印发机关). One row (id 1), versioned like every editable record.
 */
export const settings = sqliteTable(
  'settings',
  {
    id: integer('id').primaryKey(),
    organisationName: text('organisation_name').notNull().default(''),
    programmeTitle: text('programme_title').notNull().default(''),
    minutesOrgan: text('minutes_organ').notNull().default(''),
    version,
    ...timestamps,
  },
  (t) => [check('settings_one_row_ck', sql`${t.id} = 1`)],
);

// ---- Enterprises and compounds ----
export const enterprises = sqliteTable(
  'enterprises',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    level: text('level', { enum: enterpriseLevels }).notNull(),
    parentGroup: text('parent_group'),
    formerPolicyBankrupt: integer('former_policy_bankrupt', { mode: 'boolean' }).notNull().default(false),
    devolvedFromCentral: integer('devolved_from_central', { mode: 'boolean' }).notNull().default(false),
    contacts: text('contacts'),
    notes: text('notes'),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('enterprises_name_uq').on(t.name),
    index('enterprises_level_idx').on(t.level),
    check('enterprises_level_ck', sql`${t.level} IN ${oneOf(enterpriseLevels)}`),
    check('enterprises_name_ck', sql`length(trim(${t.name})) > 0`),
  ],
);

export const compounds = sqliteTable(
  'compounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    address: text('address'),
    street: text('street'),
    community: text('community'),
    buildings: integer('buildings').notNull().default(0),
    floorArea: real('floor_area').notNull().default(0),
    households: integer('households').notNull().default(0),
    waterCustomers: integer('water_customers').notNull().default(0),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    index('compounds_enterprise_idx').on(t.enterpriseId),
    uniqueIndex('compounds_enterprise_name_uq').on(t.enterpriseId, t.name),
    check(
      'compounds_figures_ck',
      sql`${t.buildings} >= 0 AND ${t.floorArea} >= 0 AND ${t.households} >= 0 AND ${t.waterCustomers} >= 0`,
    ),
    check('compounds_name_ck', sql`length(trim(${t.name})) > 0`),
  ],
);

// ---- Working groups, their contact directory, users ----
export const groups = sqliteTable(
  'groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: groupKinds }).notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => groups.id, { onDelete: 'set null' }),
    leadDepartment: text('lead_department'),
    /** The service line a special working group is responsible for, if any. */
    serviceLine: text('service_line', { enum: serviceLines }),
    /** For an enterprise's own leading group. */
    enterpriseId: integer('enterprise_id').references(() => enterprises.id, { onDelete: 'set null' }),
    establishedOn: text('established_on'),
    description: text('description'),
    sortOrder: integer('sort_order').notNull().default(0),
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('groups_name_uq').on(t.name),
    index('groups_parent_idx').on(t.parentId),
    check('groups_kind_ck', sql`${t.kind} IN ${oneOf(groupKinds)}`),
    check('groups_service_line_ck', sql`${t.serviceLine} IS NULL OR ${t.serviceLine} IN ${oneOf(serviceLines)}`),
    check('groups_established_ck', isDay('established_on')),
  ],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: roles }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    locale: text('locale'),
    passwordChangedAt: text('password_changed_at'),
    lastLoginAt: text('last_login_at'),
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_username_uq').on(t.username),
    check('users_role_ck', sql`${t.role} IN ${oneOf(roles)}`),
  ],
);

/** Staff belong to one or more working groups; their writes are limited to those groups' records. */
export const userGroups = sqliteTable(
  'user_groups',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupId] }), index('user_groups_group_idx').on(t.groupId)],
);

/** The contact directory (通讯录): members of a working group. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    post: text('post'),
    /** 组长 / 副组长 / 成员 / 联络员 … free text, shown as written. */
    duty: text('duty'),
    phone: text('phone'),
    email: text('email'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    sortOrder: integer('sort_order').notNull().default(0),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    index('group_members_group_idx').on(t.groupId, t.sortOrder),
    check('group_members_name_ck', sql`length(trim(${t.name})) > 0`),
  ],
);

// ---- Handovers and their stages ----
export const handovers = sqliteTable(
  'handovers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'restrict' }),
    /** Null only for the enterprise-wide service lines (municipal, community). */
    compoundId: integer('compound_id').references(() => compounds.id, { onDelete: 'restrict' }),
    serviceLine: text('service_line', { enum: serviceLines }).notNull(),
    receiver: text('receiver'),
    coordinatingDepartment: text('coordinating_department'),
    mode: text('mode', { enum: handoverModes }).notNull(),
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'set null' }),
    /** 存在问题 / 下步计划 columns of the work ledger. */
    issuesSummary: text('issues_summary'),
    nextSteps: text('next_steps'),
    leadUnit: text('lead_unit'),
    owner: text('owner'),
    // Derived, kept by triggers (migration 0005) in the same transaction as every write to the
    // stages or the enterprise, so lists and the dashboard read them instead of the stage rows.
    /** The enterprise's level. */
    enterpriseLevel: text('enterprise_level', { enum: enterpriseLevels }),
    /** Position of the last stage done in plan order (0: none), and that stage (已完成阶段). */
    reachedPosition: integer('reached_position').notNull().default(0),
    reachedStage: text('reached_stage', { enum: stages }),
    stagesDone: integer('stages_done').notNull().default(0),
    stagesTotal: integer('stages_total').notNull().default(0),
    /** The first stage not done in plan order (当前所处阶段) and its planned date. */
    nextStage: text('next_stage', { enum: stages }),
    nextPlanned: text('next_planned'),
    /** The earliest planned date of the stages not done: the handover is late once today is past it. */
    firstDue: text('first_due'),
    /** When its functions were taken over (the takeover stage's actual date). */
    takeoverOn: text('takeover_on'),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    index('handovers_enterprise_idx').on(t.enterpriseId, t.serviceLine),
    index('handovers_service_line_idx').on(t.serviceLine, t.reachedPosition),
    index('handovers_level_idx').on(t.enterpriseLevel, t.serviceLine),
    index('handovers_first_due_idx').on(t.firstDue),
    index('handovers_list_idx').on(t.enterpriseId, t.compoundId, t.id),
    index('handovers_group_idx').on(t.groupId),
    uniqueIndex('handovers_compound_line_uq').on(t.compoundId, t.serviceLine),
    check('handovers_service_line_ck', sql`${t.serviceLine} IN ${oneOf(serviceLines)}`),
    check('handovers_mode_ck', sql`${t.mode} IN ${oneOf(handoverModes)}`),
    check(
      'handovers_compound_ck',
      sql`${t.compoundId} IS NOT NULL OR ${t.serviceLine} IN ${oneOf(enterpriseWideServiceLines)}`,
    ),
  ],
);

export const handoverStages = sqliteTable(
  'handover_stages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    handoverId: integer('handover_id')
      .notNull()
      .references(() => handovers.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: stages }).notNull(),
    /** Order of this stage in this handover's plan (the mode moves takeover before or after the works). */
    position: integer('position').notNull(),
    plannedDate: text('planned_date'),
    actualDate: text('actual_date'),
    doneBy: integer('done_by').references(() => users.id, { onDelete: 'set null' }),
    doneAt: text('done_at'),
    note: text('note'),
    version,
  },
  (t) => [
    uniqueIndex('handover_stages_uq').on(t.handoverId, t.stage),
    index('handover_stages_planned_idx').on(t.plannedDate),
    index('handover_stages_actual_idx').on(t.actualDate),
    check('handover_stages_stage_ck', sql`${t.stage} IN ${oneOf(stages)}`),
    check('handover_stages_position_ck', sql`${t.position} BETWEEN 1 AND 9`),
    check('handover_stages_planned_ck', isDay('planned_date')),
    check('handover_stages_actual_ck', isDay('actual_date')),
  ],
);

// ---- Money per handover ----
export const handoverFunding = sqliteTable(
  'handover_funding',
  {
    handoverId: integer('handover_id')
      .primaryKey()
      .references(() => handovers.id, { onDelete: 'cascade' }),
    /** Amounts in yuan (元). */
    estimatedCost: integer('estimated_cost'),
    approvedCost: integer('approved_cost'),
    settlementCost: integer('settlement_cost'),
    note: text('note'),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    check(
      'handover_funding_amounts_ck',
      sql`coalesce(${t.estimatedCost},0) >= 0 AND coalesce(${t.approvedCost},0) >= 0 AND coalesce(${t.settlementCost},0) >= 0`,
    ),
  ],
);

/** The funding shares of a handover's renovation cost, by source: committed and disbursed (元). */
export const fundingShares = sqliteTable(
  'funding_shares',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    handoverId: integer('handover_id')
      .notNull()
      .references(() => handovers.id, { onDelete: 'cascade' }),
    source: text('source', { enum: fundingSources }).notNull(),
    committed: integer('committed').notNull().default(0),
    disbursed: integer('disbursed').notNull().default(0),
    isSample,
  },
  (t) => [
    uniqueIndex('funding_shares_uq').on(t.handoverId, t.source),
    check('funding_shares_source_ck', sql`${t.source} IN ${oneOf(fundingSources)}`),
    check('funding_shares_amounts_ck', sql`${t.committed} >= 0 AND ${t.disbursed} >= 0`),
  ],
);

// ---- Attachments (files live under the data folder, named by content hash) ----
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sha256: text('sha256').notNull(),
    originalName: text('original_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    uploadedAt: text('uploaded_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index('attachments_entity_idx').on(t.entityType, t.entityId),
    check('attachments_size_ck', sql`${t.size} >= 0`),
  ],
);

// ---- Agreements ----
export const agreements = sqliteTable(
  'agreements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: agreementKinds }).notNull(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'restrict' }),
    /** A supplementary agreement amends another. */
    parentAgreementId: integer('parent_agreement_id').references((): AnySQLiteColumn => agreements.id, {
      onDelete: 'set null',
    }),
    title: text('title').notNull(),
    number: text('number'),
    /** The service line(s) the agreement is about, for agreements that cover no handover yet. */
    serviceLines: text('service_lines'),
    partyA: text('party_a'),
    partyB: text('party_b'),
    status: text('status', { enum: agreementStatuses }).notNull().default('drafting'),
    signedOn: text('signed_on'),
    cutoffDate: text('cutoff_date'),
    standard: text('standard'),
    timeframe: text('timeframe'),
    method: text('method'),
    scope: text('scope'),
    /** 元 */
    amount: integer('amount'),
    attachmentId: integer('attachment_id').references(() => attachments.id, { onDelete: 'set null' }),
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'set null' }),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    index('agreements_enterprise_idx').on(t.enterpriseId, t.kind),
    index('agreements_status_idx').on(t.status),
    check('agreements_kind_ck', sql`${t.kind} IN ${oneOf(agreementKinds)}`),
    check('agreements_status_ck', sql`${t.status} IN ${oneOf(agreementStatuses)}`),
    check('agreements_signed_ck', isDay('signed_on')),
    check('agreements_cutoff_ck', isDay('cutoff_date')),
    check(
      'agreements_signed_date_ck',
      sql`${t.status} IN ('drafting','negotiating') OR ${t.signedOn} IS NOT NULL`,
    ),
    check('agreements_amount_ck', sql`coalesce(${t.amount},0) >= 0`),
  ],
);

export const agreementHandovers = sqliteTable(
  'agreement_handovers',
  {
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    handoverId: integer('handover_id')
      .notNull()
      .references(() => handovers.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.agreementId, t.handoverId] }), index('agreement_handovers_h_idx').on(t.handoverId)],
);

/** Documents issued by the district or the groups (工作方案, 指导意见 …). */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    docNumber: text('doc_number'),
    issuer: text('issuer'),
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'set null' }),
    status: text('status', { enum: documentStatuses }).notNull().default('issued'),
    issuedOn: text('issued_on'),
    summary: text('summary'),
    attachmentId: integer('attachment_id').references(() => attachments.id, { onDelete: 'set null' }),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    check('documents_status_ck', sql`${t.status} IN ${oneOf(documentStatuses)}`),
    check('documents_issued_ck', isDay('issued_on')),
  ],
);

// ---- Meetings ----
export const meetingSeries = sqliteTable(
  'meeting_series',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: meetingKinds }).notNull().default('regular'),
    cadence: text('cadence', { enum: cadences }).notNull(),
    /** RFC 5545 RRULE, for cadence 'custom'. */
    rrule: text('rrule'),
    /** Days of slack after the due date before the series counts as behind (2–3 months → 2 months + 31). */
    graceDays: integer('grace_days').notNull().default(0),
    startedOn: text('started_on').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Issuing office and distribution list printed on the minutes. */
    issuingOffice: text('issuing_office'),
    distribution: text('distribution'),
    version,
    ...timestamps,
  },
  (t) => [
    index('meeting_series_group_idx').on(t.groupId),
    check('meeting_series_kind_ck', sql`${t.kind} IN ${oneOf(meetingKinds)}`),
    check('meeting_series_cadence_ck', sql`${t.cadence} IN ${oneOf(cadences)}`),
    check('meeting_series_rrule_ck', sql`${t.cadence} <> 'custom' OR ${t.rrule} IS NOT NULL`),
    check('meeting_series_grace_ck', sql`${t.graceDays} >= 0`),
    check('meeting_series_started_ck', isDay('started_on')),
  ],
);

export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    seriesId: integer('series_id').references(() => meetingSeries.id, { onDelete: 'set null' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    kind: text('kind', { enum: meetingKinds }).notNull().default('regular'),
    /** Local wall time in Asia/Shanghai, 'YYYY-MM-DDTHH:mm'. */
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at'),
    place: text('place'),
    chair: text('chair'),
    chairPost: text('chair_post'),
    recorder: text('recorder'),
    topic: text('topic'),
    /** 会议听取了…… */
    heard: text('heard'),
    summary: text('summary'),
    status: text('status', { enum: meetingStatuses }).notNull().default('planned'),
    minutesStatus: text('minutes_status', { enum: minutesStatuses }).notNull().default('draft'),
    issueYear: integer('issue_year'),
    issueNumber: integer('issue_number'),
    issuedOn: text('issued_on'),
    issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'set null' }),
    issuingOffice: text('issuing_office'),
    distribution: text('distribution'),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    index('meetings_series_idx').on(t.seriesId, t.startsAt),
    index('meetings_group_idx').on(t.groupId, t.startsAt),
    index('meetings_starts_idx').on(t.startsAt),
    uniqueIndex('meetings_issue_uq').on(t.seriesId, t.issueYear, t.issueNumber),
    // NULLs are distinct in a unique index: minutes of meetings without a series are numbered per
    // working group and year, and this index refuses a duplicate among them.
    uniqueIndex('meetings_issue_group_uq').on(t.groupId, t.issueYear, t.issueNumber).where(sql`${t.seriesId} IS NULL`),
    check('meetings_kind_ck', sql`${t.kind} IN ${oneOf(meetingKinds)}`),
    check('meetings_status_ck', sql`${t.status} IN ${oneOf(meetingStatuses)}`),
    check('meetings_minutes_ck', sql`${t.minutesStatus} IN ${oneOf(minutesStatuses)}`),
    check('meetings_starts_ck', sql`${t.startsAt} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]'`),
    check(
      'meetings_issued_ck',
      sql`${t.minutesStatus} = 'draft' OR (${t.issueNumber} IS NOT NULL AND ${t.issueYear} IS NOT NULL AND ${t.issuedOn} IS NOT NULL)`,
    ),
  ],
);

export const meetingAttendance = sqliteTable(
  'meeting_attendance',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: attendanceKinds }).notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    post: text('post'),
    /** For 请假: who attended instead (委托……参会). */
    standIn: text('stand_in'),
    memberId: integer('member_id').references(() => groupMembers.id, { onDelete: 'set null' }),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    index('meeting_attendance_meeting_idx').on(t.meetingId, t.kind, t.sortOrder),
    check('meeting_attendance_kind_ck', sql`${t.kind} IN ${oneOf(attendanceKinds)}`),
  ],
);

export const meetingAgenda = sqliteTable(
  'meeting_agenda',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    presenter: text('presenter'),
    /** An open item carried over from an earlier meeting. */
    itemId: integer('item_id').references((): AnySQLiteColumn => items.id, { onDelete: 'set null' }),
  },
  (t) => [index('meeting_agenda_meeting_idx').on(t.meetingId, t.position)],
);

// ---- Tracked items (督办事项): milestones, decisions, problems ----
export const items = sqliteTable(
  'items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: itemKinds }).notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    leadUnit: text('lead_unit').notNull(),
    /** JSON array of unit names. */
    supportUnits: text('support_units').notNull().default('[]'),
    owner: text('owner'),
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The working group that owns the item: its staff may update it. */
    groupId: integer('group_id').references(() => groups.id, { onDelete: 'set null' }),
    dueDate: text('due_date').notNull(),
    originalDueDate: text('original_due_date').notNull(),
    delayCount: integer('delay_count').notNull().default(0),
    status: text('status', { enum: itemStatuses }).notNull().default('notStarted'),
    /** Latest progress note (进展情况); the full list is in item_updates. */
    progress: text('progress'),
    category: text('category', { enum: problemCategories }),
    level: text('level', { enum: problemLevels }),
    // Sources
    enterpriseId: integer('enterprise_id').references(() => enterprises.id, { onDelete: 'set null' }),
    handoverId: integer('handover_id').references(() => handovers.id, { onDelete: 'set null' }),
    stage: text('stage', { enum: stages }),
    agreementId: integer('agreement_id').references(() => agreements.id, { onDelete: 'set null' }),
    meetingId: integer('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    /** Order of a decision within its meeting's minutes. */
    position: integer('position'),
    // Life cycle
    raisedOn: text('raised_on'),
    firstResponseOn: text('first_response_on'),
    doneOn: text('done_on'),
    closedOn: text('closed_on'),
    closedBy: integer('closed_by').references(() => users.id, { onDelete: 'set null' }),
    closeNote: text('close_note'),
    /**
     * A deadline set as "within N working days" (N 个工作日内): the N (1–250, checked by the input
     * schema: a CHECK here would make SQLite rebuild the table); the day it gave is dueDate.
     */
    dueWorkdays: integer('due_workdays'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    // Derived, kept by triggers (migration 0005): the item's service line (its handover's, else its
    // working group's) and its enterprise's level, so the scope filters use indexes.
    serviceLine: text('service_line', { enum: serviceLines }),
    enterpriseLevel: text('enterprise_level', { enum: enterpriseLevels }),
    /** Done or closed out: finished as far as deadlines go. */
    finished: integer('finished', { mode: 'boolean' }).generatedAlwaysAs(sql`status IN ('done','closed')`, { mode: 'virtual' }),
    isSample,
    version,
    ...timestamps,
  },
  (t) => [
    index('items_status_due_idx').on(t.status, t.dueDate),
    // Overdue first, then open by deadline, finished last: each part read in order from an index.
    index('items_open_due_idx').on(t.finished, t.dueDate, t.id),
    index('items_line_open_idx').on(t.serviceLine, t.finished, t.dueDate),
    index('items_level_open_idx').on(t.enterpriseLevel, t.finished, t.dueDate),
    index('items_due_idx').on(t.dueDate),
    index('items_group_idx').on(t.groupId, t.finished, t.dueDate),
    index('items_lead_unit_idx').on(t.leadUnit, t.finished, t.dueDate),
    index('items_enterprise_idx').on(t.enterpriseId, t.finished, t.dueDate),
    index('items_handover_idx').on(t.handoverId),
    index('items_meeting_idx').on(t.meetingId, t.position),
    index('items_agreement_idx').on(t.agreementId),
    index('items_kind_idx').on(t.kind, t.status),
    // The dashboard's open problems by category and level, and the unanswered ones, read from the index alone.
    index('items_problem_idx').on(t.kind, t.status, t.category, t.level, t.firstResponseOn),
    index('items_closed_on_idx').on(t.closedOn),
    index('items_created_idx').on(t.createdAt),
    check('items_kind_ck', sql`${t.kind} IN ${oneOf(itemKinds)}`),
    check('items_status_ck', sql`${t.status} IN ${oneOf(itemStatuses)}`),
    check('items_title_ck', sql`length(trim(${t.title})) > 0`),
    check('items_lead_unit_ck', sql`length(trim(${t.leadUnit})) > 0`),
    check('items_due_ck', sql`date(${t.dueDate}) IS ${t.dueDate}`),
    check('items_original_due_ck', sql`date(${t.originalDueDate}) IS ${t.originalDueDate}`),
    check('items_delay_count_ck', sql`${t.delayCount} >= 0`),
    check(
      'items_category_ck',
      sql`${t.category} IS NULL OR (${t.kind} = 'problem' AND ${t.category} IN ${oneOf(problemCategories)})`,
    ),
    check('items_level_ck', sql`${t.level} IS NULL OR (${t.kind} = 'problem' AND ${t.level} IN ${oneOf(problemLevels)})`),
    check('items_stage_ck', sql`${t.stage} IS NULL OR ${t.stage} IN ${oneOf(stages)}`),
    check('items_support_units_ck', sql`json_valid(${t.supportUnits}) AND json_type(${t.supportUnits}) = 'array'`),
    check('items_closed_ck', sql`${t.status} <> 'closed' OR ${t.closedOn} IS NOT NULL`),
    check('items_raised_ck', isDay('raised_on')),
    check('items_first_response_ck', isDay('first_response_on')),
    check('items_done_ck', isDay('done_on')),
    check('items_closed_on_ck', isDay('closed_on')),
  ],
);

/** Status changes and progress notes of an item, in order. */
export const itemUpdates = sqliteTable(
  'item_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    onDate: text('on_date').notNull(),
    fromStatus: text('from_status', { enum: itemStatuses }),
    toStatus: text('to_status', { enum: itemStatuses }).notNull(),
    note: text('note'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    author: text('author'),
    at: text('at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    index('item_updates_item_idx').on(t.itemId, t.at),
    check('item_updates_on_ck', sql`date(${t.onDate}) IS ${t.onDate}`),
    check('item_updates_to_ck', sql`${t.toStatus} IN ${oneOf(itemStatuses)}`),
  ],
);

export const delayRequests = sqliteTable(
  'delay_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    previousDueDate: text('previous_due_date').notNull(),
    newDueDate: text('new_due_date').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: delayRequestStatuses }).notNull().default('pending'),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedOn: text('requested_on').notNull(),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedOn: text('decided_on'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('delay_requests_item_idx').on(t.itemId),
    index('delay_requests_status_idx').on(t.status),
    check('delay_requests_status_ck', sql`${t.status} IN ${oneOf(delayRequestStatuses)}`),
    check('delay_requests_new_ck', sql`date(${t.newDueDate}) IS ${t.newDueDate}`),
    check('delay_requests_prev_ck', sql`date(${t.previousDueDate}) IS ${t.previousDueDate}`),
    check('delay_requests_reason_ck', sql`length(trim(${t.reason})) > 0`),
  ],
);

/** Leader instructions (领导批示) on an item, an enterprise or a handover. */
export const instructions = sqliteTable(
  'instructions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    targetType: text('target_type', { enum: instructionTargets }).notNull(),
    targetId: integer('target_id').notNull(),
    text: text('text').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    givenOn: text('given_on').notNull(),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedAt: text('acknowledged_at'),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index('instructions_target_idx').on(t.targetType, t.targetId),
    check('instructions_target_ck', sql`${t.targetType} IN ${oneOf(instructionTargets)}`),
    check('instructions_text_ck', sql`length(trim(${t.text})) > 0`),
  ],
);

// ---- Policy deadlines the dashboard counts down to ----
export const policyDeadlines = sqliteTable(
  'policy_deadlines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    dueDate: text('due_date').notNull(),
    basis: text('basis'),
    /** The work the deadline is about: handovers of these service lines (a JSON list; none: all) … */
    serviceLines: text('service_lines'),
    /** … whose stage is to be done by then (none: the takeover, 职能交接). */
    stage: text('stage', { enum: stages }),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [check('policy_deadlines_due_ck', sql`date(${t.dueDate}) IS ${t.dueDate}`)],
);

// ---- Monthly snapshots (frozen at month end for month-on-month figures) ----
export const snapshots = sqliteTable(
  'snapshots',
  {
    month: text('month').primaryKey(),
    takenAt: text('taken_at').notNull(),
    asOf: text('as_of').notNull(),
  },
  (t) => [check('snapshots_month_ck', sql`${t.month} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'`)],
);

export const snapshotHandovers = sqliteTable(
  'snapshot_handovers',
  {
    month: text('month')
      .notNull()
      .references(() => snapshots.month, { onDelete: 'cascade' }),
    handoverId: integer('handover_id').notNull(),
    stage: text('stage', { enum: stages }),
    stagesDone: integer('stages_done').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.handoverId] })],
);

export const snapshotItems = sqliteTable(
  'snapshot_items',
  {
    month: text('month')
      .notNull()
      .references(() => snapshots.month, { onDelete: 'cascade' }),
    itemId: integer('item_id').notNull(),
    status: text('status', { enum: itemStatuses }).notNull(),
    overdue: integer('overdue', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.itemId] })],
);

// ---- Accounts ----
export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the session token; the token itself is only in the cookie. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Read-only calendar feed tokens (订阅口令): what a calendar client puts in a feed's address. Kept
 * apart from the personal API tokens, which can write: a feed token opens the feeds (scope
 * 'calendar') and nothing else, and is revoked on /profile without touching the API tokens.
 */
export const feedTokenScopes = ['calendar'] as const;
export const feedTokens = sqliteTable(
  'feed_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    scope: text('scope', { enum: feedTokenScopes }).notNull().default('calendar'),
    tokenHash: text('token_hash').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [
    uniqueIndex('feed_tokens_hash_uq').on(t.tokenHash),
    index('feed_tokens_user_idx').on(t.userId),
    check('feed_tokens_scope_ck', sql`${t.scope} IN ${oneOf(feedTokenScopes)}`),
  ],
);

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    at: text('at').notNull(),
    success: integer('success', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('login_attempts_user_idx').on(t.username, t.at), index('login_attempts_ip_idx').on(t.ip, t.at)],
);

/**
 * Sign-ins refused while a name or address is locked (429), counted per address and window of
 * the lockout instead of one audit entry each: the window's count goes into the audit log as one
 * summary entry when the window ends, and the row is removed.
 */
export const loginRefusals = sqliteTable(
  'login_refusals',
  {
    ip: text('ip').notNull(),
    /** Start of the fixed window (an instant), THROTTLE_WINDOW_MINUTES long. */
    windowStart: text('window_start').notNull(),
    refused: integer('refused').notNull(),
    /** JSON list of the first few user names tried. */
    usernames: text('usernames').notNull().default('[]'),
    firstAt: text('first_at').notNull(),
    lastAt: text('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ip, t.windowStart] }), index('login_refusals_window_idx').on(t.windowStart)],
);

/** Append-only, hash-chained record of every write, login and export. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id'),
    username: text('username'),
    ip: text('ip'),
    action: text('action', { enum: auditActions }).notNull(),
    entityType: text('entity_type'),
    entityId: integer('entity_id'),
    /** JSON of the values before and after the change. */
    before: text('before'),
    after: text('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_user_idx').on(t.userId),
    check('audit_log_action_ck', sql`${t.action} IN ${oneOf(auditActions)}`),
  ],
);

/**
 * Signed anchors of the audit chain (HMAC with the key kept outside the database, see
 * server/services/audit.ts): `head` the newest entry and the count ever written, `start` the last
 * entry removed by retention (where the kept chain must begin), `keyed` where entries signed with
 * the key begin (older ones carry the unkeyed SHA-256 of the first version), `verified` how far the
 * admin page has checked. Editing a row without the key breaks its `mac`.
 */
export const auditCheckpointKinds = ['head', 'start', 'keyed', 'verified'] as const;
export const auditCheckpoints = sqliteTable(
  'audit_checkpoints',
  {
    kind: text('kind', { enum: auditCheckpointKinds }).primaryKey(),
    entryId: integer('entry_id').notNull(),
    entryHash: text('entry_hash').notNull(),
    /** head: entries written since the chain was anchored (legacy ones included); start: entries removed; verified: entries checked. */
    count: integer('count').notNull(),
    /** Which key signed it (a fingerprint, not the key). */
    keyId: text('key_id').notNull(),
    at: text('at').notNull(),
    mac: text('mac').notNull(),
  },
  (t) => [check('audit_checkpoints_kind_ck', sql`${t.kind} IN ${oneOf(auditCheckpointKinds)}`)],
);

export type Enterprise = typeof enterprises.$inferSelect;
export type Compound = typeof compounds.$inferSelect;
export type Group = typeof groups.$inferSelect;
export type GroupMember = typeof groupMembers.$inferSelect;
export type Handover = typeof handovers.$inferSelect;
export type HandoverStage = typeof handoverStages.$inferSelect;
export type Agreement = typeof agreements.$inferSelect;
export type Item = typeof items.$inferSelect;
export type MeetingSeries = typeof meetingSeries.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type User = typeof users.$inferSelect;

// ---- The server's daily jobs (backup, sweep, monthly snapshot): one row per job and day ----
export const scheduledRunStatuses = ['running', 'done', 'failed'] as const;

export const scheduledRuns = sqliteTable(
  'scheduled_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    /** The day (Asia/Shanghai, the app's clock) the run is for. */
    day: text('day').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    status: text('status', { enum: scheduledRunStatuses }).notNull(),
    /** What the run did, or why it failed, in a line. */
    outcome: text('outcome'),
  },
  (t) => [
    uniqueIndex('scheduled_runs_job_day_idx').on(t.job, t.day),
    check('scheduled_runs_status_ck', sql`${t.status} IN ${oneOf(scheduledRunStatuses)}`),
    check('scheduled_runs_day_ck', sql`date(${t.day}) IS ${t.day}`),
  ],
);

export type Settings = typeof settings.$inferSelect;

// ---- Working days, the escalation ladder and notifications (督办提醒与催办) ----

/**
 * Corrections to China's calendar of working days (chinese-days gives the statutory holidays and
 * the make-up working days, 调休): a day declared a working day or a day off, with its name.
 * Entered by the admin on /admin/working-days when the State Council's notice differs from the
 * library or covers a year it does not know yet; a correction wins over the library.
 */
export const workingDays = sqliteTable(
  'working_days',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    day: text('day').notNull(),
    work: integer('work', { mode: 'boolean' }).notNull(),
    name: text('name').notNull(),
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('working_days_day_uq').on(t.day),
    check('working_days_day_ck', sql`date(${t.day}) IS ${t.day}`),
    check('working_days_name_ck', sql`length(trim(${t.name})) > 0`),
  ],
);

/**
 * The escalation ladder of one item kind (督办升级规则): a reminder `remindBefore` working days
 * before the deadline (0: none); a 催办单 once the item is `urgeAfter` working days overdue; raised
 * to the working group's responsible leader `escalateAfter` working days after that; listed as
 * 通报 at month end while still open after being raised.
 */
export const escalationLadders = sqliteTable(
  'escalation_ladders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: itemKinds }).notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    remindBefore: integer('remind_before').notNull().default(3),
    urgeAfter: integer('urge_after').notNull().default(1),
    escalateAfter: integer('escalate_after').notNull().default(5),
    reportAtMonthEnd: integer('report_at_month_end', { mode: 'boolean' }).notNull().default(true),
    version,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('escalation_ladders_kind_uq').on(t.kind),
    check('escalation_ladders_kind_ck', sql`${t.kind} IN ${oneOf(itemKinds)}`),
    check(
      'escalation_ladders_days_ck',
      sql`${t.remindBefore} BETWEEN 0 AND 60 AND ${t.urgeAfter} BETWEEN 1 AND 60 AND ${t.escalateAfter} BETWEEN 1 AND 60`,
    ),
  ],
);

export const escalationSteps = ['reminder', 'urge', 'escalation', 'report'] as const;
export type EscalationStep = (typeof escalationSteps)[number];

/**
 * The steps of the ladder taken on an item, once each: the unique (item, step, cycle) refuses a
 * second. The cycle is the deadline the step is about (a delay opens a new cycle) or, for 通报,
 * the month. A 催办单 (urge) is numbered per year and signed for (签收) by the lead unit.
 */
export const escalations = sqliteTable(
  'escalations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    step: text('step', { enum: escalationSteps }).notNull(),
    cycle: text('cycle').notNull(),
    /** The day (the app's clock, Asia/Shanghai) the step was taken. */
    onDay: text('on_day').notNull(),
    /** The item's deadline when the step was taken, and how many working days it was away or overdue. */
    dueDate: text('due_date').notNull(),
    workdays: integer('workdays').notNull().default(0),
    year: integer('year'),
    number: integer('number'),
    leadUnit: text('lead_unit').notNull(),
    signedBy: integer('signed_by').references(() => users.id, { onDelete: 'set null' }),
    signedByName: text('signed_by_name'),
    signedAt: text('signed_at'),
    signedOn: text('signed_on'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('escalations_item_step_uq').on(t.itemId, t.step, t.cycle),
    uniqueIndex('escalations_number_uq').on(t.year, t.number),
    index('escalations_step_idx').on(t.step, t.cycle, t.itemId),
    index('escalations_day_idx').on(t.onDay, t.step),
    check('escalations_step_ck', sql`${t.step} IN ${oneOf(escalationSteps)}`),
    check('escalations_day_ck', sql`date(${t.onDay}) IS ${t.onDay}`),
    check('escalations_number_ck', sql`(${t.step} = 'urge') = (${t.number} IS NOT NULL AND ${t.year} IS NOT NULL)`),
  ],
);

/** The in-app inbox (消息): one message to one user. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What it is about: an escalation step, or 'notice' for the month's 通报 list. */
    kind: text('kind').notNull(),
    itemId: integer('item_id').references(() => items.id, { onDelete: 'cascade' }),
    escalationId: integer('escalation_id').references(() => escalations.id, { onDelete: 'cascade' }),
    /** The item's title (or the month, for 通报): what the message is about. */
    title: text('title').notNull(),
    /** JSON: the words' parameters (deadline, working days, number …), put in words when shown. */
    params: text('params').notNull().default('{}'),
    link: text('link'),
    onDay: text('on_day').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId, t.readAt),
    index('notifications_day_idx').on(t.onDay, t.userId),
    uniqueIndex('notifications_escalation_user_uq').on(t.escalationId, t.userId),
  ],
);

export const outboxChannels = ['email', 'wecom', 'dingtalk', 'webhook'] as const;
export const outboxStatuses = ['pending', 'sent', 'failed'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * Messages to deliver outside the app (e-mail, 企业微信 and 钉钉 group robots, a JSON webhook),
 * one row per message and channel, tried with back-off until sent or out of attempts. The key
 * names what the message is (a user's digest of a day, a day's summary) so it is queued once.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: outboxChannels }).notNull(),
    key: text('key').notNull(),
    /** An e-mail address, or '' for a webhook (its address is configuration). */
    recipient: text('recipient').notNull().default(''),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** JSON: what the generic webhook sends besides the text (event, day, counts, items). */
    data: text('data').notNull().default('{}'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.channel, t.key),
    index('outbox_due_idx').on(t.status, t.channel, t.nextAttemptAt),
    check('outbox_channel_ck', sql`${t.channel} IN ${oneOf(outboxChannels)}`),
    check('outbox_status_ck', sql`${t.status} IN ${oneOf(outboxStatuses)}`),
  ],
);

/** Every delivery attempt of an outbox message, with its outcome. */
export const outboxAttempts = sqliteTable(
  'outbox_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    /** What the other side answered, or why it failed, in a line. */
    detail: text('detail'),
  },
  (t) => [index('outbox_attempts_outbox_idx').on(t.outboxId, t.id)],
);

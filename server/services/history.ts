// The history of one record (修改记录), read from the audit log and put in words: who, when, and
// for each changed field its label, the value before and the value after — enumerations by their
// label, days as 2018年4月25日, references by name. Used by the enterprise, handover and agreement
// pages through views/partials/history.hbs; other records (items …) use it the same way:
//   history: app.services.history.of('item', id, request.locale)
// Field labels come from the table below, then from the catalogue key `<entityType>.<field>`;
// a caller may pass its own labels and enumeration groups for fields these do not cover.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agreements, attachments, compounds, enterprises, groups, handovers, users } from '../../db/schema.js';
import { formatDay, formatMonth, parseDay } from '../dates.js';
import { isMessageKey, translate, type Locale } from '../i18n/messages.js';
import { createAuditService } from './audit.js';
import { scheduleWords } from './recurrence.js';

export interface HistoryChange {
  field: string;
  before: string;
  after: string;
}

export interface HistoryEntry {
  id: number;
  /** Asia/Shanghai wall time 'YYYY-MM-DDTHH:mm' (for the `datetime` helper). */
  at: string;
  user: string;
  action: string;
  actionLabel: string;
  changes: HistoryChange[];
}

export interface HistoryOptions {
  /** Field → catalogue key (or literal label). */
  labels?: Record<string, string>;
  /** Field → enumeration label group, e.g. status → 'itemStatus'. */
  enums?: Record<string, string>;
  /** At most this many entries, newest first (default 100). */
  limit?: number;
  /** List the values of every entry, not only the changes of updates (the audit page). */
  allValues?: boolean;
}

type AuditRow = ReturnType<ReturnType<typeof createAuditService>['historyOf']>[number];

/** Labels of the fields of the plan's records that are not `<entityType>.<field>` in the catalogue. */
const labels: Record<string, Record<string, string>> = {
  common: {
    isSample: 'edit.isSample',
    notes: 'common.notes',
    note: 'common.notes',
    enterpriseId: 'agreement.enterprise',
    compoundId: 'compound.name',
    groupId: 'handover.group',
    handoverIds: 'agreement.covers',
    attachmentId: 'plan.signedScan',
    statusReason: 'plan.statusReason',
    title: 'document.title',
    sortOrder: 'plan.sortOrder',
  },
  enterprise: { notes: 'common.notes', formerPolicyBankrupt: 'enterprise.formerPolicyBankrupt', devolvedFromCentral: 'enterprise.devolvedFromCentral' },
  compound: { name: 'compound.name', community: 'plan.community', enterpriseId: 'agreement.enterprise' },
  handover: { compoundId: 'compound.name', serviceLine: 'handover.serviceLine' },
  agreement: { title: 'agreement.title', parentAgreementId: 'plan.parentAgreement', groupId: 'handover.group' },
  document: { docNumber: 'plan.docNumber', summary: 'plan.summary', attachmentId: 'plan.file' },
  policyDeadline: { name: 'plan.deadlineName', nameEn: 'plan.deadlineNameEn', dueDate: 'plan.dueDate', basis: 'plan.basis' },
  meetingSeries: {
    groupId: 'meeting.group', name: 'series.name', kind: 'meeting.kind', cadence: 'meeting.cadence', graceDays: 'series.graceDays', startedOn: 'series.startedOn',
    active: 'series.active', issuingOffice: 'series.issuingOffice', distribution: 'series.distribution',
  },
  monthlyPack: { groupId: 'meeting.group' },
  meeting: { groupId: 'meeting.group' },
  group: { name: 'group.name' },
};

const enumsOf: Record<string, Record<string, string>> = {
  common: { serviceLine: 'serviceLine', mode: 'mode', stage: 'stage', source: 'funding', category: 'category', role: 'role' },
  enterprise: { level: 'level' },
  agreement: { status: 'agreementStatus', kind: 'agreementKind' },
  item: { status: 'itemStatus', kind: 'itemKind', level: 'problemLevel', toStatus: 'itemStatus', fromStatus: 'itemStatus' },
  document: { status: 'documentStatus' },
  group: { kind: 'groupKind' },
  meeting: { status: 'meetingStatus', kind: 'meetingKind', minutesStatus: 'minutesStatus' },
  meetingSeries: { kind: 'meetingKind', cadence: 'cadence' },
  delayRequest: { status: 'delayStatus' },
  feedToken: { scope: 'feedScope' },
  apiToken: { scope: 'feedScope' },
  escalation: { step: 'escalation' },
};

const hidden = new Set(['id', 'version', 'createdAt', 'updatedAt']);
const userFields = new Set(['doneBy', 'ownerUserId', 'closedBy', 'createdBy', 'decidedBy', 'requestedBy', 'uploadedBy', 'userId', 'authorId', 'acknowledgedBy', 'issuedBy']);

const wallTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** '2018-04-25T06:30:00.000Z' → '2018-04-25T14:30' in Asia/Shanghai. */
export function shanghaiWallTime(instant: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const parts = Object.fromEntries(wallTime.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** { filter: { action: 'x' } } → { 'filter.action': 'x' }; arrays and the plan's dotted keys stay as they are. */
function flat(values: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flat(value as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = value;
  }
  return out;
}

const parse = (json: string | null): Record<string, unknown> => {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export function createHistoryService(db: Db) {
  const audit = createAuditService(db);

  /** Names of the records the entries refer to, fetched once per page. */
  function names(entries: Record<string, unknown>[]) {
    const wanted = { enterprise: new Set<number>(), compound: new Set<number>(), group: new Set<number>(), handover: new Set<number>(), attachment: new Set<number>(), agreement: new Set<number>(), user: new Set<number>() };
    const add = (set: Set<number>, v: unknown) => {
      for (const x of ([] as unknown[]).concat(v)) if (typeof x === 'number') set.add(x);
    };
    for (const values of entries) {
      for (const [key, v] of Object.entries(values)) {
        if (key === 'enterpriseId') add(wanted.enterprise, v);
        else if (key === 'compoundId') add(wanted.compound, v);
        else if (key === 'groupId' || key === 'groupIds') add(wanted.group, v);
        else if (key === 'handoverIds' || key === 'handoverId') add(wanted.handover, v);
        else if (key === 'attachmentId') add(wanted.attachment, v);
        else if (key === 'parentAgreementId' || key === 'agreementId') add(wanted.agreement, v);
        else if (userFields.has(key)) add(wanted.user, v);
      }
    }
    const ids = (s: Set<number>) => [...s];
    const map = <T extends { id: number }>(rows: T[], label: (r: T) => string) => new Map(rows.map((r) => [r.id, label(r)]));
    return {
      enterprise: map(wanted.enterprise.size ? db.select({ id: enterprises.id, n: enterprises.shortName }).from(enterprises).where(inArray(enterprises.id, ids(wanted.enterprise))).all() : [], (r) => r.n),
      compound: map(wanted.compound.size ? db.select({ id: compounds.id, n: compounds.name }).from(compounds).where(inArray(compounds.id, ids(wanted.compound))).all() : [], (r) => r.n),
      group: map(wanted.group.size ? db.select({ id: groups.id, n: groups.name }).from(groups).where(inArray(groups.id, ids(wanted.group))).all() : [], (r) => r.n),
      handover: wanted.handover,
      attachment: map(wanted.attachment.size ? db.select({ id: attachments.id, n: attachments.originalName }).from(attachments).where(inArray(attachments.id, ids(wanted.attachment))).all() : [], (r) => r.n),
      agreement: map(wanted.agreement.size ? db.select({ id: agreements.id, n: agreements.title }).from(agreements).where(inArray(agreements.id, ids(wanted.agreement))).all() : [], (r) => r.n),
      user: map(wanted.user.size ? db.select({ id: users.id, n: users.displayName }).from(users).where(inArray(users.id, ids(wanted.user))).all() : [], (r) => r.n),
    };
  }

  function of(entityType: string, entityId: number, locale: Locale, options: HistoryOptions = {}): HistoryEntry[] {
    // A save that changed nothing leaves an entry in the log but says nothing here.
    return describe(audit.historyOf(entityType, entityId, options.limit ?? 100), locale, options).filter((e) => e.action !== 'update' || e.hadValues);
  }

  /**
   * Audit entries of any records put in words (the audit page): an update lists the fields it
   * changed, a create or a delete the values it wrote or removed, other entries (sign-in, export,
   * permission) what they carry; nested values become "part · part" labels.
   */
  function describe(rows: AuditRow[], locale: Locale, options: HistoryOptions = {}): (HistoryEntry & { entityType: string; entityId: number | null; hadValues: boolean })[] {
    const parsed = rows.map((r) => ({ row: r, before: flat(parse(r.before)), after: flat(parse(r.after)) }));
    const userIds = [...new Set(rows.map((r) => r.userId).filter((x): x is number => typeof x === 'number'))];
    const people = new Map(userIds.length ? db.select({ id: users.id, n: users.displayName }).from(users).where(inArray(users.id, userIds)).all().map((u) => [u.id, u.n]) : []);
    const found = names(parsed.flatMap((p) => [p.before, p.after]));
    const handoverNames = new Map<number, string>();
    if (found.handover.size) {
      const rowsH = db
        .select({ id: handovers.id, line: handovers.serviceLine, compoundId: handovers.compoundId })
        .from(handovers)
        .where(inArray(handovers.id, [...found.handover]))
        .all();
      const compoundIds = rowsH.map((h) => h.compoundId).filter((x): x is number => x !== null);
      const compoundNames = new Map(compoundIds.length ? db.select({ id: compounds.id, n: compounds.name }).from(compounds).where(inArray(compounds.id, compoundIds)).all().map((c) => [c.id, c.n]) : []);
      for (const h of rowsH) {
        const place = h.compoundId ? compoundNames.get(h.compoundId) ?? `#${h.compoundId}` : translate(locale, 'handover.enterpriseWide');
        handoverNames.set(h.id, `${place} · ${translate(locale, `serviceLine.${h.line}`)}`);
      }
    }

    const word = (key: string) => (isMessageKey(key) ? translate(locale, key) : key);

    function labelOf(entityType: string, field: string): string {
      const [head, ...rest] = field.split('.');
      if ((head === 'plannedDate' || head === 'actualDate') && rest.length === 1) {
        return `${word(`stage.${rest[0]}`)} · ${word(head === 'plannedDate' ? 'handover.planned' : 'handover.actual')}`;
      }
      if (head === 'funding') {
        if (rest[0] === 'shares' && rest.length === 3) return `${word('handover.funding')} · ${word(`funding.${rest[1]}`)} · ${word(`handover.${rest[2]}`)}`;
        return `${word('handover.funding')} · ${labelOf(entityType, rest.join('.'))}`;
      }
      const key =
        options.labels?.[field] ??
        labels[entityType]?.[field] ??
        (isMessageKey(`${entityType}.${field}`) ? `${entityType}.${field}` : undefined) ??
        labels.common?.[field] ??
        (isMessageKey(`handover.${field}`) ? `handover.${field}` : undefined) ??
        (isMessageKey(`auditField.${field}`) ? `auditField.${field}` : undefined);
      if (key) return word(key);
      // A nested value ("filter.action"): each part by its own label.
      if (rest.length) return [head!, ...rest].map((part) => labelOf(entityType, part)).join(' · ');
      return field;
    }

    function show(entityType: string, field: string, value: unknown): string {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return '—';
      const name = field.split('.').pop()!;
      const group = options.enums?.[name] ?? enumsOf[entityType]?.[name] ?? enumsOf.common?.[name];
      if (group && typeof value === 'string') return word(`${group}.${value}`);
      if (typeof value === 'boolean') return word(value ? 'common.yes' : 'common.no');
      if (typeof value === 'number') {
        const lookup =
          name === 'enterpriseId' ? found.enterprise
          : name === 'compoundId' ? found.compound
          : name === 'groupId' ? found.group
          : name === 'attachmentId' ? found.attachment
          : name === 'parentAgreementId' || name === 'agreementId' ? found.agreement
          : userFields.has(name) ? found.user
          : name === 'handoverId' ? handoverNames
          : null;
        if (lookup) return lookup.get(value) ?? `#${value}`;
        if (name.endsWith('Id')) return `#${value}`;
        return value.toLocaleString(locale);
      }
      if (Array.isArray(value)) {
        if (name === 'handoverIds') return value.map((v) => handoverNames.get(v as number) ?? `#${String(v)}`).join('、');
        if (name === 'groupIds') return value.map((v) => found.group.get(v as number) ?? `#${String(v)}`).join('、');
        return value.map((v) => show(entityType, name, v)).join('、');
      }
      if (typeof value === 'string') {
        if (name === 'rrule') return scheduleWords('custom', value, locale);
        // A list kept as JSON text (supportUnits): its entries.
        if (/^\[.*\]$/.test(value)) {
          try {
            const list = JSON.parse(value) as unknown;
            if (Array.isArray(list)) return list.length ? list.map(String).join('、') : '—';
          } catch {
            // not a list after all: shown as written
          }
        }
        if (name === 'month' && /^\d{4}-\d{2}$/.test(value)) return formatMonth(value, locale);
        if (parseDay(value)) return formatDay(value, locale);
        if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return shanghaiWallTime(value).replace('T', ' ');
        return value.length > 300 ? `${value.slice(0, 300)}…` : value;
      }
      return JSON.stringify(value);
    }

    return parsed.map(({ row, before, after }) => {
      // The record's own pages show the changes of updates; the audit page shows every entry's values.
      const listed = row.action === 'update' || options.allValues;
      const fields = listed ? [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !hidden.has(f)) : [];
      return {
        id: row.id,
        at: shanghaiWallTime(row.at),
        user: (row.userId !== null ? people.get(row.userId) : undefined) ?? (row.username && row.username !== 'system' ? row.username : word('plan.history.system')),
        action: row.action,
        actionLabel: word(isMessageKey(`plan.history.${row.action}`) ? `plan.history.${row.action}` : row.action),
        entityType: row.entityType ?? '',
        entityId: row.entityId,
        hadValues: Object.keys(before).length + Object.keys(after).length > 0,
        changes: fields.map((field) => ({ field: labelOf(row.entityType ?? '', field), before: show(row.entityType ?? '', field, before[field]), after: show(row.entityType ?? '', field, after[field]) })),
      };
    });
  }

  return { of, describe };
}

export type HistoryService = ReturnType<typeof createHistoryService>;

// The work ledger's rows, read in batches for the Excel and CSV exports. Each batch is one statement
// iterated row by row (the row goes straight to the writer, never into a list), bounded by a keyset
// cursor; between batches the exporter lets the output drain and other requests run, and the
// connection is free for them (an open iterator would hold it). Everything a row shows comes from
// the row's own statement: stages, agreements and money through correlated subqueries on indexed
// columns, and the light from the risk service's cells (enterprise × service line), so there is no
// query per row.
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import type { EnterpriseLevel, FundingSource, HandoverMode, ItemKind, ItemStatus, ServiceLine, Stage } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { handoverScopeSql, type HandoverScope } from './figures.js';
import { itemScope } from './items.js';
import type { Light, RiskService } from './risk.js';

export type LedgerFilter = HandoverScope;

/** Turns a drizzle `sql` query into text and parameters for a statement iterated row by row. */
const dialect = new SQLiteSyncDialect();

export interface LedgerHandoverRow {
  id: number;
  enterpriseId: number;
  enterprise: string;
  level: EnterpriseLevel;
  compound: string | null;
  households: number | null;
  floorArea: number | null;
  serviceLine: ServiceLine;
  receiver: string | null;
  mode: HandoverMode;
  leadUnit: string | null;
  owner: string | null;
  nextStage: Stage | null;
  stagesDone: number;
  stagesTotal: number;
  /** stage → [planned, actual] */
  stages: Partial<Record<Stage, [string | null, string | null]>>;
  frameworkSigned: string | null;
  implementationSigned: string | null;
  cutoffDate: string | null;
  /** 元 */
  estimated: number | null;
  approved: number | null;
  shares: { source: FundingSource; committed: number; disbursed: number }[];
  light: Light | null;
  issuesSummary: string | null;
  nextSteps: string | null;
}

export interface LedgerItemRow {
  id: number;
  kind: ItemKind;
  title: string;
  enterprise: string | null;
  leadUnit: string;
  supportUnits: string[];
  owner: string | null;
  dueDate: string;
  delayCount: number;
  status: ItemStatus;
  progress: string | null;
  category: string | null;
  level: string | null;
  raisedOn: string | null;
  firstResponseOn: string | null;
  closedOn: string | null;
}

/** Where the next batch starts: after this key. */
export type Cursor = (string | number)[] | null;

const signedOf = (kind: 'framework' | 'implementation', column: 'signed_on' | 'cutoff_date') =>
  sql.raw(`(SELECT min(a.${column}) FROM agreement_handovers ah JOIN agreements a ON a.id = ah.agreement_id
    WHERE ah.handover_id = h.id AND a.kind = '${kind}' AND a.${column} IS NOT NULL AND a.status IN ('signed', 'inForce', 'completed'))`);

const parseList = (text: string | null): unknown[] => {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
};

export function createLedgerService(db: Db, clock: Clock, deps: { risk: RiskService }) {
  /** The light of every enterprise's service line in scope (one memoised computation). */
  function lightsOf(filter: LedgerFilter): Map<string, Light> {
    const map = new Map<string, Light>();
    for (const e of deps.risk.enterprises(filter)) for (const c of e.cells) map.set(`${e.id}/${c.column}`, c.light);
    return map;
  }

  /**
   * Reads up to `limit` handovers after `cursor` (enterprise, then id), calling `visit` with each as
   * it is read. Returns the cursor of the next batch, or null when there is none.
   */
  function readHandovers(filter: LedgerFilter, cursor: Cursor, limit: number, visit: (row: LedgerHandoverRow) => void, lights: Map<string, Light>): Cursor {
    const after: SQL = cursor ? sql`(h.enterprise_id, h.id) > (${cursor[0]}, ${cursor[1]})` : sql`1 = 1`;
    const { sql: text, params } = dialect.sqlToQuery(sql`SELECT h.id AS id, h.enterprise_id AS enterpriseId, e.name AS enterprise, e.level AS level,
        c.name AS compound, c.households AS households, c.floor_area AS floorArea, h.service_line AS serviceLine,
        h.receiver AS receiver, h.mode AS mode, h.lead_unit AS leadUnit, h.owner AS owner, h.next_stage AS nextStage,
        h.stages_done AS stagesDone, h.stages_total AS stagesTotal,
        (SELECT json_group_object(s.stage, json_array(s.planned_date, s.actual_date)) FROM handover_stages s WHERE s.handover_id = h.id) AS stages,
        ${signedOf('framework', 'signed_on')} AS frameworkSigned,
        ${signedOf('implementation', 'signed_on')} AS implementationSigned,
        ${signedOf('implementation', 'cutoff_date')} AS cutoffDate,
        fd.estimated_cost AS estimated, fd.approved_cost AS approved,
        (SELECT json_group_array(json_array(fs.source, fs.committed, fs.disbursed)) FROM funding_shares fs WHERE fs.handover_id = h.id) AS shares,
        h.issues_summary AS issuesSummary, h.next_steps AS nextSteps
      FROM handovers h JOIN enterprises e ON e.id = h.enterprise_id LEFT JOIN compounds c ON c.id = h.compound_id
        LEFT JOIN handover_funding fd ON fd.handover_id = h.id
      WHERE ${handoverScopeSql(filter)} AND ${after}
      ORDER BY h.enterprise_id, h.id LIMIT ${limit}`);
    let last: Cursor = null;
    let n = 0;
    for (const raw of db.$client.prepare(text).iterate(...(params as unknown[])) as Iterable<unknown>) {
      const r = raw as Omit<LedgerHandoverRow, 'stages' | 'shares' | 'light'> & { stages: string | null; shares: string | null };
      const stageMap = r.stages ? (JSON.parse(r.stages) as LedgerHandoverRow['stages']) : {};
      const shares = parseList(r.shares)
        .filter((x): x is [FundingSource, number, number] => Array.isArray(x) && x[0] !== null)
        .map(([source, committed, disbursed]) => ({ source, committed, disbursed }));
      visit({ ...r, stages: stageMap, shares, light: lights.get(`${r.enterpriseId}/${r.serviceLine}`) ?? null });
      last = [r.enterpriseId, r.id];
      n++;
    }
    return n === limit ? last : null;
  }

  /** The tracked items of a sheet, by keyset: open ones (by deadline) or problems (by id). */
  function readItems(which: 'open' | 'problems', filter: LedgerFilter, cursor: Cursor, limit: number, visit: (row: LedgerItemRow) => void): Cursor {
    const scope = sql.join([sql`1 = 1`, ...itemScope(filter)], sql` AND `);
    const condition =
      which === 'open'
        ? sql`items.finished = 0 AND ${cursor ? sql`(items.due_date, items.id) > (${cursor[0]}, ${cursor[1]})` : sql`1 = 1`}`
        : sql`items.kind = 'problem' AND ${cursor ? sql`items.id > ${cursor[1]}` : sql`1 = 1`}`;
    const order = which === 'open' ? sql`items.finished, items.due_date, items.id` : sql`items.id`;
    const query = sql`SELECT items.id AS id, items.kind AS kind, items.title AS title, e.short_name AS enterprise,
        items.lead_unit AS leadUnit, items.support_units AS supportUnits, items.owner AS owner, items.due_date AS dueDate,
        items.delay_count AS delayCount, items.status AS status, items.progress AS progress, items.category AS category,
        items.level AS level, items.raised_on AS raisedOn, items.first_response_on AS firstResponseOn, items.closed_on AS closedOn
      FROM items LEFT JOIN enterprises e ON e.id = items.enterprise_id
      WHERE ${condition} AND ${scope} ORDER BY ${order} LIMIT ${limit}`;
    const { sql: text, params } = dialect.sqlToQuery(query);
    let last: Cursor = null;
    let n = 0;
    for (const raw of db.$client.prepare(text).iterate(...(params as unknown[])) as Iterable<Omit<LedgerItemRow, 'supportUnits'> & { supportUnits: string }>) {
      visit({ ...raw, supportUnits: parseList(raw.supportUnits).map(String) });
      last = [raw.dueDate, raw.id];
      n++;
    }
    return n === limit ? last : null;
  }

  return { lightsOf, readHandovers, readItems, today: () => clock.today() };
}

export type LedgerService = ReturnType<typeof createLedgerService>;

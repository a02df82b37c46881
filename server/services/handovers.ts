// Handovers (compound × service line) and their stages: summaries built by one aggregate query,
// and the full record of one handover with its timeline, money, agreements and items.
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  agreementHandovers,
  agreements,
  compounds,
  enterprises,
  fundingShares,
  groups,
  handoverFunding,
  handoverStages,
  handovers,
  items,
  type ServiceLine,
  type Stage,
} from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { daysBetween } from '../dates.js';
import { isStageOverdue, summariseStages } from './stage-plan.js';

export interface HandoverFilter {
  enterpriseId?: number;
  serviceLine?: ServiceLine;
  groupId?: number;
  compoundId?: number;
}

export interface HandoverSummary {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  compoundId: number | null;
  compoundName: string | null;
  households: number;
  serviceLine: ServiceLine;
  receiver: string | null;
  mode: string;
  groupId: number | null;
  total: number;
  done: number;
  percent: number;
  reached: Stage | null;
  reachedPosition: number;
  overdueStages: number;
  nextStage: Stage | null;
  nextPlanned: string | null;
}

function where(filter: HandoverFilter): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (filter.enterpriseId) parts.push(sql`h.enterprise_id = ${filter.enterpriseId}`);
  if (filter.serviceLine) parts.push(sql`h.service_line = ${filter.serviceLine}`);
  if (filter.groupId) parts.push(sql`h.group_id = ${filter.groupId}`);
  if (filter.compoundId) parts.push(sql`h.compound_id = ${filter.compoundId}`);
  return sql.join(parts, sql` AND `);
}

export function createHandoverService(db: Db, clock: Clock) {
  /** One row per handover with its stage figures; one query whatever the number of handovers. */
  function summaries(filter: HandoverFilter = {}): HandoverSummary[] {
    const today = clock.today();
    const rows = db.all<Omit<HandoverSummary, 'percent'>>(sql`
      SELECT h.id AS id, h.enterprise_id AS enterpriseId, e.short_name AS enterpriseName,
             h.compound_id AS compoundId, c.name AS compoundName, coalesce(c.households, 0) AS households,
             h.service_line AS serviceLine, h.receiver AS receiver, h.mode AS mode, h.group_id AS groupId,
             count(s.id) AS total, count(s.actual_date) AS done,
             coalesce(max(CASE WHEN s.actual_date IS NOT NULL THEN s.position END), 0) AS reachedPosition,
             (SELECT r.stage FROM handover_stages r WHERE r.handover_id = h.id AND r.actual_date IS NOT NULL
               ORDER BY r.position DESC LIMIT 1) AS reached,
             coalesce(sum(s.actual_date IS NULL AND s.planned_date < ${today}), 0) AS overdueStages,
             (SELECT n.stage FROM handover_stages n WHERE n.handover_id = h.id AND n.actual_date IS NULL
               ORDER BY n.position LIMIT 1) AS nextStage,
             (SELECT n.planned_date FROM handover_stages n WHERE n.handover_id = h.id AND n.actual_date IS NULL
               ORDER BY n.position LIMIT 1) AS nextPlanned
      FROM handovers h
      JOIN enterprises e ON e.id = h.enterprise_id
      LEFT JOIN compounds c ON c.id = h.compound_id
      LEFT JOIN handover_stages s ON s.handover_id = h.id
      WHERE ${where(filter)}
      GROUP BY h.id
      ORDER BY e.short_name, c.name, h.service_line`);
    return rows.map((r) => ({ ...r, percent: r.total ? Math.round((r.done * 100) / r.total) : 0 }));
  }

  function get(id: number) {
    const today = clock.today();
    const handover = db
      .select({
        handover: handovers,
        enterpriseName: enterprises.name,
        enterpriseShortName: enterprises.shortName,
        compoundName: compounds.name,
        households: compounds.households,
        floorArea: compounds.floorArea,
        groupName: groups.name,
      })
      .from(handovers)
      .innerJoin(enterprises, eq(enterprises.id, handovers.enterpriseId))
      .leftJoin(compounds, eq(compounds.id, handovers.compoundId))
      .leftJoin(groups, eq(groups.id, handovers.groupId))
      .where(eq(handovers.id, id))
      .get();
    if (!handover) return null;
    const stageRows = db
      .select()
      .from(handoverStages)
      .where(eq(handoverStages.handoverId, id))
      .orderBy(asc(handoverStages.position))
      .all();
    const timeline = stageRows.map((s) => ({
      ...s,
      overdue: isStageOverdue(s, today),
      overdueDays: isStageOverdue(s, today) ? daysBetween(s.plannedDate!, today) : 0,
      late: !!(s.actualDate && s.plannedDate && s.actualDate > s.plannedDate),
    }));
    const funding = db.select().from(handoverFunding).where(eq(handoverFunding.handoverId, id)).get() ?? null;
    const shares = db.select().from(fundingShares).where(eq(fundingShares.handoverId, id)).all();
    const linked = db
      .select({ id: agreements.id, title: agreements.title, kind: agreements.kind, status: agreements.status, signedOn: agreements.signedOn })
      .from(agreementHandovers)
      .innerJoin(agreements, eq(agreements.id, agreementHandovers.agreementId))
      .where(eq(agreementHandovers.handoverId, id))
      .orderBy(asc(agreements.kind), asc(agreements.id))
      .all();
    const related = db
      .select()
      .from(items)
      .where(eq(items.handoverId, id))
      .orderBy(asc(items.dueDate))
      .all();
    const households = handover.households ?? 0;
    return {
      ...handover,
      stages: timeline,
      summary: summariseStages(stageRows, today),
      funding,
      perHousehold: funding?.estimatedCost && households ? Math.round(funding.estimatedCost / households) : null,
      shares,
      agreements: linked,
      items: related,
    };
  }

  return { summaries, get };
}

export type HandoverService = ReturnType<typeof createHandoverService>;

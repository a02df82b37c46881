// Enterprises: the list with their compounds, households and the stage reached per service line,
// and one enterprise with everything that hangs off it.
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { agreements, compounds, enterpriseLevels, enterprises, items, serviceLines, type EnterpriseLevel, type ServiceLine, type Stage } from '../../db/schema.js';
import { enumOf, flag, line, note, parseInput, versionField } from '../forms.js';
import type { Actor } from './audit.js';
import { deleteRecord, insertRecord, updateRecord } from './records.js';
import type { HandoverService, HandoverSummary } from './handovers.js';

export interface LineStage {
  serviceLine: ServiceLine;
  /** Handovers of this line. */
  count: number;
  /** The stage reached by the least advanced handover of the line (what holds the line back). */
  reached: Stage | null;
  /** Handovers of the line with a stage overdue. */
  overdue: number;
  percent: number;
}

/** Per service line, the least advanced handover's stage, for the lines the handovers cover. */
export function stageByLine(list: HandoverSummary[]): LineStage[] {
  return serviceLines.flatMap((line) => {
    const ofLine = list.filter((h) => h.serviceLine === line);
    if (!ofLine.length) return [];
    const least = ofLine.reduce((a, b) => (b.reachedPosition < a.reachedPosition ? b : a));
    const done = ofLine.reduce((n, h) => n + h.done, 0);
    const total = ofLine.reduce((n, h) => n + h.total, 0);
    return [{
      serviceLine: line,
      count: ofLine.length,
      reached: least.reached,
      overdue: ofLine.filter((h) => h.overdueStages > 0).length,
      percent: total ? Math.round((done * 100) / total) : 0,
    }];
  });
}

/** An enterprise as forms and the API write it (GLOSSARY names). */
export const enterpriseInput = z.object({
  name: line(100),
  shortName: line(40),
  level: enumOf(enterpriseLevels),
  parentGroup: note(100),
  formerPolicyBankrupt: flag(),
  devolvedFromCentral: flag(),
  contacts: note(500),
  notes: note(2000),
  isSample: flag(),
});
export const enterprisePatch = enterpriseInput.partial().extend({ version: versionField() });

export function createEnterpriseService(db: Db, handoversService: HandoverService) {
  function list(filter: { level?: EnterpriseLevel } = {}) {
    const rows = db
      .select({
        id: enterprises.id,
        name: enterprises.name,
        shortName: enterprises.shortName,
        level: enterprises.level,
        parentGroup: enterprises.parentGroup,
        isSample: enterprises.isSample,
        compoundCount: sql<number>`(SELECT count(*) FROM compounds c WHERE c.enterprise_id = enterprises.id)`,
        households: sql<number>`(SELECT coalesce(sum(c.households), 0) FROM compounds c WHERE c.enterprise_id = enterprises.id)`,
      })
      .from(enterprises)
      .where(filter.level ? eq(enterprises.level, filter.level) : undefined)
      .orderBy(sql`CASE ${enterprises.level} WHEN 'central' THEN 1 WHEN 'provincial' THEN 2 WHEN 'municipal' THEN 3 ELSE 4 END`, asc(enterprises.id))
      .all();
    const byEnterprise = new Map<number, HandoverSummary[]>();
    for (const h of handoversService.summaries()) {
      const list = byEnterprise.get(h.enterpriseId);
      if (list) list.push(h);
      else byEnterprise.set(h.enterpriseId, [h]);
    }
    return rows.map((e) => ({ ...e, lines: stageByLine(byEnterprise.get(e.id) ?? []) }));
  }

  function get(id: number) {
    const enterprise = db.select().from(enterprises).where(eq(enterprises.id, id)).get();
    if (!enterprise) return null;
    const compoundList = db.select().from(compounds).where(eq(compounds.enterpriseId, id)).orderBy(asc(compounds.id)).all();
    const handoverList = handoversService.summaries({ enterpriseId: id });
    const agreementList = db.select().from(agreements).where(eq(agreements.enterpriseId, id)).orderBy(asc(agreements.kind), asc(agreements.id)).all();
    const openItems = db
      .select()
      .from(items)
      .where(and(eq(items.enterpriseId, id), ne(items.status, 'closed')))
      .orderBy(asc(items.dueDate))
      .all();
    return {
      enterprise,
      compounds: compoundList,
      households: compoundList.reduce((n, c) => n + c.households, 0),
      handovers: handoverList,
      lines: stageByLine(handoverList),
      agreements: agreementList,
      openItems,
    };
  }

  function create(actor: Actor, input: unknown): number {
    const values = parseInput(enterpriseInput, input);
    return db.transaction((tx) => insertRecord(tx, enterprises, values, actor, 'enterprise'));
  }

  function update(actor: Actor, id: number, input: unknown) {
    const { version, ...values } = parseInput(enterprisePatch, input);
    return db.transaction((tx) => updateRecord(tx, enterprises, id, version, values, actor, 'enterprise'));
  }

  function remove(actor: Actor, id: number, version: number) {
    db.transaction((tx) => deleteRecord(tx, enterprises, id, version, actor, 'enterprise'));
  }

  function record(id: number) {
    return db.select().from(enterprises).where(eq(enterprises.id, id)).get() ?? null;
  }

  return { list, get, record, create, update, remove };
}

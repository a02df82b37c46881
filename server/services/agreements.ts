// Agreements (协议): framework, implementation and supplementary, with the handovers each covers.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { agreementHandovers, agreements, compounds, enterprises, handovers, type AgreementKind, type AgreementStatus } from '../../db/schema.js';

export interface AgreementFilter {
  kind?: AgreementKind;
  status?: AgreementStatus;
  enterpriseId?: number;
}

export function createAgreementService(db: Db) {
  function list(filter: AgreementFilter = {}) {
    const parts = [
      filter.kind ? sql`${agreements.kind} = ${filter.kind}` : undefined,
      filter.status ? sql`${agreements.status} = ${filter.status}` : undefined,
      filter.enterpriseId ? sql`${agreements.enterpriseId} = ${filter.enterpriseId}` : undefined,
    ].filter((p) => p !== undefined);
    return db
      .select({
        agreement: agreements,
        enterpriseName: enterprises.shortName,
        handoverCount: sql<number>`(SELECT count(*) FROM agreement_handovers ah WHERE ah.agreement_id = agreements.id)`,
      })
      .from(agreements)
      .innerJoin(enterprises, eq(enterprises.id, agreements.enterpriseId))
      .where(parts.length ? sql.join(parts, sql` AND `) : undefined)
      .orderBy(asc(enterprises.id), asc(agreements.kind), asc(agreements.id))
      .all();
  }

  function get(id: number) {
    const row = db
      .select({ agreement: agreements, enterpriseName: enterprises.name })
      .from(agreements)
      .innerJoin(enterprises, eq(enterprises.id, agreements.enterpriseId))
      .where(eq(agreements.id, id))
      .get();
    if (!row) return null;
    const covered = db
      .select({ id: handovers.id, serviceLine: handovers.serviceLine, compoundName: compounds.name, receiver: handovers.receiver })
      .from(agreementHandovers)
      .innerJoin(handovers, eq(handovers.id, agreementHandovers.handoverId))
      .leftJoin(compounds, eq(compounds.id, handovers.compoundId))
      .where(eq(agreementHandovers.agreementId, id))
      .orderBy(asc(handovers.id))
      .all();
    return { ...row, handovers: covered };
  }

  return { list, get };
}

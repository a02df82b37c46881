// Money per handover (资金): estimated, approved and settlement cost, and the shares by source
// (central finance, local finance, group, enterprise), each committed and disbursed. All in yuan,
// whole numbers, never negative. Saved as one form: the funding row's version guards it (there is
// none before the first save); a source left at 0/0 has no share row. Audited on the handover.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { fundingShares, fundingSources, handoverFunding, handovers, type FundingSource } from '../../db/schema.js';
import { flag, note, optionalInt, parseInput, ValidationError, versionField } from '../forms.js';
import { appendAudit, type Actor } from './audit.js';
import { ConflictError, changedFields, notFoundRecord } from './records.js';
import { nowOf } from './now.js';

const MAX_YUAN = 1_000_000_000_000;
/** An amount in yuan; blank is nothing (null). */
const yuan = () => optionalInt(0, MAX_YUAN);
/** A share amount in yuan; blank is 0. */
const shareYuan = () => optionalInt(0, MAX_YUAN).transform((v) => v ?? 0);

const share = z.object({ committed: shareYuan(), disbursed: shareYuan() });

export const fundingInput = z.object({
  estimatedCost: yuan(),
  approvedCost: yuan(),
  settlementCost: yuan(),
  note: note(2000),
  isSample: flag(),
  /** By source; a source not given has no share. */
  shares: z
    .object(Object.fromEntries(fundingSources.map((s) => [s, share.optional()])) as Record<FundingSource, z.ZodOptional<typeof share>>)
    .strict()
    .default({}),
  /** The funding's version; absent before the first save. */
  version: z.preprocess((v) => (v === '' || v === null ? undefined : v), versionField().optional()),
});

type Flat = Record<string, unknown>;

export function createFundingService(db: Db) {
  function read(handoverId: number) {
    const funding = db.select().from(handoverFunding).where(eq(handoverFunding.handoverId, handoverId)).get() ?? null;
    const shares = db.select().from(fundingShares).where(eq(fundingShares.handoverId, handoverId)).all();
    return { funding, shares };
  }

  /** The funding as flat form values: estimatedCost, shares.central.committed … */
  function formValues(handoverId: number): Flat {
    const { funding, shares } = read(handoverId);
    const values: Flat = {
      estimatedCost: funding?.estimatedCost ?? null,
      approvedCost: funding?.approvedCost ?? null,
      settlementCost: funding?.settlementCost ?? null,
      note: funding?.note ?? null,
      isSample: funding?.isSample ?? false,
      version: funding?.version ?? null,
    };
    for (const source of fundingSources) {
      const s = shares.find((x) => x.source === source);
      values[`shares.${source}.committed`] = s?.committed ?? 0;
      values[`shares.${source}.disbursed`] = s?.disbursed ?? 0;
    }
    return values;
  }

  /** Audited values, flat, so the history reads "资金 · 中央财政 承担金额: 0 → 4,256,000". */
  const auditValues = (v: Flat) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'version').map(([k, x]) => [`funding.${k}`, x]));

  function save(actor: Actor, handoverId: number, input: unknown) {
    const values = parseInput(fundingInput, input);
    db.transaction((tx) => {
      if (!tx.select({ id: handovers.id }).from(handovers).where(eq(handovers.id, handoverId)).get()) throw notFoundRecord();
      const before = formValues(handoverId);
      const existing = tx.select().from(handoverFunding).where(eq(handoverFunding.handoverId, handoverId)).get();
      if (existing) {
        if (values.version === undefined) throw new ValidationError({ version: { key: 'validation.version' } });
        if (existing.version !== values.version) throw new ConflictError(before);
        tx.update(handoverFunding)
          .set({
            estimatedCost: values.estimatedCost,
            approvedCost: values.approvedCost,
            settlementCost: values.settlementCost,
            note: values.note,
            isSample: values.isSample,
            version: sql`${handoverFunding.version} + 1`,
            updatedAt: nowOf(tx),
          })
          .where(eq(handoverFunding.handoverId, handoverId))
          .run();
      } else {
        tx.insert(handoverFunding)
          .values({ handoverId, estimatedCost: values.estimatedCost, approvedCost: values.approvedCost, settlementCost: values.settlementCost, note: values.note, isSample: values.isSample, createdAt: nowOf(tx), updatedAt: nowOf(tx) })
          .run();
      }
      tx.delete(fundingShares).where(eq(fundingShares.handoverId, handoverId)).run();
      for (const source of fundingSources) {
        const s = values.shares[source];
        if (s && (s.committed || s.disbursed)) {
          tx.insert(fundingShares).values({ handoverId, source, committed: s.committed, disbursed: s.disbursed, isSample: values.isSample }).run();
        }
      }
      const after: Flat = {
        estimatedCost: values.estimatedCost,
        approvedCost: values.approvedCost,
        settlementCost: values.settlementCost,
        note: values.note,
        isSample: values.isSample,
      };
      for (const source of fundingSources) {
        after[`shares.${source}.committed`] = values.shares[source]?.committed ?? 0;
        after[`shares.${source}.disbursed`] = values.shares[source]?.disbursed ?? 0;
      }
      const diff = changedFields(auditValues(before), auditValues(after));
      if (Object.keys(diff.after).length || !existing) {
        appendAudit(tx, actor, { action: 'update', entityType: 'handover', entityId: handoverId, ...diff });
      }
    });
  }

  return { read, formValues, save };
}

export type FundingService = ReturnType<typeof createFundingService>;

// The demo data: the district's handover work as of its reply of 2018-04-25 (the seed). The
// content lives in scripts/demo-content.ts; this file resolves its keys to ids and inserts it.
// Run directly (`tsx scripts/demo-data.ts [dbPath]`) it loads the data into an empty database.
import { count } from 'drizzle-orm';
import { pathToFileURL } from 'node:url';
import { migrateDb, openDb, type Db } from '../db/client.js';
import {
  appMeta,
  agreementHandovers,
  agreements,
  compounds,
  delayRequests,
  documents,
  enterprises,
  fundingShares,
  groupMembers,
  groups,
  handoverFunding,
  handoverStages,
  handovers,
  instructions,
  itemUpdates,
  items,
  meetingAgenda,
  meetingAttendance,
  meetingSeries,
  meetings,
  policyDeadlines,
  type FundingSource,
  type HandoverMode,
  type Stage,
} from '../db/schema.js';
import {
  PHONE,
  agreementSeeds,
  compoundSeeds,
  documentSeeds,
  enterpriseSeeds,
  groupSeeds,
  instructionSeeds,
  itemSeeds,
  meetingSeeds,
  people,
  planSeeds,
  policyDeadlineSeeds,
  seriesSeeds,
  settingsSeed,
} from './demo-content.js';
import { ensureSettings } from '../server/services/settings.js';

/** The day the demo data describes: the date of the district's reply. */
export const DEMO_TODAY = '2018-04-25';

/** Stage order per mode (DOMAIN.md §3): renovating first moves the takeover after acceptance. */
const STAGE_ORDER: Record<HandoverMode, Stage[]> = {
  handoverFirst: ['survey', 'framework', 'plan', 'implementation', 'takeover', 'works', 'acceptance', 'assets', 'audit'],
  renovateFirst: ['survey', 'framework', 'plan', 'implementation', 'works', 'acceptance', 'takeover', 'assets', 'audit'],
  direct: ['survey', 'framework', 'implementation', 'takeover', 'assets', 'audit'],
};

/** Central SOEs: central finance 50%, group 30%, the enterprise the rest. */
const CENTRAL_SHARES: [FundingSource, number][] = [
  ['central', 0.5],
  ['group', 0.3],
];

function lookup<T>(map: Map<string, T>, key: string, what: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo data: unknown ${what} "${key}"`);
  return value;
}

const instant = (day: string, hour = 2) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** Inserts the whole demo data set in one transaction (into an empty database). */
export function loadDemoData(db: Db): void {
  db.transaction((tx) => {
    const ins = <T extends { run(): { lastInsertRowid: number | bigint } }>(q: T) => Number(q.run().lastInsertRowid);

    // Enterprises and compounds
    const enterpriseIds = new Map<string, number>();
    for (const e of enterpriseSeeds) {
      const { key, ...row } = e;
      enterpriseIds.set(key, ins(tx.insert(enterprises).values(row)));
    }
    const compoundIds = new Map<string, number>();
    const householdsOf = new Map<string, number>();
    for (const c of compoundSeeds) {
      const { key, enterprise, ...row } = c;
      const enterpriseId = lookup(enterpriseIds, enterprise, 'enterprise');
      compoundIds.set(key, ins(tx.insert(compounds).values({ ...row, enterpriseId, address: `${settingsSeed.organisationName}${c.street}${c.name}`, isSample: true })));
      householdsOf.set(key, c.households);
    }

    const peopleByKey = new Map(Object.entries(people));
    const person = (key: string) => lookup(peopleByKey, key, 'person');

    // Working groups and their contact directory
    const groupIds = new Map<string, number>();
    const memberIds = new Map<string, number>(); // `${group}/${person}`
    groupSeeds.forEach((g, order) => {
      const groupId = ins(
        tx.insert(groups).values({
          name: g.name,
          kind: g.kind,
          parentId: g.parent ? lookup(groupIds, g.parent, 'group') : null,
          leadDepartment: g.leadDepartment,
          serviceLine: g.serviceLine ?? null,
          enterpriseId: g.enterprise ? lookup(enterpriseIds, g.enterprise, 'enterprise') : null,
          establishedOn: g.establishedOn,
          description: g.description,
          sortOrder: order + 1,
        }),
      );
      groupIds.set(g.key, groupId);
      g.members.forEach(([personKey, duty], i) => {
        const id = ins(tx.insert(groupMembers).values({ groupId, ...person(personKey), duty, phone: PHONE, sortOrder: i + 1, isSample: true }));
        memberIds.set(`${g.key}/${personKey}`, id);
      });
    });

    // Documents and policy deadlines
    for (const d of documentSeeds) {
      const { group, ...row } = d;
      tx.insert(documents).values({ ...row, groupId: lookup(groupIds, group, 'group') }).run();
    }
    policyDeadlineSeeds.forEach((p, i) => tx.insert(policyDeadlines).values({ ...p, sortOrder: i + 1 }).run());
    ensureSettings(tx, settingsSeed);

    // The work plan: one handover per compound and line (or per enterprise for municipal/community),
    // with its stages, money and funding shares
    const handoverIds = new Map<string, number>(); // `${plan}/${compound}` or plan key
    const planHandovers = new Map<string, number[]>();
    const planOf = new Map<string, (typeof planSeeds)[number]>();
    for (const plan of planSeeds) {
      planOf.set(plan.key, plan);
      const enterpriseId = lookup(enterpriseIds, plan.enterprise, 'enterprise');
      const central = enterpriseSeeds.find((e) => e.key === plan.enterprise)?.level === 'central';
      const targets = plan.compounds.length ? plan.compounds : [null];
      const ids: number[] = [];
      for (const compound of targets) {
        const override = compound ? plan.overrides?.[compound] : undefined;
        const handoverId = ins(
          tx.insert(handovers).values({
            enterpriseId,
            compoundId: compound ? lookup(compoundIds, compound, 'compound') : null,
            serviceLine: plan.line,
            receiver: override?.receiver ?? plan.receiver,
            coordinatingDepartment: plan.coordinatingDepartment,
            mode: plan.mode,
            groupId: lookup(groupIds, plan.group, 'group'),
            issuesSummary: plan.issues ?? null,
            nextSteps: plan.next ?? null,
            leadUnit: plan.leadUnit,
            owner: plan.owner,
            isSample: true,
          }),
        );
        ids.push(handoverId);
        handoverIds.set(compound ? `${plan.key}/${compound}` : plan.key, handoverId);

        const stageDates = { ...plan.stages, ...override?.stages };
        const order = STAGE_ORDER[plan.mode];
        if (Object.keys(stageDates).length !== order.length) throw new Error(`demo data: plan ${plan.key} stages do not match mode ${plan.mode}`);
        order.forEach((stage, i) => {
          const dates = stageDates[stage];
          if (!dates) throw new Error(`demo data: plan ${plan.key} lacks stage ${stage}`);
          const [plannedDate, actualDate = null] = dates;
          tx.insert(handoverStages)
            .values({ handoverId, stage, position: i + 1, plannedDate, actualDate, note: plan.notes?.[stage] ?? null })
            .run();
        });

        const f = plan.funding;
        if (f) {
          const households = compound ? (householdsOf.get(compound) ?? 0) : 0;
          const estimatedCost = f.estimatedTotal ?? (f.estimatedPerHousehold ?? 0) * households;
          const approved = compound && f.approvedPerHousehold && f.approvedFor?.includes(compound);
          const approvedCost = approved ? f.approvedPerHousehold! * households : null;
          tx.insert(handoverFunding).values({ handoverId, estimatedCost, approvedCost, note: f.note ?? null, isSample: true }).run();
          if (central && approvedCost) {
            let rest = approvedCost;
            const shares: [FundingSource, number][] = CENTRAL_SHARES.map(([source, part]) => {
              const amount = Math.round(approvedCost * part);
              rest -= amount;
              return [source, amount];
            });
            shares.push(['enterprise', rest]);
            for (const [source, committed] of shares) {
              const disbursed = Math.round(committed * (f.disbursed?.[source] ?? 0));
              tx.insert(fundingShares).values({ handoverId, source, committed, disbursed, isSample: true }).run();
            }
          }
        }
      }
      planHandovers.set(plan.key, ids);
    }

    // Agreements and the handovers they cover
    const agreementIds = new Map<string, number>();
    for (const a of agreementSeeds) {
      const { key, enterprise, group, covers, ...row } = a;
      const agreementId = ins(
        tx.insert(agreements).values({
          ...row,
          enterpriseId: lookup(enterpriseIds, enterprise, 'enterprise'),
          groupId: lookup(groupIds, group, 'group'),
        }),
      );
      agreementIds.set(key, agreementId);
      for (const plan of covers) {
        for (const handoverId of lookup(planHandovers, plan, 'plan')) {
          tx.insert(agreementHandovers).values({ agreementId, handoverId }).run();
        }
      }
    }

    // Meeting series, meetings, attendance
    const seriesIds = new Map<string, number>();
    const seriesOf = new Map(seriesSeeds.map((s) => [s.key, s]));
    for (const s of seriesSeeds) {
      const { key, group, ...row } = s;
      seriesIds.set(key, ins(tx.insert(meetingSeries).values({ ...row, groupId: lookup(groupIds, group, 'group') })));
    }
    const meetingIds = new Map<string, number>();
    const meetingGroup = new Map<string, string>();
    const meetingDay = new Map<string, string>();
    for (const m of meetingSeeds) {
      const series = m.series ? lookup(seriesOf, m.series, 'series') : undefined;
      const chair = m.chair ? person(m.chair) : undefined;
      const status = m.status ?? 'held';
      const meetingId = ins(
        tx.insert(meetings).values({
          seriesId: m.series ? lookup(seriesIds, m.series, 'series') : null,
          groupId: lookup(groupIds, m.group, 'group'),
          title: m.title,
          kind: m.kind ?? series?.kind ?? 'regular',
          startsAt: m.startsAt,
          endsAt: m.endsAt ?? null,
          place: m.place ?? null,
          chair: chair?.name ?? null,
          chairPost: chair?.post ?? null,
          recorder: m.recorder ? person(m.recorder).name : null,
          topic: m.topic ?? null,
          heard: m.heard ?? null,
          summary: m.summary ?? null,
          status,
          minutesStatus: m.minutes ? 'issued' : 'draft',
          issueYear: m.minutes?.[0] ?? null,
          issueNumber: m.minutes?.[1] ?? null,
          issuedOn: m.minutes?.[2] ?? null,
          issuingOffice: m.issuingOffice ?? series?.issuingOffice ?? null,
          distribution: m.distribution ?? series?.distribution ?? null,
          isSample: true,
        }),
      );
      meetingIds.set(m.key, meetingId);
      meetingGroup.set(m.key, m.group);
      meetingDay.set(m.key, m.startsAt.slice(0, 10));
      if (status !== 'held') continue;
      const members = groupSeeds.find((g) => g.key === m.group)?.members.map(([p]) => p) ?? [];
      const excused = m.excused ?? [];
      const present = m.present ?? members.filter((p) => !excused.some(([e]) => e === p));
      const rows: { kind: 'present' | 'attending' | 'excused'; key: string; standIn?: string }[] = [
        ...present.map((key) => ({ kind: 'present' as const, key })),
        ...(m.attending ?? []).map((key) => ({ kind: 'attending' as const, key })),
        ...excused.map(([key, standIn]) => ({ kind: 'excused' as const, key, standIn })),
      ];
      rows.forEach((r, i) => {
        const p = person(r.key);
        tx.insert(meetingAttendance)
          .values({
            meetingId,
            kind: r.kind,
            name: p.name,
            unit: p.unit,
            post: p.post,
            standIn: r.standIn ?? null,
            memberId: memberIds.get(`${m.group}/${r.key}`) ?? null,
            sortOrder: i + 1,
          })
          .run();
      });
    }

    // Tracked items, their history and delay requests
    const itemIds = new Map<string, number>();
    const decisionCount = new Map<string, number>();
    for (const it of itemSeeds) {
      const plan = it.handover ? lookup(planOf, it.handover.split('/')[0], 'plan') : undefined;
      const group = it.group ?? (it.meeting ? meetingGroup.get(it.meeting) : undefined) ?? plan?.group;
      const enterprise = it.enterprise ?? plan?.enterprise;
      let position: number | null = null;
      if (it.kind === 'decision' && it.meeting) {
        position = (decisionCount.get(it.meeting) ?? 0) + 1;
        decisionCount.set(it.meeting, position);
      }
      const updates = it.updates ?? [];
      const createdOn = it.createdOn ?? it.raisedOn ?? (it.meeting ? meetingDay.get(it.meeting) : undefined) ?? updates[0]?.[0] ?? DEMO_TODAY;
      const lastOn = updates.at(-1)?.[0] ?? createdOn;
      const itemId = ins(
        tx.insert(items).values({
          kind: it.kind,
          title: it.title,
          detail: it.detail ?? null,
          leadUnit: it.leadUnit,
          supportUnits: JSON.stringify(it.supportUnits ?? []),
          owner: it.owner ?? null,
          groupId: group ? lookup(groupIds, group, 'group') : null,
          dueDate: it.dueDate,
          originalDueDate: it.delay?.previousDueDate ?? it.dueDate,
          delayCount: it.delay ? 1 : 0,
          status: it.status,
          progress: updates.at(-1)?.[3] ?? null,
          category: it.category ?? null,
          level: it.level ?? null,
          enterpriseId: enterprise ? lookup(enterpriseIds, enterprise, 'enterprise') : null,
          handoverId: it.handover ? lookup(handoverIds, it.handover, 'handover') : null,
          stage: it.stage ?? null,
          agreementId: it.agreement ? lookup(agreementIds, it.agreement, 'agreement') : null,
          meetingId: it.meeting ? lookup(meetingIds, it.meeting, 'meeting') : null,
          position,
          raisedOn: it.raisedOn ?? null,
          firstResponseOn: it.firstResponseOn ?? null,
          doneOn: it.doneOn ?? null,
          closedOn: it.closedOn ?? null,
          closeNote: it.closeNote ?? null,
          isSample: true,
          createdAt: instant(createdOn),
          updatedAt: instant(lastOn, 8),
        }),
      );
      itemIds.set(it.key, itemId);
      updates.forEach(([onDate, fromStatus, toStatus, note], i) => {
        tx.insert(itemUpdates)
          .values({ itemId, onDate, fromStatus, toStatus, note, author: it.owner ?? null, at: instant(onDate, 2 + i) })
          .run();
      });
      if (it.delay) {
        tx.insert(delayRequests)
          .values({
            itemId,
            previousDueDate: it.delay.previousDueDate,
            newDueDate: it.dueDate,
            reason: it.delay.reason,
            status: 'approved',
            requestedOn: it.delay.requestedOn,
            decidedOn: it.delay.decidedOn,
            decisionNote: it.delay.decisionNote,
          })
          .run();
      }
    }

    // Agendas (after the items, which they may carry over)
    for (const m of meetingSeeds) {
      const meetingId = lookup(meetingIds, m.key, 'meeting');
      (m.agenda ?? []).forEach((entry, i) => {
        const a = typeof entry === 'string' ? { title: entry } : entry;
        tx.insert(meetingAgenda)
          .values({
            meetingId,
            position: i + 1,
            title: a.title,
            presenter: a.presenter ?? null,
            itemId: a.item ? lookup(itemIds, a.item, 'item') : null,
          })
          .run();
      });
    }

    // Leader instructions (not yet acknowledged)
    for (const s of instructionSeeds) {
      const [targetType, key] = s.target;
      const targetId = targetType === 'item' ? lookup(itemIds, key, 'item') : lookup(enterpriseIds, key, 'enterprise');
      tx.insert(instructions)
        .values({ targetType, targetId, text: s.text, authorName: s.authorName, givenOn: s.givenOn, createdAt: instant(s.givenOn) })
        .run();
    }
  });
}

// ---- Command line: load the demo data into an empty database
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = process.argv[2] ?? process.env.DATABASE_PATH ?? './data/tracker.db';
  const db = openDb(path);
  migrateDb(db);
  const existing = db.select({ n: count() }).from(enterprises).get()?.n ?? 0;
  if (existing > 0) {
    console.log(`${path}: already holds ${existing} enterprise(s); demo data not loaded.`);
  } else {
    db.transaction((tx) => {
      loadDemoData(tx as unknown as Db);
      // The same markers the server's first start writes (server/services/setup.ts), so that a
      // later start neither loads the data a second time nor forgets that the clock is the demo's.
      tx.insert(appMeta).values({ key: 'demoToday', value: DEMO_TODAY }).onConflictDoNothing().run();
      tx.insert(appMeta).values({ key: 'initializedAt', value: new Date().toISOString() }).onConflictDoNothing().run();
    });
    console.log(`${path}: demo data loaded (as of ${DEMO_TODAY}).`);
  }
  db.$client.close();
}

// The stage rules of a handover, in one place: the order for each mode, the standard plan a new
// handover gets, and what follows from the stages (current stage, progress, overdue).
import { plusMonths } from '../dates.js';
import type { HandoverMode, Stage } from '../../db/schema.js';

const usual: Stage[] = ['survey', 'framework', 'plan', 'implementation', 'takeover', 'works', 'acceptance', 'assets', 'audit'];

/** The stages of a handover in order: renovating first moves the takeover after acceptance;
 *  a direct handover has no renovation at all. */
export function stageOrder(mode: HandoverMode): Stage[] {
  switch (mode) {
    case 'handoverFirst':
      return usual;
    case 'renovateFirst':
      return ['survey', 'framework', 'plan', 'implementation', 'works', 'acceptance', 'takeover', 'assets', 'audit'];
    case 'direct':
      return ['survey', 'framework', 'implementation', 'takeover', 'assets', 'audit'];
  }
}

/** Months from the start of a handover at which each stage is planned, in the standard plan. */
const standardMonths: Record<Stage, number> = {
  survey: 1,
  framework: 3,
  plan: 5,
  implementation: 7,
  takeover: 8,
  works: 12,
  acceptance: 13,
  assets: 15,
  audit: 18,
};

export interface PlannedStage {
  stage: Stage;
  position: number;
  plannedDate: string;
}

/** The standard stage plan for a new handover starting on `start` (dates stay in stage order). */
export function standardPlan(mode: HandoverMode, start: string): PlannedStage[] {
  let previous = start;
  return stageOrder(mode).map((stage, index) => {
    let planned = plusMonths(start, standardMonths[stage]);
    if (planned <= previous) planned = plusMonths(previous, 1);
    previous = planned;
    return { stage, position: index + 1, plannedDate: planned };
  });
}

export interface StageState {
  stage: Stage;
  position: number;
  plannedDate: string | null;
  actualDate: string | null;
}

export interface StageSummary {
  /** The last stage done (in plan order), or null when none is. */
  reached: Stage | null;
  reachedPosition: number;
  done: number;
  total: number;
  /** Whole percent of stages done. */
  percent: number;
  /** Stages past their planned date and not done. */
  overdue: Stage[];
  /** The first stage not done, with its planned date. */
  next: { stage: Stage; plannedDate: string | null } | null;
}

export const isStageOverdue = (s: StageState, today: string): boolean =>
  !s.actualDate && !!s.plannedDate && s.plannedDate < today;

export function summariseStages(list: StageState[], today: string): StageSummary {
  const ordered = [...list].sort((a, b) => a.position - b.position);
  const done = ordered.filter((s) => s.actualDate);
  const last = done.at(-1) ?? null;
  const next = ordered.find((s) => !s.actualDate) ?? null;
  return {
    reached: last?.stage ?? null,
    reachedPosition: last?.position ?? 0,
    done: done.length,
    total: ordered.length,
    percent: ordered.length ? Math.round((done.length * 100) / ordered.length) : 0,
    overdue: ordered.filter((s) => isStageOverdue(s, today)).map((s) => s.stage),
    next: next ? { stage: next.stage, plannedDate: next.plannedDate } : null,
  };
}

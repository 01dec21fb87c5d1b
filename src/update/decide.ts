/**
 * The tracker decision: everything the action should do to one tracker at `now`, as a list of
 * writes. Named steps, each `(state) → state` with the writes it adds: record what people did,
 * escalate what is newly overdue, reconcile labels, complete, refresh the status comment.
 * Never writes the issue body.
 */
import type { Plan, TrackerBody } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import type { FinalReport } from '../report/build.js';
import { computeProgress } from '../tracker/progress.js';
import { parseTracker } from '../tracker/parse.js';
import { emptyLedger } from '../ledger/ledger.js';
import { automate, begin, complete, escalate, removeAccess, reconcileAssignees, reconcileLabels, recordChanges, refreshStatus, type StepInput, type UpdateState } from './steps.js';
import { summarise, type TrackerSummary } from './summary.js';
import { quietDecision } from './quiet.js';

export type { TrackerSummary } from './summary.js';

/** Everything one tracker's decision reads: the steps' input (update/steps.ts). */
export type TrackerInput = StepInput;

export type TrackerDecision =
  /** Changes no event reported: decide again with the edit history (and `parsed`, the body already read). */
  | { readonly kind: 'needs-history'; readonly parsed?: TrackerBody }
  | { readonly kind: 'broken'; readonly reason: string }
  | {
      readonly kind: 'decided';
      readonly plan: Plan;
      readonly writes: readonly Write[];
      readonly summary: TrackerSummary;
      readonly report?: FinalReport;
    };

/** Inputs that make a decision more than "nothing changed": they always take the full decision. */
function eventful(input: TrackerInput): boolean {
  return (
    input.event !== undefined ||
    input.history !== undefined ||
    input.initialLedger !== undefined ||
    input.statusRestore !== undefined ||
    input.amend !== undefined ||
    input.dispatchResults !== undefined ||
    input.employeeAccess !== undefined ||
    input.held !== undefined
  );
}

/**
 * The decision. A tracker nothing happened to since the action last wrote it is told from its
 * record, without parsing its body (quiet.ts); it would make no writes anyway.
 */
export function decideTracker(input: TrackerInput): TrackerDecision {
  const quiet = eventful(input) ? undefined : quietDecision(input);
  if (quiet) return { kind: 'decided', plan: quiet.plan, writes: [], summary: quiet.summary };
  return decideInFull(input);
}

/** The decision made from everything: the body parsed, every step run. */
export function decideInFull(input: TrackerInput): TrackerDecision {
  const started = begin(input);
  if (started.kind !== 'open') {
    if (started.kind === 'broken') return started;
    const { plan } = started;
    const progress = computeProgress(plan, parseTracker(input.snapshot.body), emptyLedger(plan), input.now);
    return { kind: 'decided', plan, writes: [], summary: summarise(input.snapshot, plan, progress) };
  }
  const recorded = recordChanges(started.state, input);
  if (recorded === 'needs-history') return { kind: 'needs-history', parsed: started.state.body };
  const steps = [automate, removeAccess, escalate, reconcileLabels, reconcileAssignees, complete, refreshStatus];
  const state: UpdateState = steps.reduce((s, step) => step(s, input), recorded);
  return {
    kind: 'decided',
    plan: state.plan,
    writes: state.writes,
    summary: summarise(input.snapshot, state.plan, state.progress),
    report: state.report,
  };
}

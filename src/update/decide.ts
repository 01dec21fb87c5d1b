/**
 * The tracker decision: everything the action should do to one tracker at `now`, as a list of
 * writes. Named steps, each `(state) → state` with the writes it adds: record what people did,
 * escalate what is newly overdue, reconcile labels, complete, refresh the status comment.
 * Never writes the issue body.
 */
import type { LabelSet } from '../domain/labels.js';
import type { Plan, TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import type { BodyRevision } from '../ledger/attribution.js';
import type { Ledger } from '../ledger/ledger.js';
import type { FinalReport } from '../report/build.js';
import { computeProgress } from '../tracker/progress.js';
import { parseTracker } from '../tracker/parse.js';
import { emptyLedger } from '../ledger/ledger.js';
import { automate, begin, complete, escalate, removeAccess, reconcileAssignees, reconcileLabels, recordChanges, refreshStatus, type StatusRestore, type UpdateState } from './steps.js';
import type { Leavers } from '../escalation/escalation.js';
import type { DispatchResult } from '../automation/workflow.js';
import type { AccessInput } from '../access/decide.js';
import { summarise, type TrackerSummary } from './summary.js';

export type { TrackerSummary } from './summary.js';

export interface TrackerInput {
  readonly snapshot: TrackerSnapshot;
  readonly now: Date;
  readonly labels: LabelSet;
  readonly event?: TrackerEvent;
  /** The body's edit history, oldest first; supplied when a first decision asked for it. */
  readonly history?: readonly BodyRevision[];
  /** The ledger to start from when there is no status comment yet (intake). */
  readonly initialLedger?: Ledger;
  /** A person edited the status comment: the record comes from the action's own last revision. */
  readonly statusRestore?: StatusRestore;
  /** People who are leaving themselves (login, lower case → their tracker): never mentioned here. */
  readonly leavers?: Leavers;
  /** A command's change to the record (its record, an N/A, a cancellation). */
  readonly amend?: (ledger: Ledger) => Ledger;
  /** The branch workflows are dispatched on (the repository's default branch). */
  readonly dispatchRef?: string;
  /** This run's dispatch attempts, once made: recorded instead of dispatched again. */
  readonly dispatchResults?: readonly DispatchResult[];
  /** GitHub access: this run's check, confirmation and removals (`github:` tasks). */
  readonly access?: AccessInput;
  /** This run's check of the departing employee's permission on this repository. */
  readonly employeeAccess?: { readonly permission: string; readonly at: string };
}

export type TrackerDecision =
  | { readonly kind: 'needs-history' }
  | { readonly kind: 'broken'; readonly reason: string }
  | {
      readonly kind: 'decided';
      readonly plan: Plan;
      readonly writes: readonly Write[];
      readonly summary: TrackerSummary;
      readonly report?: FinalReport;
    };

export function decideTracker(input: TrackerInput): TrackerDecision {
  const started = begin(input);
  if (started.kind !== 'open') {
    if (started.kind === 'broken') return started;
    const { plan } = started;
    const progress = computeProgress(plan, parseTracker(input.snapshot.body), emptyLedger(plan), input.now);
    return { kind: 'decided', plan, writes: [], summary: summarise(input.snapshot, plan, progress) };
  }
  const recorded = recordChanges(started.state, input);
  if (recorded === 'needs-history') return { kind: 'needs-history' };
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

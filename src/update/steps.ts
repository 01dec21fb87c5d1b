/** The steps of the tracker decision, in the order `decideTracker` runs them. */
import { createHash } from 'node:crypto';
import type { LabelSet } from '../domain/labels.js';
import { escalationKey, escalationKeys, reportKey, STATUS_MARKER } from '../domain/markers.js';
import type { ActionComment, Plan, TrackerBody, TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import {
  escalationsInComments,
  newEscalations,
  postedKeys,
  renderEscalationComment,
} from '../escalation/escalation.js';
import { reconcile, ticksFromEdit, unrecordedChanges, type BodyRevision } from '../ledger/attribution.js';
import { decodeLedger, emptyLedger, type Ledger } from '../ledger/ledger.js';
import { buildReport, renderReport, type FinalReport } from '../report/report.js';
import { renderStatus } from '../status/render.js';
import { planFor } from '../tracker/identify.js';
import { parseTracker } from '../tracker/parse.js';
import { completionKey, computeProgress, type Progress } from '../tracker/progress.js';

/** What the steps pass on: the facts read, the record so far, and the writes decided. */
export interface UpdateState {
  readonly snapshot: TrackerSnapshot;
  readonly now: Date;
  readonly plan: Plan;
  readonly body: TrackerBody;
  readonly statusBefore?: ActionComment;
  readonly ledger: Ledger;
  readonly progress: Progress;
  readonly writes: readonly Write[];
  readonly report?: FinalReport;
  /** The tracker is to be closed as completed. */
  readonly close: boolean;
}

interface StepInput {
  readonly now: Date;
  readonly labels: LabelSet;
  readonly event?: TrackerEvent;
  readonly history?: readonly BodyRevision[];
  readonly initialLedger?: Ledger;
  readonly snapshot: TrackerSnapshot;
}

export type Step = (state: UpdateState, input: StepInput) => UpdateState;

function statusComment(snapshot: TrackerSnapshot): ActionComment | undefined {
  return snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
}

/** The ledger as recorded, or rebuilt (with a note) when a person destroyed it. */
function currentLedger(snapshot: TrackerSnapshot, plan: Plan, now: Date): Ledger {
  const status = statusComment(snapshot);
  const read = status ? decodeLedger(status.body) : ({ status: 'missing' } as const);
  if (read.status === 'ok') return read.ledger;
  const why = status
    ? `the status comment's hidden record was ${read.status === 'damaged' ? `damaged (${read.reason})` : 'removed'}`
    : 'the status comment was deleted';
  // Escalations already posted are visible in the action's own escalation comments.
  return {
    ...emptyLedger(plan),
    escalations: escalationsInComments(snapshot.comments),
    notes: [`${now.toISOString()}: ${why}; the record was rebuilt from the issue's edit history and the action's comments.`],
  };
}

const PLAN_GONE =
  "its hidden plan is gone from both the issue body and the status comment; restore the body from the issue's edit history (the … menu on the description)";

/** Reads the plan, the body and the record; a closed tracker only needs its plan. */
export function begin(
  input: StepInput,
): { kind: 'broken'; reason: string } | { kind: 'closed'; plan: Plan } | { kind: 'open'; state: Omit<UpdateState, 'progress'> } {
  const { snapshot, now } = input;
  const body = parseTracker(snapshot.body);
  const statusBefore = statusComment(snapshot);
  const fromStatus = statusBefore ? decodeLedger(statusBefore.body) : undefined;
  const plan = planFor(body.plan, snapshot.number) ?? (fromStatus?.status === 'ok' ? fromStatus.ledger.plan : undefined);
  if (!plan) return { kind: 'broken', reason: PLAN_GONE };
  if (snapshot.state === 'closed') return { kind: 'closed', plan };
  const recorded = !statusBefore && input.initialLedger ? input.initialLedger : currentLedger(snapshot, plan, now);
  return {
    kind: 'open',
    state: { snapshot, now, plan, body, statusBefore, ledger: { ...recorded, plan: recorded.plan ?? plan }, writes: [], close: false },
  };
}

/**
 * Records what people did: ticks from the `edited` event, a reopen, and changes no event reported
 * (attributed from the edit history, which the shell fetches only when asked).
 */
export function recordChanges(state: Omit<UpdateState, 'progress'>, input: StepInput): UpdateState | 'needs-history' {
  const { plan, body, now } = state;
  let ledger = state.ledger;
  const event = input.event;
  if (event?.kind === 'edited') {
    ledger = { ...ledger, ticks: [...ledger.ticks, ...ticksFromEdit(plan, event.from, event.to, event.sender, event.at)] };
  }
  if (event?.kind === 'reopened') ledger = { ...ledger, reopened: { at: event.at, by: event.sender } };
  const unrecorded = unrecordedChanges(plan, ledger, body);
  if (unrecorded.size > 0) {
    if (input.history === undefined) return 'needs-history';
    ledger = { ...ledger, ticks: [...ledger.ticks, ...reconcile(plan, unrecorded, input.history, now)] };
  }
  return { ...state, ledger, progress: computeProgress(plan, body, ledger, now) };
}

/** One comment with every newly due escalation; escalations a failed run posted but never recorded are recorded. */
export const escalate: Step = (state) => {
  const { snapshot, plan, progress, now } = state;
  let ledger = state.ledger;
  const writes = [...state.writes];
  const commentKeys = snapshot.comments.flatMap((c) => escalationKeys(c.body));
  const due = progress.complete ? [] : newEscalations(plan, progress, postedKeys(ledger, commentKeys), now);
  if (due.length > 0) {
    writes.push({ kind: 'create-comment', issue: snapshot.number, purpose: 'escalation', body: renderEscalationComment(plan, due) });
    ledger = {
      ...ledger,
      escalations: [...ledger.escalations, ...due.map((e) => ({ task: e.task.key, level: e.level, at: now.toISOString(), notified: e.people }))],
    };
  }
  const known = new Set(ledger.escalations.map((e) => escalationKey(e.task, e.level)));
  const unrecordedPosted = escalationsInComments(snapshot.comments).filter((e) => !known.has(escalationKey(e.task, e.level)));
  if (unrecordedPosted.length > 0) ledger = { ...ledger, escalations: [...ledger.escalations, ...unrecordedPosted] };
  return { ...state, ledger, writes };
};

/** Labels: the family label, overdue and security-overdue iff so, the current phase's label. */
export const reconcileLabels: Step = (state, { labels }) => {
  const { snapshot, progress } = state;
  const want = new Set<string>([labels.base]);
  if (!progress.complete) {
    if (progress.overdue.length > 0) want.add(labels.overdue);
    if (progress.overdue.some((t) => t.security)) want.add(labels.securityOverdue);
    if (progress.currentPhase) want.add(labels.phase(progress.currentPhase));
  }
  const wanted = new Set([...want].map((l) => l.toLowerCase()));
  const have = new Map(snapshot.labels.map((l) => [l.toLowerCase(), l]));
  const managed = (name: string): boolean =>
    [labels.overdue, labels.securityOverdue].some((l) => l.toLowerCase() === name.toLowerCase()) || labels.isPhase(name);
  const writes = [...state.writes];
  const add = [...want].filter((l) => !have.has(l.toLowerCase()));
  if (add.length > 0) writes.push({ kind: 'add-labels', issue: snapshot.number, labels: add });
  for (const [lower, name] of have) {
    if (managed(name) && !wanted.has(lower)) writes.push({ kind: 'remove-label', issue: snapshot.number, label: name });
  }
  return { ...state, writes };
};

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** On completion: the report, once per set of final states, and closing (unless a person reopened it since). */
export const complete: Step = (state) => {
  const { snapshot, plan, progress, now } = state;
  if (!progress.complete) return state;
  let ledger = state.ledger;
  // Any recorded change (tick, untick) makes a new completion; a reopen alone does not.
  const key = hash(`${completionKey(progress)}#${ledger.ticks.length}`);
  const reported = ledger.completions.some((c) => c.key === key) || snapshot.comments.some((c) => reportKey(c.body) === key);
  if (!reported) {
    const report = buildReport({ issue: snapshot.number, openedAt: snapshot.createdAt, plan, progress, ledger, now });
    ledger = { ...ledger, completions: [...ledger.completions, { at: now.toISOString(), key }] };
    return {
      ...state,
      ledger,
      report,
      close: true,
      writes: [...state.writes, { kind: 'create-comment', issue: snapshot.number, purpose: 'report', body: renderReport(report, key) }],
    };
  }
  const completion = ledger.completions.find((c) => c.key === key);
  // Reopened by a person after this very completion: leave it open, they have a reason.
  const reopenedSince = ledger.reopened && (!completion || Date.parse(ledger.reopened.at) >= Date.parse(completion.at));
  if (!completion) ledger = { ...ledger, completions: [...ledger.completions, { at: now.toISOString(), key }] };
  return { ...state, ledger, close: !reopenedSince };
};

/** The status comment, created or edited only when its text changed; then the close. */
export const refreshStatus: Step = (state) => {
  const { snapshot, plan, progress, ledger, statusBefore } = state;
  const writes = [...state.writes];
  const text = renderStatus({ plan, progress, ledger, closed: state.close });
  if (!statusBefore) writes.push({ kind: 'create-comment', issue: snapshot.number, purpose: 'status', body: text });
  else if (statusBefore.body !== text) {
    writes.push({ kind: 'update-comment', issue: snapshot.number, commentId: statusBefore.id, purpose: 'status', body: text });
  }
  if (state.close) writes.push({ kind: 'close-issue', issue: snapshot.number });
  return { ...state, writes };
};

/** The steps of the tracker decision, in the order `decideTracker` runs them. */
import { createHash } from 'node:crypto';
import type { LabelSet } from '../domain/labels.js';
import { escalationKey, escalationKeys, reportKey, reportPart, STATUS_MARKER } from '../domain/markers.js';
import type { ActionComment, Plan, TrackerBody, TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import {
  escalationsInComments,
  newEscalations,
  postedKeys,
  renderEscalationComment,
  type Leavers,
} from '../escalation/escalation.js';
import { sameLogin, uniqueLogins } from '../domain/login.js';
import { assigneeChanges, labelWrites, wantedAssignees, wantedLabels } from './reconcile.js';
import { seenRecord } from './quiet.js';
import { summarise } from './summary.js';
import { reconcile, ticksFromEdit, unrecordedChanges, type BodyRevision } from '../ledger/attribution.js';
import { decodeLedger, emptyLedger, type Ledger } from '../ledger/ledger.js';
import { buildReport, type FinalReport } from '../report/build.js';
import { renderReport } from '../report/render.js';
import { automationSection, dueDispatches, recordDispatches, type DispatchResult } from '../automation/workflow.js';
import { accessSection, dueRemovals, ownerNotice, recordAccess, type AccessInput } from '../access/decide.js';
import { renderStatus } from '../status/render.js';
import { formatInstant } from '../domain/time.js';
import { planFor } from '../tracker/identify.js';
import { readTracker } from '../tracker/parse.js';
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

/** The status comment as the action last wrote it, when a person edited it since. */
export interface StatusRestore {
  /** The action's last own revision of the comment; absent when none could be found. */
  readonly body?: string;
  readonly editedBy: string;
  readonly editedAt: string;
}

export interface StepInput {
  readonly now: Date;
  readonly labels: LabelSet;
  readonly event?: TrackerEvent;
  readonly history?: readonly BodyRevision[];
  readonly initialLedger?: Ledger;
  readonly snapshot: TrackerSnapshot;
  /** A person edited the status comment: the record comes from the action's own last revision. */
  readonly statusRestore?: StatusRestore;
  /** People who are leaving themselves: never mentioned in this tracker's escalations. */
  readonly leavers?: Leavers;
  /** A command's change to the record (its record, an N/A, a cancellation). */
  readonly amend?: (ledger: Ledger) => Ledger;
  /** The branch workflows are dispatched on; empty: the repository's default branch, read when dispatching. */
  readonly dispatchRef?: string;
  /** This run's dispatch attempts, once the shell has made them: recorded instead of dispatched again. */
  readonly dispatchResults?: readonly DispatchResult[];
  /** GitHub access: this run's check, confirmation and removals (`github:` tasks). */
  readonly access?: AccessInput;
  /** This run's check of the departing employee's permission on this repository. */
  readonly employeeAccess?: { readonly permission: string; readonly at: string };
  /** The run's content budget is spent: this content waits for a later run, unposted and unrecorded. */
  readonly held?: ContentHeld;
  /** The body, parsed by a first decision that asked for the edit history: not parsed again. */
  readonly parsed?: TrackerBody;
}

/** What of a tracker's content waits for a later run (sweep/budget.ts decides). */
export interface ContentHeld {
  readonly escalations: boolean;
  readonly report: boolean;
}

export type Step = (state: UpdateState, input: StepInput) => UpdateState;

function statusComment(snapshot: TrackerSnapshot): ActionComment | undefined {
  return snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
}

/**
 * The ledger as the action last wrote it; rebuilt (with a note) when a person destroyed it. A
 * status comment a person edited is never believed: its record comes from the action's own last
 * revision, and the edit is recorded.
 */
function currentLedger(snapshot: TrackerSnapshot, plan: Plan, now: Date, restore: StatusRestore | undefined): Ledger {
  const status = statusComment(snapshot);
  const text = restore ? restore.body : status?.body;
  const read = text !== undefined ? decodeLedger(text) : ({ status: 'missing' } as const);
  const tamper = restore
    ? `${restore.editedAt}: the status comment was edited by ${restore.editedBy}, not by the action; ${read.status === 'ok' ? "the record was restored from the action's last own revision" : 'no revision of its own was left'}.`
    : undefined;
  if (read.status === 'ok') {
    const notes = tamper && !read.ledger.notes.includes(tamper) ? [...read.ledger.notes, tamper] : read.ledger.notes;
    return { ...read.ledger, notes };
  }
  const why = restore
    ? `the status comment was edited by ${restore.editedBy} and no revision the action wrote remains`
    : status
      ? `the status comment's hidden record was ${read.status === 'damaged' ? `damaged (${read.reason})` : 'removed'}`
      : 'the status comment was deleted';
  // Escalations already posted are visible in the action's own escalation comments.
  return {
    ...emptyLedger(plan),
    escalations: escalationsInComments(snapshot.comments),
    notes: [
      ...(tamper ? [tamper] : []),
      `${now.toISOString()}: ${why}; the record was rebuilt from the issue's edit history and the action's comments.`,
    ],
  };
}

const PLAN_GONE =
  "its hidden plan is gone from both the issue body and the status comment; restore the body from the issue's edit history (the … menu on the description)";

/** Reads the plan, the body and the record; a closed tracker only needs its plan. */
export function begin(
  input: StepInput,
): { kind: 'broken'; reason: string } | { kind: 'closed'; plan: Plan } | { kind: 'open'; state: Omit<UpdateState, 'progress'> } {
  const { snapshot, now } = input;
  const body = input.parsed ?? readTracker(snapshot.body);
  const statusBefore = statusComment(snapshot);
  const trustedStatus = input.statusRestore ? input.statusRestore.body : statusBefore?.body;
  const fromStatus = trustedStatus !== undefined ? decodeLedger(trustedStatus) : undefined;
  const bodyPlan = planFor(body.plan, snapshot.number);
  const plan = bodyPlan ?? (fromStatus?.status === 'ok' ? fromStatus.ledger.plan : undefined);
  if (!plan) return { kind: 'broken', reason: PLAN_GONE };
  if (snapshot.state === 'closed') return { kind: 'closed', plan };
  const recorded = !statusBefore && input.initialLedger ? input.initialLedger : currentLedger(snapshot, plan, now, input.statusRestore);
  // The ledger's copy of the plan follows the body's: a command may have changed it.
  const ledger = { ...recorded, plan: bodyPlan ?? recorded.plan ?? plan };
  return {
    kind: 'open',
    state: { snapshot, now, plan, body, statusBefore, ledger: input.amend ? input.amend(ledger) : ledger, writes: [], close: false },
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
    ledger = { ...ledger, ticks: [...ledger.ticks, ...ticksFromEdit(plan, event.from, event.to, event.sender, event.at, ledger.overrides)] };
  }
  if (event?.kind === 'reopened') ledger = { ...ledger, reopened: { at: event.at, by: event.sender } };
  const unrecorded = unrecordedChanges(plan, ledger, body);
  if (unrecorded.size > 0) {
    if (input.history === undefined) return 'needs-history';
    ledger = { ...ledger, ticks: [...ledger.ticks, ...reconcile(plan, unrecorded, input.history, now, ledger.overrides)] };
  }
  if (input.access) ledger = recordAccess(ledger, plan, input.access, now, body.confirm?.checked ?? false);
  if (input.employeeAccess) ledger = { ...ledger, employeeAccess: input.employeeAccess };
  return { ...state, ledger, progress: computeProgress(plan, body, ledger, now) };
}

/**
 * `workflow:` tasks that fell due are dispatched (the shell makes the dispatches first and decides
 * again with their results, so a failed dispatch is recorded and shown, never a blocked run).
 */
export const automate: Step = (state, input) => {
  const { snapshot, plan, progress, now } = state;
  if (isCancelled(state.ledger)) return state;
  if (input.dispatchResults) {
    const ledger = recordDispatches(state.ledger, plan, input.dispatchResults);
    return { ...state, ledger };
  }
  const dispatches = dueDispatches(snapshot.number, plan, progress, state.ledger, now, input.dispatchRef ?? '');
  return dispatches.length > 0 ? { ...state, writes: [...state.writes, ...dispatches] } : state;
};

/**
 * GitHub access: the removals due now (the shell makes them first and decides again with their
 * answers), and the one notice that an owner must be removed by hand.
 */
export const removeAccess: Step = (state, input) => {
  const { snapshot, plan, ledger, now } = state;
  if (isCancelled(ledger)) return state;
  const removals = dueRemovals(snapshot.number, plan, ledger, input.access, now, state.body.confirm?.checked ?? false);
  const notice = ownerNotice(snapshot.number, plan, ledger, snapshot.comments);
  return removals.length + notice.length > 0 ? { ...state, writes: [...state.writes, ...notice, ...removals] } : state;
};

/** Called off, and not reopened by a person since. */
export function isCancelled(ledger: Ledger): boolean {
  const cancelled = ledger.cancelled;
  return cancelled !== undefined && !(ledger.reopened && Date.parse(ledger.reopened.at) >= Date.parse(cancelled.at));
}

/**
 * One comment with every newly due escalation; escalations a failed run posted but never recorded
 * are recorded. Held back (the run's content budget is spent), they are neither posted nor
 * recorded: the next run finds them still due.
 */
export const escalate: Step = (state, input) => {
  const { snapshot, plan, progress, now } = state;
  if (isCancelled(state.ledger)) return state;
  let ledger = state.ledger;
  const writes = [...state.writes];
  const commentKeys = snapshot.comments.flatMap((c) => escalationKeys(c.body));
  const due = progress.complete || input.held?.escalations ? [] : newEscalations(plan, progress, postedKeys(ledger, commentKeys), now, input.leavers);
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
  const writes = labelWrites(state.snapshot.number, state.snapshot.labels, wantedLabels(state.progress, isCancelled(state.ledger), labels), labels);
  return writes.length > 0 ? { ...state, writes: [...state.writes, ...writes] } : state;
};

/**
 * Assignees, reconciled like labels: the owners of open tasks are assigned; people the action
 * assigned whose tasks are all done are unassigned; people a person assigned by hand stay.
 */
export const reconcileAssignees: Step = (state) => {
  const { snapshot, plan, progress } = state;
  if (snapshot.assignees === undefined) return state;
  const assignedByAction = state.ledger.assigned ?? [];
  const { add, remove } = assigneeChanges(snapshot.assignees, wantedAssignees(plan, progress), assignedByAction);
  if (add.length === 0 && remove.length === 0) return state;
  const writes = [...state.writes];
  if (remove.length > 0) writes.push({ kind: 'remove-assignees', issue: snapshot.number, assignees: remove });
  if (add.length > 0) writes.push({ kind: 'add-assignees', issue: snapshot.number, assignees: add });
  const has = (list: readonly string[], login: string): boolean => list.some((l) => sameLogin(l, login));
  const assigned = uniqueLogins([...assignedByAction.filter((l) => !has(remove, l)), ...add]);
  return { ...state, writes, ledger: { ...state.ledger, assigned } };
};

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * On completion: the report, once per set of final states, and closing (unless a person reopened
 * it since). A report held back (the run's content budget is spent) waits, with the close, for a
 * later run.
 */
export const complete: Step = (state, input) => {
  const { snapshot, plan, progress, now } = state;
  if (!progress.complete || isCancelled(state.ledger)) return state;
  let ledger = state.ledger;
  // Any recorded change (tick, untick) makes a new completion; a reopen alone does not.
  const key = hash(`${completionKey(progress)}#${ledger.ticks.length}`);
  const posted = snapshot.comments.filter((c) => reportKey(c.body) === key).map((c) => reportPart(c.body).part);
  const recorded = ledger.completions.some((c) => c.key === key);
  if (!recorded && input.held?.report) return state;
  if (!recorded) {
    // A report cut short by a failed run is completed, part by part, never posted twice.
    const report = buildReport({ issue: snapshot.number, openedAt: snapshot.createdAt, plan, progress, ledger, now });
    const parts = renderReport(report, key);
    const missing = parts.filter((_, i) => !posted.includes(i + 1));
    ledger = { ...ledger, completions: [...ledger.completions, { at: now.toISOString(), key }] };
    return {
      ...state,
      ledger,
      report,
      close: true,
      writes: [...state.writes, ...missing.map((body) => ({ kind: 'create-comment' as const, issue: snapshot.number, purpose: 'report' as const, body }))],
    };
  }
  const completion = ledger.completions.find((c) => c.key === key);
  // Reopened by a person after this very completion: leave it open, they have a reason.
  const reopenedSince = ledger.reopened && (!completion || Date.parse(ledger.reopened.at) >= Date.parse(completion.at));
  if (!completion) ledger = { ...ledger, completions: [...ledger.completions, { at: now.toISOString(), key }] };
  return { ...state, ledger, close: !reopenedSince };
};

/**
 * What to fix first. The person leaving must not read their own tracker: while their last check
 * says they can, that comes first (for an involuntary departure, in bold).
 */
function urgentItems(plan: Plan, ledger: Ledger): string[] {
  const access = ledger.employeeAccess;
  const login = plan.request.employeeLogin;
  if (!access || !login || access.permission === 'none') return [];
  const text = `\`${login}\`, the person leaving, can still read this tracker (${access.permission} access to this repository, checked ${formatInstant(access.at, plan.timezone)}): remove their access to the repository, or move the tracker to one they cannot see.`;
  return [plan.request.departureType === 'Involuntary' ? `**Fix this first: ${text}**` : `Fix this first: ${text}`];
}

/**
 * The ledger with what the action saw (quiet.ts): recorded for an open tracker whose body holds its
 * own plan and that has no workflow tasks (their dispatches fall due on their own); dropped otherwise.
 */
function withSeen(state: UpdateState, input: StepInput): Ledger {
  const { snapshot, plan, progress, ledger } = state;
  const { seen: _old, ...rest } = ledger;
  const recordable =
    snapshot.state === 'open' &&
    !state.close &&
    !progress.complete &&
    !isCancelled(ledger) &&
    planFor(state.body.plan, snapshot.number) !== undefined &&
    !plan.tasks.some((t) => t.automation?.kind === 'workflow');
  if (!recordable) return rest;
  const seen = seenRecord({
    snapshot,
    plan,
    progress,
    ledger,
    labels: wantedLabels(progress, false, input.labels),
    assignees: wantedAssignees(plan, progress),
    access: input.access,
    summary: summarise(snapshot, plan, progress),
    now: state.now,
  });
  return { ...rest, seen };
}

/** The status comment, created or edited only when its text changed; then the close. */
export const refreshStatus: Step = (state, input) => {
  const { snapshot, plan, progress, ledger, statusBefore } = state;
  const writes = [...state.writes];
  const cancelled = isCancelled(ledger);
  const accessTaskStatus = progress.tasks.find((t) => t.planned?.automation?.kind === 'github');
  const access = input.access ?? (ledger.github ? { org: ledger.github.org, available: !ledger.github.disabled } : undefined);
  const sections = [
    automationSection(plan, progress, ledger),
    accessSection(plan, ledger, access, accessTaskStatus?.access?.tickedWhileHeld ? { by: accessTaskStatus.access.tickedWhileHeld } : undefined),
  ];
  const render = (record: Ledger): string =>
    renderStatus({ plan, progress, ledger: record, closed: state.close || cancelled, cancelled, sections, urgent: urgentItems(plan, record) });
  const text = render(withSeen(state, input));
  if (!statusBefore) writes.push({ kind: 'create-comment', issue: snapshot.number, purpose: 'status', body: text });
  // When only what the action saw is new (a body edit that changed no task), the comment stays as
  // it is: a later write records it. Until then the sweep decides this tracker in full.
  else if (statusBefore.body !== text && render(ledger) !== statusBefore.body) {
    writes.push({ kind: 'update-comment', issue: snapshot.number, commentId: statusBefore.id, purpose: 'status', body: text });
  }
  if (cancelled && snapshot.state === 'open') writes.push({ kind: 'close-issue', issue: snapshot.number, reason: 'not_planned' });
  else if (state.close) writes.push({ kind: 'close-issue', issue: snapshot.number });
  return { ...state, writes };
};

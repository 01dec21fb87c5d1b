import { createHash } from 'node:crypto';
import type { Plan } from '../domain.js';
import { STATUS_MARKER } from '../domain.js';
import type { LabelSet } from '../labels.js';
import { buildReport, reportKey, renderReport, type FinalReport } from '../report/report.js';
import type { Ledger, TickRecord } from '../status/ledger.js';
import { decodeLedger, emptyLedger } from '../status/ledger.js';
import { renderStatus } from '../status/render.js';
import { parseTracker } from '../tracker/parse.js';
import type { Write } from '../writes.js';
import type { BodyRevision } from './attribution.js';
import { reconcile, ticksFromEdit, unrecordedChanges } from './attribution.js';
import {
  escalationKey,
  escalationsInComments,
  keysInEscalationComment,
  newEscalations,
  postedKeys,
  renderEscalationComment,
} from './escalation.js';
import { completionKey, computeProgress, type Progress } from './progress.js';

/** A comment written by the action (comments by people are never trusted for markers). */
export interface ActionComment {
  readonly id: number;
  readonly body: string;
  readonly createdAt: string;
  /** Who wrote it, as GitHub says; the shell keeps only the action's own comments. */
  readonly author?: { readonly login: string; readonly bot: boolean };
}

/** What GitHub holds for one tracker: the whole state the decision needs. */
export interface TrackerSnapshot {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly createdAt: string;
  readonly author: string;
  readonly labels: readonly string[];
  readonly comments: readonly ActionComment[];
}

export type TrackerEvent =
  | { readonly kind: 'edited'; readonly from: string; readonly to: string; readonly sender: string; readonly at: string }
  | { readonly kind: 'reopened'; readonly sender: string; readonly at: string };

export interface TrackerInput {
  readonly snapshot: TrackerSnapshot;
  readonly now: Date;
  readonly labels: LabelSet;
  readonly event?: TrackerEvent;
  /** The body's edit history, oldest first; supplied when a first decision asked for it. */
  readonly history?: readonly BodyRevision[];
  /** The ledger to start from when there is no status comment yet (intake). */
  readonly initialLedger?: Ledger;
}

/** One line of the job summary. */
export interface TrackerSummary {
  readonly issue: number;
  readonly employee: string;
  readonly lastDay: string;
  readonly done: number;
  readonly total: number;
  readonly percent: number;
  readonly overdue: number;
  readonly securityOverdue: number;
  /** Due instant of the oldest overdue task. */
  readonly oldestOverdue?: string;
  readonly nextDeadline?: string;
  readonly complete: boolean;
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

function statusComment(snapshot: TrackerSnapshot): ActionComment | undefined {
  return snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
}

/** The ledger as recorded, or rebuilt (with a note) when a person destroyed it. */
function currentLedger(snapshot: TrackerSnapshot, plan: Plan, now: Date): { ledger: Ledger; rebuilt: boolean } {
  const status = statusComment(snapshot);
  const read = status ? decodeLedger(status.body) : ({ status: 'missing' } as const);
  if (read.status === 'ok') return { ledger: read.ledger, rebuilt: false };
  const why = status
    ? `the status comment's hidden record was ${read.status === 'damaged' ? `damaged (${read.reason})` : 'removed'}`
    : 'the status comment was deleted';
  // Escalations already posted are visible in the action's own escalation comments.
  const escalations = escalationsInComments(snapshot.comments);
  const base = emptyLedger(plan);
  return {
    ledger: {
      ...base,
      escalations,
      notes: [`${now.toISOString()}: ${why}; the record was rebuilt from the issue's edit history and the action's comments.`],
    },
    rebuilt: true,
  };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Labels the tracker should carry now, and the writes that get it there. */
function labelWrites(snapshot: TrackerSnapshot, labels: LabelSet, progress: Progress): Write[] {
  const want = new Set<string>([labels.base]);
  if (!progress.complete) {
    if (progress.overdue.length > 0) want.add(labels.overdue);
    if (progress.overdue.some((t) => t.security)) want.add(labels.securityOverdue);
    if (progress.currentPhase) want.add(labels.phase(progress.currentPhase));
  }
  const have = new Map(snapshot.labels.map((l) => [l.toLowerCase(), l]));
  const managed = (name: string): boolean =>
    name.toLowerCase() === labels.overdue.toLowerCase() ||
    name.toLowerCase() === labels.securityOverdue.toLowerCase() ||
    labels.isPhase(name);
  const add = [...want].filter((l) => !have.has(l.toLowerCase()));
  const writes: Write[] = [];
  if (add.length > 0) writes.push({ kind: 'add-labels', issue: snapshot.number, labels: add });
  for (const [lower, name] of have) {
    if (managed(name) && ![...want].some((w) => w.toLowerCase() === lower)) {
      writes.push({ kind: 'remove-label', issue: snapshot.number, label: name });
    }
  }
  return writes;
}

/**
 * Everything the action should do to one tracker at `now`, as a list of writes: record ticks,
 * escalate what is newly overdue, reconcile labels, refresh the status comment, and on completion
 * post the report and close. Never writes the issue body.
 */
export function decideTracker(input: TrackerInput): TrackerDecision {
  const { snapshot, now, labels } = input;
  const body = parseTracker(snapshot.body);
  const statusBefore = statusComment(snapshot);
  const fromStatus = statusBefore ? decodeLedger(statusBefore.body) : undefined;
  const plan = body.plan ?? (fromStatus?.status === 'ok' ? fromStatus.ledger.plan : undefined);
  if (!plan) {
    return {
      kind: 'broken',
      reason:
        "its hidden plan is gone from both the issue body and the status comment; restore the body from the issue's edit history (the … menu on the description)",
    };
  }
  if (snapshot.state === 'closed') {
    return { kind: 'decided', plan, writes: [], summary: summarise(snapshot, plan, computeProgress(plan, body, emptyLedger(plan), now)) };
  }

  const recorded =
    !statusBefore && input.initialLedger ? input.initialLedger : currentLedger(snapshot, plan, now).ledger;
  let ledger: Ledger = { ...recorded, plan: recorded.plan ?? plan };
  const newTicks: TickRecord[] = [];
  if (input.event?.kind === 'edited') {
    newTicks.push(...ticksFromEdit(plan, input.event.from, input.event.to, input.event.sender, input.event.at));
  }
  if (input.event?.kind === 'reopened') {
    ledger = { ...ledger, reopened: { at: input.event.at, by: input.event.sender } };
  }
  ledger = { ...ledger, ticks: [...ledger.ticks, ...newTicks] };
  const unrecorded = unrecordedChanges(plan, ledger, body);
  if (unrecorded.size > 0) {
    if (input.history === undefined) return { kind: 'needs-history' };
    ledger = { ...ledger, ticks: [...ledger.ticks, ...reconcile(plan, unrecorded, input.history, now)] };
  }

  const progress = computeProgress(plan, body, ledger, now);
  const writes: Write[] = [];

  const commentKeys = snapshot.comments.flatMap((c) => keysInEscalationComment(c.body));
  const escalations = progress.complete ? [] : newEscalations(plan, progress, postedKeys(ledger, commentKeys), now);
  if (escalations.length > 0) {
    writes.push({ kind: 'create-comment', issue: snapshot.number, purpose: 'escalation', body: renderEscalationComment(plan, escalations) });
    ledger = {
      ...ledger,
      escalations: [
        ...ledger.escalations,
        ...escalations.map((e) => ({ task: e.task.key, level: e.level, at: now.toISOString(), notified: e.people })),
      ],
    };
  }
  // Escalations a previous run posted but could not record (its status write failed).
  const known = new Set(ledger.escalations.map((e) => escalationKey(e.task, e.level)));
  const unrecordedPosted = escalationsInComments(snapshot.comments).filter((e) => !known.has(escalationKey(e.task, e.level)));
  if (unrecordedPosted.length > 0) ledger = { ...ledger, escalations: [...ledger.escalations, ...unrecordedPosted] };

  writes.push(...labelWrites(snapshot, labels, progress));

  let report: FinalReport | undefined;
  let close = false;
  if (progress.complete) {
    // Any recorded change (tick, untick) makes a new completion; a reopen alone does not.
    const key = hash(`${completionKey(progress)}#${ledger.ticks.length}`);
    const reported = ledger.completions.some((c) => c.key === key) || snapshot.comments.some((c) => reportKey(c.body) === key);
    if (!reported) {
      report = buildReport({ issue: snapshot.number, openedAt: snapshot.createdAt, plan, progress, ledger, now });
      writes.push({ kind: 'create-comment', issue: snapshot.number, purpose: 'report', body: renderReport(report, key) });
      ledger = { ...ledger, completions: [...ledger.completions, { at: now.toISOString(), key }] };
      close = true;
    } else {
      const completion = ledger.completions.find((c) => c.key === key);
      // Reopened by a person after this very completion: leave it open, they have a reason.
      const reopenedSince = ledger.reopened && (!completion || Date.parse(ledger.reopened.at) >= Date.parse(completion.at));
      close = !reopenedSince;
      if (!completion) ledger = { ...ledger, completions: [...ledger.completions, { at: now.toISOString(), key }] };
    }
  }

  const statusText = renderStatus({ plan, progress, ledger, closed: close });
  if (!statusBefore) {
    writes.push({ kind: 'create-comment', issue: snapshot.number, purpose: 'status', body: statusText });
  } else if (statusBefore.body !== statusText) {
    writes.push({ kind: 'update-comment', issue: snapshot.number, commentId: statusBefore.id, purpose: 'status', body: statusText });
  }
  if (close) writes.push({ kind: 'close-issue', issue: snapshot.number });
  return { kind: 'decided', plan, writes, summary: summarise(snapshot, plan, progress), report };
}

function summarise(snapshot: TrackerSnapshot, plan: Plan, progress: Progress): TrackerSummary {
  const oldest = [...progress.overdue].sort((a, b) => a.due.getTime() - b.due.getTime())[0];
  return {
    issue: snapshot.number,
    employee: plan.request.employeeName,
    lastDay: plan.request.lastDay,
    done: progress.done,
    total: progress.total,
    percent: progress.percent,
    overdue: progress.overdue.length,
    securityOverdue: progress.overdue.filter((t) => t.security).length,
    oldestOverdue: oldest?.due.toISOString(),
    nextDeadline: progress.nextDeadline?.due.toISOString(),
    complete: progress.complete,
  };
}

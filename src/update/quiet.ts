/**
 * Telling an unchanged tracker without reading it again. Parsing a tracker body is most of a quiet
 * sweep's CPU; yet most trackers did not change since the action last wrote their status comment.
 * The ledger records what the action saw then (`seen`): the body's hash, the labels and assignees
 * it wanted, the first instant anything falls due, and the tracker's summary line. A later sweep
 * that finds the same body, labels and assignees in order, no comment of the action's after the
 * status comment, no person's edit of it, and that instant still ahead, has nothing to decide:
 * the decision would make no write, and its summary is the recorded one.
 *
 * Anything else (an event, a command, a check of the leaver's access or of GitHub access, a
 * workflow task) takes the full decision, which records `seen` afresh.
 */
import { createHash } from 'node:crypto';
import type { AccessInput } from '../access/decide.js';
import type { LabelSet } from '../domain/labels.js';
import { escalationKey, escalationKeys, STATUS_MARKER } from '../domain/markers.js';
import type { ActionComment, Plan, TrackerSnapshot } from '../domain/types.js';
import { ladderFor, levelDue, postedKeys } from '../escalation/escalation.js';
import { decodeLedger, type Ledger, type SeenRecord } from '../ledger/ledger.js';
import { addOffset } from '../plan/due.js';
import { planFor } from '../tracker/identify.js';
import type { Progress } from '../tracker/progress.js';
import { assigneeChanges, labelWrites } from './reconcile.js';
import type { TrackerSummary } from './summary.js';

/** The body's fingerprint (SHA-256, first 16 hex digits). */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/**
 * The GitHub-access input as a fingerprint: `''` none, `org:available` when it carries nothing of
 * this run's own (no check, confirmation or removal), `*` otherwise (never quiet).
 */
export function accessFingerprint(access: AccessInput | undefined): string {
  if (!access) return '';
  const own = access.inventory || access.confirmation || access.removalResults || access.removalsHeld;
  return own ? '*' : `${access.org}:${access.available}`;
}

/**
 * The first instant after `now` at which the decision could change with time alone: an open task
 * falls due, an escalation level or a reminder comes due. `now` itself when an escalation is due
 * already and not posted (held back by the content budget): the next sweep must decide again.
 * Undefined when nothing will.
 */
export function nextChange(plan: Plan, progress: Progress, ledger: Ledger, comments: readonly ActionComment[], now: Date): Date | undefined {
  const at = now.getTime();
  let next = Number.POSITIVE_INFINITY;
  const consider = (t: number): void => {
    if (t > at && t < next) next = t;
  };
  const posted = postedKeys(
    ledger,
    comments.flatMap((c) => escalationKeys(c.body)),
  );
  const intake = Date.parse(plan.intakeAt);
  for (const task of progress.tasks) {
    if (task.state !== 'open') continue;
    consider(task.due.getTime());
    if (task.extra || progress.complete) continue;
    for (const [index, level] of ladderFor(plan, task.security).entries()) {
      if (posted.has(escalationKey(task.key, index))) continue;
      const reminder = level.after.amount < 0;
      // A reminder is for a task not yet overdue; a level of the ladder for one that is (its due instant is considered above).
      if (reminder ? task.overdue : !task.overdue) continue;
      if (reminder && addOffset(task.due, level.after, plan.timezone).getTime() < intake) continue;
      const due = levelDue(plan, task, level).getTime();
      if (due <= at) return now;
      consider(due);
    }
  }
  return Number.isFinite(next) ? new Date(next) : undefined;
}

/** The record of what the action saw, made with the decision (update/steps.ts `refreshStatus`). */
export function seenRecord(input: {
  snapshot: TrackerSnapshot;
  plan: Plan;
  progress: Progress;
  ledger: Ledger;
  labels: ReadonlySet<string>;
  assignees: readonly string[];
  access: AccessInput | undefined;
  summary: TrackerSummary;
  now: Date;
}): SeenRecord {
  const { summary } = input;
  const until = nextChange(input.plan, input.progress, input.ledger, input.snapshot.comments, input.now);
  return {
    body: bodyHash(input.snapshot.body),
    ...(until ? { until: until.toISOString() } : {}),
    labels: [...input.labels],
    assignees: [...input.assignees],
    access: accessFingerprint(input.access),
    summary: {
      done: summary.done,
      na: summary.na,
      total: summary.total,
      percent: summary.percent,
      overdue: summary.overdue,
      securityOverdue: summary.securityOverdue,
      ...(summary.oldestOverdue !== undefined ? { oldestOverdue: summary.oldestOverdue } : {}),
      ...(summary.nextDeadline !== undefined ? { nextDeadline: summary.nextDeadline } : {}),
      ...(summary.nextDeadlineTask !== undefined ? { nextDeadlineTask: summary.nextDeadlineTask } : {}),
      ...(summary.nextDeadlineSecurity !== undefined ? { nextDeadlineSecurity: summary.nextDeadlineSecurity } : {}),
    },
  };
}

/** The plan and the record of a tracker whose body is the one its record was made from. */
export interface RecordedView {
  readonly plan: Plan;
  readonly ledger: Ledger;
  readonly status: ActionComment;
  readonly seen: SeenRecord;
}

/**
 * The plan and record without parsing the body: when the status comment's ledger says it was made
 * from this very body (its plan is then the body's plan). Undefined otherwise: parse the body.
 */
export function recordedView(snapshot: TrackerSnapshot): RecordedView | undefined {
  // One run asks for the same snapshot's view in several places (its index, the checks, the decision).
  if (views.has(snapshot)) return views.get(snapshot) ?? undefined;
  const view = readView(snapshot);
  views.set(snapshot, view ?? null);
  return view;
}

const views = new WeakMap<TrackerSnapshot, RecordedView | null>();

function readView(snapshot: TrackerSnapshot): RecordedView | undefined {
  const status = snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
  if (!status) return undefined;
  const read = decodeLedger(status.body);
  if (read.status !== 'ok') return undefined;
  const { seen } = read.ledger;
  if (!seen || seen.body !== bodyHash(snapshot.body)) return undefined;
  const plan = planFor(read.ledger.plan, snapshot.number);
  return plan ? { plan, ledger: read.ledger, status, seen } : undefined;
}

export interface QuietInput {
  readonly snapshot: TrackerSnapshot;
  readonly now: Date;
  readonly labels: LabelSet;
  readonly access?: AccessInput;
}

/**
 * The decision for a tracker nothing happened to since the action last wrote it: its plan and
 * summary, and no writes. Undefined when anything may have changed: then decide in full.
 */
export function quietDecision(input: QuietInput, view: RecordedView | undefined = recordedView(input.snapshot)): { plan: Plan; summary: TrackerSummary } | undefined {
  const { snapshot, now } = input;
  if (snapshot.state !== 'open' || !view) return undefined;
  const { plan, ledger, status, seen } = view;
  if (seen.access === '*' || accessFingerprint(input.access) !== seen.access) return undefined;
  if (seen.until !== undefined && now.getTime() >= Date.parse(seen.until)) return undefined;
  // The status comment is the action's last word: a comment of its own after it (a run that failed
  // before recording what it posted) is recorded by a full decision.
  const last = Date.parse(status.editedAt ?? status.createdAt);
  if (snapshot.comments.some((c) => c !== status && Date.parse(c.createdAt) > last)) return undefined;
  if (labelWrites(snapshot.number, snapshot.labels, new Set(seen.labels), input.labels).length > 0) return undefined;
  if (snapshot.assignees !== undefined) {
    const { add, remove } = assigneeChanges(snapshot.assignees, seen.assignees, ledger.assigned ?? []);
    if (add.length > 0 || remove.length > 0) return undefined;
  }
  return {
    plan,
    summary: {
      issue: snapshot.number,
      employee: plan.request.employeeName,
      lastDay: plan.request.lastDay,
      ...seen.summary,
      complete: false,
    },
  };
}

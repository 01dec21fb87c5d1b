/**
 * The audit export as data: one row per offboarding whose last day falls in the period, with its
 * security tasks' evidence taken from the same report the action posts when a tracker completes.
 */
import type { LabelSet } from '../domain/labels.js';
import { formatDuration } from '../domain/time.js';
import type { TrackerSnapshot } from '../domain/types.js';
import { emptyLedger, type Ledger } from '../ledger/ledger.js';
import { buildReport, type ReportTask } from '../report/build.js';
import { computeProgress, type Progress } from '../tracker/progress.js';
import { isCancelled, type StatusRestore } from '../update/steps.js';
import { exportedIssues, readRecord, titleFacts, type RecordSource, type TrackerRecord } from './record.js';

/** Inclusive calendar dates `YYYY-MM-DD`. */
export interface ExportPeriod {
  readonly since: string;
  readonly until: string;
}

/**
 * `completed`: the action completed it (report posted, closed); `cancelled`: called off with
 * `/offboarding cancel` and not reopened since; `closed`: closed by hand without completing;
 * `open`: still running.
 */
export type OffboardingState = 'open' | 'completed' | 'cancelled' | 'closed';

/**
 * One security task's outcome. Done: `on-time` (done by its due instant), `late`, or `done` when
 * the time is not known (the record is gone). Not done: `open` (not yet due), `overdue` (past due,
 * tracker open), `not-done` (the tracker was closed without it), `cancelled`. Or `na`.
 */
export type TaskResult = 'on-time' | 'late' | 'done' | 'na' | 'open' | 'overdue' | 'not-done' | 'cancelled';

export interface SecurityTaskRow {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly string[];
  readonly state: 'done' | 'na' | 'open';
  /** ISO instant the task was due. */
  readonly due: string;
  readonly doneAt: string | null;
  readonly doneBy: string | null;
  /** `person` ticked it, the company's workflow did it (`automation`), or the action removed and `verified` it. */
  readonly how: 'person' | 'automation' | 'verified' | null;
  /** How the tick was recorded: the edit event, the edit history, a sweep's observation, a command. */
  readonly evidence: 'event' | 'edit-history' | 'observed' | 'command' | null;
  readonly result: TaskResult;
  /** Done: doneAt − due (negative: early). Overdue: generatedAt − due. Otherwise null. */
  readonly lateByMs: number | null;
  /** The result in words: `on time`, `late by 2d 3h`, `overdue by 5h`, … */
  readonly lateBy: string;
  /** doneAt − intake. */
  readonly timeToRevokeMs: number | null;
  readonly naReason: string | null;
}

export interface OffboardingRow {
  readonly issue: number;
  readonly title: string;
  readonly employee: {
    readonly name: string;
    readonly login: string | null;
    readonly department: string | null;
    readonly manager: string | null;
  };
  readonly departureType: string | null;
  /** `YYYY-MM-DD`; null only when neither the plan nor the title says. */
  readonly lastDay: string | null;
  readonly state: OffboardingState;
  /** When the issue was filed. */
  readonly openedAt: string;
  /** When the action turned it into a tracker (the start of time to revoke). */
  readonly intakeAt: string | null;
  /** When it completed (the completion recorded) or was cancelled. */
  readonly endedAt: string | null;
  readonly cancelled: { readonly at: string; readonly by: string; readonly reason: string } | null;
  readonly record: RecordSource;
  readonly securityTasks: readonly SecurityTaskRow[];
  /** What an auditor must know about this record (lost and rebuilt, edited by a person, …). */
  readonly notes: readonly string[];
}

export interface RowsInput {
  /** Open and closed issues carrying the family label, with only the action's own comments. */
  readonly snapshots: readonly TrackerSnapshot[];
  /** For trackers whose status comment a person edited: the action's own last revision. */
  readonly restores?: ReadonlyMap<number, StatusRestore>;
  readonly labels: LabelSet;
  readonly period: ExportPeriod;
  /** The instant the export is made as of (overdue is judged against it). */
  readonly now: Date;
}

function has(snapshot: TrackerSnapshot, label: string): boolean {
  return snapshot.labels.some((l) => l.toLowerCase() === label.toLowerCase());
}

/** Done, and not reopened by a person since that very completion with a task left open. */
function completion(ledger: Ledger, progress: Progress | undefined): string | undefined {
  const last = ledger.completions.at(-1);
  if (!last) return undefined;
  return progress === undefined || progress.complete ? last.at : undefined;
}

function stateOf(record: TrackerRecord, labels: LabelSet, progress: Progress | undefined): { state: OffboardingState; endedAt: string | null; note?: string } {
  const { snapshot, ledger, report } = record;
  if (ledger && isCancelled(ledger)) return { state: 'cancelled', endedAt: ledger.cancelled?.at ?? null };
  if (!ledger && has(snapshot, labels.cancelled)) {
    return { state: 'cancelled', endedAt: null, note: `cancelled according to its label ${labels.cancelled} (who called it off, when and why is not known)` };
  }
  if (snapshot.state === 'open') return { state: 'open', endedAt: null };
  const completedAt = ledger ? completion(ledger, progress) : report?.closedAt;
  return completedAt !== undefined ? { state: 'completed', endedAt: completedAt } : { state: 'closed', endedAt: null };
}

function resultOf(task: ReportTask, state: OffboardingState, now: Date): Pick<SecurityTaskRow, 'result' | 'lateByMs' | 'lateBy'> {
  if (task.state === 'na') return { result: 'na', lateByMs: null, lateBy: 'N/A' };
  if (task.state === 'done') {
    const late = task.lateByMs;
    if (late === undefined) return { result: 'done', lateByMs: null, lateBy: 'done (time not recorded)' };
    return late <= 0 ? { result: 'on-time', lateByMs: late, lateBy: 'on time' } : { result: 'late', lateByMs: late, lateBy: `late by ${formatDuration(late)}` };
  }
  if (state === 'cancelled') return { result: 'cancelled', lateByMs: null, lateBy: 'cancelled' };
  if (state !== 'open') return { result: 'not-done', lateByMs: null, lateBy: 'not done (closed)' };
  const overdue = now.getTime() - Date.parse(task.due);
  return overdue >= 0 ? { result: 'overdue', lateByMs: overdue, lateBy: `overdue by ${formatDuration(overdue)}` } : { result: 'open', lateByMs: null, lateBy: 'open' };
}

function taskRow(task: ReportTask, state: OffboardingState, now: Date): SecurityTaskRow {
  return {
    id: task.id,
    title: task.title,
    controls: [...task.controls],
    state: task.state,
    due: task.due,
    doneAt: task.doneAt ?? null,
    doneBy: task.doneBy ?? null,
    how: task.how ?? null,
    evidence: task.evidence ?? null,
    ...resultOf(task, state, now),
    timeToRevokeMs: task.timeToRevokeMs ?? null,
    naReason: task.naReason ?? null,
  };
}

/**
 * The evidence per task: the final report's when the record is gone, else the report the action
 * would write now (`buildReport` over the tracker's current progress), so both say the same.
 */
function reportTasks(record: TrackerRecord, now: Date): { tasks: readonly ReportTask[]; progress?: Progress } {
  const { snapshot, plan, report } = record;
  if (report) return { tasks: report.tasks };
  if (!plan) return { tasks: [] };
  const ledger = record.ledger ?? emptyLedger(plan);
  const progress = computeProgress(plan, record.body, ledger, now);
  return { tasks: buildReport({ issue: snapshot.number, openedAt: snapshot.createdAt, plan, progress, ledger, now }).tasks, progress };
}

/** One offboarding's row, from whatever is known about it. */
export function offboardingRow(record: TrackerRecord, labels: LabelSet, now: Date): OffboardingRow {
  const { snapshot, plan, report, ledger } = record;
  const { tasks, progress } = reportTasks(record, now);
  const { state, endedAt, note } = stateOf(record, labels, progress);
  const request = plan?.request;
  const fromTitle = titleFacts(snapshot.title);
  const lastDay = request?.lastDay ?? report?.employee.lastDay ?? fromTitle.lastDay ?? null;
  const cancelled = state === 'cancelled' && ledger?.cancelled ? { ...ledger.cancelled } : null;
  return {
    issue: snapshot.number,
    title: snapshot.title,
    employee: {
      name: request?.employeeName ?? report?.employee.name ?? fromTitle.name ?? snapshot.title,
      login: request?.employeeLogin ?? report?.employee.login ?? null,
      department: request?.department ?? report?.employee.department ?? null,
      manager: request?.manager ?? report?.employee.manager ?? null,
    },
    departureType: request?.departureType ?? report?.employee.departureType ?? null,
    lastDay,
    state,
    openedAt: snapshot.createdAt,
    intakeAt: plan?.intakeAt ?? report?.intakeAt ?? null,
    endedAt,
    cancelled,
    record: record.source,
    securityTasks: tasks.filter((t) => t.security).map((t) => taskRow(t, state, now)),
    notes: [
      ...record.notes,
      ...(note ? [note] : []),
      ...(lastDay === null ? ['the last day is not known (not in the plan, nor in the title): listed in every export'] : []),
    ],
  };
}

/** The last day within the period (inclusive), or not known (then always listed). */
export function inPeriod(lastDay: string | null, period: ExportPeriod): boolean {
  return lastDay === null || (lastDay >= period.since && lastDay <= period.until);
}

/** Every offboarding whose last day falls in the period, by last day then issue number. */
export function exportRows(input: RowsInput): OffboardingRow[] {
  return exportedIssues(input.snapshots, input.labels)
    .map((snapshot) => offboardingRow(readRecord(snapshot, input.restores?.get(snapshot.number)), input.labels, input.now))
    .filter((row) => inPeriod(row.lastDay, input.period))
    .sort((a, b) => (a.lastDay ?? '9999').localeCompare(b.lastDay ?? '9999') || a.issue - b.issue);
}

/** One tracker in a line: what the job summary, the dashboard and the `summary` output show. */
import type { Plan, TrackerSnapshot } from '../domain/types.js';
import type { Progress } from '../tracker/progress.js';

export interface TrackerSummary {
  readonly issue: number;
  readonly employee: string;
  readonly lastDay: string;
  readonly done: number;
  readonly na: number;
  readonly total: number;
  readonly percent: number;
  readonly overdue: number;
  readonly securityOverdue: number;
  /** Due instant of the oldest overdue task. */
  readonly oldestOverdue?: string;
  readonly nextDeadline?: string;
  /** The title of the task that falls due next (a form's asset line is typed text: neutralise it). */
  readonly nextDeadlineTask?: string;
  /** The task that falls due next is a security task. */
  readonly nextDeadlineSecurity?: boolean;
  readonly complete: boolean;
}

export function summarise(snapshot: TrackerSnapshot, plan: Plan, progress: Progress): TrackerSummary {
  const oldest = [...progress.overdue].sort((a, b) => a.due.getTime() - b.due.getTime())[0];
  return {
    issue: snapshot.number,
    employee: plan.request.employeeName,
    lastDay: plan.request.lastDay,
    done: progress.done,
    na: progress.na,
    total: progress.total,
    percent: progress.percent,
    overdue: progress.overdue.length,
    securityOverdue: progress.overdue.filter((t) => t.security).length,
    oldestOverdue: oldest?.due.toISOString(),
    nextDeadline: progress.nextDeadline?.due.toISOString(),
    nextDeadlineTask: progress.nextDeadline?.title,
    nextDeadlineSecurity: progress.nextDeadline?.security,
    complete: progress.complete,
  };
}

/** One tracker in a line: what the job summary, the dashboard and the `summary` output show. */
import type { Plan, TrackerSnapshot } from '../domain/types.js';
import type { Progress } from '../tracker/progress.js';
import type { SeenSummary } from '../ledger/ledger.js';

/** One tracker at a glance (job summary, dashboard, `summary` output): the counts the ledger's `seen` record keeps, and who and when. */
export interface TrackerSummary extends SeenSummary {
  readonly issue: number;
  readonly employee: string;
  readonly lastDay: string;
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

/** The period's figures an auditor asks for first: how many left, how many security tasks were on time. */
import { formatDuration } from '../domain/time.js';
import type { OffboardingRow, OffboardingState, TaskResult } from './rows.js';

export interface ExportTotals {
  /** Offboardings listed (every state). */
  readonly departures: number;
  readonly byState: Readonly<Record<OffboardingState, number>>;
  /** Offboardings whose record is incomplete (`record` is `from-report`, `from-body` or `from-title`). */
  readonly incompleteRecords: number;
  /** Security tasks of all listed offboardings: onTime + late + doneUntimed + na + open + notDone + cancelled. */
  readonly securityTasks: number;
  readonly onTime: number;
  readonly late: number;
  /** Done, but when is not known (the record is gone). */
  readonly doneUntimed: number;
  readonly na: number;
  /** Not done yet in an open offboarding (overdue included). */
  readonly open: number;
  /** Of `open`: past their due instant. */
  readonly overdue: number;
  /** Not done in an offboarding closed by hand. */
  readonly notDone: number;
  /** Not done in a cancelled offboarding. */
  readonly cancelled: number;
  /** Median of done security tasks' time from intake to done; null when none is known. */
  readonly medianTimeToRevokeMs: number | null;
  /** The same in words, e.g. `3h 20m`. */
  readonly medianTimeToRevoke: string | null;
}

/** The middle value (the mean of the two middle ones for an even count), rounded to the millisecond. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(value);
}

export function exportTotals(rows: readonly OffboardingRow[]): ExportTotals {
  const tasks = rows.flatMap((r) => r.securityTasks);
  const count = (...results: TaskResult[]): number => tasks.filter((t) => results.includes(t.result)).length;
  const states = (state: OffboardingState): number => rows.filter((r) => r.state === state).length;
  const revoke = median(tasks.flatMap((t) => (t.timeToRevokeMs === null ? [] : [t.timeToRevokeMs])));
  return {
    departures: rows.length,
    byState: { open: states('open'), completed: states('completed'), cancelled: states('cancelled'), closed: states('closed') },
    incompleteRecords: rows.filter((r) => r.record === 'from-report' || r.record === 'from-body' || r.record === 'from-title').length,
    securityTasks: tasks.length,
    onTime: count('on-time'),
    late: count('late'),
    doneUntimed: count('done'),
    na: count('na'),
    open: count('open', 'overdue'),
    overdue: count('overdue'),
    notDone: count('not-done'),
    cancelled: count('cancelled'),
    medianTimeToRevokeMs: revoke,
    medianTimeToRevoke: revoke === null ? null : formatDuration(revoke),
  };
}

import { formatDuration } from '../domain/time.js';
import { inline } from '../markdown/neutralise.js';
import { progressText } from '../tracker/progress.js';
import type { FinalReport } from '../report/build.js';
import type { TrackerSummary } from '../update/summary.js';

/** What one sweep did, for the job summary, the outputs and the CLI. */
export interface SweepResult {
  readonly trackers: readonly TrackerSummary[];
  readonly overdue: number;
  /** Requests this sweep converted because their own intake run never happened. */
  readonly converted: number;
  readonly writes: number;
  readonly reports: readonly FinalReport[];
  readonly failed: ReadonlyArray<{ readonly issue: number; readonly error: string }>;
  /** Nothing was written: the summary says what would have been done. */
  readonly dryRun?: boolean;
}

/** The job summary: one table row per open offboarding, most urgent first. */
export function renderJobSummary(result: SweepResult, now: Date, repoUrl: string): string {
  const lines = [`## Open offboardings (${result.trackers.length})`, ''];
  if (result.trackers.length === 0) {
    lines.push('No open offboarding trackers.');
  } else {
    lines.push('| Tracker | Employee | Last day | Progress | Overdue | Oldest overdue |', '|---|---|---|---:|---:|---|');
    const rows = [...result.trackers].sort(
      (a, b) => b.securityOverdue - a.securityOverdue || b.overdue - a.overdue || a.lastDay.localeCompare(b.lastDay),
    );
    for (const t of rows) {
      const oldest = t.oldestOverdue ? `${formatDuration(now.getTime() - Date.parse(t.oldestOverdue))} ago` : '—';
      const overdue = t.overdue === 0 ? '0' : `**${t.overdue}**${t.securityOverdue > 0 ? ` (🔒 ${t.securityOverdue})` : ''}`;
      lines.push(
        `| [#${t.issue}](${repoUrl}/issues/${t.issue}) | ${inline(t.employee, 80)} | ${t.lastDay} | ${progressText(t)} (${t.percent}%) | ${overdue} | ${oldest} |`,
      );
    }
  }
  if (result.reports.length > 0) {
    lines.push('', `${result.dryRun ? 'Would complete' : 'Completed in this run'}: ${result.reports.map((r) => `#${r.issue}`).join(', ')}.`);
  }
  if (result.converted > 0) {
    lines.push('', `${result.dryRun ? 'Requests this sweep would convert' : 'Requests converted by this sweep'} (their own run never happened): ${result.converted}.`);
  }
  if (result.failed.length > 0) {
    lines.push('', '### Failed', '', ...result.failed.map((f) => `- #${f.issue}: ${inline(f.error, 300)}`));
  }
  return lines.join('\n');
}

/** The `summary` output: machine-readable, stable keys. */
export function summaryJson(result: SweepResult): string {
  return JSON.stringify({
    open: result.trackers.length,
    overdue: result.overdue,
    writes: result.writes,
    converted: result.converted,
    completed: result.reports.map((r) => r.issue),
    failed: result.failed,
    trackers: result.trackers,
  });
}

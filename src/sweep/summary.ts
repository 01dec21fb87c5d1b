import { formatDuration } from '../domain/time.js';
import { inline } from '../markdown/neutralise.js';
import { progressText } from '../tracker/progress.js';
import type { FinalReport } from '../report/build.js';
import type { TrackerSummary } from '../update/summary.js';
import { heldTotal, type HeldCounts } from './budget.js';

/** How the run spent its content budget (sweep/budget.ts). */
export interface ContentSpending {
  /** The most content-creating requests in any hour. */
  readonly perHour: number;
  /** What the action created in the hour before the run. */
  readonly recent: number;
  /** What the run could create without any hour holding more than `perHour` (sweep/budget.ts `contentRoom`). */
  readonly room: number;
  /** What this run's decisions spend. */
  readonly planned: number;
  /** What waits for a later run, per kind. */
  readonly held: HeldCounts;
  /** Content-creating requests the run made. */
  readonly made?: number;
}

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
  /** The content budget: what was spent and what waits for the next run. */
  readonly content?: ContentSpending;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The job summary's account of content that waits for the next run; empty when nothing waits. */
export function renderHeld(content: ContentSpending | undefined, dryRun = false): string[] {
  if (!content || heldTotal(content.held) === 0) return [];
  const held = content.held;
  const items = [
    held['security-escalation'] > 0 ? `${plural(held['security-escalation'], 'escalation comment')} about overdue 🔒 security tasks` : '',
    held.escalation > 0 ? `${plural(held.escalation, 'escalation comment')} about other overdue tasks` : '',
    held.report > 0 ? `${plural(held.report, 'final report part')} (those trackers close when their report is posted)` : '',
    held.reminder > 0 ? plural(held.reminder, 'reminder') : '',
    held.request > 0 ? `${plural(held.request, 'request')} whose own run never happened (converted by a later sweep)` : '',
  ].filter((line) => line !== '');
  return [
    '',
    '### Held back for the next sweep',
    '',
    `GitHub allows 500 content-creating requests (comments, issues) an hour. The action keeps any hour to ${content.perHour}; it created ${content.recent} in the hour before this run, which left room for ${content.room}: this run ${dryRun ? 'would post' : 'posted'} ${content.planned} and held back:`,
    '',
    ...items.map((line) => `- ${line}`),
    '',
    'Nothing is lost: held content is not recorded as posted, so the next sweeps post it, security escalations first.',
  ];
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
  lines.push(...renderHeld(result.content, result.dryRun));
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
    ...(result.content ? { held: result.content.held } : {}),
    trackers: result.trackers,
  });
}

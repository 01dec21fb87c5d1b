import { reportMarker } from '../domain/markers.js';
import { formatDuration, formatInstant } from '../domain/time.js';
import type { Plan } from '../domain/types.js';
import type { Ledger, TickRecord } from '../ledger/ledger.js';
import { recordedStates } from '../ledger/ledger.js';
import { inline } from '../markdown/neutralise.js';
import type { Progress, TaskStatus } from '../tracker/progress.js';

/** One task's line of evidence. */
export interface ReportTask {
  readonly id: string;
  readonly title: string;
  readonly phase: string;
  readonly owner: string;
  readonly ownerLogins: readonly string[];
  readonly security: boolean;
  readonly controls: readonly string[];
  readonly due: string;
  readonly state: 'done' | 'na' | 'open';
  readonly doneAt?: string;
  readonly doneBy?: string;
  /** How the tick was recorded: webhook event, edit history, or only observed by a sweep. */
  readonly evidence?: TickRecord['source'];
  /** doneAt − due, in ms: negative means early. */
  readonly lateByMs?: number;
  /** Security tasks: doneAt − intake, in ms. */
  readonly timeToRevokeMs?: number;
  readonly naReason?: string;
  readonly tickedByNonOwner?: string;
  readonly extra: boolean;
}

/** The final report as data: archived as JSON, rendered as Markdown. */
export interface FinalReport {
  readonly version: 1;
  readonly issue: number;
  readonly employee: {
    readonly name: string;
    readonly login?: string;
    readonly department: string;
    readonly manager: string;
    readonly departureType: string;
    readonly lastDay: string;
  };
  readonly requester: string;
  readonly timezone: string;
  readonly openedAt: string;
  readonly intakeAt: string;
  readonly closedAt: string;
  readonly progress: { readonly done: number; readonly na: number; readonly total: number };
  readonly tasks: readonly ReportTask[];
  readonly escalations: ReadonlyArray<{ readonly task: string; readonly level: number; readonly at: string; readonly notified: readonly string[] }>;
  /** Every recorded change of every task, oldest first: ticks, unticks, N/A. */
  readonly history: readonly TickRecord[];
  readonly notes: readonly string[];
}

export interface ReportInput {
  readonly issue: number;
  readonly openedAt: string;
  readonly plan: Plan;
  readonly progress: Progress;
  readonly ledger: Ledger;
  readonly now: Date;
}

/** Builds the evidence from the plan, the final task states and the ledger's records. */
export function buildReport(input: ReportInput): FinalReport {
  const { plan, progress, ledger, now } = input;
  const ticks = recordedStates(ledger);
  const tasks = progress.tasks.map((task) => reportTask(plan, task, ticks.get(task.key)));
  const ordered = [...tasks.filter((t) => t.security), ...tasks.filter((t) => !t.security)];
  const request = plan.request;
  return {
    version: 1,
    issue: input.issue,
    employee: {
      name: request.employeeName,
      login: request.employeeLogin,
      department: request.department,
      manager: request.manager,
      departureType: request.departureType,
      lastDay: request.lastDay,
    },
    requester: plan.requester,
    timezone: plan.timezone,
    openedAt: input.openedAt,
    intakeAt: plan.intakeAt,
    closedAt: now.toISOString(),
    progress: { done: progress.done, na: progress.na, total: progress.total },
    tasks: ordered,
    escalations: ledger.escalations.map((e) => ({ task: e.task, level: e.level, at: e.at, notified: [...e.notified] })),
    history: [...ledger.ticks].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    notes: [...ledger.notes],
  };
}

function reportTask(plan: Plan, task: TaskStatus, tick: TickRecord | undefined): ReportTask {
  const finished = task.state !== 'open' && tick && tick.state === task.state ? tick : undefined;
  const doneAt = finished?.at;
  const dueMs = task.due.getTime();
  return {
    id: task.key,
    title: task.title,
    phase: task.phase,
    owner: task.planned?.owner ?? '',
    ownerLogins: [...task.ownerLogins],
    security: task.security,
    controls: [...(task.planned?.controls ?? [])],
    due: task.due.toISOString(),
    state: task.state,
    doneAt,
    doneBy: finished?.by,
    evidence: finished?.source,
    lateByMs: doneAt && task.state === 'done' ? Date.parse(doneAt) - dueMs : undefined,
    timeToRevokeMs: doneAt && task.security && task.state === 'done' ? Date.parse(doneAt) - Date.parse(plan.intakeAt) : undefined,
    naReason: task.state === 'na' ? (task.naReason ?? finished?.reason) : undefined,
    tickedByNonOwner: task.tickedByNonOwner,
    extra: task.extra,
  };
}

/** JSON that is safe inside a Markdown code fence and cannot carry a marker or a mention. */
export function reportJson(report: FinalReport): string {
  return JSON.stringify(report, null, 2).replace(/[<>@`]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function result(task: ReportTask): string {
  if (task.state === 'na') return 'N/A';
  if (task.state === 'open') return 'open';
  if (task.lateByMs === undefined) return 'done';
  return task.lateByMs <= 0 ? 'on time' : `late by ${formatDuration(task.lateByMs)}`;
}

function by(task: ReportTask): string {
  if (task.state === 'open') return '';
  if (!task.doneBy) return task.evidence === 'observed' ? '_unknown (observed)_' : '_unknown_';
  const flag = task.tickedByNonOwner ? ' ⚠️ not an owner' : '';
  return `\`${inline(task.doneBy, 40)}\`${flag}`;
}

function at(value: string | undefined, zone: string): string {
  return value ? formatInstant(value, zone) : '';
}

/** The report comment: evidence an auditor accepts, with the same data as JSON for archiving. */
export function renderReport(report: FinalReport, completionKey: string): string {
  const zone = report.timezone;
  const e = report.employee;
  const lines = [
    reportMarker(completionKey),
    `## Offboarding report — ${inline(e.name, 120)}`,
    '',
    '| | |',
    '|---|---|',
    `| Employee | ${inline(e.name, 120)}${e.login ? ` (\`${inline(e.login, 40)}\`)` : ''} |`,
    `| Department | ${inline(e.department, 80)} |`,
    `| Manager | \`${inline(e.manager, 40)}\` |`,
    `| Departure | ${e.departureType} |`,
    `| Last day | ${e.lastDay} |`,
    `| Requested by | \`${inline(report.requester, 40)}\` |`,
    `| Opened | ${formatInstant(report.openedAt, zone)} |`,
    `| Tracker created | ${formatInstant(report.intakeAt, zone)} |`,
    `| Closed | ${formatInstant(report.closedAt, zone)} |`,
    `| Result | ${report.progress.done}/${report.progress.total} done, ${report.progress.na} not applicable |`,
    '',
    '### Security tasks (access removal)',
    '',
    '| Task | Controls | Owner | Due | Done at | Done by | Time to revoke | Result |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const task of report.tasks.filter((t) => t.security)) {
    lines.push(
      `| ${inline(task.title, 120)} | ${task.controls.join(', ')} | ${inline(task.owner, 40)} | ${at(task.due, zone)} | ${at(task.doneAt, zone)} | ${by(task)} | ${task.timeToRevokeMs !== undefined ? formatDuration(task.timeToRevokeMs) : ''} | ${result(task)} |`,
    );
  }
  lines.push('', '### All tasks', '', '| Phase | Task | Controls | Owner | Due | Done at | Done by | Result |', '|---|---|---|---|---|---|---|---|');
  for (const task of report.tasks) {
    lines.push(
      `| ${inline(task.phase, 40)} | ${task.security ? '🔒 ' : ''}${inline(task.title, 120)}${task.extra ? ' _(added)_' : ''} | ${task.controls.join(', ')} | ${inline(task.owner, 40)} | ${at(task.due, zone)} | ${at(task.doneAt, zone)} | ${by(task)} | ${result(task)} |`,
    );
  }
  const na = report.tasks.filter((t) => t.state === 'na');
  if (na.length > 0) {
    lines.push('', '### Not applicable', '');
    for (const task of na) lines.push(`- ${inline(task.title, 120)}: ${task.naReason ? inline(task.naReason, 300) : '_no reason given_'}`);
  }
  lines.push('', '### Escalations sent', '');
  if (report.escalations.length === 0) lines.push('None.');
  for (const esc of report.escalations) {
    const people = esc.notified.map((login) => `\`${inline(login, 40)}\``).join(', ') || '_not recorded_';
    lines.push(`- ${formatInstant(esc.at, zone)} — \`${esc.task}\` level ${esc.level + 1} → ${people}`);
  }
  lines.push('', '<details><summary>Every recorded change</summary>', '');
  const titles = new Map(report.tasks.map((t) => [t.id, t.title]));
  for (const change of report.history) {
    const who = change.by ? `\`${inline(change.by, 40)}\`` : '_unknown_';
    const how = change.source === 'event' ? 'edit event' : change.source === 'edit-history' ? 'edit history' : 'observed by a sweep';
    const what = change.state === 'done' ? 'ticked' : change.state === 'na' ? 'marked N/A' : 'unticked';
    lines.push(`- ${formatInstant(change.at, zone)} — ${inline(titles.get(change.task) ?? change.task, 120)} ${what} by ${who} (${how})`);
  }
  if (report.history.length === 0) lines.push('No changes recorded.');
  lines.push('', '</details>');
  if (report.notes.length > 0) {
    lines.push('', '### Notes on this record', '', ...report.notes.map((note) => `- ${inline(note, 500)}`));
  }
  lines.push('', '<details><summary>Report as JSON (for archiving)</summary>', '', '```json', reportJson(report), '```', '', '</details>');
  return lines.join('\n');
}

/**
 * `workflow:` tasks: the company's own workflow does the revocation with its own secrets. The action
 * dispatches it once when the task falls due, records the dispatch, and accepts the run's report
 * (`command: complete`) as evidence: a success makes the task done "by automation".
 */
import { formatInstant } from '../domain/time.js';
import type { Plan, PlannedTask } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import { succeeded, type AutomationRecord, type AutomationRun, type Ledger } from '../ledger/ledger.js';
import { inline } from '../markdown/neutralise.js';
import type { Progress } from '../tracker/progress.js';

/** The inputs every dispatched workflow receives (SPEC "Automated revocation"). */
export const DISPATCH_INPUTS = ['tracker', 'task', 'employee-login', 'employee-name', 'last-day', 'departure-type'] as const;

/** What a dispatch attempt came to, as the shell saw it. */
export interface DispatchResult {
  readonly task: string;
  readonly at: string;
  readonly ref: string;
  /** Absent: accepted. Else what went wrong and how to fix it. */
  readonly error?: string;
}

export function workflowOf(task: PlannedTask | undefined): string | undefined {
  return task?.automation?.kind === 'workflow' ? task.automation.workflow : undefined;
}

/** The dispatch's inputs for one task. */
export function dispatchInputs(issue: number, plan: Plan, task: PlannedTask): Record<string, string> {
  const r = plan.request;
  return {
    tracker: String(issue),
    task: task.id,
    'employee-login': r.employeeLogin ?? '',
    'employee-name': r.employeeName.slice(0, 500),
    'last-day': r.lastDay,
    'departure-type': r.departureType,
  };
}

/**
 * The dispatches due now: each open `workflow:` task whose due instant has passed and whose
 * workflow was never dispatched successfully (a failed dispatch is tried again by later runs).
 */
export function dueDispatches(issue: number, plan: Plan, progress: Progress, ledger: Ledger, now: Date, ref: string): Write[] {
  const writes: Write[] = [];
  for (const status of progress.tasks) {
    const workflow = workflowOf(status.planned);
    if (!workflow || !status.planned || status.state !== 'open') continue;
    if (now.getTime() < status.due.getTime()) continue;
    const record = ledger.automation?.[status.key];
    if (record?.dispatched || succeeded(record)) continue;
    writes.push({ kind: 'dispatch-workflow', issue, workflow, ref, inputs: dispatchInputs(issue, plan, status.planned) });
  }
  return writes;
}

/** The ledger with this run's dispatch attempts recorded. */
export function recordDispatches(ledger: Ledger, plan: Plan, results: readonly DispatchResult[]): Ledger {
  if (results.length === 0) return ledger;
  const automation = { ...(ledger.automation ?? {}) };
  for (const result of results) {
    const workflow = workflowOf(plan.tasks.find((t) => t.id === result.task)) ?? '';
    const record: AutomationRecord = automation[result.task] ?? { workflow };
    automation[result.task] = result.error === undefined
      ? { ...record, dispatched: { at: result.at, ref: result.ref } }
      : { ...record, dispatchErrors: [...(record.dispatchErrors ?? []), { at: result.at, error: result.error }].slice(-5) };
  }
  return { ...ledger, automation };
}

/** The ledger with a run's report recorded (once per run and result). */
export function recordRun(ledger: Ledger, task: string, workflow: string, run: AutomationRun): Ledger {
  const record: AutomationRecord = ledger.automation?.[task] ?? { workflow };
  if ((record.runs ?? []).some((r) => r.runId === run.runId && r.result === run.result)) return ledger;
  return { ...ledger, automation: { ...(ledger.automation ?? {}), [task]: { ...record, runs: [...(record.runs ?? []), run] } } };
}

/** How a dispatch error reads for the owners, with the fix (Markdown; GitHub's words neutralised). */
export function explainDispatchError(workflow: string, status: number | undefined, raw: string, permission?: string): string {
  const file = `.github/workflows/${workflow}`;
  const message = inline(raw, 200);
  if (status === 403) {
    return `the workflow token may not dispatch workflows (${inline(permission ?? 'actions=write', 60)}): add \`actions: write\` under \`permissions:\` in the offboarding workflow`;
  }
  if (status === 404) return `${file} does not exist on the default branch (or the token cannot see it): commit it, or correct \`workflow:\` in the checklist`;
  if (status === 422 && /disabled/i.test(message)) return `${file} is disabled: enable it in the repository's Actions tab`;
  if (status === 422 && /workflow_dispatch/i.test(message)) return `${file} has no \`workflow_dispatch\` trigger: add it with the inputs ${DISPATCH_INPUTS.join(', ')}`;
  if (status === 422) return `GitHub refused the dispatch (${message}): declare the inputs ${DISPATCH_INPUTS.join(', ')} under \`workflow_dispatch\` in ${file}`;
  return `GitHub answered ${status ?? 'nothing'} (${message})`;
}

/** The status comment's section on automated tasks: waiting, dispatched, done with a link, failed. */
export function automationSection(plan: Plan, progress: Progress, ledger: Ledger): string[] {
  const zone = plan.timezone;
  const lines: string[] = [];
  for (const status of progress.tasks) {
    const workflow = workflowOf(status.planned);
    if (!workflow) continue;
    const record = ledger.automation?.[status.key];
    const title = inline(status.title, 100);
    const ok = succeeded(record);
    const last = record?.runs?.at(-1);
    const error = record?.dispatchErrors?.at(-1);
    let line: string;
    if (ok) line = `✅ ${title} — done by automation at ${formatInstant(ok.at, zone)} ([run](${ok.run}))`;
    else if (last?.result === 'failure') line = `❌ ${title} — \`${workflow}\` reported a failure at ${formatInstant(last.at, zone)} ([run](${last.run})): ${inline(last.evidence, 200)}; the task stays open`;
    else if (record?.dispatched) line = `⏳ ${title} — \`${workflow}\` dispatched at ${formatInstant(record.dispatched.at, zone)}, waiting for its report`;
    else if (error) line = `⚠️ ${title} — dispatching \`${workflow}\` failed at ${formatInstant(error.at, zone)}: ${error.error.slice(0, 500)}; it is tried again on every run`;
    else if (status.state !== 'open') line = `${title} — done by hand before \`${workflow}\` was dispatched`;
    else line = `🕒 ${title} — \`${workflow}\` will be dispatched when the task falls due (${formatInstant(status.due, zone)})`;
    lines.push(`- ${line}`);
  }
  return lines.length > 0 ? ['**Automated tasks**', '', ...lines] : [];
}

/** What a run of the company's workflow reports back (`command: complete`). */
export interface Completion {
  readonly tracker: number;
  readonly task: string;
  readonly result: 'success' | 'failure';
  readonly evidence: string;
  /** `GITHUB_WORKFLOW_REF` of the reporting run: `owner/repo/.github/workflows/FILE@ref`. */
  readonly workflowRef: string;
  readonly runId: string;
  readonly runUrl: string;
}

/**
 * Why a completion must be refused, if it must: only a run of the task's own workflow, in this
 * repository, may report on a task that names that workflow.
 */
export function refuseCompletion(repo: string, plan: Plan, completion: Completion): string | undefined {
  const task = plan.tasks.find((t) => t.id === completion.task);
  if (!task) return `tracker #${completion.tracker} has no task '${completion.task}' (its tasks: ${plan.tasks.map((t) => t.id).slice(0, 30).join(', ')})`;
  const workflow = workflowOf(task);
  if (!workflow) return `task '${task.id}' names no workflow: it is done by ticking its box, not by command: complete`;
  const match = /^([^/]+\/[^/]+)\/\.github\/workflows\/([^@]+)@/.exec(completion.workflowRef);
  if (!match) return `GITHUB_WORKFLOW_REF is '${completion.workflowRef}': command: complete runs only in a run of the workflow .github/workflows/${workflow}`;
  if (match[1]?.toLowerCase() !== repo.toLowerCase() || match[2] !== workflow) {
    return `this run is of ${match[1]}/.github/workflows/${match[2]}, but task '${task.id}' names .github/workflows/${workflow} of ${repo}: only a run of that workflow may report on it`;
  }
  return undefined;
}

/** The comment that tells a task's owners its workflow failed: the task stays theirs. */
export function failureNotice(plan: Plan, task: PlannedTask, run: AutomationRun, mentions: readonly string[]): string {
  return [
    `❌ **${inline(task.title, 120)}**: the workflow \`${workflowOf(task) ?? ''}\` reported a failure at ${formatInstant(run.at, plan.timezone)} ([run](${run.run})).`,
    '',
    `Evidence: ${inline(run.evidence, 500)}`,
    '',
    `${mentions.join(' ')} the task stays open and keeps escalating: do it by hand and tick it, or re-run the workflow.`,
  ].join('\n');
}

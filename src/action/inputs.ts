/** The action's inputs and the runner's environment, parsed once into a frozen Config. */
import type { Completion } from '../automation/workflow.js';
import type { WebhookEvent } from '../domain/event.js';
import { exportPeriod, periodEnd } from '../export/options.js';
import * as rules from '../settings/rules.js';
import { SettingError } from '../settings/rules.js';
import type { Runner } from './runner.js';

export const COMMANDS = ['auto', 'intake', 'sweep', 'complete', 'export'] as const;
export type Command = (typeof COMMANDS)[number];

/** Everything the run needs from its inputs and the runner's environment. */
export interface Config {
  readonly token: string;
  readonly command: Command;
  /** Path given in the `checklist` input; undefined means "default location, else built-in". */
  readonly checklistPath?: string;
  readonly timezone: string;
  readonly label: string;
  readonly dryRun: boolean;
  readonly now: Date;
  readonly owner: string;
  readonly repo: string;
  readonly eventName: string;
  readonly event: WebhookEvent;
  readonly apiUrl: string;
  /** Web address of GitHub, for links in the job summary. */
  readonly serverUrl: string;
  readonly workspace?: string;
  /** Scales the client's waits (write spacing, retry backoff); 1 on GitHub. */
  readonly timeScale: number;
  /** Milliseconds one request attempt may take (OFFBOARDING_TIMEOUT_MS; for tests). */
  readonly timeoutMs?: number;
  /** `command: complete`: what the company's workflow reports. */
  readonly completion?: Completion;
  /** `github:` tasks: the organisation token (empty: access is not checked), the organisation, the cap. */
  readonly orgToken?: string;
  readonly org: string;
  readonly maxRemovals: number;
  /** Keep the dashboard issue current on each sweep. */
  readonly dashboard: boolean;
  /** `command: export`: the period (last days, both included) and where the files go. */
  readonly export?: { readonly since: string; readonly until: string; readonly dir: string };
}

export class InputError extends Error {}

/** Runs a rule; its message gets the input's name in front. */
function input<T>(name: string, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof SettingError) throw new InputError(`Input '${name}' ${error.message}.`);
    throw error;
  }
}

function environment<T>(name: string, rule: () => T, hint = ''): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof SettingError) throw new InputError(`${name} ${error.message}${hint}.`);
    throw error;
  }
}

/**
 * Reads every input and the runner's context. Throws InputError naming the input and the fix.
 * The only place that reads inputs.
 */
export function readConfig(runner: Runner, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const token = runner.getInput('github-token');
  if (!token) {
    throw new InputError("Input 'github-token' is empty: pass `github-token: ${{ github.token }}` or a token with issues: write.");
  }
  const command = input('command', () => rules.oneOf(runner.getInput('command'), COMMANDS, 'auto'));
  const timezone = input('timezone', () => rules.timezone(runner.getInput('timezone')));
  const label = input('label', () => rules.label(runner.getInput('label')));
  let dryRun: boolean;
  try {
    dryRun = runner.getBooleanInput('dry-run');
  } catch {
    throw new InputError(`Input 'dry-run' is '${runner.getInput('dry-run')}': use true or false.`);
  }
  const now = input('now', () => rules.instant(runner.getInput('now')));
  const { owner, repo } = environment('GITHUB_REPOSITORY', () => rules.repository(env.GITHUB_REPOSITORY), ' (the Actions runner sets it)');
  const apiUrl = environment('GITHUB_API_URL', () => rules.apiUrl(env.GITHUB_API_URL));
  const checklist = runner.getInput('checklist');
  const event = runner.event();
  const completion = command === 'complete' ? readCompletion(runner, env, owner, repo) : undefined;
  const exporting = command === 'export' ? readExport(runner, env, now, timezone) : undefined;
  const orgToken = runner.getInput('org-token');
  const org = input('org', () => rules.organisation(runner.getInput('org'), owner));
  const maxRemovals = input('max-removals', () => rules.count(runner.getInput('max-removals'), 5, 1000));
  let dashboard: boolean;
  try {
    dashboard = runner.getBooleanInput('dashboard');
  } catch {
    throw new InputError(`Input 'dashboard' is '${runner.getInput('dashboard')}': use true or false.`);
  }
  return Object.freeze({
    token,
    command,
    checklistPath: checklist || undefined,
    timezone,
    label,
    dryRun,
    now,
    owner,
    repo,
    eventName: event.name,
    event: event.payload,
    apiUrl,
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE || undefined,
    timeScale: rules.timeScale(env.OFFBOARDING_TIME_SCALE),
    ...(env.OFFBOARDING_TIMEOUT_MS ? { timeoutMs: rules.count(env.OFFBOARDING_TIMEOUT_MS, 20_000, 600_000) } : {}),
    ...(completion ? { completion } : {}),
    ...(orgToken ? { orgToken } : {}),
    org,
    maxRemovals,
    dashboard,
    ...(exporting ? { export: exporting } : {}),
  });
}

/** The inputs of `command: export`. */
function readExport(runner: Runner, env: NodeJS.ProcessEnv, now: Date, timezone: string): { since: string; until: string; dir: string } {
  const since = input('since', () => rules.date(runner.getInput('since')));
  const end = input('until', () => periodEnd(runner.getInput('until'), now, timezone));
  const { until } = input('until', () => exportPeriod(since, end));
  return { since, until, dir: runner.getInput('export-dir') || env.GITHUB_WORKSPACE || process.cwd() };
}

/** The inputs of `command: complete`, and the run that reports. */
function readCompletion(runner: Runner, env: NodeJS.ProcessEnv, owner: string, repo: string): Completion {
  const rawTracker = runner.getInput('tracker').replace(/^#/, '');
  if (!/^[1-9]\d{0,9}$/.test(rawTracker)) {
    throw new InputError(`Input 'tracker' is '${rawTracker}': give the tracker's issue number (the 'tracker' input the workflow was dispatched with).`);
  }
  const tracker = Number(rawTracker);
  const task = runner.getInput('task');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(task)) {
    throw new InputError(`Input 'task' is '${task}': give the task id the workflow was dispatched for (its 'task' input), e.g. disable-okta.`);
  }
  const result = input('result', () => rules.oneOf(runner.getInput('result'), ['success', 'failure'] as const, 'success'));
  if (runner.getInput('result') === '') throw new InputError("Input 'result' is empty: use success or failure.");
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID ?? '';
  const runUrl = `${server}/${owner}/${repo}/actions/runs/${runId}`;
  return {
    tracker,
    task,
    result,
    evidence: runner.getInput('evidence') || runUrl,
    workflowRef: env.GITHUB_WORKFLOW_REF ?? '',
    runId,
    runUrl,
  };
}

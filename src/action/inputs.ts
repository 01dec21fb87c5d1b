/** The action's inputs and the runner's environment, parsed once into a frozen Config. */
import type { WebhookEvent } from '../domain/event.js';
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
  });
}

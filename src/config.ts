import * as core from '@actions/core';
import { readFileSync } from 'node:fs';

export type Command = 'auto' | 'intake' | 'sweep';

/** Everything the run needs from its inputs and the runner's environment, parsed once. */
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

/** The part of an `issues` webhook payload the action reads. */
export interface WebhookEvent {
  readonly action?: string;
  readonly issue?: WebhookIssue;
  readonly sender?: { readonly login: string };
  readonly changes?: { readonly body?: { readonly from: string } };
}

export interface WebhookIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly state: string;
  readonly user: { readonly login: string } | null;
  readonly labels?: ReadonlyArray<{ readonly name: string } | string>;
  readonly pull_request?: unknown;
  readonly updated_at?: string;
}

export class InputError extends Error {}

const COMMANDS: readonly Command[] = ['auto', 'intake', 'sweep'];

/** Checks an IANA zone name the way the date code will use it. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads every input and the runner's context. Throws InputError naming the input and the fix.
 * The only place that calls getInput.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const token = core.getInput('github-token');
  if (!token) {
    throw new InputError(
      "Input 'github-token' is empty: pass `github-token: ${{ github.token }}` or a token with issues: write.",
    );
  }
  const command = (core.getInput('command') || 'auto').trim().toLowerCase() as Command;
  if (!COMMANDS.includes(command)) {
    throw new InputError(`Input 'command' is '${command}': use one of ${COMMANDS.join(', ')}.`);
  }
  const timezone = core.getInput('timezone').trim() || 'UTC';
  if (!isTimeZone(timezone)) {
    throw new InputError(
      `Input 'timezone' is '${timezone}', which is not an IANA time zone: use a name such as Europe/Berlin or UTC.`,
    );
  }
  const label = core.getInput('label').trim() || 'offboarding';
  if (label.length > 40 || /[,]/.test(label)) {
    throw new InputError(`Input 'label' is '${label}': use a label name of at most 40 characters without commas.`);
  }
  let dryRun: boolean;
  try {
    dryRun = core.getBooleanInput('dry-run');
  } catch {
    throw new InputError(
      `Input 'dry-run' is '${core.getInput('dry-run')}': use true or false.`,
    );
  }
  const nowText = core.getInput('now').trim();
  const now = nowText ? new Date(nowText) : new Date();
  if (Number.isNaN(now.getTime()) || (nowText && !/^\d{4}-\d{2}-\d{2}(T|$)/.test(nowText))) {
    throw new InputError(
      `Input 'now' is '${nowText}', which is not an ISO-8601 instant: use e.g. 2026-12-01T09:00:00Z, or leave it empty.`,
    );
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new InputError(
      `GITHUB_REPOSITORY is '${repository}': it must be OWNER/NAME (the Actions runner sets it).`,
    );
  }
  const apiUrl = readApiUrl(env.GITHUB_API_URL);
  const checklist = core.getInput('checklist').trim();
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
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event: readEvent(env.GITHUB_EVENT_PATH),
    apiUrl,
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE || undefined,
    timeScale: readTimeScale(env.OFFBOARDING_TIME_SCALE),
  });
}

/**
 * GITHUB_API_URL (GitHub Enterprise Server), or github.com's API when unset; no trailing slash.
 * @throws InputError when it is not an http(s) URL
 */
export function readApiUrl(raw: string | undefined): string {
  const apiUrl = (raw || 'https://api.github.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(apiUrl) || !URL.canParse(apiUrl)) {
    throw new InputError(
      `GITHUB_API_URL is '${apiUrl}', which is not a URL: unset it for github.com, or use e.g. https://github.example.com/api/v3.`,
    );
  }
  return apiUrl;
}

/** OFFBOARDING_TIME_SCALE: shrinks the client's waits for emulator runs; 1 unless a number in (0, 1]. */
export function readTimeScale(raw: string | undefined): number {
  const scale = Number(raw ?? '1');
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
}

function readEvent(path: string | undefined): WebhookEvent {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as WebhookEvent;
  } catch (error) {
    throw new InputError(
      `GITHUB_EVENT_PATH '${path}' could not be read as JSON (${(error as Error).message}).`,
    );
  }
}

/** The CLI's commands: the action's core (client, context, sweep) behind flags. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChecklist } from '../checklist/load.js';
import { ChecklistError, formatProblem } from '../checklist/problems.js';
import { isTimeZone, readApiUrl, readTimeScale } from '../config.js';
import { DEFAULT_TRUST, type Repo } from '../github/api.js';
import { createClient } from '../github/client.js';
import { labelSet } from '../labels.js';
import { createContext, fileReader } from '../run/context.js';
import { sweep } from '../sweep/run.js';
import { renderJobSummary } from '../sweep/summary.js';
import { previewChecklist } from './preview.js';
import { UsageError, type CliIo } from './io.js';

type Values = Record<string, string | boolean | undefined>;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/** `--repo OWNER/NAME`, checked the way GitHub names repositories. */
export function parseRepo(value: string | undefined): Repo {
  if (value === undefined || value === '') throw new UsageError('--repo is required: pass --repo OWNER/NAME, e.g. --repo acme/people-ops');
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new UsageError(`--repo is '${value}', which is not OWNER/NAME: use e.g. --repo acme/people-ops`);
  }
  return { owner: match[1] as string, repo: match[2] as string };
}

export function parseNow(value: string | undefined): Date {
  if (value === undefined || value === '') return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime()) || !/^\d{4}-\d{2}-\d{2}(T|$)/.test(value)) {
    throw new UsageError(`--now is '${value}', which is not an ISO-8601 instant: use e.g. 2026-12-01T09:00:00Z`);
  }
  return now;
}

function parseZone(value: string | undefined): string {
  const zone = value || 'UTC';
  if (!isTimeZone(zone)) throw new UsageError(`--timezone is '${zone}', which is not an IANA time zone: use e.g. Europe/Berlin or UTC`);
  return zone;
}

function parseLabel(value: string | undefined): string {
  const label = value || 'offboarding';
  if (label.length > 40 || label.includes(',')) {
    throw new UsageError(`--label is '${label}': use a label name of at most 40 characters without commas`);
  }
  return label;
}

/** The web address that goes with an API address (github.com, or GHES's `/api/v3`). */
function serverUrl(apiUrl: string): string {
  if (/^https:\/\/api\.github\.com$/i.test(apiUrl)) return 'https://github.com';
  return apiUrl.replace(/\/api\/v3$/i, '');
}

/** GitHub's `::error::` workflow commands mean nothing in a terminal. */
function plain(line: string): string {
  return line.replace(/^::(error|warning|notice)::/, '$1: ');
}

interface Connected {
  readonly ctx: ReturnType<typeof createContext>;
  readonly repoUrl: string;
}

/** Everything `sweep` and `status` share: flags and environment checked, then the one client and context. */
async function connect(values: Values, io: CliIo, options: { dryRun: boolean; log: (line: string) => void }): Promise<Connected> {
  const repo = parseRepo(text(values, 'repo'));
  const now = parseNow(text(values, 'now'));
  const timezone = parseZone(text(values, 'timezone'));
  const label = parseLabel(text(values, 'label'));
  const checklistPath = text(values, 'checklist') || undefined;
  const token = (io.env.GITHUB_TOKEN || io.env.GH_TOKEN || '').trim();
  if (!token) {
    throw new UsageError(`no token: set GITHUB_TOKEN (or GH_TOKEN) to a token with issues: write and contents: read on ${repo.owner}/${repo.repo}`);
  }
  let apiUrl: string;
  try {
    apiUrl = readApiUrl(io.env.GITHUB_API_URL);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const client = createClient({
    token,
    baseUrl: apiUrl,
    log: (message) => io.stderr.write(`warning: ${message}\n`),
    timeScale: readTimeScale(io.env.OFFBOARDING_TIME_SCALE),
  });
  const ctx = createContext({
    client,
    repo,
    labels: labelSet(label),
    now,
    timezone,
    dryRun: options.dryRun,
    checklistPath,
    // With a personal token the action's comments carry that person's login: the context asks
    // GET /user once, when it first meets a marker comment by someone who is not a bot.
    trust: DEFAULT_TRUST,
    readFile: fileReader(client, repo, undefined),
    log: (line) => options.log(plain(line)),
    warn: (line) => io.stderr.write(`warning: ${line}\n`),
    error: (line) => io.stderr.write(`error: ${line}\n`),
  });
  return { ctx, repoUrl: `${serverUrl(apiUrl)}/${repo.owner}/${repo.repo}` };
}

/** `offboarding sweep`: the scheduled run, once, now. */
export async function sweepCommand(values: Values, io: CliIo): Promise<number> {
  const dryRun = values['dry-run'] === true;
  const { ctx, repoUrl } = await connect(values, io, { dryRun, log: (line) => io.stdout.write(`${line}\n`) });
  io.stderr.write(
    `Sweeping ${ctx.repo.owner}/${ctx.repo.repo} as of ${ctx.now.toISOString()}${dryRun ? ' (dry run: nothing is written)' : ''}…\n`,
  );
  const result = await sweep(ctx, (line) => io.stderr.write(`${line}\n`));
  io.stdout.write(`\n${renderJobSummary(result, ctx.now, repoUrl)}\n\n`);
  const swept = result.trackers.length + result.reports.length + result.failed.length;
  io.stdout.write(
    `Swept ${swept} tracker${swept === 1 ? '' : 's'}: ${result.overdue} overdue tasks, ${result.reports.length} completed, ${dryRun ? 'no writes (dry run)' : `${result.writes} writes`}.\n`,
  );
  if (result.failed.length > 0) {
    io.stderr.write(`offboarding: ${result.failed.length} tracker(s) failed: ${result.failed.map((f) => `#${f.issue} (${f.error})`).join('; ')}\n`);
    return 1;
  }
  return 0;
}

/** `offboarding status`: the sweep's decisions without its writes, as the dashboard table. */
export async function status(values: Values, io: CliIo): Promise<number> {
  // A dry run through the one write gate: every decision is made, no write is performed or printed.
  const { ctx, repoUrl } = await connect(values, io, {
    dryRun: true,
    log: (line) => {
      if (/^(error|warning): /.test(line)) io.stderr.write(`${line}\n`);
    },
  });
  const result = await sweep(ctx, (line) => io.stderr.write(`${line}\n`));
  io.stdout.write(`${renderJobSummary(result, ctx.now, repoUrl)}\n`);
  return result.failed.length > 0 ? 1 : 0;
}

/** `offboarding check-checklist FILE`: problems with positions, else a preview of the plans it makes. */
export async function checkChecklist(file: string, values: Values, io: CliIo): Promise<number> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`check-checklist: cannot read '${file}'${code === 'ENOENT' ? ': no such file' : ` (${(error as Error).message})`}`);
  }
  const now = parseNow(text(values, 'now'));
  const timezone = parseZone(text(values, 'timezone'));
  try {
    const checklist = loadChecklist(source, file);
    io.stdout.write(previewChecklist(checklist, { file, now, timezone, department: text(values, 'department') || 'Engineering' }));
    return 0;
  } catch (error) {
    if (!(error instanceof ChecklistError)) throw error;
    for (const problem of error.problems) io.stdout.write(`${formatProblem(problem)}\n`);
    const count = error.problems.length;
    io.stderr.write(`${file}: ${count} problem${count === 1 ? '' : 's'}; nothing checked beyond them.\n`);
    return 1;
  }
}

/** The clone this code runs from, if it is one: the demo needs its sources and dev tools. */
function findClone(): string | undefined {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'demo', 'run.ts')) && existsSync(join(dir, 'emulator', 'index.ts'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** `offboarding demo`: runs `demo/run.ts` with the clone's tsx. */
export async function runDemo(io: CliIo): Promise<number> {
  const root = findClone();
  const tsx = root && join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (!root || !tsx || !existsSync(tsx)) {
    io.stderr.write(
      'offboarding: the demo runs from a clone of the action\'s repository: git clone it, then `npm ci && npm run demo`\n',
    );
    return 2;
  }
  const child = spawn(process.execPath, [tsx, join(root, 'demo', 'run.ts')], {
    cwd: root,
    env: { ...process.env, ...io.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString()));
  return new Promise<number>((done) => child.on('close', (code) => done(code ?? 1)));
}

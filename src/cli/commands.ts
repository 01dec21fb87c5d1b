/** The CLI's commands: the action's core (client, context, sweep) behind flags. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChecklist } from '../checklist/load.js';
import { DEFAULT_CHECKLIST_PATH } from '../checklist/source.js';
import type { Checklist } from '../domain/types.js';
import { DEFAULT_FIELDS, fieldsFromTemplate, type FieldDef } from '../form/fields.js';
import { ChecklistError, formatProblem } from '../checklist/problems.js';
import { labelSet } from '../domain/labels.js';
import { DEFAULT_TRUST } from '../domain/trust.js';
import { createCliClient } from './client.js';
import * as rules from '../settings/rules.js';
import { SettingError } from '../settings/rules.js';
import { createContext } from '../shell/context.js';
import { runExport } from '../shell/export.js';
import { exportFormats, exportPeriod, periodEnd } from '../export/options.js';
import { renderExportText } from '../export/summary.js';
import { fileReader } from '../shell/files.js';
import { sweep } from '../shell/sweep.js';
import { renderJobSummary } from '../sweep/summary.js';
import { previewChecklist } from './preview.js';
import { previewHtml } from './preview-html.js';
import { UsageError, type CliIo } from './io.js';

type Values = Record<string, string | boolean | undefined>;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/** Runs a rule on a flag; its message gets the flag's name in front. */
export function flag<T>(name: string, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof SettingError) throw new UsageError(`${name} ${error.message}`);
    throw error;
  }
}

/** `--repo OWNER/NAME`. */
export function parseRepo(value: string | undefined): { owner: string; repo: string } {
  if (value === undefined || value === '') throw new UsageError('--repo is required: pass --repo OWNER/NAME, e.g. --repo acme/people-ops');
  return flag('--repo', () => rules.repository(value));
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
  const now = flag('--now', () => rules.instant(text(values, 'now')));
  const timezone = flag('--timezone', () => rules.timezone(text(values, 'timezone')));
  const label = flag('--label', () => rules.label(text(values, 'label')));
  const checklistPath = text(values, 'checklist') || undefined;
  const token = (io.env.GITHUB_TOKEN || io.env.GH_TOKEN || '').trim();
  if (!token) {
    throw new UsageError(`no token: set GITHUB_TOKEN (or GH_TOKEN) to a token with issues: write and contents: read on ${repo.owner}/${repo.repo}`);
  }
  const apiUrl = flag('GITHUB_API_URL', () => rules.apiUrl(io.env.GITHUB_API_URL));
  const timeScale = rules.timeScale(io.env.OFFBOARDING_TIME_SCALE);
  const client = createCliClient(
    {
      token,
      baseUrl: apiUrl,
      log: (message) => io.stderr.write(`warning: ${message}\n`),
      timeScale,
    },
    io.env,
  );
  const orgToken = (io.env.OFFBOARDING_ORG_TOKEN ?? '').trim();
  const org = flag('--org', () => rules.organisation(text(values, 'org'), repo.owner));
  const maxRemovals = flag('--max-removals', () => rules.count(text(values, 'max-removals'), 5, 1000));
  const orgClient = orgToken
    ? createCliClient({ token: orgToken, baseUrl: apiUrl, log: (message) => io.stderr.write(`warning: ${message}\n`), timeScale }, io.env)
    : undefined;
  const repoUrl = `${rules.serverUrlFor(apiUrl)}/${repo.owner}/${repo.repo}`;
  const ctx = createContext({
    client,
    repo,
    org: { ...(orgClient ? { client: orgClient } : {}), org, maxRemovals },
    ...(values['dashboard'] === true ? { dashboard: { repoUrl } } : {}),
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
    timeScale,
  });
  return { ctx, repoUrl };
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

/** `offboarding export`: the audit export of a period, as files with their SHA-256; reads GitHub, writes only the files. */
export async function exportCommand(values: Values, io: CliIo): Promise<number> {
  const sinceRaw = text(values, 'since');
  if (!sinceRaw) throw new UsageError('export: --since is required: pass the first last day of the period, e.g. --since 2026-01-01');
  const since = flag('--since', () => rules.date(sinceRaw));
  const formats = flag('--format', () => exportFormats(text(values, 'format')));
  const { ctx } = await connect(values, io, { dryRun: false, log: (line) => io.stderr.write(`${line}\n`) });
  const until = flag('--until', () => exportPeriod(since, periodEnd(text(values, 'until'), ctx.now, ctx.timezone)).until);
  io.stderr.write(`Exporting ${ctx.repo.owner}/${ctx.repo.repo}: last days from ${since} to ${until}…\n`);
  const result = await runExport(ctx, { since, until, dir: text(values, 'out') || '.', formats });
  io.stdout.write(renderExportText(result));
  return 0;
}

/** The form a checklist file goes with: `.github/ISSUE_TEMPLATE/offboarding.yml` beside it, else the shipped form. */
function formBeside(file: string): { fields: readonly FieldDef[]; source: string } {
  for (const candidate of [join(dirname(file), 'ISSUE_TEMPLATE', 'offboarding.yml'), join('.github', 'ISSUE_TEMPLATE', 'offboarding.yml')]) {
    if (!existsSync(candidate)) continue;
    try {
      const fields = fieldsFromTemplate(readFileSync(candidate, 'utf8'));
      if (fields.length > 0) return { fields, source: candidate };
    } catch {
      // Not an issue form: the shipped one's options then.
    }
  }
  return { fields: DEFAULT_FIELDS, source: 'the shipped form' };
}

/** `workflow:` files the checklist names that are not beside it in `workflows/`. */
function missingWorkflows(file: string, checklist: Checklist): string[] {
  const dir = join(dirname(file), 'workflows');
  if (!existsSync(dir)) return [];
  return [...new Set(checklist.tasks.flatMap((t) => (t.automation?.kind === 'workflow' ? [t.automation.workflow] : [])))].filter(
    (name) => !existsSync(join(dir, name)),
  );
}

/** `offboarding check-checklist [FILE]`: problems with positions, else warnings and a preview of the plans it makes. */
export async function checkChecklist(fileArg: string | undefined, values: Values, io: CliIo): Promise<number> {
  const file = fileArg || DEFAULT_CHECKLIST_PATH;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`check-checklist: cannot read '${file}'${code === 'ENOENT' ? ': no such file' : ` (${(error as Error).message})`}`);
  }
  const now = flag('--now', () => rules.instant(text(values, 'now')));
  const timezone = flag('--timezone', () => rules.timezone(text(values, 'timezone')));
  const form = formBeside(file);
  try {
    const checklist = loadChecklist(source, file, { fields: form.fields });
    const warnings = [
      ...(checklist.warnings ?? []),
      ...missingWorkflows(file, checklist).map((name) => `${file}: workflow "${name}" is not in ${join(dirname(file), 'workflows')}: its dispatch will fail until it is committed there`),
    ];
    for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
    const options = { file, now, timezone, department: text(values, 'department') || 'Engineering' };
    io.stdout.write(previewChecklist(checklist, options));
    const html = text(values, 'html');
    if (html) {
      try {
        writeFileSync(html, previewHtml(checklist, options));
      } catch (error) {
        throw new UsageError(`check-checklist: cannot write '${html}' (${(error as Error).message}); pass --html a file in a folder that exists`);
      }
      io.stdout.write(`Preview of both sample trackers: ${html}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ChecklistError)) throw error;
    for (const problem of error.problems) io.stdout.write(`${formatProblem(problem)}\n`);
    const count = error.problems.length;
    io.stderr.write(`${file}: ${count} problem${count === 1 ? '' : 's'} (\`when\` values checked against ${form.source}); nothing checked beyond them.\n`);
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

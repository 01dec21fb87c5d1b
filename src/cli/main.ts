/**
 * `offboarding`: the action's core run by hand, for IT admins. Same client, same context, same
 * write gate as the action; only the shell differs (flags instead of inputs, a terminal instead
 * of a job summary).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import { GraphqlResponseError } from '@octokit/graphql';
import { ChecklistError } from '../checklist/problems.js';
import { statusOf, UnreachableError } from '../github/errors.js';
import { checkChecklist, exportCommand, runDemo, status, sweepCommand } from './commands.js';
import { UsageError, type CliIo } from './io.js';

export type { CliIo } from './io.js';

interface CommandSpec {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly positionals: number;
  /** The positionals may be left out. */
  readonly optionalPositionals?: boolean;
  readonly help: string;
  readonly run: (values: Record<string, string | boolean | undefined>, positionals: readonly string[], io: CliIo) => Promise<number>;
}

const REPO_HELP = '  --repo OWNER/NAME     the repository that holds the trackers (required)';
const ENV_HELP = [
  'Environment:',
  '  GITHUB_TOKEN (or GH_TOKEN)  a token with issues: write and contents: read on the repository',
  '  GITHUB_API_URL              API of GitHub Enterprise Server, e.g. https://github.example.com/api/v3',
].join('\n');

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  sweep: {
    summary: 'bring every open tracker up to date: escalations, labels, status, reports',
    usage: 'offboarding sweep --repo OWNER/NAME [--dry-run] [--now ISO] [--label L] [--timezone Z] [--checklist PATH] [--org ORG] [--max-removals N] [--dashboard]',
    positionals: 0,
    options: {
      repo: { type: 'string' },
      'dry-run': { type: 'boolean' },
      now: { type: 'string' },
      label: { type: 'string' },
      timezone: { type: 'string' },
      checklist: { type: 'string' },
      org: { type: 'string' },
      'max-removals': { type: 'string' },
      dashboard: { type: 'boolean' },
    },
    help: [
      'Does what the scheduled run of the action does, once, now.',
      '',
      'Options:',
      REPO_HELP,
      '  --dry-run             read everything, write nothing; print every write it would make',
      '  --now ISO             evaluate as of this instant, e.g. 2026-12-01T09:00:00Z (default: now)',
      "  --label L             the label that marks offboarding issues (default: offboarding)",
      '  --timezone Z          IANA zone for due dates when the checklist sets none (default: UTC)',
      '  --checklist PATH      checklist path in the repository (default: .github/offboarding.yml if',
      '                        present on the default branch, else the built-in checklist)',
      '  --org ORG             the organisation github: tasks check (default: the repository owner)',
      '  --max-removals N      most accounts whose GitHub access this run removes (default: 5)',
      '  --dashboard           keep the "Offboarding dashboard" issue current, as `dashboard: true` does',
      '',
      'github: tasks need OFFBOARDING_ORG_TOKEN (the org-token: a GitHub App installation token or a',
      'classic token with admin:org); without it they are ordinary tasks, as in the action.',
      '',
      'Exit status: 0 done, 1 a tracker or the checklist failed, 2 usage or setup error.',
    ].join('\n'),
    run: (values, _positionals, io) => sweepCommand(values, io),
  },
  status: {
    summary: 'print the table of open offboardings (read-only)',
    usage: 'offboarding status --repo OWNER/NAME [--now ISO] [--label L] [--timezone Z] [--checklist PATH]',
    positionals: 0,
    options: {
      repo: { type: 'string' },
      now: { type: 'string' },
      label: { type: 'string' },
      timezone: { type: 'string' },
      checklist: { type: 'string' },
    },
    help: [
      'Decides for every open tracker as a sweep would and prints the table; writes nothing.',
      '',
      'Options:',
      REPO_HELP,
      '  --now ISO             evaluate as of this instant (default: now)',
      '  --label L             the label that marks offboarding issues (default: offboarding)',
      '  --timezone Z          IANA zone when the checklist sets none (default: UTC)',
      '  --checklist PATH      checklist path in the repository (default: .github/offboarding.yml)',
    ].join('\n'),
    run: (values, _positionals, io) => status(values, io),
  },
  export: {
    summary: 'write the audit export of a period as CSV and JSON, with SHA-256 (read-only)',
    usage: 'offboarding export --repo OWNER/NAME --since YYYY-MM-DD [--until YYYY-MM-DD] [--out DIR] [--format csv,json]',
    positionals: 0,
    options: {
      repo: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      now: { type: 'string' },
      label: { type: 'string' },
      timezone: { type: 'string' },
    },
    help: [
      'Lists every offboarding tracker, open, closed or cancelled, whose last day falls in the period,',
      'with each security task\'s due instant, done at, done by, how, and on time or late by; writes',
      'offboarding-export.csv and offboarding-export.json to DIR and prints each file\'s SHA-256 (as',
      '`sha256sum -c` reads it) and the totals. Reads GitHub 100 trackers a request; writes nothing there.',
      '',
      'Options:',
      REPO_HELP,
      '  --since YYYY-MM-DD    first last day of the period, included (required)',
      '  --until YYYY-MM-DD    last last day of the period, included (default: today in --timezone)',
      '  --out DIR             where the files go, created if missing (default: the current directory)',
      '  --format csv,json     which files: csv, json or both (default: both)',
      '  --now ISO             evaluate as of this instant: what is overdue, the export\'s date (default: now)',
      "  --label L             the label that marks offboarding issues (default: offboarding)",
      '  --timezone Z          IANA zone for the default --until (default: UTC)',
      '',
      'Exit status: 0 written, 1 the export failed, 2 usage or setup error.',
    ].join('\n'),
    run: (values, _positionals, io) => exportCommand(values, io),
  },
  'check-checklist': {
    summary: 'validate a checklist file and preview the tasks it creates',
    usage: 'offboarding check-checklist [FILE] [--html OUT] [--department D] [--now ISO] [--timezone Z]',
    positionals: 1,
    optionalPositionals: true,
    options: {
      html: { type: 'string' },
      department: { type: 'string' },
      now: { type: 'string' },
      timezone: { type: 'string' },
    },
    help: [
      'Validates FILE (default: .github/offboarding.yml), its `when` values against the form beside it',
      '(.github/ISSUE_TEMPLATE/offboarding.yml, else the shipped form). On problems prints each as',
      'file:line:col: key: message and exits 1. Otherwise prints, for a sample Voluntary and a',
      'sample Involuntary request, the tasks per phase with owners and due dates. Needs no token.',
      '',
      'Options:',
      '  --html OUT            also write OUT: a page showing the two sample trackers as GitHub shows them',
      '  --department D        department of the sample requests (default: Engineering)',
      '  --now ISO             intake time of the samples (default: now); the last day is a week later',
      '  --timezone Z          IANA zone when the checklist sets none (default: UTC)',
    ].join('\n'),
    run: (values, positionals, io) => checkChecklist(positionals[0], values, io),
  },
  demo: {
    summary: 'run the end-to-end demo against the built-in GitHub emulator (from a clone)',
    usage: 'offboarding demo',
    positionals: 0,
    options: {},
    help: 'Runs `npm run demo`: a whole offboarding on a simulated clock, no token, no network.',
    run: (_values, _positionals, io) => runDemo(io),
  },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `offboarding ${pkg.version} — employee offboarding in GitHub Issues, by hand`,
    '',
    'Usage: offboarding <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`),
    '',
    'Options: --help (also after a command), --version',
    '',
    ENV_HELP,
  ].join('\n');
}

function commandHelp(name: string, spec: CommandSpec): string {
  return [`Usage: ${spec.usage}`, '', spec.help, ...(name === 'sweep' || name === 'status' || name === 'export' ? ['', ENV_HELP] : [])].join('\n');
}

/**
 * Runs the CLI with `argv` (the arguments after the script). Returns the exit status:
 * 0 success, 1 the work failed, 2 usage or setup error. Writes only to `io`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${mainHelp()}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const spec = COMMANDS[first];
  if (!spec) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    return fail(io, `${what}; commands: ${Object.keys(COMMANDS).join(', ')} (see offboarding --help)`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${commandHelp(first, spec)}\n`);
    return 0;
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: spec.options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    // node's messages are long and multi-line; the first line names the flag.
    const message = (error instanceof Error ? error.message : String(error)).split(/\.(?:\s|$)/)[0] ?? '';
    return fail(io, `${first}: ${message} (see offboarding ${first} --help)`);
  }
  if (parsed.positionals.length > spec.positionals || (parsed.positionals.length < spec.positionals && !spec.optionalPositionals)) {
    const extra = parsed.positionals.length > spec.positionals;
    return fail(
      io,
      extra
        ? `${first}: unexpected argument '${parsed.positionals[spec.positionals]}' (usage: ${spec.usage})`
        : `${first}: missing argument (usage: ${spec.usage})`,
    );
  }
  try {
    return await spec.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    if (error instanceof UsageError) return fail(io, error.message);
    if (error instanceof ChecklistError) {
      io.stderr.write(`offboarding: the checklist has errors:\n${error.message}\n`);
      return 1;
    }
    const { text, setup } = describe(error);
    io.stderr.write(`offboarding: ${text}\n`);
    return setup ? 2 : 1;
  }
}

function fail(io: CliIo, message: string): number {
  io.stderr.write(`offboarding: ${message}\n`);
  return 2;
}

/**
 * One line for an API or network failure, with what to check; `setup` when the fault is in how
 * the CLI was pointed at GitHub (token, repository, address), which exits 2 like a usage error.
 */
function describe(error: unknown): { text: string; setup: boolean } {
  if (error instanceof UnreachableError) return { text: error.message, setup: true };
  const status = statusOf(error);
  if (status !== undefined) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    if (status === 401) return { text: `GitHub refused the token (401 ${message}): check GITHUB_TOKEN`, setup: true };
    if (status === 403) return { text: `GitHub denied access (403 ${message}): the token needs issues: write and contents: read`, setup: true };
    if (status === 404) return { text: `not found (404 ${message}): check --repo, and that the token can read the repository`, setup: true };
    return { text: `GitHub answered ${String(status)}: ${message}`, setup: false };
  }
  if (error instanceof GraphqlResponseError) {
    // GraphQL answers 200 with the reasons in `errors` (e.g. a repository that does not exist).
    const reasons = (error.errors ?? []).map((e) => e.message).join('; ').replace(/\s+/g, ' ');
    const missing = (error.errors ?? []).some((e) => e.type === 'NOT_FOUND');
    return missing
      ? { text: `not found (${reasons}): check --repo, and that the token can read the repository`, setup: true }
      : { text: `GitHub GraphQL: ${reasons}`, setup: false };
  }
  if (error instanceof Error) {
    const cause = error.cause;
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    return { text: `${error.message.split('\n')[0] ?? ''}${detail}`, setup: false };
  }
  return { text: `unexpected failure: ${String(error)}`, setup: false };
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { runCli } from '../../src/cli/main.js';
import { form } from '../support/form.js';
import { runAction } from '../support/runner.js';
import { people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'none', sroe: 'none' });
const CHECKLIST = `owners:
  IT:
    logins: [it-ivan, it-irene]
    escalate-to: [cio-carla]
`;

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: Record<string, string | undefined> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

describe('offboarding CLI against the emulator', () => {
  let gh: Emulator;
  let env: Record<string, string>;

  beforeEach(async () => {
    gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
    gh.state.putFile('.github/offboarding.yml', CHECKLIST);
    env = { GITHUB_TOKEN: 'cli-token', GITHUB_API_URL: gh.url, OFFBOARDING_TIME_SCALE: '0.01' };
    // Two real trackers, made by the bundled action's intake.
    for (const values of [{ 'employee-name': 'Jane Doe' }, { 'employee-name': 'Sam Roe', 'employee-login': 'sroe', 'departure-type': 'Involuntary' }]) {
      const { payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(values), labels: [] });
      const run = await runAction(gh, { event: 'issues', payload });
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
  });
  afterEach(async () => gh.close());

  const repo = () => `${gh.owner}/${gh.repo}`;

  it('sweeps every tracker: escalates what is overdue and prints the table', async () => {
    const before = gh.log.writes().length;
    const result = await cli(['sweep', '--repo', repo(), '--now', '2026-11-26T12:00:00Z'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('## Open offboardings (2)');
    expect(result.stdout).toMatch(/\| \[#2\]\(http:\/\/127\.0\.0\.1:\d+\/acme\/people-ops\/issues\/2\) \| Sam Roe \|/);
    expect(result.stdout).toMatch(/post escalation comment/);
    expect(result.stderr).toMatch(/^Sweeping acme\/people-ops as of 2026-11-26T12:00:00.000Z/);
    expect(gh.log.writes().length).toBeGreaterThan(before);
    const escalation = gh.state.comments(2).find((c) => c.body.includes('<!-- offboarding:escalation'));
    expect(escalation?.body).toMatch(/@it-ivan @it-irene/);

    // Idempotent: the same sweep again writes nothing.
    const writes = gh.log.writes().length;
    const again = await cli(['sweep', '--repo', repo(), '--now', '2026-11-26T12:00:00Z'], env);
    expect(again.code).toBe(0);
    expect(gh.log.writes().length).toBe(writes);
  });

  it('--dry-run prints the writes and makes none', async () => {
    const before = gh.log.writes().length;
    const result = await cli(['sweep', '--repo', repo(), '--dry-run', '--now', '2026-11-26T12:00:00Z'], { ...env, GITHUB_TOKEN: undefined, GH_TOKEN: 't' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\[dry-run\] would #2: post escalation comment/);
    expect(result.stdout).toMatch(/no writes \(dry run\)/);
    expect(gh.log.writes().length).toBe(before);
  });

  it('status prints the dashboard and writes nothing', async () => {
    const before = gh.log.writes().length;
    const result = await cli(['status', '--repo', repo(), '--now', '2026-11-26T12:00:00Z'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^## Open offboardings \(2\)/);
    expect(result.stdout).toContain('| Tracker | Employee | Last day | Progress | Overdue | Oldest overdue |');
    expect(result.stdout).toMatch(/Sam Roe \| 2026-12-04 \| 0 of \d+ done \(0%\) \| \*\*\d+\*\* \(🔒 \d+\)/);
    expect(result.stdout).not.toMatch(/would/);
    expect(gh.log.writes().length).toBe(before);
  });

  it('fails with one line and status 2 for a bad --repo, a missing token, a bad API URL, unknown flags', async () => {
    const cases: Array<[string[], Record<string, string | undefined>, RegExp]> = [
      [['sweep', '--repo', 'not-a-repo'], env, /--repo is 'not-a-repo', which is not OWNER\/NAME/],
      [['sweep'], env, /--repo is required/],
      [['sweep', '--repo', repo()], { GITHUB_API_URL: gh.url }, /no token: set GITHUB_TOKEN \(or GH_TOKEN\)/],
      [['status', '--repo', repo()], { ...env, GITHUB_API_URL: 'ftp:/nowhere' }, /GITHUB_API_URL is 'ftp:\/nowhere', which is not a URL/],
      [['sweep', '--repo', repo(), '--now', 'tomorrow'], env, /--now is 'tomorrow'/],
      [['sweep', '--repo', repo(), '--timezone', 'Mars/Olympus'], env, /--timezone is 'Mars\/Olympus'/],
      [['sweep', '--repo', repo(), '--frobnicate'], env, /sweep: Unknown option '--frobnicate'/],
      [['purge'], env, /unknown command 'purge'/],
    ];
    const writesAtStart = gh.log.writes().length;
    for (const [argv, environment, message] of cases) {
      const result = await cli(argv, environment);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(gh.log.writes()).toHaveLength(writesAtStart);
  });

  it('says which repository a 404 is about, as a setup error', async () => {
    const result = await cli(['status', '--repo', 'acme/nope'], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(/acme\/nope|not found/i);
  });
});

describe('offboarding check-checklist', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checklist-'));

  it('previews the tasks of a Voluntary and an Involuntary sample', async () => {
    const file = join(dir, 'good.yml');
    writeFileSync(file, `timezone: Europe/Berlin\n${CHECKLIST}`);
    const result = await cli(['check-checklist', file, '--now', '2026-11-26T10:00:00Z']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`${file}: valid — 17 task templates in 3 phases, times in Europe/Berlin`);
    expect(result.stdout).toMatch(/^Voluntary departure — sample: last day 2026-12-03/m);
    expect(result.stdout).toMatch(/^Involuntary departure — sample/m);
    expect(result.stdout).toMatch(/🔒 Disable email account {2}\[IT: it-ivan, it-irene; escalates to cio-carla\] {2}due Thu 3 Dec 2026, 23:59 CET/);
    // Involuntary: security tasks fall due an hour after filing.
    expect(result.stdout).toMatch(/🔒 Disable email account .* due Thu 26 Nov 2026, 12:00 CET/);
    expect(result.stdout).toMatch(/Document knowledge transfer {2}\[manager: manager from the form\]/);
    expect(result.stdout).toMatch(/Recover Laptop \(sample asset\)/);
  });

  it('lists every problem as file:line:col: key: message and exits 1', async () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(file, ['owners:', '  IT:', '    logins: [it-ivan]', 'tasks:', '  - id: disable-email', '    title: Disable email', '    phase: immediate', '    owner: ITT', '    colour: red', ''].join('\n'));
    const result = await cli(['check-checklist', file]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\S+: .+`));
    expect(result.stdout).toContain(`${file}:8:12: tasks[0].owner:`);
    expect(result.stdout).toContain(`${file}:9:5: tasks[0].colour: unknown key "colour"`);
    expect(result.stderr).toMatch(/problems/);
  });

  it('--html writes the two sample trackers as GitHub shows them: checkboxes, owners as mentions, no script', async () => {
    const file = join(dir, 'page.yml');
    writeFileSync(file, `timezone: Europe/Berlin\n${CHECKLIST}`);
    const out = join(dir, 'preview.html');
    const result = await cli(['check-checklist', file, '--html', out, '--now', '2026-11-26T10:00:00Z']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Preview of both sample trackers: ${out}`);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script/i);
    // Two trackers, each with one checkbox per task (17 built-in + 1 sample asset) and the line
    // confirming the GitHub account that revoke-github (github: remove) removes.
    expect(page.match(/type="checkbox"/g)).toHaveLength(2 * (17 + 1 + 1));
    expect(page.match(/This is the right account/g)).toHaveLength(2);
    expect(page).toContain('<span class="mention">@it-ivan</span>');
    expect(page).toContain('Offboarding: Sample Person — last day 2026-12-03');
    expect(page).toMatch(/<h2[^>]*>Immediate \(by end of the last day\)/);
  });

  it('--html to a folder that does not exist is one line and status 2', async () => {
    const file = join(dir, 'page2.yml');
    writeFileSync(file, CHECKLIST);
    const result = await cli(['check-checklist', file, '--html', join(dir, 'no', 'such', 'dir', 'p.html')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write '.*p\.html'.*a folder that exists/);
  });

  it('a missing file is one line and status 2', async () => {
    const result = await cli(['check-checklist', join(dir, 'nope.yml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read '.*nope\.yml': no such file/);
  });
});

describe('offboarding --help and --version', () => {
  it('prints the commands, each command its options, and the version', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    for (const command of ['sweep', 'status', 'check-checklist', 'demo']) expect(main.stdout).toContain(`  ${command}`);
    const sweep = await cli(['sweep', '--help']);
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toMatch(/^Usage: offboarding sweep --repo OWNER\/NAME \[--dry-run\]/);
    expect(sweep.stdout).toContain('GITHUB_API_URL');
    const check = await cli(['check-checklist', '--help']);
    expect(check.stdout).toMatch(/file:line:col: key: message/);
    const version = await cli(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

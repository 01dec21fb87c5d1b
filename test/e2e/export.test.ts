/**
 * The audit export against the emulator: trackers made by the action's own intake (and commands,
 * ticks, deletions), exported through the CLI, the files read back and their SHA-256 checked.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { runCli } from '../../src/cli/main.js';
import { STATUS_MARKER } from '../../src/domain/markers.js';
import { CSV_COLUMNS, csvCell, csvRecords } from '../../src/export/csv.js';
import type { ExportDocument } from '../../src/export/json.js';
import type { OffboardingRow } from '../../src/export/rows.js';
import { emptyLedger, encodeLedger } from '../../src/ledger/ledger.js';
import { parseTracker } from '../../src/tracker/parse.js';
import { renderTracker, trackerTitle } from '../../src/tracker/render.js';
import { form } from '../support/form.js';
import { runAction } from '../support/runner.js';
import { people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'write' });

const CHECKLIST = `
owners:
  IT: { logins: [it-ivan, it-irene], escalate-to: [cio-carla] }
  Security: { logins: [sec-sam] }
  HR: { logins: [hr-hana] }
  Facilities: { logins: [hr-hana] }
  Finance: { logins: [hr-hana] }
phases:
  - { id: immediate, title: Immediate, due: 0d }
  - { id: later, title: Later, due: 2d }
tasks:
  - { id: disable-email, title: Disable email account, phase: immediate, owner: IT, security: true, controls: ['PS-4(a)'] }
  - { id: revoke-vpn, title: Revoke VPN access, phase: immediate, owner: IT, security: true, controls: ['PS-4(a)', 'PS-4(b)'] }
  - { id: exit-interview, title: Exit interview, phase: later, owner: HR }
assets: { phase: later, owner: IT }
`;

const BOT = 'github-actions[bot]';
const NOW = '2026-12-10T12:00:00.000Z';
let gh: Emulator;
let env: Record<string, string>;

beforeEach(async () => {
  const leavers = ['ccomplete', 'ccancel', 'ooverdue', 'ooutside', 'ddeleted', 'sstripped', 'eedited', 'fformula'];
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS, accounts: Object.fromEntries(leavers.map((l) => [l, {}])) });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
  env = { GITHUB_TOKEN: 'cli-token', GITHUB_API_URL: gh.url, OFFBOARDING_TIME_SCALE: '0.01' };
});
afterEach(async () => gh.close());

async function tracker(values: Record<string, string>): Promise<number> {
  gh.clock.set('2026-11-26T10:00:00Z');
  const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form({ assets: '', ...values }), labels: ['offboarding'] });
  const run = await runAction(gh, { event: 'issues', payload });
  expect(run.code, run.stdout).toBe(0);
  expect(parseTracker(gh.state.issue(number).body ?? '').plan?.issue, run.stdout).toBe(number);
  return number;
}

async function tick(n: number, taskId: string, actor: string, at: string): Promise<void> {
  gh.clock.set(at);
  const run = await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor, taskId }) });
  expect(run.code, run.stdout).toBe(0);
}

function statusId(n: number): number {
  const comment = gh.state.comments(n).find((c) => c.body.includes(STATUS_MARKER));
  if (!comment) throw new Error(`#${n} has no status comment`);
  return comment.id;
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function exportArgs(out: string, ...more: string[]): string[] {
  return ['export', '--repo', `${gh.owner}/${gh.repo}`, '--since', '2026-12-01', '--until', '2026-12-31', '--out', out, '--now', NOW, ...more];
}

function row(document: ExportDocument, issue: number): OffboardingRow {
  const found = document.offboardings.find((r) => r.issue === issue);
  if (!found) throw new Error(`#${issue} is not in the export`);
  return found;
}

describe('audit export through the CLI', () => {
  it('lists every offboarding of the period in every state, the CSV reads back to the same values, SHA-256 printed', async () => {
    // Completed: every task ticked by its owner, the last one late; closed with a report.
    const completed = await tracker({ 'employee-name': 'Carl Complete', 'employee-login': 'ccomplete', 'last-day': '2026-12-04' });
    await tick(completed, 'disable-email', 'it-ivan', '2026-12-04T20:00:00Z');
    await tick(completed, 'revoke-vpn', 'it-irene', '2026-12-05T03:00:00Z');
    await tick(completed, 'exit-interview', 'hr-hana', '2026-12-05T09:00:00Z');
    expect(gh.state.issue(completed).state).toBe('closed');

    // Cancelled by a command.
    const cancelled = await tracker({ 'employee-name': 'Cora Cancel', 'employee-login': 'ccancel', 'last-day': '2026-12-11' });
    gh.clock.set('2026-11-27T09:00:00Z');
    const { payload } = gh.comment(cancelled, { actor: 'hr-hana', body: '/offboarding cancel the resignation was withdrawn' });
    expect((await runAction(gh, { event: 'issue_comment', payload })).code).toBe(0);
    expect(gh.state.issue(cancelled).state).toBe('closed');

    // Open and overdue.
    const overdue = await tracker({ 'employee-name': 'Olga Overdue', 'employee-login': 'ooverdue', 'last-day': '2026-12-01', 'departure-type': 'Involuntary' });
    // Outside the period.
    const outside = await tracker({ 'employee-name': 'Otto Outside', 'employee-login': 'ooutside', 'last-day': '2027-01-15' });
    // Damaged: the status comment deleted after a tick.
    const deleted = await tracker({ 'employee-name': 'Dora Deleted', 'employee-login': 'ddeleted', 'last-day': '2026-12-02' });
    await tick(deleted, 'disable-email', 'it-ivan', '2026-11-30T10:00:00Z');
    gh.deleteComment(statusId(deleted), { actor: 'hr-hana' });
    // Damaged: the ledger line gone from the status comment (no edit a person made, so none to restore from).
    const stripped = await tracker({ 'employee-name': 'Stan Stripped', 'employee-login': 'sstripped', 'last-day': '2026-12-03' });
    const comment = gh.state.raw.comment(statusId(stripped));
    comment.body = comment.body.replace(/<!-- offboarding:ledger [^>]*-->/, '');
    // Edited by a person: the action's own last revision is read instead.
    const edited = await tracker({ 'employee-name': 'Eve Edited', 'employee-login': 'eedited', 'last-day': '2026-12-05' });
    await tick(edited, 'disable-email', 'it-ivan', '2026-12-01T10:00:00Z');
    gh.editComment(statusId(edited), { actor: 'hr-hana', body: '<!-- offboarding:status -->\nAll done, trust me.' });
    // A name that a spreadsheet would run as a formula.
    const formula = await tracker({ 'employee-name': '=HYPERLINK("http://evil.example","open me")', 'employee-login': 'fformula', 'last-day': '2026-12-31' });

    const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'audit');
    gh.log.clear();
    const result = await cli(exportArgs(out));
    expect(result.code, result.stderr).toBe(0);
    // Reads only: the page of trackers and one batched edit-history read for the edited status comment.
    expect(gh.log.writes()).toEqual([]);
    expect(gh.log.reads().map((r) => r.graphql)).toEqual(['query', 'query']);

    const csvPath = join(out, 'offboarding-export.csv');
    const jsonPath = join(out, 'offboarding-export.json');
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([`${sha256(csvPath)}  ${csvPath}`, `${sha256(jsonPath)}  ${jsonPath}`]);
    expect(result.stdout).toMatch(/7 offboardings with a last day from 2026-12-01 to 2026-12-31: 1 completed, 5 open, 1 cancelled, 0 closed without completing\./);
    expect(result.stdout).toMatch(/listed with an incomplete record \(see the notes column\): #\d+, #\d+\./);
    expect(result.stderr).toMatch(new RegExp(`warning: #${deleted}: listed in the export with what is still known: the status comment \\(the action's record\\) was deleted`));

    const document = JSON.parse(readFileSync(jsonPath, 'utf8')) as ExportDocument;
    expect(document).toMatchObject({ version: 1, repository: 'acme/people-ops', period: { since: '2026-12-01', until: '2026-12-31' }, generatedAt: NOW });
    // Sorted by last day; the one outside the period is not there.
    expect(document.offboardings.map((r) => r.issue)).toEqual([overdue, deleted, stripped, completed, edited, cancelled, formula]);
    expect(document.offboardings.some((r) => r.issue === outside)).toBe(false);

    const done = row(document, completed);
    expect(done).toMatchObject({ state: 'completed', record: 'ok', lastDay: '2026-12-04', departureType: 'Voluntary', employee: { name: 'Carl Complete', login: 'ccomplete', manager: 'mgr-maria' } });
    expect(done.securityTasks).toEqual([
      expect.objectContaining({ id: 'disable-email', controls: ['PS-4(a)'], due: '2026-12-04T23:59:59.999Z', doneAt: '2026-12-04T20:00:00.000Z', doneBy: 'it-ivan', how: 'person', evidence: 'event', result: 'on-time', lateBy: 'on time' }),
      expect.objectContaining({ id: 'revoke-vpn', doneAt: '2026-12-05T03:00:00.000Z', doneBy: 'it-irene', result: 'late', lateByMs: 3 * 3600_000 + 1, lateBy: 'late by 3h' }),
    ]);
    expect(done.endedAt).toBe('2026-12-05T09:00:00.000Z');

    expect(row(document, cancelled)).toMatchObject({
      state: 'cancelled',
      cancelled: { by: 'hr-hana', reason: 'the resignation was withdrawn', at: '2026-11-27T09:00:00.000Z' },
      securityTasks: [expect.objectContaining({ result: 'cancelled' }), expect.objectContaining({ result: 'cancelled' })],
    });
    const late = row(document, overdue);
    expect(late).toMatchObject({ state: 'open', departureType: 'Involuntary', record: 'ok' });
    expect(late.securityTasks.every((t) => t.result === 'overdue' && (t.lateByMs ?? 0) > 0)).toBe(true);

    expect(row(document, deleted)).toMatchObject({
      record: 'from-body',
      state: 'open',
      employee: { name: 'Dora Deleted' },
      securityTasks: [expect.objectContaining({ id: 'disable-email', state: 'done', result: 'done', doneBy: null }), expect.objectContaining({ id: 'revoke-vpn', result: 'overdue' })],
    });
    expect(row(document, deleted).notes[0]).toMatch(/the status comment \(the action's record\) was deleted/);
    expect(row(document, stripped)).toMatchObject({ record: 'from-body', notes: [expect.stringMatching(/hidden record was removed/)] });
    expect(row(document, edited)).toMatchObject({ record: 'restored', securityTasks: [expect.objectContaining({ doneBy: 'it-ivan', result: 'on-time' }), expect.anything()] });
    expect(row(document, edited).notes[0]).toMatch(/edited by hr-hana .*the action's own last revision of it was used/);
    expect(row(document, formula).employee.name).toBe('=HYPERLINK("http://evil.example","open me")');
    expect(document.totals).toMatchObject({ departures: 7, securityTasks: 14, onTime: 2, late: 1, doneUntimed: 1, cancelled: 2, incompleteRecords: 2 });

    // The CSV says the same, cell for cell, neutralised where a spreadsheet would run a formula.
    const text = readFileSync(csvPath, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const [header, ...records] = parse(text, { bom: true }) as string[][];
    expect(header).toEqual([...CSV_COLUMNS]);
    const expected = document.offboardings.flatMap(csvRecords).map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])));
    expect(records).toEqual(expected);
    expect(records).toHaveLength(14);
    const name = records.find((r) => r[CSV_COLUMNS.indexOf('issue')] === String(formula))?.[CSV_COLUMNS.indexOf('employee_name')];
    expect(name).toBe('\'=HYPERLINK("http://evil.example","open me")');

    // --format json writes only the JSON; the same content, so the same SHA-256.
    const jsonOnly = join(out, 'json-only');
    const again = await cli(exportArgs(jsonOnly, '--format', 'json'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe(`${sha256(jsonPath)}  ${join(jsonOnly, 'offboarding-export.json')}`);

    // The completed one's record deleted too: its evidence now comes from the report the action posted.
    gh.deleteComment(statusId(completed), { actor: 'hr-hana' });
    const fromReport = join(out, 'from-report');
    expect((await cli(exportArgs(fromReport, '--format', 'json'))).code).toBe(0);
    const later = JSON.parse(readFileSync(join(fromReport, 'offboarding-export.json'), 'utf8')) as ExportDocument;
    expect(row(later, completed)).toEqual({ ...done, record: 'from-report', notes: [expect.stringMatching(/was deleted: the evidence comes from the action's final report of 2026-12-05T09:00:00.000Z$/)] });
  });

  it('reads ceil(N/100) pages for N trackers, open and closed: 3 GraphQL requests for 250', async () => {
    const first = await tracker({ 'employee-name': 'Tina Template', 'last-day': '2026-12-04' });
    const plan = parseTracker(gh.state.issue(first).body ?? '').plan;
    if (!plan) throw new Error('no plan');
    gh.clock.set('2026-11-26T11:00:00Z');
    // 249 more, as the action would have left them: the body with its plan, the status comment.
    for (let i = 0; i < 249; i++) {
      const lastDay = `2026-12-${String((i % 28) + 1).padStart(2, '0')}`;
      const { number } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: 'placeholder', labels: ['offboarding'] });
      const own = { ...plan, issue: number, request: { ...plan.request, employeeName: `Person ${i}`, lastDay } };
      const issue = gh.state.raw.issue(number);
      issue.body = renderTracker(own, '');
      issue.title = trackerTitle(own);
      if (i % 2 === 0) {
        issue.state = 'closed';
        issue.stateReason = 'completed';
      }
      gh.comment(number, { actor: BOT, body: `${STATUS_MARKER}\nStatus.\n${encodeLedger(emptyLedger(own))}` });
    }
    const out = mkdtempSync(join(tmpdir(), 'export-'));
    gh.log.clear();
    const result = await cli(exportArgs(out, '--format', 'csv'));
    expect(result.code, result.stderr).toBe(0);
    const reads = gh.log.reads();
    expect(reads.filter((r) => r.graphql === 'query')).toHaveLength(3);
    expect(reads).toHaveLength(3);
    expect(gh.log.writes()).toEqual([]);
    expect(result.stdout).toContain('250 offboardings with a last day from 2026-12-01 to 2026-12-31: 0 completed, 125 open, 0 cancelled, 125 closed without completing.');
    const [, ...records] = parse(readFileSync(join(out, 'offboarding-export.csv'), 'utf8'), { bom: true }) as string[][];
    expect(new Set(records.map((r) => r[0])).size).toBe(250);
  });

  it('refuses a period that ends before it starts, a bad date, an unknown format, a missing --since', async () => {
    const repo = `${gh.owner}/${gh.repo}`;
    const cases: Array<[string[], RegExp]> = [
      [['export', '--repo', repo, '--since', '2026-12-02', '--until', '2026-12-01'], /--until is 2026-12-01, before the start of the period \(2026-12-02\)/],
      [['export', '--repo', repo, '--since', '2026-02-30'], /--since is '2026-02-30', which is not a date/],
      [['export', '--repo', repo, '--since', '2026-12-01', '--format', 'xlsx'], /--format is 'xlsx': use csv, json or csv,json/],
      [['export', '--repo', repo], /--since is required/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(gh.log.reads()).toEqual([]);
    const help = await cli(['export', '--help']);
    expect(help.stdout).toMatch(/^Usage: offboarding export --repo OWNER\/NAME --since YYYY-MM-DD/);
  });
});

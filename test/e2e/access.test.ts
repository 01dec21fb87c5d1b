import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { runCli } from '../../src/cli/main.js';
import { form } from '../support/form.js';
import { runAction, type ActionRun } from '../support/runner.js';
import { people } from '../support/people.js';

const USERS = people({ 'reader-rita': 'read', 'dev-dana': 'write' });

const CHECKLIST = (mode: 'remove' | 'verify') => `
owners:
  IT: { logins: [it-ivan] }
  HR: { logins: [hr-hana] }
phases:
  - { id: immediate, title: Immediate, due: 0d }
  - { id: later, title: Later, due: 2d }
tasks:
  - { id: revoke-github, title: Revoke GitHub access, phase: immediate, owner: IT, security: true, github: ${mode} }
  - { id: exit-interview, title: Exit interview, phase: later, owner: HR }
assets: { phase: later, owner: IT }
`;

const ORG_APP = {
  type: 'app' as const,
  login: 'offboarding-app[bot]',
  organization: { members: 'write', organization_personal_access_tokens: 'write', organization_copilot_seat_management: 'write' } as const,
};
const ORG_READER = {
  type: 'app' as const,
  login: 'offboarding-reader[bot]',
  organization: { members: 'read', organization_personal_access_tokens: 'read', organization_copilot_seat_management: 'read' } as const,
};

let gh: Emulator;

async function setup(mode: 'remove' | 'verify' = 'remove', orgRemovalDelayMs = 5 * 60_000): Promise<void> {
  gh = await startEmulator({
    now: new Date('2026-11-26T10:00:00Z'),
    users: USERS,
    accounts: { 'dev-dana': { name: 'Dana Developer' } },
    tokens: { 'org-token': ORG_APP, 'org-reader': ORG_READER },
    orgRemovalDelayMs,
  });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST(mode));
  gh.org.addMember('dev-dana');
  gh.org.addTeam('engineering', ['dev-dana']);
  gh.org.grantToken('dev-dana', { name: 'laptop-cli' });
  gh.org.addCopilotSeat('dev-dana');
}
afterEach(async () => gh.close());

const WITH_ORG = { 'org-token': 'org-token' };

async function tracker(overrides = {}, inputs: Record<string, string> = WITH_ORG): Promise<number> {
  const { number, payload } = gh.fileIssue({
    author: 'hr-hana',
    title: 'Offboarding',
    body: form({ 'employee-name': 'Dana Dev', 'employee-login': 'dev-dana', assets: '', ...overrides }),
    labels: ['offboarding'],
  });
  const run = await runAction(gh, { event: 'issues', payload, inputs });
  expect(run.code, run.stdout).toBe(0);
  return number;
}

async function sweep(inputs: Record<string, string> = WITH_ORG): Promise<ActionRun> {
  const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload(), inputs });
  expect(run.code, run.stdout).toBe(0);
  return run;
}

/** A person ticks the confirmation line in the UI; their `edited` event runs the action. */
async function confirm(n: number, actor: string): Promise<ActionRun> {
  const payload = gh.tickText(n, { actor, match: '<!-- confirm:github -->' });
  const run = await runAction(gh, { event: 'issues', payload, inputs: WITH_ORG });
  expect(run.code, run.stdout).toBe(0);
  return run;
}

function status(n: number): string {
  return gh.state.comments(n).find((c) => c.body.includes('<!-- offboarding:status -->'))?.body ?? '';
}

function orgWrites(): string[] {
  return gh.log.writes().filter((w) => w.path.startsWith('/orgs/')).map((w) => `${w.method} ${w.path}`);
}

describe('github: tasks', () => {
  it('shows the account in the tracker and refuses a login that is no account', async () => {
    await setup();
    const n = await tracker();
    const body = gh.state.issue(n).body ?? '';
    expect(body).toMatch(/`dev-dana` — account \d+, Dana Developer \(not mentioned\)/);
    expect(body).toMatch(/- \[ \] This is the right account: remove its access when “Revoke GitHub access” falls due <!-- confirm:github -->/);
    expect(status(n)).toMatch(/Organisation membership: \*\*still held\*\*/);
    expect(status(n)).toMatch(/Copilot seat: \*\*still held\*\*/);
    expect(status(n)).toMatch(/Waiting for confirmation/);
    const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'x', body: form({ 'employee-login': 'no-such-dev' }), labels: ['offboarding'] });
    await runAction(gh, { event: 'issues', payload, inputs: WITH_ORG });
    expect(gh.state.comments(number).map((c) => c.body).join('\n')).toMatch(/`no-such-dev` is not a GitHub account/);
  });

  it('removes nothing before confirmation, then each item once it is due and confirmed, and verifies an hour later', async () => {
    await setup();
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.log.clear();
    await sweep();
    expect(orgWrites()).toEqual([]);
    expect(gh.org.isMember('dev-dana')).toBe(true);
    await confirm(n, 'it-ivan');
    const removals = orgWrites();
    expect(removals).toEqual([
      'DELETE /orgs/acme/memberships/dev-dana',
      'POST /orgs/acme/personal-access-tokens',
      'DELETE /orgs/acme/copilot/billing/selected_users',
    ]);
    expect(status(n)).toMatch(/Confirmed by `it-ivan`/);
    expect(status(n)).toMatch(/Removed organisation membership/);
    // GitHub finishes in the background: not verified yet, the task stays open.
    expect(gh.state.issue(n).labels).toContain('offboarding:security-overdue');
    gh.clock.set('2026-12-05T01:30:00Z');
    gh.log.clear();
    await sweep();
    expect(orgWrites()).toEqual([]);
    expect(status(n)).toMatch(/✅ Verified at Sat 5 Dec 2026, 01:30 UTC: nothing left/);
    expect(gh.state.issue(n).labels).not.toContain('offboarding:security-overdue');
    // Verified: later sweeps spend no organisation request on it.
    gh.log.clear();
    await sweep();
    expect(gh.log.reads().filter((r) => r.path.startsWith('/orgs/') || r.path.includes('copilot'))).toEqual([]);
    // The report: per item, held at intake, removed by, removed at, verified at.
    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'hr-hana', taskId: 'exit-interview' }), inputs: WITH_ORG });
    const report = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:report -->')).map((c) => c.body).join('\n');
    expect(report).toMatch(/### GitHub access \(acme\)/);
    expect(report).toMatch(/\| Organisation membership \| yes \| the action \| Sat 5 Dec 00:30 \| Sat 5 Dec 01:30 \|/);
    expect(report).toMatch(/\| Outside-collaborator access \| no \| already absent \|/);
    expect(report).toMatch(/Revoke GitHub access .*\| verified \|/);
  });

  it('verify only: a tick while the account is still a member is flagged and does not count; verified once a person removed it', async () => {
    await setup('verify', 0);
    const n = await tracker();
    gh.clock.set('2026-12-05T02:00:00Z');
    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'it-ivan', taskId: 'revoke-github' }), inputs: WITH_ORG });
    expect(status(n)).toMatch(/was ticked by `it-ivan`, but `dev-dana` still holds access in acme \(checked at Sat 5 Dec 2026, 02:00 UTC\): the task stays open/);
    expect(status(n)).toMatch(/0 of 2 done/);
    gh.log.clear();
    await sweep();
    expect(orgWrites()).toEqual([]);
    expect(gh.state.comments(n).some((c) => c.body.includes('<!-- offboarding:escalation'))).toBe(true);
    gh.org.removeMembership('dev-dana');
    gh.org.revokeTokens({ action: 'revoke', pat_ids: gh.org.tokenGrants(['dev-dana']).map((t) => t.id) });
    gh.org.cancelCopilotSeats({ selected_usernames: ['dev-dana'] });
    gh.clock.set('2026-12-05T03:00:00Z');
    await sweep();
    expect(status(n)).toMatch(/✅ Verified at Sat 5 Dec 2026, 03:00 UTC/);
    expect(status(n)).toMatch(/1 of 2 done/);
  });

  it('never removes an organisation owner: tells the owners instead', async () => {
    await setup();
    gh.org.addMember('dev-dana', { role: 'admin' });
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    await confirm(n, 'it-ivan');
    expect(orgWrites()).toEqual([]);
    expect(gh.org.isMember('dev-dana')).toBe(true);
    const notice = gh.state.comments(n).find((c) => c.body.includes('<!-- offboarding:notice github-owner:dev-dana -->'));
    expect(notice?.body).toMatch(/is an \*\*owner\*\* of the acme organisation\. The action never removes an owner: @it-ivan/);
    await sweep();
    expect(gh.state.comments(n).filter((c) => c.body.includes('github-owner:dev-dana'))).toHaveLength(1);
  });

  it('the departing employee and a reader cannot confirm', async () => {
    await setup();
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    await confirm(n, 'dev-dana');
    expect(orgWrites()).toEqual([]);
    expect(status(n)).toMatch(/ticked by `dev-dana` at .* does not count: the departing employee cannot confirm their own removal/);
    expect(gh.org.isMember('dev-dana')).toBe(true);
  });

  it('removes nobody when more accounts are due at once than max-removals, and says why', async () => {
    await setup();
    const inputs = { ...WITH_ORG, 'max-removals': '1' };
    gh.state.setPermission('dev-dino', 'write');
    gh.org.addMember('dev-dino');
    const a = await tracker({}, inputs);
    const b = await tracker({ 'employee-name': 'Dino Dev', 'employee-login': 'dev-dino' }, inputs);
    // Confirmed in the UI; the events' runs were dropped: the sweep finds who ticked in the edit history.
    for (const n of [a, b]) gh.tickText(n, { actor: 'it-ivan', match: '<!-- confirm:github -->' });
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.log.clear();
    const run = await sweep(inputs);
    expect(orgWrites()).toEqual([]);
    expect(run.stdout).toMatch(/::warning::2 accounts are due for GitHub access removal in one run, more than max-removals \(1\): none was removed/);
    expect(status(a)).toMatch(/⏸️ 2 accounts are due/);
    gh.log.clear();
    await sweep({ ...WITH_ORG, 'max-removals': '5' });
    expect(orgWrites().filter((w) => w.startsWith('DELETE /orgs/acme/memberships/'))).toHaveLength(2);
  });

  it('a dry run prints each removal and makes none', async () => {
    await setup();
    const n = await tracker();
    gh.tickText(n, { actor: 'it-ivan', match: '<!-- confirm:github -->' });
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.log.clear();
    const run = await sweep({ ...WITH_ORG, 'dry-run': 'true' });
    expect(run.stdout).toMatch(/\[dry-run\] would #\d+: remove dev-dana's organisation membership \(and team memberships\) from acme/);
    expect(run.stdout).toMatch(/\[dry-run\] would #\d+: remove dev-dana's 1 fine-grained token grant from acme/);
    expect(run.stdout).toMatch(/\[dry-run\] would #\d+: remove dev-dana's Copilot seat from acme/);
    expect(gh.log.writes()).toEqual([]);
    expect(gh.org.isMember('dev-dana')).toBe(true);
  });

  it('the CLI sweep does the same with OFFBOARDING_ORG_TOKEN and --max-removals, and removes nobody past the cap', async () => {
    await setup();
    const n = await tracker();
    gh.tickText(n, { actor: 'it-ivan', match: '<!-- confirm:github -->' });
    gh.clock.set('2026-12-05T00:30:00Z');
    const io = (env: Record<string, string>) => {
      let stdout = '';
      let stderr = '';
      return {
        io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env },
        out: () => `${stdout}\n${stderr}`,
      };
    };
    const base = { GITHUB_TOKEN: 'cli-token', GITHUB_API_URL: gh.url, OFFBOARDING_TIME_SCALE: '0.01', OFFBOARDING_ORG_TOKEN: 'org-token' };
    const argv = ['sweep', '--repo', `${gh.owner}/${gh.repo}`, '--now', gh.clock.now().toISOString()];

    gh.log.clear();
    const capped = io(base);
    expect(await runCli([...argv, '--max-removals', '0'], capped.io)).toBe(0);
    expect(orgWrites()).toEqual([]);
    expect(gh.org.isMember('dev-dana')).toBe(true);
    expect(status(n)).toMatch(/max-removals/);

    const run = io(base);
    expect(await runCli([...argv, '--dry-run'], run.io)).toBe(0);
    expect(run.out()).toMatch(/\[dry-run\] would #\d+: remove dev-dana's organisation membership \(and team memberships\) from acme/);
    expect(gh.org.isMember('dev-dana')).toBe(true);

    gh.log.clear();
    const real = io(base);
    expect(await runCli(argv, real.io), real.out()).toBe(0);
    expect(orgWrites()).toContain('DELETE /orgs/acme/memberships/dev-dana');

    const bad = io(base);
    expect(await runCli([...argv, '--max-removals', 'lots'], bad.io)).toBe(2);
    expect(bad.out()).toMatch(/--max-removals.*whole number/);
  });

  it('without org-token the task is ticked by hand, the status says why once, and no organisation request is made', async () => {
    await setup();
    const n = await tracker({}, {});
    await sweep({});
    expect(gh.log.filter((r) => r.path.startsWith('/orgs/'))).toEqual([]);
    expect(status(n).match(/Not checked: the action has no `org-token`/g)).toHaveLength(1);
    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'it-ivan', taskId: 'revoke-github' }) });
    expect(status(n)).toMatch(/1 of 2 done/);
  });

  it('a read-only organisation token checks but cannot remove: the failure is recorded, nothing is claimed', async () => {
    await setup();
    const n = await tracker({}, { 'org-token': 'org-reader' });
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.tickText(n, { actor: 'it-ivan', match: '<!-- confirm:github -->' });
    const run = await sweep({ 'org-token': 'org-reader' });
    expect(run.stdout).toMatch(/::warning::#\d+: removing dev-dana's membership failed/);
    expect(status(n)).toMatch(/Could not remove organisation membership .* \(GitHub answered 403/);
    expect(gh.org.isMember('dev-dana')).toBe(true);
    expect(status(n)).not.toMatch(/Verified/);
  });
});

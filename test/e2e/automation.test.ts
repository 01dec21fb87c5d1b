import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction, type ActionRun } from '../support/runner.js';
import { people } from '../support/people.js';

const ROOT = join(import.meta.dirname, '..', '..');
const REVOKE_WORKFLOW = readFileSync(join(ROOT, 'examples', '.github', 'workflows', 'revoke-example.yml'), 'utf8');

const USERS = people({ jdoe: 'write', jroe: 'none' });

const CHECKLIST = `
owners:
  IT: { logins: [it-ivan] }
  Security: { logins: [sec-sam] }
  HR: { logins: [hr-hana] }
phases:
  - { id: immediate, title: Immediate, due: 0d }
  - { id: later, title: Later, due: 2d }
tasks:
  - { id: disable-okta, title: Deactivate the Okta account, phase: immediate, owner: IT, security: true, workflow: revoke-okta.yml }
  - { id: revoke-vpn, title: Revoke VPN access, phase: immediate, owner: IT, security: true }
  - { id: exit-interview, title: Exit interview, phase: later, owner: HR }
assets: { phase: later, owner: IT }
`;

const OWN_RUN = { GITHUB_WORKFLOW_REF: 'acme/people-ops/.github/workflows/revoke-okta.yml@refs/heads/main', GITHUB_RUN_ID: '777' };

let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
  gh.state.putFile('.github/workflows/revoke-okta.yml', REVOKE_WORKFLOW);
});
afterEach(async () => gh.close());

async function tracker(overrides = {}): Promise<number> {
  const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding', body: form({ assets: '', ...overrides }), labels: ['offboarding'] });
  const run = await runAction(gh, { event: 'issues', payload });
  expect(run.code, run.stdout).toBe(0);
  return number;
}

async function sweep(): Promise<ActionRun> {
  const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
  expect(run.code, run.stdout).toBe(0);
  return run;
}

function complete(tracker: number, result: 'success' | 'failure', env: Record<string, string> = OWN_RUN, task = 'disable-okta', evidence = ''): Promise<ActionRun> {
  return runAction(gh, {
    event: 'workflow_dispatch',
    payload: gh.workflowDispatchPayload(),
    inputs: { command: 'complete', tracker: String(tracker), task, result, evidence },
    env,
  });
}

function status(n: number): string {
  return gh.state.comments(n).find((c) => c.body.includes('<!-- offboarding:status -->'))?.body ?? '';
}

describe('workflow: tasks', () => {
  it('dispatches the workflow once, when the task falls due, with the inputs the SPEC names', async () => {
    const n = await tracker();
    await sweep();
    expect(gh.state.dispatches()).toEqual([]);
    expect(status(n)).toMatch(/`revoke-okta\.yml` will be dispatched when the task falls due/);
    gh.clock.set('2026-12-04T23:59:59.999Z');
    await sweep();
    const dispatches = gh.state.dispatches();
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]).toMatchObject({
      workflow: 'revoke-okta.yml',
      ref: 'main',
      inputs: { tracker: String(n), task: 'disable-okta', 'employee-login': 'jdoe', 'employee-name': 'Jane Doe', 'last-day': '2026-12-04', 'departure-type': 'Voluntary' },
    });
    expect(status(n)).toMatch(/`revoke-okta\.yml` dispatched at Fri 4 Dec 2026, 23:59 UTC, waiting for its report/);
    gh.clock.set('2026-12-05T08:00:00Z');
    await sweep();
    expect(gh.state.dispatches()).toHaveLength(1);
  });

  it('locks first for an involuntary departure: dispatched at intake plus the grace, not before', async () => {
    await tracker({ 'departure-type': 'Involuntary' });
    gh.clock.set('2026-11-26T10:30:00Z');
    await sweep();
    expect(gh.state.dispatches()).toEqual([]);
    gh.clock.set('2026-11-26T11:05:00Z');
    await sweep();
    expect(gh.state.dispatches()).toHaveLength(1);
  });

  it('a success makes the task done by automation, with the run in the status and the report; a repeat changes nothing', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:10:00Z');
    await sweep();
    gh.clock.set('2026-12-05T00:20:00Z');
    const done = await complete(n, 'success', OWN_RUN, 'disable-okta', 'Okta user 00u1 deactivated');
    expect(done.code, done.stdout).toBe(0);
    expect(status(n)).toMatch(/✅ Deactivate the Okta account — done by automation at Sat 5 Dec 2026, 00:20 UTC \(\[run\]\(https:\/\/github\.com\/acme\/people-ops\/actions\/runs\/777\)\)/);
    expect(status(n)).toMatch(/1 of 3 done/);
    // The box in the body is untouched: the action writes the body only for commands.
    expect(gh.state.issue(n).body).toMatch(/- \[ \] 🔒 Deactivate the Okta account/);
    gh.log.clear();
    const again = await complete(n, 'success', OWN_RUN, 'disable-okta', 'Okta user 00u1 deactivated');
    expect(again.code).toBe(0);
    expect(gh.log.writes()).toEqual([]);
    // Everything else done by people: the report says how each was done.
    for (const task of ['revoke-vpn', 'exit-interview']) await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: task === 'revoke-vpn' ? 'it-ivan' : 'hr-hana', taskId: task }) });
    const report = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:report -->')).map((c) => c.body).join('\n');
    expect(report).toMatch(/Deactivate the Okta account \| +\| IT \| .* \| 🤖 `revoke-okta.yml` \(\[run\]\(https:\/\/github.com\/acme\/people-ops\/actions\/runs\/777\)\) \| automation \|/);
    expect(report).toMatch(/Revoke VPN access \| +\| IT \| .* \| person \|/);
    expect(report).toMatch(/"evidence": "Okta user 00u1 deactivated"/);
    expect(gh.state.issue(n).state).toBe('closed');
  });

  it('a failure tells the owners once, keeps the task open, and the ladder goes on', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:10:00Z');
    await sweep();
    const failed = await complete(n, 'failure', OWN_RUN, 'disable-okta', 'Okta answered 403');
    expect(failed.code, failed.stdout).toBe(0);
    const notices = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:notice automation:disable-okta:777 -->'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toMatch(/reported a failure[\s\S]*Evidence: Okta answered 403[\s\S]*@it-ivan the task stays open/);
    expect(status(n)).toMatch(/❌ Deactivate the Okta account — `revoke-okta.yml` reported a failure/);
    expect(gh.state.issue(n).labels).toContain('offboarding:security-overdue');
    gh.log.clear();
    await complete(n, 'failure', OWN_RUN, 'disable-okta', 'Okta answered 403');
    expect(gh.log.writes()).toEqual([]);
    gh.clock.set('2026-12-05T06:00:00Z');
    await sweep();
    const escalations = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:escalation')).map((c) => c.body).join('\n');
    expect(escalations).toMatch(/Deactivate the Okta account\*\* — due .* \(escalation 2 of 2\)/);
  });

  it('refuses a completion from another workflow and for a task that names none, writing nothing', async () => {
    const n = await tracker();
    gh.log.clear();
    const other = await complete(n, 'success', { ...OWN_RUN, GITHUB_WORKFLOW_REF: 'acme/people-ops/.github/workflows/offboarding.yml@refs/heads/main' });
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/::error::command: complete refused: this run is of acme\/people-ops\/.github\/workflows\/offboarding.yml, but task 'disable-okta' names .github\/workflows\/revoke-okta.yml/);
    const manual = await complete(n, 'success', OWN_RUN, 'revoke-vpn');
    expect(manual.code).toBe(1);
    expect(manual.stdout).toMatch(/task 'revoke-vpn' names no workflow/);
    const wrongTracker = await complete(999, 'success');
    expect(wrongTracker.code).toBe(1);
    expect(wrongTracker.stdout).toMatch(/Issue #999 does not exist/);
    const badResult = await runAction(gh, { event: 'workflow_dispatch', inputs: { command: 'complete', tracker: String(n), task: 'disable-okta', result: 'maybe' }, env: OWN_RUN });
    expect(badResult.code).toBe(1);
    expect(badResult.stdout).toMatch(/Input 'result' is 'maybe': use one of success, failure/);
    expect(gh.log.writes()).toEqual([]);
  });

  it('a token without actions: write: the reason and the fix in the status, the sweep goes on, a later run dispatches', async () => {
    const n = await tracker();
    const other = await tracker({ 'employee-name': 'John Roe', 'employee-login': 'jroe' });
    gh.state.setWorkflowPermissions({ actions: 'none' });
    gh.clock.set('2026-12-05T00:10:00Z');
    const run = await sweep();
    expect(run.stdout).toMatch(/::warning::#\d+: dispatching revoke-okta.yml failed: the workflow token may not dispatch workflows/);
    expect(status(n)).toMatch(/⚠️ Deactivate the Okta account — dispatching `revoke-okta.yml` failed at .*: the workflow token may not dispatch workflows \(actions=write\): add `actions: write` under `permissions:`/);
    // The other tracker's escalations still went out.
    expect(gh.state.comments(other).some((c) => c.body.includes('<!-- offboarding:escalation'))).toBe(true);
    expect(gh.state.dispatches()).toEqual([]);
    gh.state.setWorkflowPermissions({ actions: 'write' });
    gh.clock.set('2026-12-05T01:10:00Z');
    await sweep();
    expect(gh.state.dispatches().map((d) => d.inputs['tracker'])).toEqual(expect.arrayContaining([String(n), String(other)]));
  });

  it('a dry run prints the dispatch and makes none', async () => {
    await tracker();
    gh.clock.set('2026-12-05T00:10:00Z');
    gh.log.clear();
    const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload(), inputs: { 'dry-run': 'true' } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/\[dry-run\] would #\d+: dispatch workflow revoke-okta.yml on main \(task disable-okta\)/);
    expect(gh.state.dispatches()).toEqual([]);
    expect(gh.log.writes()).toEqual([]);
  });
});

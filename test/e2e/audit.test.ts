import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction, type ActionRun } from '../support/runner.js';
import { people } from '../support/people.js';

const USERS = people({ 'intern-ian': 'write', 'cio-carla': 'admin', jdoe: 'write' });

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
  - { id: revoke-vpn, title: Revoke VPN access, phase: immediate, owner: IT, security: true, strict: true, controls: ['PS-4(a)', 'PS-4(b)'] }
  - { id: rotate-secrets, title: Rotate shared secrets, phase: immediate, owner: Security, security: true, controls: ['PS-4(b)'] }
  - { id: exit-interview, title: Exit interview, phase: later, owner: HR, controls: ['PS-4(c)'] }
  - { id: payroll, title: Final payroll, phase: later, owner: Finance }
assets: { phase: later, owner: IT }
`;

let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
});
afterEach(async () => gh.close());

async function tracker(): Promise<number> {
  const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'x', body: form({ assets: '' }), labels: ['offboarding'] });
  const run = await runAction(gh, { event: 'issues', payload });
  expect(run.code, run.stdout).toBe(0);
  return number;
}

async function tick(n: number, taskId: string, actor: string, at: string, checked = true): Promise<ActionRun> {
  gh.clock.set(at);
  const run = await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor, taskId, checked }) });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return run;
}

function setLine(n: number, taskId: string, actor: string, edit: (line: string) => string) {
  const body = gh.state.issue(n).body ?? '';
  const line = body.split('\n').find((l) => l.includes(`<!-- task:${taskId} -->`)) ?? '';
  return gh.editBody(n, { actor, body: body.replace(line, edit(line)) });
}

function status(n: number): string {
  return gh.state.comments(n).find((c) => c.body.includes('<!-- offboarding:status -->'))?.body ?? '';
}

function report(n: number): { markdown: string; json: Record<string, unknown> & { tasks: Array<Record<string, unknown>>; history: Array<Record<string, unknown>>; notes: string[] } } {
  const markdown = gh.state.comments(n).find((c) => c.body.includes('<!-- offboarding:report -->'))?.body ?? '';
  const json = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '{}';
  return { markdown, json: JSON.parse(json) };
}

function task(r: ReturnType<typeof report>, id: string): Record<string, unknown> {
  return r.json.tasks.find((t) => t.id === id) ?? {};
}

describe('audit trail through dist/index.js', () => {
  it('records who ticked what and when, flags a non-owner, keeps a strict task open, and reports N/A with its reason', async () => {
    const n = await tracker();
    await tick(n, 'disable-email', 'it-ivan', '2026-11-26T11:00:00Z');
    await tick(n, 'rotate-secrets', 'sec-sam', '2026-11-26T12:30:00Z');
    // An intern ticks the strict VPN task: flagged and held open until an owner ticks it.
    await tick(n, 'revoke-vpn', 'intern-ian', '2026-11-26T13:00:00Z');
    expect(status(n)).toMatch(/Revoke VPN access was ticked by intern-ian, who is not among its owners .*held open/);
    expect(status(n)).toMatch(/2 of 5 done/);
    // An untick is recorded too.
    await tick(n, 'rotate-secrets', 'sec-sam', '2026-11-26T14:00:00Z', false);
    await tick(n, 'rotate-secrets', 'sec-sam', '2026-11-26T14:05:00Z');
    // The owner confirms by ticking again.
    await tick(n, 'revoke-vpn', 'it-irene', '2026-11-26T15:00:00Z', false);
    await tick(n, 'revoke-vpn', 'it-irene', '2026-11-26T15:01:00Z');
    gh.clock.set('2026-11-27T09:00:00Z');
    await runAction(gh, { event: 'issues', payload: setLine(n, 'payroll', 'hr-hana', (l) => l.replace('[ ]', '[x]').replace('Final payroll', 'Final payroll N/A: paid out by the agency')) });
    const last = await tick(n, 'exit-interview', 'hr-hana', '2026-12-07T10:00:00Z');

    expect(gh.state.issue(n).state).toBe('closed');
    const r = report(n);
    expect(JSON.parse(last.outputs.report ?? '[]')[0]).toEqual(r.json);
    expect(task(r, 'disable-email')).toMatchObject({ doneBy: 'it-ivan', doneAt: '2026-11-26T11:00:00.000Z', evidence: 'event', state: 'done' });
    expect(task(r, 'rotate-secrets')).toMatchObject({ doneBy: 'sec-sam', doneAt: '2026-11-26T14:05:00.000Z' });
    expect(task(r, 'revoke-vpn')).toMatchObject({ doneBy: 'it-irene', doneAt: '2026-11-26T15:01:00.000Z' });
    expect(task(r, 'payroll')).toMatchObject({ state: 'na', naReason: 'paid out by the agency' });
    // Exit interview was due at the end of Dec 6: late by 10 hours.
    expect(task(r, 'exit-interview')).toMatchObject({ doneBy: 'hr-hana', state: 'done' });
    expect(Number(task(r, 'exit-interview').lateByMs)).toBe(10 * 3600_000 + 1);
    expect(r.json.history.filter((h) => h.task === 'rotate-secrets').map((h) => h.state)).toEqual(['done', 'open', 'done']);

    // The markdown says the same as the JSON: security tasks first, with time to revoke.
    const security = r.markdown.slice(r.markdown.indexOf('### Security tasks'), r.markdown.indexOf('### All tasks'));
    // Logins in tables carry non-breaking hyphens, so a narrow column never splits them.
    expect(security).toMatch(/Disable email account \| PS-4\(a\) \| IT \| .* \| `it\u2011ivan` \| person \| 1h \| on time \|/);
    expect(security).toMatch(/Revoke VPN access \| PS-4\(a\), PS-4\(b\) \| IT \| .* \| `it\u2011irene` \| person \| 5h 1m \| on time \|/);
    expect(r.markdown).toMatch(/Final payroll.*: paid out by the agency/);
    expect(r.markdown).toMatch(/Exit interview.*late by 10h/);
    expect(r.markdown).toMatch(/Rotate shared secrets unticked by `sec-sam`/);
    expect(r.markdown).toMatch(/Requested by \| `hr\u2011hana`/);
  });

  it('attributes ticks whose events were missed from the edit history', async () => {
    const n = await tracker();
    gh.clock.set('2026-11-26T11:00:00Z');
    gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' }); // no run: the event was skipped
    gh.clock.set('2026-11-26T11:30:00Z');
    gh.tick(n, { actor: 'sec-sam', taskId: 'rotate-secrets' });
    gh.clock.set('2026-11-26T12:00:00Z');
    const run = await runAction(gh, { event: 'schedule', payload: {} });
    expect(run.code, run.stdout).toBe(0);
    for (const id of ['revoke-vpn', 'exit-interview', 'payroll']) {
      gh.tick(n, { actor: id === 'revoke-vpn' ? 'it-irene' : 'hr-hana', taskId: id });
    }
    gh.clock.set('2026-11-26T13:00:00Z');
    const second = await runAction(gh, { event: 'schedule', payload: {} });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const r = report(n);
    expect(task(r, 'disable-email')).toMatchObject({ doneBy: 'it-ivan', doneAt: '2026-11-26T11:00:00.000Z', evidence: 'edit-history' });
    expect(task(r, 'rotate-secrets')).toMatchObject({ doneBy: 'sec-sam', doneAt: '2026-11-26T11:30:00.000Z', evidence: 'edit-history' });
    expect(task(r, 'revoke-vpn')).toMatchObject({ doneBy: 'it-irene', evidence: 'edit-history' });
    expect(task(r, 'payroll')).toMatchObject({ doneBy: 'hr-hana', evidence: 'edit-history' });
  });

  it('never believes a status comment a person edited: restores the action\'s own record and says who edited it', async () => {
    const n = await tracker();
    await tick(n, 'disable-email', 'it-ivan', '2026-11-26T11:00:00Z');
    const comment = gh.state.comments(n).find((c) => c.body.includes('<!-- offboarding:status -->'));
    gh.editComment(comment?.id ?? 0, { actor: 'hr-hana', body: '<!-- offboarding:status -->\nI cleaned this up' });
    gh.clock.set('2026-11-26T12:00:00Z');
    await runAction(gh, { event: 'schedule', payload: {} });
    for (const [id, who] of [['revoke-vpn', 'it-irene'], ['rotate-secrets', 'sec-sam'], ['exit-interview', 'hr-hana'], ['payroll', 'hr-hana']] as const) {
      await tick(n, id, who, '2026-11-26T13:00:00Z');
    }
    const r = report(n);
    expect(task(r, 'disable-email')).toMatchObject({ doneBy: 'it-ivan', doneAt: '2026-11-26T11:00:00.000Z', evidence: 'event' });
    expect(r.json.notes.join(' ')).toMatch(/the status comment was edited by hr-hana, not by the action; the record was restored from the action's last own revision/);
    expect(r.markdown).toMatch(/### Notes on this record/);
  });
});

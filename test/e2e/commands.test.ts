import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction, type ActionRun } from '../support/runner.js';
import { people } from '../support/people.js';

// The departing employee still has write access, as people usually do on their last day.
const USERS = people({ 'cio-carla': 'admin', 'reader-rita': 'read', jdoe: 'write' });

const CHECKLIST = `
owners:
  IT: { logins: [it-ivan], escalate-to: [cio-carla] }
  Security: { logins: [sec-sam] }
  Facilities: { logins: [fac-fred] }
  Finance: { logins: [hr-hana] }
  HR: { logins: [hr-hana] }
`;

const BOT = 'github-actions[bot]';
let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
});
afterEach(async () => gh.close());

async function tracker(overrides = {}): Promise<number> {
  const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding', body: form(overrides), labels: ['offboarding'] });
  const run = await runAction(gh, { event: 'issues', payload });
  expect(run.code, run.stdout).toBe(0);
  return number;
}

async function command(n: number, actor: string, body: string): Promise<{ run: ActionRun; id: number; payload: object }> {
  const { id, payload } = gh.comment(n, { actor, body });
  const run = await runAction(gh, { event: 'issue_comment', payload });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { run, id, payload };
}

function replies(n: number): string[] {
  return gh.state.comments(n).filter((c) => c.author === BOT && c.body.includes('<!-- offboarding:reply')).map((c) => c.body);
}

function status(n: number): string {
  return gh.state.comments(n).find((c) => c.body.includes('<!-- offboarding:status -->'))?.body ?? '';
}

function reactions(id: number): string[] {
  return gh.state.reactions(id).map((r) => `${r.user}:${r.content}`);
}

function taskLine(n: number, id: string): string {
  return (gh.state.issue(n).body ?? '').split('\n').find((l) => l.includes(`<!-- task:${id} -->`)) ?? '';
}

describe('commands in comments', () => {
  it('answers help with a reply and a 👍, once: a rerun of the event writes nothing', async () => {
    const n = await tracker();
    const { id, payload } = await command(n, 'hr-hana', '/offboarding help');
    expect(reactions(id)).toEqual([`${BOT}:+1`]);
    expect(replies(n)).toHaveLength(1);
    expect(replies(n)[0]).toMatch(/\/offboarding last-day 2026-12-18/);
    gh.log.clear();
    const again = await runAction(gh, { event: 'issue_comment', payload });
    expect(again.code).toBe(0);
    expect(gh.log.writes()).toEqual([]);
  });

  it('reschedules: new dues in the title and the task lines, a reply listing what moved, the record', async () => {
    const n = await tracker();
    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'it-ivan', taskId: 'collect-laptop' }) });
    const before = taskLine(n, 'disable-email');
    expect(before).toMatch(/due Fri 4 Dec 2026, 23:59 UTC/);
    const { payload } = await command(n, 'hr-hana', '/offboarding last-day 2026-12-18');
    const issue = gh.state.issue(n);
    expect(issue.title).toBe('Offboarding: Jane Doe — last day 2026-12-18');
    expect(taskLine(n, 'disable-email')).toMatch(/due Fri 18 Dec 2026, 23:59 UTC/);
    // A task already done keeps its date; its tick stays.
    expect(taskLine(n, 'collect-laptop')).toMatch(/^- \[x\] .*due Sat 5 Dec 2026, 23:59 UTC/);
    const reply = replies(n)[0] ?? '';
    expect(reply).toMatch(/the last day is now \*\*2026-12-18\*\* \(was 2026-12-04\)/);
    expect(reply).toMatch(/Disable email account: Fri 4 Dec 2026, 23:59 UTC → Fri 18 Dec 2026, 23:59 UTC/);
    expect(reply).not.toMatch(/Collect laptop/);
    expect(status(n)).toMatch(/Next deadline:.* Fri 18 Dec 2026, 23:59 UTC/);
    gh.log.clear();
    await runAction(gh, { event: 'issue_comment', payload });
    expect(gh.log.writes()).toEqual([]);
    // The next sweep agrees with what the command did: nothing to write.
    gh.log.clear();
    const sweep = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    expect(sweep.code, sweep.stdout).toBe(0);
    expect(gh.log.writes()).toEqual([]);
  });

  it('a reschedule un-overdues a task: labels follow, it stops escalating', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    expect(gh.state.issue(n).labels).toContain('offboarding:security-overdue');
    const escalated = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:escalation')).length;
    await command(n, 'hr-hana', '/offboarding last-day 2026-12-11');
    expect(gh.state.issue(n).labels).not.toContain('offboarding:security-overdue');
    expect(gh.state.issue(n).labels).not.toContain('offboarding:overdue');
    expect(status(n)).not.toMatch(/\*\*Overdue\*\*/);
    gh.clock.set('2026-12-06T12:00:00Z');
    await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    expect(gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:escalation'))).toHaveLength(escalated);
  });

  it('keeps an involuntary departure locked first: its security tasks do not move', async () => {
    const n = await tracker({ 'departure-type': 'Involuntary' });
    const lock = taskLine(n, 'disable-email');
    await command(n, 'hr-hana', '/offboarding last-day 2026-12-18');
    expect(taskLine(n, 'disable-email')).toBe(lock);
    expect(taskLine(n, 'collect-laptop')).toMatch(/due Sat 19 Dec 2026/);
  });

  it('cancels: a closing comment with the done tasks, the label, closed as not planned, no report; reopened it is tracked again', async () => {
    const n = await tracker();
    await runAction(gh, { event: 'issues', payload: gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' }) });
    const { id } = await command(n, 'hr-hana', '/offboarding cancel the resignation was withdrawn');
    expect(reactions(id)).toEqual([`${BOT}:+1`]);
    const issue = gh.state.issue(n);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('not_planned');
    expect(issue.labels).toContain('offboarding:cancelled');
    expect(issue.labels.some((l) => l.startsWith('offboarding:phase-'))).toBe(false);
    const closing = gh.state.comments(n).find((c) => c.body.includes('This offboarding was called off'))?.body ?? '';
    expect(closing).toMatch(/Reason: the resignation was withdrawn/);
    expect(closing).toMatch(/`hr-hana`/);
    expect(closing).toMatch(/🔒 Disable email account/);
    expect(gh.state.comments(n).some((c) => c.body.includes('<!-- offboarding:report -->'))).toBe(false);
    expect(gh.state.labels().find((l) => l.name === 'offboarding:cancelled')?.description).toMatch(/called off/);
    gh.log.clear();
    gh.clock.set('2026-12-08T12:00:00Z');
    await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    expect(gh.log.writes()).toEqual([]);
    const reopened = await runAction(gh, { event: 'issues', payload: gh.reopenIssue(n, { actor: 'hr-hana' }) });
    expect(reopened.code, reopened.stdout).toBe(0);
    expect(gh.state.issue(n).labels).not.toContain('offboarding:cancelled');
    expect(gh.state.issue(n).labels).toContain('offboarding:overdue');
    expect(gh.state.issue(n).state).toBe('open');
  });

  it('marks a task N/A with its reason, and the report lists the command', async () => {
    const n = await tracker();
    const { id } = await command(n, 'hr-hana', '/offboarding na collect-badges she never had a badge');
    expect(reactions(id)).toEqual([`${BOT}:+1`]);
    expect(replies(n)).toEqual([]);
    expect(status(n)).toMatch(/0 done \+ 1 N\/A of 19/);
    // Everything else done: the report says why the badge task did not apply, and lists the command.
    const body = (gh.state.issue(n).body ?? '')
      .split('\n')
      .map((l) => (l.includes('<!-- task:collect-badges -->') ? l : l.replace(/^- \[ \]/, '- [x]')))
      .join('\n');
    const run = await runAction(gh, { event: 'issues', payload: gh.editBody(n, { actor: 'it-ivan', body }) });
    expect(run.code, run.stdout).toBe(0);
    const report = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:report -->')).map((c) => c.body).join('\n');
    expect(report).toMatch(/Collect access badges and keys: she never had a badge/);
    expect(report).toMatch(/### Commands given[\s\S]*`hr-hana`: “\/offboarding na collect-badges she never had a badge”/);
  });

  it('changes a task\'s owners: shown on its line, assigned, and escalated to from then on', async () => {
    const n = await tracker();
    await command(n, 'hr-hana', '/offboarding owner collect-badges @it-irene');
    expect(taskLine(n, 'collect-badges')).toMatch(/ — @it-irene — due/);
    expect(taskLine(n, 'collect-badges')).not.toMatch(/@fac-fred/);
    expect(gh.state.issue(n).assignees).toContain('it-irene');
    expect(gh.state.issue(n).assignees).not.toContain('fac-fred');
    gh.clock.set('2026-12-06T00:30:00Z');
    await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    const escalations = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:escalation')).map((c) => c.body).join('\n');
    expect(escalations).toMatch(/Collect access badges and keys\*\* — due .*: @it-irene/);
  });

  it('refuses an owner who cannot be assigned, and the departing employee as owner', async () => {
    const n = await tracker();
    await command(n, 'hr-hana', '/offboarding owner collect-badges @reader-rita');
    await command(n, 'hr-hana', '/offboarding owner collect-badges @jdoe');
    const [first, second] = replies(n);
    expect(first).toMatch(/`reader-rita` cannot be assigned in this repository/);
    expect(second).toMatch(/`jdoe` is the departing employee/);
    expect(taskLine(n, 'collect-badges')).toMatch(/@fac-fred/);
  });

  it('a read-only person and the departing employee get a 😕 and nothing else', async () => {
    const n = await tracker();
    for (const actor of ['reader-rita', 'jdoe']) {
      const bodyBefore = gh.state.issue(n).body;
      const statusBefore = status(n);
      gh.log.clear();
      const { id } = await command(n, actor, '/offboarding cancel nope');
      expect(reactions(id)).toEqual([`${BOT}:confused`]);
      expect(gh.log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST /repos/acme/people-ops/issues/comments/${id}/reactions`]);
      expect(gh.state.issue(n).body).toBe(bodyBefore);
      expect(status(n)).toBe(statusBefore);
      expect(replies(n)).toEqual([]);
    }
    expect(gh.state.issue(n).state).toBe('open');
  });

  it('answers a bad argument with one reply that says how to write it', async () => {
    const n = await tracker();
    const { id, payload } = await command(n, 'hr-hana', '/offboarding last-day next friday');
    await command(n, 'hr-hana', '/offboarding na no-such-task because');
    await command(n, 'hr-hana', '/offboarding frobnicate');
    const all = replies(n);
    expect(all).toHaveLength(3);
    expect(all[0]).toMatch(/`next friday` is not one date written YYYY-MM-DD[\s\S]*\/offboarding last-day 2026-12-18/);
    expect(all[1]).toMatch(/there is no task `no-such-task` in this tracker \(its tasks: disable-email, /);
    expect(all[2]).toMatch(/`frobnicate` is not a command/);
    expect(reactions(id)).toEqual([]);
    gh.log.clear();
    await runAction(gh, { event: 'issue_comment', payload });
    expect(gh.log.writes()).toEqual([]);
  });

  it('ignores plain comments and comments on pull requests', async () => {
    const n = await tracker();
    gh.log.clear();
    const plain = await command(n, 'hr-hana', 'Thanks, all done on my side.\n/offboarding cancel later lines do not count');
    expect(plain.run.stdout).toMatch(/not a command/);
    const pr = gh.openPullRequest({ author: 'hr-hana', title: 'Docs' });
    const { payload } = gh.comment(pr.number, { actor: 'hr-hana', body: '/offboarding help' });
    const run = await runAction(gh, { event: 'issue_comment', payload });
    expect(run.stdout).toMatch(/pull request/);
    expect(gh.log.writes()).toEqual([]);
  });

  it('keeps a tick a person makes between the action\'s read and its write of the body', async () => {
    const n = await tracker();
    // The moment the action writes the rewritten body, a person has just ticked a box (their edit lands first).
    gh.onRequest({ method: 'PATCH', pathPattern: new RegExp(`/issues/${n}$`) }, () => {
      gh.tick(n, { actor: 'it-ivan', taskId: 'revoke-vpn' });
    });
    await command(n, 'hr-hana', '/offboarding last-day 2026-12-18');
    expect(taskLine(n, 'revoke-vpn')).toMatch(/^- \[x\] .*due Fri 18 Dec 2026/);
    expect(taskLine(n, 'disable-email')).toMatch(/^- \[ \] .*due Fri 18 Dec 2026/);
    // The tick is recorded for who made it.
    const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
    expect(run.code, run.stdout).toBe(0);
    expect(status(n)).toMatch(/1 of 19 done/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction, type ActionRun } from '../support/runner.js';
import { OWNERS, people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'write', jroe: 'none' });

const CHECKLIST = `
${OWNERS}`;

const BOT_STATUS = '<!-- offboarding:status -->';
let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
});
afterEach(async () => gh.close());

async function tracker(overrides = {}): Promise<number> {
  const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(overrides), labels: ['offboarding'] });
  const run = await runAction(gh, { event: 'issues', payload });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return number;
}

async function sweep(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(gh, { event: 'schedule', payload: gh.schedulePayload(), inputs });
}

/** A person ticks a box in the UI; the `edited` event runs the action. */
async function tick(number: number, taskId: string, actor = 'it-ivan', checked = true): Promise<ActionRun> {
  const payload = gh.tick(number, { actor, taskId, checked });
  return runAction(gh, { event: 'issues', payload });
}

function status(number: number): string {
  const found = gh.state.comments(number).filter((c) => c.body.includes(BOT_STATUS));
  expect(found).toHaveLength(1);
  return found[0]?.body ?? '';
}

function escalations(number: number): string[] {
  return gh.state.comments(number).filter((c) => c.body.includes('<!-- offboarding:escalation')).map((c) => c.body);
}

function mentions(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\w`\u200b])@([A-Za-z0-9-]+)/g)].map((m) => m[1] as string))].sort();
}

const IMMEDIATE = ['disable-email', 'revoke-vpn', 'remove-slack', 'revoke-github', 'disable-aws', 'revoke-sessions', 'rotate-shared-secrets'];

describe('sweep through dist/index.js', () => {
  it('shows progress after people tick boxes', async () => {
    const n = await tracker();
    await tick(n, 'disable-email');
    await tick(n, 'collect-laptop', 'it-irene');
    const run = await sweep();
    expect(run.code, run.stdout).toBe(0);
    expect(status(n)).toMatch(/2 of 19 done \(10%\)/);
    const summary = JSON.parse(run.outputs.summary ?? '{}');
    expect(summary.open).toBe(1);
    expect(summary.trackers[0]).toMatchObject({ issue: n, done: 2, total: 19, overdue: 0 });
    expect(run.outputs.overdue).toBe('0');
    expect(run.summary).toMatch(/\| \[#\d+\]\(.*\) \| Jane Doe \| 2026-12-04 \| 2 of 19 done \(10%\) \| 0 \|/);
  });

  it('escalates at the due time, climbs the ladder later, and a rerun posts nothing', async () => {
    const n = await tracker();
    await tick(n, 'disable-email');
    // Security tasks are due at the end of the last day (23:59:59.999 UTC on Dec 4).
    gh.clock.set('2026-12-05T00:30:00Z');
    const first = await sweep();
    expect(first.code, first.stdout).toBe(0);
    let sent = escalations(n);
    expect(sent).toHaveLength(1);
    // Level 1 of every open immediate task names its owners only, never the employee.
    expect(mentions(sent[0] ?? '')).toEqual(['it-irene', 'it-ivan', 'sec-sam']);
    expect(sent[0]).not.toContain('Disable email account');
    expect(gh.state.issue(n).labels).toEqual(expect.arrayContaining(['offboarding:overdue', 'offboarding:security-overdue']));
    expect(first.outputs.overdue).toBe(String(IMMEDIATE.length - 1));

    gh.log.clear();
    const again = await sweep();
    expect(again.code).toBe(0);
    expect(gh.log.writes()).toEqual([]);

    // Four hours later the security ladder's second level adds the manager and escalate-to.
    gh.clock.set('2026-12-05T04:30:00Z');
    await sweep();
    sent = escalations(n);
    expect(sent).toHaveLength(2);
    expect(mentions(sent[1] ?? '')).toEqual(['cio-carla', 'it-irene', 'it-ivan', 'mgr-maria', 'sec-sam']);
    expect(sent.join('\n')).not.toMatch(/@jdoe/);
  });

  it('removes the overdue labels when the overdue tasks are ticked, and moves the phase label', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    await sweep();
    expect(gh.state.issue(n).labels).toContain('offboarding:security-overdue');
    for (const id of IMMEDIATE) await tick(n, id, id === 'rotate-shared-secrets' ? 'sec-sam' : 'it-ivan');
    const labels = gh.state.issue(n).labels;
    expect(labels).not.toContain('offboarding:overdue');
    expect(labels).not.toContain('offboarding:security-overdue');
    expect(labels).toContain('offboarding:phase-within-24h');
    expect(labels).not.toContain('offboarding:phase-immediate');
  });

  it('completes: report, close as completed, no second report; a reopened tracker is tracked again', async () => {
    const n = await tracker({ assets: '' });
    const ids = [...IMMEDIATE, 'collect-laptop', 'collect-badges', 'forward-email', 'transfer-files', 'knowledge-transfer', 'final-payroll', 'benefits-termination', 'exit-interview', 'remove-payroll', 'post-employment-obligations'];
    // Most ticks' events are missed (the concurrency group skipped them); the last one runs.
    gh.clock.set('2026-11-27T09:00:00Z');
    let done: ActionRun | undefined;
    for (const id of ids) {
      const payload = gh.tick(n, { actor: 'it-ivan', taskId: id });
      if (id === ids[ids.length - 1]) done = await runAction(gh, { event: 'issues', payload });
    }
    expect(done?.code, done?.stdout).toBe(0);
    const issue = gh.state.issue(n);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('completed');
    const reports = gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:report -->'));
    expect(reports).toHaveLength(1);
    expect(JSON.parse(done?.outputs.report ?? '[]')).toHaveLength(1);
    await sweep();
    expect(gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:report -->'))).toHaveLength(1);

    // A person reopens it: tracked again, not closed again behind their back, no second report.
    const reopened = gh.reopenIssue(n, { actor: 'hr-hana' });
    await runAction(gh, { event: 'issues', payload: reopened });
    await sweep();
    expect(gh.state.issue(n).state).toBe('open');
    expect(gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:report -->'))).toHaveLength(1);
    expect(status(n)).toMatch(/Reopened/);

    // They untick a task and later tick it again: a new completion, reported and closed.
    await tick(n, 'disable-aws', 'it-ivan', false);
    expect(gh.state.issue(n).state).toBe('open');
    await tick(n, 'disable-aws', 'it-ivan', true);
    await sweep();
    expect(gh.state.issue(n).state).toBe('closed');
    expect(gh.state.comments(n).filter((c) => c.body.includes('<!-- offboarding:report -->'))).toHaveLength(2);
  });

  it('dry run reads everything and writes nothing, printing what it would do', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.log.clear();
    const run = await sweep({ 'dry-run': 'true' });
    expect(run.code).toBe(0);
    expect(gh.log.writes()).toEqual([]);
    expect(run.stdout).toMatch(new RegExp(`\\[dry-run\\] would #${n}: post escalation comment`));
    expect(run.stdout).toMatch(/\[dry-run\] would #\d+: add labels 'offboarding:overdue', 'offboarding:security-overdue'/);
  });

  it('never writes an issue body after intake', async () => {
    const n = await tracker();
    await tick(n, 'disable-email');
    gh.clock.set('2026-12-05T00:30:00Z');
    await sweep();
    gh.clock.set('2026-12-06T00:30:00Z');
    await sweep();
    const botEdits = gh.state.issue(n).edits.filter((e) => e.editor === gh.botLogin || e.editor === 'github-actions');
    expect(botEdits).toHaveLength(1); // the conversion itself
  });

  it('costs one read for a quiet sweep of a few trackers', async () => {
    await tracker();
    await tracker({ 'employee-name': 'John Roe', 'employee-login': 'jroe' });
    await sweep();
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
    // One GraphQL page for the trackers (it brings the newest unlabelled issues too); the form and the checklist.
    expect(gh.log.reads().map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/people-ops/contents/.github%2FISSUE_TEMPLATE%2Foffboarding.yml',
      'GET /repos/acme/people-ops/contents/.github%2Foffboarding.yml',
      'POST /graphql',
    ]);
  });
});

describe('faults and mangled trackers', () => {
  it('retries a 5xx on a comment without posting it twice', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.faults.inject({ method: 'POST', pathPattern: /\/issues\/\d+\/comments$/, status: 502, times: 2 });
    const run = await sweep();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(escalations(n)).toHaveLength(1);
  });

  it('honours retry-after on a secondary rate limit', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.faults.inject({
      method: 'POST',
      pathPattern: /\/issues\/\d+\/comments$/,
      status: 403,
      retryAfter: 1,
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    const run = await sweep();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(escalations(n)).toHaveLength(1);
  });

  it('reports one failing tracker, still processes the others, and ends failed', async () => {
    const a = await tracker();
    const b = await tracker({ 'employee-name': 'John Roe', 'employee-login': 'jroe' });
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.faults.inject({ method: 'POST', pathPattern: new RegExp(`/issues/${a}/comments$`), status: 404, times: 10 });
    const run = await sweep();
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`#${a}`));
    expect(escalations(b)).toHaveLength(1);
    // The next run, with the fault gone, catches up without duplicating b's escalation.
    gh.faults.clear();
    await sweep();
    expect(escalations(a)).toHaveLength(1);
    expect(escalations(b)).toHaveLength(1);
  });

  it('recreates a deleted status comment and notes the loss', async () => {
    const n = await tracker();
    await tick(n, 'disable-email');
    const id = gh.state.comments(n).find((c) => c.body.includes(BOT_STATUS))?.id ?? 0;
    gh.deleteComment(id);
    const run = await sweep();
    expect(run.code, run.stdout).toBe(0);
    expect(status(n)).toMatch(/1 of 19 done/);
  });

  it('restores the status comment after a person edits its visible text, keeping the ledger', async () => {
    const n = await tracker();
    await tick(n, 'disable-email', 'it-irene');
    const comment = gh.state.comments(n).find((c) => c.body.includes(BOT_STATUS));
    const ledger = comment?.body.slice(comment.body.indexOf('<!-- offboarding:ledger')) ?? '';
    gh.editComment(comment?.id ?? 0, { actor: 'hr-hana', body: `${BOT_STATUS}\nall done lol\n${ledger}` });
    await sweep();
    expect(status(n)).toMatch(/1 of 19 done/);
    expect(status(n)).not.toMatch(/lol/);
  });

  it('leaves a tracker closed by hand alone: no reopening, no comments, no labels', async () => {
    const n = await tracker();
    gh.clock.set('2026-12-05T00:30:00Z');
    const closed = gh.closeIssue(n, { actor: 'hr-hana', reason: 'not_planned' });
    gh.log.clear();
    await runAction(gh, { event: 'issues', payload: closed });
    await sweep();
    expect(gh.log.writes()).toEqual([]);
    expect(gh.state.issue(n).state).toBe('closed');
    expect(escalations(n)).toHaveLength(0);
  });

  it('re-adds a phase label removed by hand', async () => {
    const n = await tracker();
    gh.removeLabel(n, 'offboarding:phase-immediate', { actor: 'hr-hana' });
    await sweep();
    expect(gh.state.issue(n).labels).toContain('offboarding:phase-immediate');
  });

  it('copes with a mangled body: deleted heading, duplicated line, added checkbox, removed marker, a body pasted full to the limit', async () => {
    const n = await tracker();
    let body = gh.state.issue(n).body ?? '';
    body = body.replace(/^## Within a week.*$/m, '');
    const line = body.split('\n').find((l) => l.includes('<!-- task:revoke-vpn -->')) ?? '';
    body = body.replace(line, `${line}\n${line.replace('[ ]', '[x]')}`);
    body = body.replace('<!-- offboarding:tracker v1 -->', '');
    body = body.replace(/(<!-- task:transfer-files -->)/, '$1\n- [ ] Return the parking permit');
    body = `${body}\n\n${'x'.repeat(65_536 - body.length - 10)}`;
    gh.editBody(n, { actor: 'hr-hana', body });
    const run = await sweep();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const text = status(n);
    expect(text).toMatch(/0 of 20 done/);
    expect(text).toMatch(/`revoke-vpn` appears more than once/);
  });

  it('reports a tracker whose plan is gone from body and status, and goes on', async () => {
    const a = await tracker();
    const b = await tracker({ 'employee-name': 'John Roe', 'employee-login': 'jroe' });
    gh.clock.set('2026-12-05T00:30:00Z');
    await sweep();
    // The action's escalation comment still shows it converted #a: it is a broken tracker, not a new request.
    gh.editBody(a, { actor: 'hr-hana', body: '<!-- offboarding:tracker v1 -->\n- [ ] something' });
    const statusA = gh.state.comments(a).find((c) => c.body.includes(BOT_STATUS));
    gh.deleteComment(statusA?.id ?? 0);
    gh.clock.set('2026-12-05T06:30:00Z');
    const run = await sweep();
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`#${a}.*edit history`));
    expect(escalations(b)).toHaveLength(2);
  });

  it('takes a request that merely carries the tracker marker for the request it is', async () => {
    const { number, payload } = gh.fileIssue({
      author: 'hr-hana',
      title: 'Offboarding',
      body: form({ notes: 'pasted from an old tracker: <!-- offboarding:tracker v1 --> <!-- offboarding:status -->' }).replace(/^/, '<!-- offboarding:tracker v1 -->\n'),
      labels: ['offboarding'],
    });
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.tracker).toBe(String(number));
    expect(gh.state.issue(number).body).toMatch(/^<!-- offboarding:tracker v1 -->/);
    expect(gh.state.issue(number).body).toContain('<!-- offboarding:plan z:');
    const again = await sweep();
    expect(again.code, again.stdout).toBe(0);
  });
});

describe('without GraphQL', () => {
  it('falls back to REST for intake, ticks and the sweep, with a warning', async () => {
    gh.faults.inject({ method: 'POST', pathPattern: /\/graphql$/, status: 404, times: 10_000 });
    const n = await tracker();
    await tick(n, 'disable-email');
    gh.clock.set('2026-12-05T00:30:00Z');
    const run = await sweep();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/::warning::GraphQL is unavailable/);
    expect(escalations(n)).toHaveLength(1);
    expect(status(n)).toMatch(/1 of 19 done/);
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
  });
});

describe('whose comments count', () => {
  it('ignores a forged status comment and escalation marker written by a person', async () => {
    const n = await tracker();
    const own = gh.state.comments(n).find((c) => c.body.includes(BOT_STATUS));
    // A person pastes a status comment claiming everything was escalated and done.
    gh.comment(n, { actor: 'it-ivan', body: `${BOT_STATUS}\n<!-- offboarding:escalation disable-email@0 disable-email@1 -->\n${own?.body.slice(own.body.indexOf('<!-- offboarding:ledger'))}` });
    gh.clock.set('2026-12-05T00:30:00Z');
    await sweep();
    expect(escalations(n).filter((body) => body.includes('Disable email account'))).toHaveLength(1);
    const mine = gh.state.comments(n).filter((c) => c.author === gh.botLogin && c.body.includes(BOT_STATUS));
    expect(mine).toHaveLength(1);
  });

  it('recognises its own comments when run with a personal token', async () => {
    await gh.close();
    gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: { ...USERS, 'ops-olga': 'admin' }, botLogin: 'ops-olga', personalToken: true });
    gh.state.putFile('.github/offboarding.yml', CHECKLIST);
    const n = await tracker();
    await tick(n, 'disable-email');
    await sweep();
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
    expect(gh.state.comments(n).filter((c) => c.body.includes(BOT_STATUS))).toHaveLength(1);
    expect(status(n)).toMatch(/1 of 19 done/);
  });
});

describe('requests whose own run never happened', () => {
  it('the sweep converts a labelled request, and answers an unauthorised one only once', async () => {
    gh.state.createLabel('offboarding');
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(), labels: ['offboarding'] });
    const stranger = gh.fileIssue({ author: 'it-ivan', title: 'x', body: form(), labels: ['offboarding'] });
    gh.state.setPermission('it-ivan', 'read');
    const run = await sweep();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(gh.state.issue(number).body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
    expect(JSON.parse(run.outputs.summary ?? '{}').converted).toBe(1);
    expect(gh.state.issue(stranger.number).labels).toContain('offboarding:unauthorized');
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
  });
});

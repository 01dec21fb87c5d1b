/**
 * The sweep's write batch against the emulator: the label changes and status edits of many trackers
 * go out as aliased GraphQL mutations in one request, comments one by one over REST; what a batch
 * cannot do is done over REST; one tracker's refused write fails that tracker only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction, type ActionRun } from '../support/runner.js';
import { people } from '../support/people.js';

const USERS = people({ 'cio-carla': 'admin', jdoe: 'none', jroe: 'none', jkim: 'none' });

const CHECKLIST = `
owners:
  IT: { logins: [it-ivan, it-irene], escalate-to: [cio-carla] }
  Security: { logins: [sec-sam], escalate-to: [cio-carla] }
  HR: { logins: [hr-hana] }
`;

const STATUS = '<!-- offboarding:status -->';
let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', CHECKLIST);
});
afterEach(async () => gh.close());

async function trackers(): Promise<number[]> {
  const out: number[] = [];
  for (const [name, login] of [['Jane Doe', 'jdoe'], ['John Roe', 'jroe'], ['Jo Kim', 'jkim']]) {
    const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form({ 'employee-name': name, 'employee-login': login }), labels: ['offboarding'] });
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    out.push(number);
  }
  return out;
}

async function sweep(): Promise<ActionRun> {
  return runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
}

function writes(): string[] {
  return gh.log.writes().map((w) => (w.graphql ? 'POST /graphql (mutation)' : `${w.method} ${w.path.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/\d+/g, 'N')}`));
}

function status(n: number): string {
  return gh.state.comments(n).find((c) => c.body.includes(STATUS))?.body ?? '';
}

describe('the write batch', () => {
  it('escalates three trackers with three comments and one mutation request for their labels and status edits', async () => {
    const numbers = await trackers();
    gh.clock.set('2026-12-05T00:30:00Z');
    gh.log.clear();
    const run = await sweep();
    expect(run.code, run.stdout).toBe(0);
    expect(writes().sort()).toEqual(
      [
        'POST /graphql (mutation)',
        'POST /issues/N/comments',
        'POST /issues/N/comments',
        'POST /issues/N/comments',
        'POST /labels',
        'POST /labels',
      ].sort(),
    );
    for (const n of numbers) {
      expect(gh.state.issue(n).labels).toEqual(expect.arrayContaining(['offboarding:overdue', 'offboarding:security-overdue']));
      expect(status(n)).toMatch(/Overdue/);
      // Edited as the action (a person's edit would be undone and recorded).
      expect(gh.state.comments(n).find((c) => c.body.includes(STATUS))?.edits.at(-1)?.editor).toBe(gh.botLogin);
    }
    // The ledger recorded each escalation: a rerun posts nothing and writes nothing.
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
  });

  it('sends the status edits of ticks that no event recorded together', async () => {
    const numbers = await trackers();
    for (const n of numbers) gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' });
    gh.log.clear();
    const run = await sweep();
    expect(run.code, run.stdout).toBe(0);
    expect(writes()).toEqual(['POST /graphql (mutation)']);
    for (const n of numbers) expect(status(n)).toMatch(/1 of 19 done/);
  });

  it('writes over REST what a failed mutation request could not, and nothing twice', async () => {
    const numbers = await trackers();
    for (const n of numbers) gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' });
    // The last read is the edit histories' query: every GraphQL request after it (the mutations and
    // their three retries) answers 502.
    const hook = gh.onRequest(
      { method: 'POST', pathPattern: /\/graphql$/ },
      (request) => {
        const query = (request.body as { query?: string } | undefined)?.query ?? '';
        if (query.includes('userContentEdits')) gh.faults.inject({ method: 'POST', pathPattern: /\/graphql$/, status: 502, times: 4 });
      },
      { times: Infinity },
    );
    gh.log.clear();
    const run = await sweep();
    hook.cancel();
    expect(run.code, run.stdout).toBe(0);
    expect(gh.faults.pending()).toBe(0);
    expect(run.stdout).toMatch(/writing them one by one over REST/);
    expect(writes().filter((w) => w.startsWith('PATCH'))).toEqual(['PATCH /issues/comments/N', 'PATCH /issues/comments/N', 'PATCH /issues/comments/N']);
    for (const n of numbers) expect(status(n)).toMatch(/1 of 19 done/);
    gh.log.clear();
    await sweep();
    expect(gh.log.writes()).toEqual([]);
  });

  it('fails only the tracker whose status comment vanished before the batch was sent', async () => {
    const [a, b, c] = await trackers();
    for (const n of [a, b, c] as number[]) gh.tick(n, { actor: 'it-ivan', taskId: 'disable-email' });
    const gone = gh.state.comments(b as number).find((x) => x.body.includes(STATUS))?.id ?? 0;
    gh.onRequest({ method: 'POST', pathPattern: /\/graphql$/ }, (request) => {
      const query = (request.body as { query?: string } | undefined)?.query ?? '';
      if (/^\s*mutation/.test(query)) gh.deleteComment(gone);
    }, { times: Infinity });
    const run = await sweep();
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(new RegExp(`#${b}`));
    expect(status(a as number)).toMatch(/1 of 19 done/);
    expect(status(c as number)).toMatch(/1 of 19 done/);
    // The next sweep makes the status comment afresh.
    const again = await sweep();
    expect(again.code, again.stdout).toBe(0);
    expect(status(b as number)).toMatch(/1 of 19 done/);
  });
});

/**
 * Issue 9, point 2: the person leaving must not read their own (confidential) tracker. Their
 * repository permission is checked at intake, again at most once a day while they can read it, and
 * before the final report; while they can, the status comment says so first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction } from '../support/runner.js';
import { people } from '../support/people.js';

const USERS = people({ jdoe: 'write' });
const STATUS = '<!-- offboarding:status -->';
const HOUR = 3600_000;

let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-12-01T10:00:00Z'), users: USERS });
  gh.state.putFile('.github/offboarding.yml', 'owners:\n  IT: { logins: [it-ivan] }\n  HR: { logins: [hr-hana] }\n');
});
afterEach(async () => gh.close());

function status(number: number): string {
  return gh.state.comments(number).find((c) => c.body.includes(STATUS))?.body ?? '';
}

const permissionReads = (): number => gh.log.reads().filter((r) => r.path.includes('/collaborators/jdoe/permission')).length;

async function sweep(): Promise<void> {
  const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload() });
  expect(run.code, run.stderr).toBe(0);
}

describe('the leaver can read the tracker', () => {
  it('is the first thing the status comment says, in bold for an involuntary departure, until a check finds them gone', async () => {
    const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form({ 'departure-type': 'Involuntary' }), labels: ['offboarding'] });
    const opened = await runAction(gh, { event: 'issues', payload });
    expect(opened.code, opened.stderr).toBe(0);
    const first = status(number);
    const caution = first.indexOf('[!CAUTION]');
    expect(caution).toBeGreaterThan(-1);
    expect(first).toMatch(/\*\*Fix this first: `jdoe`, the person leaving, can still read this tracker \(write access/);
    // Right under the headline, before the phase table.
    expect(caution).toBeLessThan(first.indexOf('| Phase'));

    // Within the day, sweeps do not ask again.
    gh.log.clear();
    gh.clock.advance(2 * HOUR);
    await sweep();
    expect(permissionReads()).toBe(0);

    // A day later they are checked again: removed now, the caution goes.
    gh.state.setPermission('jdoe', 'none');
    gh.clock.advance(23 * HOUR);
    await sweep();
    expect(permissionReads()).toBe(1);
    expect(status(number)).not.toContain('Fix this first');

    // Once they cannot read it, quiet sweeps spend nothing on it.
    gh.log.clear();
    gh.clock.advance(30 * HOUR);
    await sweep();
    expect(permissionReads()).toBe(0);
  });

  it('is not said for a leaver without access, and the report records the check at completion', async () => {
    gh.state.setPermission('jdoe', 'none');
    const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(), labels: ['offboarding'] });
    expect((await runAction(gh, { event: 'issues', payload })).code).toBe(0);
    expect(status(number)).not.toContain('Fix this first');
    expect(status(number)).not.toContain('[!CAUTION]');

    // Every box ticked by HR in one edit; the report says the leaver could not read it.
    const issue = gh.state.issue(number);
    const ticked = (issue.body ?? '').replace(/^(\s*- )\[ \]/gm, '$1[x]');
    const edited = gh.editBody(number, { actor: 'hr-hana', body: ticked });
    gh.clock.advance(HOUR);
    const run = await runAction(gh, { event: 'issues', payload: edited });
    expect(run.code, run.stderr).toBe(0);
    const report = gh.state.comments(number).find((c) => c.body.includes('<!-- offboarding:report'))?.body ?? '';
    expect(report).toMatch(/\| Leaver could read this tracker at completion \| no \(checked /);
    expect(gh.state.issue(number).state).toBe('closed');
  });
});

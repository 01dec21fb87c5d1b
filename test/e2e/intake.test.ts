import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction } from '../support/runner.js';

const USERS = {
  'hr-hana': 'write',
  'mgr-maria': 'write',
  'it-ivan': 'write',
  'out-oscar': 'read',
  jdoe: 'write',
} as const;

let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: { ...USERS } });
});
afterEach(async () => gh.close());

function file(body: string, author = 'hr-hana', labels: string[] = ['offboarding']) {
  return gh.fileIssue({ author, title: 'Offboarding: ', body, labels });
}

describe('intake through dist/index.js', () => {
  it('converts a valid voluntary request into a tracker', async () => {
    const { number, payload } = file(form());
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tracker).toBe(String(number));
    const issue = gh.state.issue(number);
    expect(issue.title).toBe('Offboarding: Jane Doe — last day 2026-12-04');
    expect(issue.body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
    expect(issue.body).toContain('<!-- task:disable-email -->');
    expect(issue.body).toContain('<!-- task:asset-1 -->');
    expect(issue.labels).toEqual(expect.arrayContaining(['offboarding', 'offboarding:phase-immediate']));
    const comments = gh.state.comments(number);
    expect(comments.filter((c) => c.body.includes('<!-- offboarding:status -->'))).toHaveLength(1);
    expect(issue.body).not.toMatch(/@jdoe\b/);
  });
});

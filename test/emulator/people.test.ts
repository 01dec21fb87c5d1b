import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { client, obj, REPO } from './helpers.js';

let gh: Emulator;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2025-03-01T09:00:00Z'), users: { 'hr-hana': 'write', 'it-ivan': 'write' } });
});
afterEach(async () => {
  await gh.close();
});

const BODY = [
  '<!-- offboarding:tracker v1 -->',
  '- [ ] Disable email <!-- task:disable-email -->',
  '* [x] Revoke VPN <!-- task:revoke-vpn -->',
  '```',
  '- [ ] Not a task <!-- task:in-code -->',
  '```',
  '1. [ ] Collect laptop',
].join('\r\n');

describe('people', () => {
  it('files an issue like a form: missing labels dropped, `opened` payload', () => {
    gh.state.createLabel('offboarding');
    const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding request', body: BODY, labels: ['offboarding', 'not-there'] });
    expect(number).toBe(1);
    expect(payload.action).toBe('opened');
    expect(payload.issue).toMatchObject({ number: 1, title: 'Offboarding request', body: BODY, state: 'open' });
    expect(payload.issue.labels).toEqual([expect.objectContaining({ name: 'offboarding' })]);
    expect(payload.sender).toMatchObject({ login: 'hr-hana', type: 'User' });
    expect(payload.repository).toMatchObject({ full_name: 'acme/people-ops', private: true });
    expect(gh.state.labels().map((l) => l.name)).toEqual(['offboarding']);
  });

  it('ticks a task by id and produces an `edited` payload with changes.body.from and the sender', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: BODY });
    gh.clock.advance(60_000);
    const payload = gh.tick(number, { actor: 'it-ivan', taskId: 'disable-email' });
    expect(payload.action).toBe('edited');
    expect(payload.changes).toEqual({ body: { from: BODY } });
    expect(payload.sender).toMatchObject({ login: 'it-ivan' });
    const after = String(payload.issue.body);
    expect(after).toContain('- [x] Disable email <!-- task:disable-email -->\r');
    expect(after.replace('- [x] Disable email', '- [ ] Disable email')).toBe(BODY);
    expect(payload.issue.updated_at).toBe('2025-03-01T09:01:00Z');
    expect(gh.state.issue(number).body).toBe(after);

    const untick = gh.tick(number, { actor: 'hr-hana', taskId: 'revoke-vpn', checked: false });
    expect(String(untick.issue.body)).toContain('* [ ] Revoke VPN');
    expect(untick.changes).toEqual({ body: { from: after } });
    expect(() => gh.tick(number, { actor: 'hr-hana', taskId: 'disable-email' })).toThrow(/already checked/);
    expect(() => gh.tick(number, { actor: 'hr-hana', taskId: 'nope' })).toThrow(/no task-list line/);
    expect(() => gh.tick(number, { actor: 'hr-hana', taskId: 'in-code' })).toThrow(/no task-list line/);

    const byText = gh.tickText(number, { actor: 'hr-hana', match: /Collect laptop/ });
    expect(String(byText.issue.body)).toContain('1. [x] Collect laptop');
    // The REST view agrees with the payload.
    const rest = await client(gh)('GET', `${REPO}/issues/${number}`);
    expect(obj(rest.json).body).toBe(byText.issue.body);
  });

  it('records edit history: the original first, then each edit with its editor', () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'v1' });
    expect(gh.state.issue(number).edits).toEqual([]);
    gh.clock.advance(1000);
    gh.editBody(number, { actor: 'it-ivan', body: 'v2' });
    gh.clock.advance(1000);
    gh.editBody(number, { actor: 'hr-hana', body: 'v3' });
    expect(gh.state.issue(number).edits.map((e) => [e.diff, e.editor, e.editedAt.toISOString()])).toEqual([
      ['v1', 'hr-hana', '2025-03-01T09:00:00.000Z'],
      ['v2', 'it-ivan', '2025-03-01T09:00:01.000Z'],
      ['v3', 'hr-hana', '2025-03-01T09:00:02.000Z'],
    ]);
  });

  it('closes, reopens and unlabels with the matching payloads', () => {
    gh.state.createLabel('offboarding');
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b', labels: ['offboarding'] });
    const closed = gh.closeIssue(number, { actor: 'hr-hana', reason: 'not_planned' });
    expect(closed).toMatchObject({ action: 'closed', issue: { state: 'closed', state_reason: 'not_planned' } });
    const reopened = gh.reopenIssue(number, { actor: 'hr-hana' });
    expect(reopened).toMatchObject({ action: 'reopened', issue: { state: 'open', state_reason: 'reopened', closed_at: null } });
    const unlabeled = gh.removeLabel(number, 'offboarding', { actor: 'hr-hana' });
    expect(unlabeled).toMatchObject({ action: 'unlabeled', label: { name: 'offboarding' } });
    expect(gh.state.issue(number).labels).toEqual([]);
  });

  it('edits and deletes comments', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const posted = await client(gh)('POST', `${REPO}/issues/${number}/comments`, { body: 'status' });
    const id = Number(obj(posted.json).id);
    const edited = gh.editComment(id, { actor: 'hr-hana', body: 'tampered' });
    expect(edited).toMatchObject({ action: 'edited', changes: { body: { from: 'status' } }, comment: { body: 'tampered' } });
    expect(gh.state.comments(number)[0]?.body).toBe('tampered');
    const deleted = gh.deleteComment(id);
    expect(deleted).toMatchObject({ action: 'deleted', comment: { id } });
    expect(gh.state.comments(number)).toEqual([]);
    const { id: second } = gh.comment(number, { actor: 'it-ivan', body: 'done' });
    gh.state.deleteComment(second);
    expect(gh.state.comments(number)).toEqual([]);
  });

  it('builds workflow_dispatch and schedule payloads', () => {
    expect(gh.workflowDispatchPayload()).toMatchObject({ ref: 'refs/heads/main', repository: { name: 'people-ops' } });
    expect(gh.schedulePayload()).toMatchObject({ schedule: '0 * * * *' });
  });
});

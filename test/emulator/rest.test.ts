import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { arr, client, names, obj, REPO } from './helpers.js';

let gh: Emulator;
let call: ReturnType<typeof client>;

beforeEach(async () => {
  gh = await startEmulator({
    now: new Date('2025-03-01T09:00:00Z'),
    users: { 'hr-hana': 'write', 'it-ivan': 'maintain', 'tri-tom': 'triage', 'reader-rita': 'read', 'boss-bea': 'admin' },
  });
  call = client(gh);
});
afterEach(async () => {
  await gh.close();
});

describe('authentication and routing', () => {
  it('answers 401 without a token, 404 for unknown routes and repositories, 400 for bad JSON', async () => {
    const noAuth = await fetch(`${gh.url}${REPO}`);
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ message: 'Requires authentication' });
    const unknown = await call('GET', `${REPO}/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(obj(unknown.json)).toMatchObject({ message: 'Not Found' });
    expect(obj(unknown.json).documentation_url).toEqual(expect.any(String));
    expect((await call('GET', '/repos/acme/other/issues')).status).toBe(404);
    expect((await call('POST', `${REPO}/issues`, '{not json')).status).toBe(400);
  });

  it('sends JSON and rate-limit headers, decrementing per request', async () => {
    const first = await call('GET', REPO);
    const second = await call('GET', REPO);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(Number(first.headers.get('x-ratelimit-remaining')) - 1);
    expect(Number(second.headers.get('x-ratelimit-used'))).toBe(2);
  });

  it('GET /user is forbidden for the workflow token', async () => {
    const res = await call('GET', '/user');
    expect(res.status).toBe(403);
    expect(obj(res.json).message).toBe('Resource not accessible by integration');
  });

  it('answers conditional GETs with 304 without using the rate limit', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'x', body: 'y' });
    const first = await call('GET', `${REPO}/issues/${number}`);
    const etag = first.headers.get('etag') ?? '';
    const again = await call('GET', `${REPO}/issues/${number}`, undefined, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('x-ratelimit-remaining')).toBe(first.headers.get('x-ratelimit-remaining'));
    gh.editBody(number, { actor: 'hr-hana', body: 'changed' });
    expect((await call('GET', `${REPO}/issues/${number}`, undefined, { 'if-none-match': etag })).status).toBe(200);
  });
});

describe('issues', () => {
  it('creates, reads and 404s', async () => {
    const created = await call('POST', `${REPO}/issues`, { title: 'Hello', body: 'World', labels: ['new-label'] });
    expect(created.status).toBe(201);
    const issue = obj(created.json);
    expect(issue).toMatchObject({ number: 1, title: 'Hello', body: 'World', state: 'open', state_reason: null, closed_at: null, comments: 0 });
    expect(obj(issue.user)).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    expect(names(issue.labels)).toEqual(['new-label']);
    expect(issue.created_at).toBe('2025-03-01T09:00:00Z');
    expect((await call('GET', `${REPO}/issues/1`)).status).toBe(200);
    expect((await call('GET', `${REPO}/issues/99`)).status).toBe(404);
  });

  it('PATCH replaces labels and assignees, drops non-assignable logins, and closes with a reason', async () => {
    gh.state.createLabel('a');
    gh.state.createLabel('b');
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b', labels: ['a', 'b'] });
    gh.clock.advance(60_000);
    const patched = await call('PATCH', `${REPO}/issues/${number}`, {
      labels: ['b', { name: 'c' }],
      assignees: ['it-ivan', 'reader-rita', 'nobody-known', 'tri-tom'],
    });
    expect(patched.status).toBe(200);
    expect(names(obj(patched.json).labels)).toEqual(['b', 'c']);
    expect(arr(obj(patched.json).assignees).map((a) => a.login)).toEqual(['it-ivan', 'tri-tom']);
    expect(obj(patched.json).updated_at).toBe('2025-03-01T09:01:00Z');

    const closed = obj((await call('PATCH', `${REPO}/issues/${number}`, { state: 'closed', state_reason: 'not_planned' })).json);
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_at: '2025-03-01T09:01:00Z' });
    const reopened = obj((await call('PATCH', `${REPO}/issues/${number}`, { state: 'open' })).json);
    expect(reopened).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    const plainClose = obj((await call('PATCH', `${REPO}/issues/${number}`, { state: 'closed' })).json);
    expect(plainClose.state_reason).toBe('completed');
  });

  it('rejects invalid updates with 422 and leaves the issue untouched', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'original' });
    const eleven = Array.from({ length: 11 }, (_, i) => `user-${i}`);
    const tooMany = await call('PATCH', `${REPO}/issues/${number}`, { body: 'changed', assignees: eleven });
    expect(tooMany.status).toBe(422);
    expect(obj(tooMany.json).message).toBe('Validation Failed');
    const tooLong = await call('PATCH', `${REPO}/issues/${number}`, { body: 'x'.repeat(65_537) });
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify(tooLong.json)).toContain('body is too long');
    expect((await call('PATCH', `${REPO}/issues/${number}`, { body: 'x'.repeat(65_536) })).status).toBe(200);
    expect((await call('PATCH', `${REPO}/issues/${number}`, { state: 'done' })).status).toBe(422);
    expect((await call('PATCH', `${REPO}/issues/${number}`, { state_reason: 'whatever' })).status).toBe(422);
    expect(gh.state.issue(number).assignees).toEqual([]);
  });

  it('lists with state and all-must-match label filters, sorting and Link pagination', async () => {
    gh.state.createLabel('offboarding');
    gh.state.createLabel('other');
    for (let i = 1; i <= 7; i++) {
      gh.fileIssue({ author: 'hr-hana', title: `#${i}`, body: '', labels: i % 2 === 0 ? ['offboarding', 'other'] : ['offboarding'] });
      gh.clock.advance(1000);
    }
    gh.closeIssue(7, { actor: 'hr-hana' });

    const open = await call('GET', `${REPO}/issues`);
    expect(arr(open.json).map((i) => i.number)).toEqual([6, 5, 4, 3, 2, 1]);
    const both = await call('GET', `${REPO}/issues?labels=offboarding,Other&state=all&direction=asc`);
    expect(arr(both.json).map((i) => i.number)).toEqual([2, 4, 6]);
    const closed = await call('GET', `${REPO}/issues?state=closed`);
    expect(arr(closed.json).map((i) => i.number)).toEqual([7]);

    const page1 = await call('GET', `${REPO}/issues?state=all&per_page=3&sort=created&direction=asc`);
    expect(arr(page1.json).map((i) => i.number)).toEqual([1, 2, 3]);
    const link = page1.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    expect(link).toContain('rel="last"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
    const last = /<([^>]+)>; rel="last"/.exec(link)?.[1] ?? '';
    expect(new URL(last).searchParams.get('page')).toBe('3');
    const page2 = await call('GET', next.slice(gh.url.length));
    expect(arr(page2.json).map((i) => i.number)).toEqual([4, 5, 6]);
    const page3 = await call('GET', last.slice(gh.url.length));
    expect(arr(page3.json).map((i) => i.number)).toEqual([7]);
    expect(page3.headers.get('link')).not.toContain('rel="next"');
    expect(page3.headers.get('link')).toContain('rel="prev"');
    const single = await call('GET', `${REPO}/issues?per_page=100`);
    expect(single.headers.get('link')).toBeNull();
    const capped = await call('GET', `${REPO}/issues?per_page=500&state=all`);
    expect(arr(capped.json)).toHaveLength(7);
  });
});

describe('comments', () => {
  it('creates, lists with pagination, edits and deletes', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', `${REPO}/issues/${number}/comments`, { body: `c${i}` });
      expect(res.status).toBe(201);
    }
    const page = await call('GET', `${REPO}/issues/${number}/comments?per_page=2&page=2`);
    expect(arr(page.json).map((c) => c.body)).toEqual(['c2', 'c3']);
    expect(page.headers.get('link')).toContain('rel="next"');
    const first = arr((await call('GET', `${REPO}/issues/${number}/comments`)).json)[0] ?? {};
    expect(first).toMatchObject({ body: 'c0', issue_url: `${gh.url}${REPO}/issues/${number}` });
    expect(obj(first.user).login).toBe('github-actions[bot]');

    gh.clock.advance(5000);
    const edited = await call('PATCH', `${REPO}/issues/comments/${String(first.id)}`, { body: 'new' });
    expect(obj(edited.json)).toMatchObject({ body: 'new', updated_at: '2025-03-01T09:00:05Z', created_at: '2025-03-01T09:00:00Z' });
    expect((await call('GET', `${REPO}/issues/comments/${String(first.id)}`)).status).toBe(200);
    expect((await call('DELETE', `${REPO}/issues/comments/${String(first.id)}`)).status).toBe(204);
    expect((await call('GET', `${REPO}/issues/comments/${String(first.id)}`)).status).toBe(404);
    expect(gh.state.comments(number)).toHaveLength(4);
    expect(obj((await call('GET', `${REPO}/issues/${number}`)).json).comments).toBe(4);
  });

  it('rejects empty and over-long comment bodies, and comments on unknown issues', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    expect((await call('POST', `${REPO}/issues/${number}/comments`, {})).status).toBe(422);
    expect((await call('POST', `${REPO}/issues/${number}/comments`, { body: 'x'.repeat(65_537) })).status).toBe(422);
    expect((await call('POST', `${REPO}/issues/404/comments`, { body: 'x' })).status).toBe(404);
    expect(gh.state.comments(number)).toEqual([]);
  });
});

describe('labels', () => {
  it('creates labels, rejecting case-insensitive duplicates and bad input', async () => {
    const created = await call('POST', `${REPO}/labels`, { name: 'offboarding', color: 'B60205', description: 'Tracked' });
    expect(created.status).toBe(201);
    expect(obj(created.json)).toMatchObject({ name: 'offboarding', color: 'b60205', description: 'Tracked', default: false });
    const dup = await call('POST', `${REPO}/labels`, { name: 'Offboarding' });
    expect(dup.status).toBe(422);
    expect(obj(dup.json).errors).toEqual([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    expect((await call('POST', `${REPO}/labels`, { color: 'ffffff' })).status).toBe(422);
    expect((await call('POST', `${REPO}/labels`, { name: 'x', color: '#ffffff' })).status).toBe(422);
    expect((await call('POST', `${REPO}/labels`, { name: 'y', description: 'd'.repeat(101) })).status).toBe(422);
    expect((await call('GET', `${REPO}/labels/${encodeURIComponent('OFFBOARDING')}`)).status).toBe(200);
    expect((await call('GET', `${REPO}/labels/missing`)).status).toBe(404);
    expect(names((await call('GET', `${REPO}/labels`)).json)).toEqual(['offboarding']);
  });

  it('adds (creating missing labels), replaces and removes issue labels', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const added = await call('POST', `${REPO}/issues/${number}/labels`, { labels: ['offboarding', 'offboarding:phase-immediate'] });
    expect(added.status).toBe(200);
    expect(names(added.json)).toEqual(['offboarding', 'offboarding:phase-immediate']);
    expect(gh.state.labels().find((l) => l.name === 'offboarding')?.color).toBe('ededed');
    const again = await call('POST', `${REPO}/issues/${number}/labels`, { labels: ['offboarding'] });
    expect(names(again.json)).toEqual(['offboarding', 'offboarding:phase-immediate']);

    const replaced = await call('PUT', `${REPO}/issues/${number}/labels`, { labels: ['offboarding', 'offboarding:overdue'] });
    expect(names(replaced.json)).toEqual(['offboarding', 'offboarding:overdue']);

    const removed = await call('DELETE', `${REPO}/issues/${number}/labels/${encodeURIComponent('offboarding:overdue')}`);
    expect(removed.status).toBe(200);
    expect(names(removed.json)).toEqual(['offboarding']);
    const missing = await call('DELETE', `${REPO}/issues/${number}/labels/${encodeURIComponent('offboarding:overdue')}`);
    expect(missing.status).toBe(404);
    expect(obj(missing.json).message).toBe('Label does not exist');
    expect(gh.state.issue(number).labels).toEqual(['offboarding']);
  });
});

describe('assignees, permissions, contents', () => {
  it('adds assignees (ignoring non-assignable), caps at 10, removes, and checks assignability', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const added = await call('POST', `${REPO}/issues/${number}/assignees`, { assignees: ['it-ivan', 'reader-rita', 'ghost'] });
    expect(added.status).toBe(201);
    expect(arr(obj(added.json).assignees).map((a) => a.login)).toEqual(['it-ivan']);
    for (let i = 0; i < 10; i++) gh.state.setPermission(`dev-${i}`, 'write');
    const over = await call('POST', `${REPO}/issues/${number}/assignees`, { assignees: Array.from({ length: 10 }, (_, i) => `dev-${i}`) });
    expect(over.status).toBe(422);
    expect(gh.state.issue(number).assignees).toEqual(['it-ivan']);
    const removed = await call('DELETE', `${REPO}/issues/${number}/assignees`, { assignees: ['it-ivan'] });
    expect(arr(obj(removed.json).assignees)).toEqual([]);

    expect((await call('GET', `${REPO}/assignees/hr-hana`)).status).toBe(204);
    expect((await call('GET', `${REPO}/assignees/reader-rita`)).status).toBe(404);
    expect((await call('GET', `${REPO}/assignees/ghost`)).status).toBe(404);
    gh.state.setAssignable('reader-rita', true);
    gh.state.setAssignable('hr-hana', false);
    expect((await call('GET', `${REPO}/assignees/reader-rita`)).status).toBe(204);
    expect((await call('GET', `${REPO}/assignees/hr-hana`)).status).toBe(404);
  });

  it('maps roles to legacy permissions; unknown users read as none', async () => {
    const perm = async (login: string) => obj((await call('GET', `${REPO}/collaborators/${login}/permission`)).json);
    expect(await perm('boss-bea')).toMatchObject({ permission: 'admin', role_name: 'admin' });
    expect(await perm('it-ivan')).toMatchObject({ permission: 'write', role_name: 'maintain' });
    expect(await perm('hr-hana')).toMatchObject({ permission: 'write', role_name: 'write' });
    expect(await perm('tri-tom')).toMatchObject({ permission: 'read', role_name: 'triage' });
    expect(await perm('reader-rita')).toMatchObject({ permission: 'read', role_name: 'read' });
    const stranger = await perm('stranger');
    expect(stranger).toMatchObject({ permission: 'none' });
    expect(obj(stranger.user).login).toBe('stranger');
  });

  it('serves files from the contents API as base64, with directory listings and 404s', async () => {
    const text = 'timezone: Europe/Berlin\nowners:\n  IT:\n    logins: [it-ivan]\n' + 'x'.repeat(200);
    gh.state.putFile('.github/offboarding.yml', text);
    const res = await call('GET', `${REPO}/contents/.github/offboarding.yml`);
    expect(res.status).toBe(200);
    const file = obj(res.json);
    expect(file).toMatchObject({ type: 'file', encoding: 'base64', path: '.github/offboarding.yml', name: 'offboarding.yml', size: text.length });
    expect(Buffer.from(String(file.content), 'base64').toString('utf8')).toBe(text);
    expect(file.sha).toMatch(/^[0-9a-f]{40}$/);
    const dir = await call('GET', `${REPO}/contents/.github`);
    expect(arr(dir.json).map((e) => [e.name, e.type])).toEqual([['offboarding.yml', 'file']]);
    expect((await call('GET', `${REPO}/contents/.github/missing.yml`)).status).toBe(404);
  });
});

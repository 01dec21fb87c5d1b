import { Octokit } from '@octokit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { arr, client, graphql, obj, REPO } from './helpers.js';

let gh: Emulator;
let call: ReturnType<typeof client>;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2025-03-01T09:00:00Z'), users: { 'hr-hana': 'write', 'it-ivan': 'write' } });
  call = client(gh);
});
afterEach(async () => {
  await gh.close();
});

describe('reactions', () => {
  it('creates (201), finds the existing one (200), rejects unknown content (422) and comments (404)', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const { id } = gh.comment(number, { actor: 'it-ivan', body: 'done' });
    const path = `${REPO}/issues/comments/${id}/reactions`;
    const first = await call('POST', path, { content: '+1' });
    expect(first.status).toBe(201);
    expect(obj(first.json)).toMatchObject({ content: '+1', user: { login: 'github-actions[bot]' }, created_at: '2025-03-01T09:00:00Z' });
    const again = await call('POST', path, { content: '+1' });
    expect(again.status).toBe(200);
    expect(obj(again.json).id).toBe(obj(first.json).id);
    expect((await call('POST', path, { content: 'thumbsup' })).status).toBe(422);
    expect((await call('POST', path, {})).status).toBe(422);
    expect((await call('POST', `${REPO}/issues/comments/999999/reactions`, { content: '+1' })).status).toBe(404);
    expect((await call('GET', `${REPO}/issues/comments/999999/reactions`)).status).toBe(404);
    expect(gh.state.reactions(id).map((r) => [r.user, r.content])).toEqual([['github-actions[bot]', '+1']]);
  });

  it('lists reactions with pagination and a content filter; the comment rollup counts them', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const { id } = gh.comment(number, { actor: 'it-ivan', body: 'done' });
    gh.react(id, { actor: 'hr-hana', content: 'heart' });
    gh.react(id, { actor: 'it-ivan', content: 'heart' });
    gh.react(id, { actor: 'it-ivan', content: 'eyes' });
    const page = await call('GET', `${REPO}/issues/comments/${id}/reactions?per_page=2`);
    expect(arr(page.json)).toHaveLength(2);
    expect(page.headers.get('link')).toMatch(/rel="next"/);
    const hearts = arr((await call('GET', `${REPO}/issues/comments/${id}/reactions?content=heart`)).json);
    expect(hearts.map((r) => obj(r.user).login)).toEqual(['hr-hana', 'it-ivan']);
    const comment = obj((await call('GET', `${REPO}/issues/comments/${id}`)).json);
    expect(comment.reactions).toMatchObject({ total_count: 3, heart: 2, eyes: 1, '+1': 0 });
    const gq = await graphql(gh, `{ node(id: "${String(comment.node_id)}") { ... on IssueComment { reactionGroups { content reactors(first: 5) { totalCount } viewerHasReacted } reactions(first: 10, content: HEART) { totalCount nodes { user { login } } } } } }`);
    const node = obj(obj(gq.data).node);
    expect((node.reactionGroups as { content: string; reactors: { totalCount: number } }[]).filter((g) => g.reactors.totalCount > 0).map((g) => g.content)).toEqual(['HEART', 'EYES']);
    expect(node.reactions).toEqual({ totalCount: 2, nodes: [{ user: { login: 'hr-hana' } }, { user: { login: 'it-ivan' } }] });
    gh.state.deleteComment(id);
    expect(gh.state.reactions(id)).toEqual([]);
  });
});

describe('comment edit history over GraphQL', () => {
  it('gives userContentEdits, editor, lastEditedAt and includesCreatedEdit as GitHub does; REST is unchanged', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const posted = obj((await call('POST', `${REPO}/issues/${number}/comments`, { body: 'v1' })).json);
    const query = `{ node(id: "${String(posted.node_id)}") { ... on IssueComment { body lastEditedAt includesCreatedEdit editor { login } userContentEdits(first: 10) { totalCount nodes { editedAt diff editor { login } } } } } }`;
    const untouched = obj(obj((await graphql(gh, query)).data).node);
    expect(untouched).toEqual({ body: 'v1', lastEditedAt: null, includesCreatedEdit: false, editor: null, userContentEdits: { totalCount: 0, nodes: [] } });

    gh.clock.advance(60_000);
    gh.editComment(Number(posted.id), { actor: 'hr-hana', body: 'v2 tampered' });
    gh.clock.advance(60_000);
    await call('PATCH', `${REPO}/issues/comments/${String(posted.id)}`, { body: 'v3 restored' });
    const edited = obj(obj((await graphql(gh, query)).data).node);
    expect(edited).toEqual({
      body: 'v3 restored',
      lastEditedAt: '2025-03-01T09:02:00Z',
      includesCreatedEdit: true,
      editor: { login: 'github-actions' },
      userContentEdits: {
        totalCount: 3,
        nodes: [
          { editedAt: '2025-03-01T09:02:00Z', diff: 'v3 restored', editor: { login: 'github-actions' } },
          { editedAt: '2025-03-01T09:01:00Z', diff: 'v2 tampered', editor: { login: 'hr-hana' } },
          { editedAt: '2025-03-01T09:00:00Z', diff: 'v1', editor: { login: 'github-actions' } },
        ],
      },
    });
    const rest = obj((await call('GET', `${REPO}/issues/comments/${String(posted.id)}`)).json);
    expect(Object.keys(rest)).not.toContain('userContentEdits');
    expect(rest).toMatchObject({ body: 'v3 restored', updated_at: '2025-03-01T09:02:00Z' });
    expect(gh.state.comments(number)[0]?.edits.map((e) => e.editor)).toEqual(['github-actions[bot]', 'hr-hana', 'github-actions[bot]']);
  });
});

describe('long threads over GraphQL', () => {
  it('pages Issue.comments forwards and backwards through 250 comments', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    for (let i = 1; i <= 250; i++) {
      if (i === 7 || i === 201) await call('POST', `${REPO}/issues/${number}/comments`, { body: `bot ${i}` });
      else gh.comment(number, { actor: i % 2 ? 'hr-hana' : 'it-ivan', body: `c${i}` });
    }
    const query = `query($n: Int!, $after: String, $before: String, $first: Int, $last: Int) { repository(owner: "acme", name: "people-ops") { issue(number: $n) {
      comments(first: $first, last: $last, after: $after, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { body viewerDidAuthor } }
    } } }`;
    interface Page {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
      nodes: { body: string; viewerDidAuthor: boolean }[];
    }
    const page = async (vars: Record<string, unknown>): Promise<Page> => {
      const res = await graphql(gh, query, { n: number, ...vars });
      expect(res.errors).toBeUndefined();
      return obj(obj(obj(res.data).repository).issue).comments as Page;
    };
    const forward: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p: Page = await page({ first: 100, after });
      pages += 1;
      expect(p.totalCount).toBe(250);
      forward.push(...p.nodes.map((c) => c.body));
      if (pages > 1) expect(p.pageInfo.hasPreviousPage).toBe(true);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(forward).toHaveLength(250);
    expect(forward[0]).toBe('c1');
    expect(forward[249]).toBe('c250');

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const p: Page = await page({ last: 100, before });
      backward.unshift(...p.nodes.map((c) => c.body));
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
    const mine = (await page({ last: 100 })).nodes.filter((c) => c.viewerDidAuthor).map((c) => c.body);
    expect(mine).toEqual(['bot 201']);
    const invalid = await graphql(gh, query, { n: number, first: 10, after: 'bogus' });
    expect(invalid.errors?.[0]?.message).toMatch(/does not appear to be a valid cursor/);
  });
});

describe('pull requests and issue_comment payloads', () => {
  it('a comment payload has what the issue_comment webhook has; on a pull request, issue.pull_request', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding', body: 'b' });
    const { id, payload } = gh.comment(number, { actor: 'it-ivan', body: '/done disable-email' });
    expect(payload).toMatchObject({
      action: 'created',
      comment: { id, body: '/done disable-email', user: { login: 'it-ivan' }, created_at: '2025-03-01T09:00:00Z', author_association: 'MEMBER' },
      issue: { number, title: 'Offboarding' },
      repository: { full_name: 'acme/people-ops' },
      organization: { login: 'acme' },
      sender: { login: 'it-ivan' },
    });
    expect(obj(payload.comment).html_url).toBe(`https://github.com/acme/people-ops/issues/${number}#issuecomment-${id}`);
    expect(obj(payload.issue).pull_request).toBeUndefined();

    const pr = gh.openPullRequest({ author: 'dev-dana', title: 'Add feature', body: 'please review' });
    expect(pr.number).toBe(number + 1);
    expect(pr.payload).toMatchObject({ action: 'opened', number: pr.number, pull_request: { number: pr.number, state: 'open', head: { ref: 'feature' }, base: { ref: 'main' } } });
    const onPr = gh.comment(pr.number, { actor: 'it-ivan', body: 'LGTM' });
    expect(obj(obj(onPr.payload.issue).pull_request)).toMatchObject({ url: `${gh.url}${REPO}/pulls/${pr.number}`, merged_at: null });
    expect(obj(onPr.payload.comment).html_url).toBe(`https://github.com/acme/people-ops/pull/${pr.number}#issuecomment-${onPr.id}`);
    expect(gh.state.issue(pr.number).pullRequest).toBe(true);

    // REST lists pull requests among issues (with pull_request); GraphQL's issues do not.
    const listed = arr((await call('GET', `${REPO}/issues`)).json);
    expect(listed.map((i) => [i.number, 'pull_request' in i])).toEqual([
      [pr.number, true],
      [number, false],
    ]);
    const gq = await graphql(gh, `{ repository(owner: "acme", name: "people-ops") { issues(first: 10) { totalCount } issue(number: ${pr.number}) { number } } }`);
    expect(obj(obj(gq.data).repository)).toEqual({ issues: { totalCount: 1 }, issue: null });
    expect(gq.errors?.[0]?.message).toBe(`Could not resolve to an Issue with the number of ${pr.number}.`);
  });

  it('through Octokit, a pull request reads as an issue with pull_request', async () => {
    const pr = gh.openPullRequest({ author: 'dev-dana', title: 'x', draft: true });
    const octokit = new Octokit({ auth: 'x', baseUrl: gh.url });
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: 'acme', repo: 'people-ops', issue_number: pr.number });
    expect(data.pull_request?.html_url).toBe(`https://github.com/acme/people-ops/pull/${pr.number}`);
    expect(data.draft).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { client, obj } from './helpers.js';

let gh: Emulator;

async function gql(query: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: { message: string }[] }> {
  const res = await client(gh)('POST', '/graphql', { query, variables });
  expect(res.status).toBe(200);
  return obj(res.json) as { data?: Record<string, unknown> | null; errors?: { message: string }[] };
}

const ISSUES = `
query Trackers($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: 2, after: $after, states: [OPEN], labels: ["offboarding"], orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id number title body state stateReason createdAt updatedAt closedAt url
        author { login }
        labels(first: 10) { nodes { name } }
        assignees(first: 10) { nodes { login } }
        comments(last: 2) { totalCount pageInfo { hasPreviousPage startCursor } nodes { id databaseId body createdAt updatedAt url author { login } } }
      }
    }
  }
  rateLimit { cost remaining resetAt limit used }
}`;

interface IssuesPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { number: number; state: string; author: { login: string }; labels: { nodes: { name: string }[] }; assignees: { nodes: { login: string }[] }; comments: { totalCount: number; nodes: { body: string; databaseId: number; author: { login: string } }[] } }[];
}

beforeAll(async () => {
  gh = await startEmulator({ now: new Date('2025-03-01T09:00:00Z'), users: { 'hr-hana': 'write', 'it-ivan': 'write' } });
  gh.state.createLabel('offboarding');
  for (let i = 1; i <= 5; i++) {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: `Tracker ${i}`, body: `body ${i}`, labels: i === 4 ? [] : ['offboarding'] });
    for (let c = 1; c <= 3; c++) gh.comment(number, { actor: c === 3 ? 'it-ivan' : 'hr-hana', body: `comment ${i}.${c}` });
    gh.clock.advance(1000);
  }
  gh.closeIssue(5, { actor: 'hr-hana' });
  const call = client(gh);
  await call('POST', '/repos/acme/people-ops/issues/1/assignees', { assignees: ['it-ivan'] });
});
afterAll(async () => {
  await gh.close();
});

describe('GraphQL', () => {
  it('pages through issues with nested comments', async () => {
    const first = await gql(ISSUES, { owner: 'acme', name: 'people-ops' });
    expect(first.errors).toBeUndefined();
    const page1 = obj(obj(first.data).repository).issues as IssuesPage;
    expect(page1.totalCount).toBe(3);
    expect(page1.nodes.map((n) => n.number)).toEqual([1, 2]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const [one] = page1.nodes;
    expect(one?.author.login).toBe('hr-hana');
    expect(one?.state).toBe('OPEN');
    expect(one?.labels.nodes).toEqual([{ name: 'offboarding' }]);
    expect(one?.assignees.nodes).toEqual([{ login: 'it-ivan' }]);
    expect(one?.comments.totalCount).toBe(3);
    expect(one?.comments.nodes.map((c) => c.body)).toEqual(['comment 1.2', 'comment 1.3']);
    expect(one?.comments.nodes[1]?.author.login).toBe('it-ivan');
    expect(gh.state.comments(1).map((c) => c.id)).toContain(one?.comments.nodes[0]?.databaseId);

    const second = await gql(ISSUES, { owner: 'acme', name: 'people-ops', after: page1.pageInfo.endCursor });
    const page2 = obj(obj(second.data).repository).issues as IssuesPage;
    expect(page2.nodes.map((n) => n.number)).toEqual([3]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(obj(second.data).rateLimit).toMatchObject({ cost: 1, limit: 1000 });
  });

  it('serves a single issue, closed state reasons and the bot as a Bot', async () => {
    await client(gh)('POST', '/repos/acme/people-ops/issues/2/comments', { body: 'from the bot' });
    const res = await gql(`{ repository(owner: "acme", name: "people-ops") {
      closed: issue(number: 5) { state stateReason closedAt }
      open: issue(number: 2) { comments(last: 1) { nodes { body author { __typename login } } } }
    } }`);
    expect(res.errors).toBeUndefined();
    const repo = obj(obj(res.data).repository);
    expect(repo.closed).toEqual({ state: 'CLOSED', stateReason: 'COMPLETED', closedAt: '2025-03-01T09:00:05Z' });
    // GitHub's GraphQL shows a bot's login without the `[bot]` suffix.
    expect(obj(repo.open).comments).toEqual({ nodes: [{ body: 'from the bot', author: { __typename: 'Bot', login: 'github-actions' } }] });
  });

  it('rejects what GitHub rejects', async () => {
    const invalidField = await gql('{ repository(owner: "acme", name: "people-ops") { issue(number: 1) { nonsense } } }');
    expect(invalidField.data).toBeUndefined();
    expect(invalidField.errors?.[0]?.message).toMatch(/Cannot query field "nonsense" on type "Issue"/);

    const tooMany = await gql('{ repository(owner: "acme", name: "people-ops") { issues(first: 101) { totalCount } } }');
    expect(tooMany.errors?.[0]?.message).toMatch(/101.*limit of 100/);
    const zero = await gql('{ repository(owner: "acme", name: "people-ops") { issues(last: 0) { totalCount } } }');
    expect(zero.errors?.[0]?.message).toMatch(/between 1 and 100/);
    const unpaged = await gql('{ repository(owner: "acme", name: "people-ops") { issues { totalCount } } }');
    expect(unpaged.errors?.[0]?.message).toMatch(/must provide a `first` or `last`/);
    const missing = await gql('{ repository(owner: "acme", name: "people-ops") { issue(number: 99) { number } } }');
    expect(missing.errors?.[0]?.message).toMatch(/Could not resolve to an Issue/);
    const syntax = await gql('{ repository(');
    expect(syntax.errors?.[0]?.message).toMatch(/Syntax Error/);
    const mutation = await gql('mutation { closeIssue(input: { issueId: "x" }) { clientMutationId } }');
    expect(mutation.errors?.[0]?.message).toMatch(/does not implement the GraphQL mutations `closeIssue`/);
    const unknownNode = await gql('mutation { addComment(input: { subjectId: "x", body: "y" }) { clientMutationId } }');
    expect(unknownNode.errors?.[0]).toMatchObject({ type: 'NOT_FOUND', message: "Could not resolve to a node with the global id of 'x'." });
  });

  it('returns userContentEdits newest first, with editors and full-text diffs', async () => {
    gh.clock.advance(60_000);
    gh.editBody(3, { actor: 'it-ivan', body: 'body 3 v2' });
    gh.clock.advance(60_000);
    gh.editBody(3, { actor: 'hr-hana', body: 'body 3 v3' });
    const res = await gql(`{ repository(owner: "acme", name: "people-ops") { issue(number: 3) {
      lastEditedAt
      userContentEdits(first: 10) { totalCount nodes { editedAt createdAt diff deletedAt editor { login } } }
      untouched: repository { issue(number: 1) { userContentEdits(last: 5) { totalCount } } }
    } } }`);
    expect(res.errors).toBeUndefined();
    const issue = obj(obj(obj(res.data).repository).issue);
    expect(issue.lastEditedAt).toBe('2025-03-01T09:02:05Z');
    expect(issue.userContentEdits).toEqual({
      totalCount: 3,
      nodes: [
        { editedAt: '2025-03-01T09:02:05Z', createdAt: '2025-03-01T09:02:05Z', diff: 'body 3 v3', deletedAt: null, editor: { login: 'hr-hana' } },
        { editedAt: '2025-03-01T09:01:05Z', createdAt: '2025-03-01T09:01:05Z', diff: 'body 3 v2', deletedAt: null, editor: { login: 'it-ivan' } },
        { editedAt: '2025-03-01T09:00:02Z', createdAt: '2025-03-01T09:00:02Z', diff: 'body 3', deletedAt: null, editor: { login: 'hr-hana' } },
      ],
    });
    expect(obj(obj(issue.untouched).issue).userContentEdits).toEqual({ totalCount: 0 });
  });
});

describe('GraphQL batching, node ids, mutations and cost', () => {
  it('runs aliased repository queries and nodes(ids:) for 100 edit histories in one request', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 100; i++) {
      const { number } = gh.fileIssue({ author: 'hr-hana', title: `Batch ${i}`, body: `v1 ${i}` });
      gh.editBody(number, { actor: 'it-ivan', body: `v2 ${i}` });
      numbers.push(number);
    }
    const aliased = await gql(`{
      a: repository(owner: "acme", name: "people-ops") { issue(number: ${numbers[0]}) { userContentEdits(last: 100) { nodes { diff editor { login } } } } }
      b: repository(owner: "acme", name: "people-ops") { issue(number: ${numbers[1]}) { userContentEdits(last: 100) { nodes { diff } } } }
    }`);
    expect(aliased.errors).toBeUndefined();
    expect(obj(obj(obj(aliased.data).a).issue).userContentEdits).toEqual({ nodes: [{ diff: `v2 0`, editor: { login: 'it-ivan' } }, { diff: 'v1 0', editor: { login: 'hr-hana' } }] });

    const ids = await gql(`{ repository(owner: "acme", name: "people-ops") { issues(last: 100) { nodes { id number } } } }`);
    const nodes = (obj(obj(ids.data).repository).issues as { nodes: { id: string; number: number }[] }).nodes;
    expect(nodes).toHaveLength(100);
    const batch = await gql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Issue { number userContentEdits(last: 100) { totalCount nodes { diff } } } } rateLimit { cost } }', {
      ids: [...nodes.map((n) => n.id), 'I_kwDObogus'],
    });
    const found = obj(batch.data).nodes as ({ number: number; userContentEdits: { totalCount: number } } | null)[];
    expect(found).toHaveLength(101);
    expect(found.slice(0, 100).every((n) => n?.userContentEdits.totalCount === 2)).toBe(true);
    expect(found[100]).toBeNull();
    expect(batch.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND', message: "Could not resolve to a node with the global id of 'I_kwDObogus'.", path: ['nodes', 100] })]);
    // 101 ids × one connection of 100 = 101 requests: 1 point.
    expect(obj(obj(batch.data).rateLimit).cost).toBe(1);
    expect(gh.log.at(-1)).toMatchObject({ graphql: 'query', cost: 1 });
    const single = await gql(`{ node(id: "${nodes[0]?.id ?? ''}") { ... on Issue { number } } }`);
    expect(obj(obj(single.data).node).number).toBe(nodes[0]?.number);
  });

  it('charges GitHub points per query', async () => {
    const before = gh.log.length;
    await gql('{ repository(owner: "acme", name: "people-ops") { issues(first: 100) { nodes { comments(first: 100) { nodes { reactions(first: 100) { totalCount } } } } } } }');
    // 1 + 100 + 10,000 requests / 100 = 101 points.
    expect(gh.log[before]?.cost).toBe(101);
    const res = await client(gh)('POST', '/graphql', { query: '{ rateLimit { cost used } }' });
    expect(obj(obj(obj(res.json).data).rateLimit).cost).toBe(1);
  });

  it('implements addComment, updateIssueComment, labels and assignees mutations, logged as writes', async () => {
    gh.state.createLabel('offboarding:overdue');
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'M', body: 'b' });
    const ids = await gql(`{ repository(owner: "acme", name: "people-ops") { issue(number: ${number}) { id } label(name: "offboarding:overdue") { id } } }`);
    const repo = obj(obj(ids.data).repository);
    const issueId = String(obj(repo.issue).id);
    const labelId = String(obj(repo.label).id);
    const ivan = obj(await client(gh)('GET', '/users/it-ivan').then((r) => r.json));
    gh.log.clear();

    const added = await gql('mutation($s: ID!, $b: String!) { addComment(input: { subjectId: $s, body: $b, clientMutationId: "m1" }) { clientMutationId commentEdge { node { id databaseId body author { login } } } subject { id } } }', { s: issueId, b: 'status' });
    expect(added.errors).toBeUndefined();
    const edge = obj(obj(obj(added.data).addComment).commentEdge).node as { id: string; databaseId: number; body: string; author: { login: string } };
    expect(edge).toMatchObject({ body: 'status', author: { login: 'github-actions' } });
    expect(gh.state.comments(number).map((c) => c.body)).toEqual(['status']);

    const updated = await gql('mutation($id: ID!) { updateIssueComment(input: { id: $id, body: "status v2" }) { issueComment { body lastEditedAt } } }', { id: edge.id });
    expect(obj(obj(updated.data).updateIssueComment).issueComment).toEqual({ body: 'status v2', lastEditedAt: '2025-03-01T09:02:05Z' });

    const labelled = await gql('mutation($i: ID!, $l: [ID!]!) { addLabelsToLabelable(input: { labelableId: $i, labelIds: $l }) { labelable { labels(first: 5) { nodes { name } } } } }', { i: issueId, l: [labelId] });
    expect(obj(obj(labelled.data).addLabelsToLabelable).labelable).toEqual({ labels: { nodes: [{ name: 'offboarding:overdue' }] } });
    const assigned = await gql('mutation($i: ID!, $u: [ID!]!) { addAssigneesToAssignable(input: { assignableId: $i, assigneeIds: $u }) { assignable { ... on Issue { assignees(first: 5) { nodes { login } } } } } }', { i: issueId, u: [String(ivan.node_id)] });
    expect(obj(obj(assigned.data).addAssigneesToAssignable).assignable).toEqual({ assignees: { nodes: [{ login: 'it-ivan' }] } });
    await gql('mutation($i: ID!, $l: [ID!]!) { removeLabelsFromLabelable(input: { labelableId: $i, labelIds: $l }) { clientMutationId } }', { i: issueId, l: [labelId] });
    expect(gh.state.issue(number)).toMatchObject({ labels: [], assignees: ['it-ivan'] });

    expect(gh.log.writes().map((e) => e.graphql)).toEqual(['mutation', 'mutation', 'mutation', 'mutation', 'mutation']);
    const tooLong = await gql('mutation($s: ID!, $b: String!) { addComment(input: { subjectId: $s, body: $b }) { clientMutationId } }', { s: issueId, b: 'x'.repeat(70_000) });
    expect(tooLong.errors?.[0]).toMatchObject({ type: 'UNPROCESSABLE', message: expect.stringMatching(/Body is too long/) });
    gh.state.setWorkflowPermissions({ issues: 'read' });
    const denied = await gql('mutation($s: ID!) { addComment(input: { subjectId: $s, body: "x" }) { clientMutationId } }', { s: issueId });
    expect(denied.errors?.[0]).toMatchObject({ type: 'FORBIDDEN', message: 'Resource not accessible by integration' });
    gh.state.setWorkflowPermissions({ issues: 'write' });
    expect(gh.state.comments(number)).toHaveLength(1);
  });
});

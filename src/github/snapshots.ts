/**
 * Reading trackers: an issue with its labels, assignees and the action's comments, as a
 * TrackerSnapshot. GraphQL reads 100 issues a request; without GraphQL, REST reads one issue at a time.
 */
import { hasActionMarker } from '../domain/markers.js';
import type { ActionComment, Actor, TrackerSnapshot } from '../domain/types.js';
import type { GitHubClient } from './client.js';
import { graphqlUnavailable, isNotFound } from './errors.js';
import { COMMENTS_QUERY, HEAD_COMMENTS, ISSUE_QUERY, TAIL_COMMENTS, TRACKERS_QUERY } from './queries.js';
import type { Repo } from './repo.js';

interface GraphActor {
  readonly __typename: string;
  readonly login: string;
}

interface GraphComment {
  readonly id: string;
  readonly databaseId: number | null;
  readonly body: string;
  readonly createdAt: string;
  readonly author: GraphActor | null;
  readonly editor: GraphActor | null;
  readonly lastEditedAt: string | null;
}

interface GraphIssue {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'OPEN' | 'CLOSED';
  readonly createdAt: string;
  readonly lastEditedAt?: string | null;
  readonly author: { readonly login: string } | null;
  readonly labels: { readonly nodes: ReadonlyArray<{ readonly name: string }> } | null;
  readonly assignees: { readonly nodes: ReadonlyArray<{ readonly login: string }> } | null;
  readonly head: { readonly totalCount: number; readonly pageInfo: { readonly endCursor: string | null }; readonly nodes: readonly GraphComment[] };
  readonly tail: { readonly nodes: readonly GraphComment[] };
}

function actor(a: GraphActor | null): Actor | undefined {
  return a ? { login: a.login, bot: a.__typename === 'Bot' } : undefined;
}

function graphComment(c: GraphComment): ActionComment | undefined {
  if (c.databaseId === null || !hasActionMarker(c.body)) return undefined;
  const editor = actor(c.editor);
  return {
    id: c.databaseId,
    nodeId: c.id,
    body: c.body,
    createdAt: c.createdAt,
    author: actor(c.author),
    ...(editor && c.lastEditedAt ? { editor, editedAt: c.lastEditedAt } : {}),
  };
}

function toSnapshot(issue: GraphIssue, middle: readonly GraphComment[] = []): TrackerSnapshot {
  const seen = new Set<number>();
  const comments: ActionComment[] = [];
  for (const raw of [...issue.head.nodes, ...middle, ...issue.tail.nodes]) {
    const comment = graphComment(raw);
    if (!comment || seen.has(comment.id)) continue;
    seen.add(comment.id);
    comments.push(comment);
  }
  comments.sort((a, b) => a.id - b.id);
  return {
    number: issue.number,
    nodeId: issue.id,
    title: issue.title,
    body: issue.body,
    state: issue.state === 'OPEN' ? 'open' : 'closed',
    createdAt: issue.createdAt,
    ...(issue.lastEditedAt ? { bodyEditedAt: issue.lastEditedAt } : {}),
    author: issue.author?.login ?? 'ghost',
    labels: (issue.labels?.nodes ?? []).map((l) => l.name),
    assignees: (issue.assignees?.nodes ?? []).map((a) => a.login),
    comments,
  };
}

/** The comments between a long thread's first and last ones, so the action finds its own anywhere. */
async function middleComments(client: GitHubClient, issue: GraphIssue): Promise<GraphComment[]> {
  if (issue.head.totalCount <= HEAD_COMMENTS + TAIL_COMMENTS) return [];
  const out: GraphComment[] = [];
  let after = issue.head.pageInfo.endCursor;
  const tailStart = issue.head.totalCount - TAIL_COMMENTS;
  for (let read = HEAD_COMMENTS; read < tailStart && after; ) {
    const data = await client.graphql<{
      node: { comments: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphComment[] } } | null;
    }>(COMMENTS_QUERY, { id: issue.id, after });
    const page = data.node?.comments;
    if (!page) break;
    out.push(...page.nodes);
    read += page.nodes.length;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  }
  return out;
}

interface RestComment {
  readonly id: number | bigint;
  readonly node_id?: string;
  readonly body?: string | null;
  readonly created_at: string;
  readonly updated_at?: string;
  readonly user: { readonly login: string; readonly type?: string } | null;
}

interface RestIssue {
  readonly number: number;
  readonly node_id?: string;
  readonly title: string;
  readonly body?: string | null;
  readonly state: string;
  readonly created_at: string;
  readonly user: { readonly login: string } | null;
  readonly labels: ReadonlyArray<string | { readonly name?: string }>;
  readonly assignees?: ReadonlyArray<{ readonly login: string }> | null;
  readonly pull_request?: unknown;
}

function restSnapshot(issue: RestIssue, comments: readonly RestComment[]): TrackerSnapshot {
  return {
    number: issue.number,
    ...(issue.node_id ? { nodeId: issue.node_id } : {}),
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'open' ? 'open' : 'closed',
    createdAt: issue.created_at,
    author: issue.user?.login ?? 'ghost',
    labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
    assignees: (issue.assignees ?? []).map((a) => a.login),
    comments: comments
      .filter((c) => hasActionMarker(c.body ?? ''))
      .map((c) => ({
        id: Number(c.id),
        ...(c.node_id ? { nodeId: c.node_id } : {}),
        body: c.body ?? '',
        createdAt: c.created_at,
        author: c.user ? { login: c.user.login, bot: c.user.type === 'Bot' } : undefined,
      })),
  };
}

async function restComments(client: GitHubClient, repo: Repo, number: number): Promise<RestComment[]> {
  return client.paginate(client.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 });
}

export interface PageOptions {
  readonly label: string;
  readonly states: ReadonlyArray<'OPEN' | 'CLOSED'>;
  readonly warn: (message: string) => void;
  /** Also read the newest open issues, labelled or not (with the first page, over GraphQL only). */
  readonly recent?: (snapshots: TrackerSnapshot[]) => void;
}

/**
 * Every issue carrying `label` in the given states, page by page, each with the action's comments:
 * one GraphQL request per 100 issues (plus a page per 100 comments in threads longer than 100);
 * if GraphQL is unavailable, REST (a request per issue), with a warning.
 */
export async function* trackerPages(client: GitHubClient, repo: Repo, options: PageOptions): AsyncGenerator<TrackerSnapshot[]> {
  let after: string | undefined;
  let first = true;
  for (;;) {
    let page: { snapshots: TrackerSnapshot[]; next?: string };
    try {
      page = await fetchTrackerPage(client, repo, options, after);
    } catch (error) {
      if (!first || !graphqlUnavailable(error)) throw error;
      options.warn(`GraphQL is unavailable (${(error as Error).message}); reading trackers over REST, one request per tracker.`);
      yield* restTrackerPages(client, repo, options);
      return;
    }
    first = false;
    yield page.snapshots;
    if (!page.next) return;
    after = page.next;
  }
}

async function* restTrackerPages(client: GitHubClient, repo: Repo, options: PageOptions): AsyncGenerator<TrackerSnapshot[]> {
  const state = options.states.length === 1 ? (options.states[0] === 'OPEN' ? 'open' : 'closed') : 'all';
  for (let page = 1; ; page += 1) {
    const { data } = await client.rest.issues.listForRepo({ ...repo, labels: options.label, state, per_page: 100, page });
    const snapshots: TrackerSnapshot[] = [];
    for (const issue of data as RestIssue[]) {
      if (issue.pull_request) continue;
      snapshots.push(restSnapshot(issue, await restComments(client, repo, issue.number)));
    }
    yield snapshots;
    if (data.length < 100) return;
  }
}

async function fetchTrackerPage(
  client: GitHubClient,
  repo: Repo,
  options: PageOptions,
  after: string | undefined,
): Promise<{ snapshots: TrackerSnapshot[]; next?: string }> {
  const withRecent = options.recent !== undefined && after === undefined;
  const data = await client.graphql<{
    repository: {
      issues: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphIssue[] };
      recent?: { nodes: GraphIssue[] };
    } | null;
  }>(TRACKERS_QUERY, { owner: repo.owner, name: repo.repo, labels: [options.label], states: [...options.states], after: after ?? null, withRecent });
  if (!data.repository) throw new Error(`Repository ${repo.owner}/${repo.repo} not found or not accessible to this token.`);
  const { pageInfo, nodes } = data.repository.issues;
  if (withRecent) options.recent?.((data.repository.recent?.nodes ?? []).map((n) => toSnapshot(n)));
  const snapshots: TrackerSnapshot[] = [];
  for (const node of nodes) snapshots.push(toSnapshot(node, await middleComments(client, node)));
  return { snapshots, next: pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : undefined };
}

/** One issue with the action's comments; undefined when it does not exist (or is a pull request). */
export async function fetchSnapshot(client: GitHubClient, repo: Repo, number: number): Promise<TrackerSnapshot | undefined> {
  try {
    const data = await client.graphql<{ repository: { issue: GraphIssue | null } | null }>(ISSUE_QUERY, {
      owner: repo.owner,
      name: repo.repo,
      number,
    });
    const issue = data.repository?.issue;
    return issue ? toSnapshot(issue, await middleComments(client, issue)) : undefined;
  } catch (error) {
    // GraphQL's NOT_FOUND: no such issue (or it is a pull request).
    if (isNotFound(error) && !graphqlUnavailable(error)) return undefined;
    if (!graphqlUnavailable(error)) throw error;
  }
  try {
    const { data } = await client.rest.issues.get({ ...repo, issue_number: number });
    if ((data as RestIssue).pull_request) return undefined;
    return restSnapshot(data as RestIssue, await restComments(client, repo, number));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

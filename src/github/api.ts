import type { BodyRevision } from '../sweep/attribution.js';
import type { ActionComment, TrackerSnapshot } from '../sweep/decide.js';
import type { Write, WritePerformer } from '../writes.js';
import type { GitHubClient } from './client.js';

/** Every request to GitHub goes through these functions; each takes the client as an argument. */
export interface Repo {
  readonly owner: string;
  readonly repo: string;
}

export type Permission = 'admin' | 'write' | 'read' | 'none';

/** Comments by bots and by these logins are the action's own; markers in anyone else's comment are ignored. */
export interface Trust {
  readonly logins: ReadonlySet<string>;
}

export const DEFAULT_TRUST: Trust = { logins: new Set(['github-actions[bot]', 'github-actions']) };

interface GraphComment {
  readonly databaseId: number | null;
  readonly body: string;
  readonly createdAt: string;
  readonly author: { readonly __typename: string; readonly login: string } | null;
}

interface GraphIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'OPEN' | 'CLOSED';
  readonly createdAt: string;
  readonly author: { readonly login: string } | null;
  readonly labels: { readonly nodes: ReadonlyArray<{ readonly name: string }> } | null;
  readonly head: { readonly nodes: readonly GraphComment[] };
  readonly tail: { readonly nodes: readonly GraphComment[] };
}

// The status comment is among the first comments; escalations and reports are among the last.
// Fetching both ends in the same query keeps a quiet sweep at one request per 100 trackers.
const TRACKER_FIELDS = `
  fragment TrackerFields on Issue {
    number title body state createdAt
    author { login }
    labels(first: 50) { nodes { name } }
    head: comments(first: 10) { nodes { databaseId body createdAt author { __typename login } } }
    tail: comments(last: 50) { nodes { databaseId body createdAt author { __typename login } } }
  }`;

const TRACKERS_QUERY = `
  query Trackers($owner: String!, $name: String!, $labels: [String!], $after: String) {
    repository(owner: $owner, name: $name) {
      issues(first: 100, after: $after, states: OPEN, labels: $labels, orderBy: { field: CREATED_AT, direction: ASC }) {
        pageInfo { hasNextPage endCursor }
        nodes { ...TrackerFields }
      }
    }
  }
  ${TRACKER_FIELDS}`;

const ISSUE_QUERY = `
  query Tracker($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      issue(number: $number) { ...TrackerFields }
    }
  }
  ${TRACKER_FIELDS}`;

const HISTORY_QUERY = `
  query History($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      issue(number: $number) {
        userContentEdits(last: 100) { nodes { editedAt editor { login } diff deletedAt } }
      }
    }
  }`;

/** Every marker the action writes starts so; other comments are of no interest to it. */
const MARKER_PREFIX = '<!-- offboarding:';

/**
 * Keeps the comments that a trusted author wrote: a bot (the workflow token's github-actions, a
 * GitHub App) or a login in `trust` (a personal token's own user). Markers from people are ignored.
 */
export function trustedComments(snapshot: TrackerSnapshot, trust: Trust): TrackerSnapshot {
  return {
    ...snapshot,
    comments: snapshot.comments.filter((c) => c.author !== undefined && (c.author.bot || trust.logins.has(c.author.login))),
  };
}

/** True when a marker comment was written by someone `trust` does not know (a personal token, or a person). */
export function hasUnknownAuthor(snapshot: TrackerSnapshot, trust: Trust): boolean {
  return snapshot.comments.some((c) => c.author !== undefined && !c.author.bot && !trust.logins.has(c.author.login));
}

function toSnapshot(issue: GraphIssue): TrackerSnapshot {
  const seen = new Set<number>();
  const comments: ActionComment[] = [];
  for (const c of [...issue.head.nodes, ...issue.tail.nodes]) {
    if (c.databaseId === null || seen.has(c.databaseId) || !c.body.includes(MARKER_PREFIX)) continue;
    seen.add(c.databaseId);
    const author = c.author ? { login: c.author.login, bot: c.author.__typename === 'Bot' } : undefined;
    comments.push({ id: c.databaseId, body: c.body, createdAt: c.createdAt, author });
  }
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state === 'OPEN' ? 'open' : 'closed',
    createdAt: issue.createdAt,
    author: issue.author?.login ?? 'ghost',
    labels: (issue.labels?.nodes ?? []).map((l) => l.name),
    comments,
  };
}

interface RestComment {
  readonly id: number | bigint;
  readonly body?: string | null;
  readonly created_at: string;
  readonly user: { readonly login: string; readonly type?: string } | null;
}

interface RestIssue {
  readonly number: number;
  readonly title: string;
  readonly body?: string | null;
  readonly state: string;
  readonly created_at: string;
  readonly user: { readonly login: string } | null;
  readonly labels: ReadonlyArray<string | { readonly name?: string }>;
  readonly pull_request?: unknown;
}

function restSnapshot(issue: RestIssue, comments: readonly RestComment[]): TrackerSnapshot {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'open' ? 'open' : 'closed',
    createdAt: issue.created_at,
    author: issue.user?.login ?? 'ghost',
    labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
    comments: comments
      .filter((c) => (c.body ?? '').includes(MARKER_PREFIX))
      .map((c) => ({
        id: Number(c.id),
        body: c.body ?? '',
        createdAt: c.created_at,
        author: c.user ? { login: c.user.login, bot: c.user.type === 'Bot' } : undefined,
      })),
  };
}

async function restComments(client: GitHubClient, repo: Repo, number: number): Promise<RestComment[]> {
  return client.paginate(client.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 });
}

/**
 * True when GraphQL itself is not there (a proxy or a GitHub stand-in that only speaks REST), as
 * opposed to an answer about the data: then REST can still do the job, one request per tracker.
 */
export function graphqlUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = 'status' in error ? (error as { status: unknown }).status : undefined;
  if (status === 404 || status === 400 || status === 405 || status === 501) return true;
  // Errors about the data (NOT_FOUND, FORBIDDEN, …) carry a `path` or a `type`; a query the
  // server does not understand at all (no such field or type) carries neither.
  const errors = (error as { errors?: Array<{ type?: string; path?: unknown }> }).errors;
  return (
    (error as { name?: string }).name === 'GraphqlResponseError' &&
    Array.isArray(errors) &&
    errors.every((e) => e.type === undefined && e.path === undefined)
  );
}

/**
 * Every open issue carrying `label`, page by page, each with the action's comments: one GraphQL
 * request per 100 issues; if GraphQL is unavailable, REST (a request per issue), with a warning.
 */
export async function* trackerPages(
  client: GitHubClient,
  repo: Repo,
  label: string,
  warn: (message: string) => void,
): AsyncGenerator<TrackerSnapshot[]> {
  let after: string | undefined;
  let first = true;
  for (;;) {
    let page: { snapshots: TrackerSnapshot[]; next?: string };
    try {
      page = await fetchTrackerPage(client, repo, label, after);
    } catch (error) {
      if (!first || !graphqlUnavailable(error)) throw error;
      warn(`GraphQL is unavailable (${(error as Error).message}); reading trackers over REST, one request per tracker.`);
      yield* restTrackerPages(client, repo, label);
      return;
    }
    first = false;
    yield page.snapshots;
    if (!page.next) return;
    after = page.next;
  }
}

async function* restTrackerPages(client: GitHubClient, repo: Repo, label: string): AsyncGenerator<TrackerSnapshot[]> {
  for (let page = 1; ; page += 1) {
    const { data } = await client.rest.issues.listForRepo({ ...repo, labels: label, state: 'open', per_page: 100, page });
    const snapshots: TrackerSnapshot[] = [];
    for (const issue of data as RestIssue[]) {
      if (issue.pull_request) continue;
      snapshots.push(restSnapshot(issue, await restComments(client, repo, issue.number)));
    }
    yield snapshots;
    if (data.length < 100) return;
  }
}

/** One page (up to 100) of open issues carrying `label`, each with the action's comments. */
export async function fetchTrackerPage(
  client: GitHubClient,
  repo: Repo,
  label: string,
  after: string | undefined,
): Promise<{ snapshots: TrackerSnapshot[]; next?: string }> {
  const data = await client.graphql<{
    repository: { issues: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphIssue[] } } | null;
  }>(TRACKERS_QUERY, { owner: repo.owner, name: repo.repo, labels: [label], after: after ?? null });
  if (!data.repository) throw new Error(`Repository ${repo.owner}/${repo.repo} not found or not accessible to this token.`);
  const { pageInfo, nodes } = data.repository.issues;
  return {
    snapshots: nodes.map((n) => toSnapshot(n)),
    next: pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : undefined,
  };
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
    return issue ? toSnapshot(issue) : undefined;
  } catch (error) {
    if (isNotFound(error) && !(typeof error === 'object' && error !== null && 'status' in error)) return undefined;
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

/** The body's revisions from GitHub's edit history, oldest first. */
export async function fetchBodyHistory(client: GitHubClient, repo: Repo, number: number): Promise<BodyRevision[]> {
  const data = await client.graphql<{
    repository: {
      issue: {
        userContentEdits: {
          nodes: Array<{ editedAt: string; editor: { login: string } | null; diff: string | null; deletedAt: string | null }>;
        } | null;
      } | null;
    } | null;
  }>(HISTORY_QUERY, { owner: repo.owner, name: repo.repo, number }).catch((error: unknown) => {
    // Without GraphQL there is no edit history: ticks are then recorded as observed.
    if (graphqlUnavailable(error)) return { repository: null };
    throw error;
  });
  // GitHub lists the newest edit first; revisions made in the same second keep that order, reversed.
  const nodes = [...(data.repository?.issue?.userContentEdits?.nodes ?? [])].reverse();
  return nodes
    .filter((n) => n.deletedAt === null)
    .map((n) => ({ editedAt: n.editedAt, editor: n.editor?.login, body: n.diff ?? undefined }))
    .sort((a, b) => Date.parse(a.editedAt) - Date.parse(b.editedAt));
}

/**
 * The trust for a token: a personal token's comments are authored by its user, so that login
 * is the action's own too. An installation token cannot read `GET /user` (403): the default then.
 */
export async function trustForToken(client: GitHubClient): Promise<Trust> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return { logins: new Set([...DEFAULT_TRUST.logins, data.login]) };
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'status' in error && (error.status === 403 || error.status === 404)) {
      return DEFAULT_TRUST;
    }
    throw error;
  }
}

export async function getPermission(client: GitHubClient, repo: Repo, login: string): Promise<Permission> {
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    const permission = data.permission;
    return permission === 'admin' || permission === 'write' || permission === 'read' ? permission : 'none';
  } catch (error) {
    if (isNotFound(error)) return 'none';
    throw error;
  }
}

export async function isAssignable(client: GitHubClient, repo: Repo, login: string): Promise<boolean> {
  try {
    await client.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: login });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** The repository's label names; an empty set when they cannot be listed (labels are then created on use). */
export async function listLabelNames(client: GitHubClient, repo: Repo): Promise<Set<string>> {
  try {
    const labels = await client.paginate(client.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
    return new Set(labels.map((l) => l.name));
  } catch (error) {
    if (isNotFound(error)) return new Set();
    throw error;
  }
}

/** A file's text from the default branch; undefined when it does not exist. */
export async function readRepoFile(client: GitHubClient, repo: Repo, path: string): Promise<string | undefined> {
  try {
    const { data } = await client.rest.repos.getContent({ ...repo, path });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('status' in error && (error as { status: unknown }).status === 404) return true;
  const errors = (error as { errors?: Array<{ type?: string }> }).errors;
  return Array.isArray(errors) && errors.some((e) => e.type === 'NOT_FOUND');
}

/** Performs each kind of write with the REST API: the shell hands this to the write gate. */
export function writePerformer(client: GitHubClient, repo: Repo): WritePerformer {
  return async (write: Write) => {
    switch (write.kind) {
      case 'create-label':
        try {
          await client.rest.issues.createLabel({ ...repo, name: write.name, color: write.color, description: write.description });
        } catch (error) {
          // 422: created meanwhile by someone else, so what we wanted exists. 404: this API cannot
          // create labels; adding a label to an issue creates it (without colour or description).
          const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
          if (status !== 422 && status !== 404) throw error;
        }
        return;
      case 'add-labels':
        await client.rest.issues.addLabels({ ...repo, issue_number: write.issue, labels: [...write.labels] });
        return;
      case 'remove-label':
        try {
          await client.rest.issues.removeLabel({ ...repo, issue_number: write.issue, name: write.label });
        } catch (error) {
          if (!isNotFound(error)) throw error; // already gone
        }
        return;
      case 'convert-issue':
        await client.rest.issues.update({ ...repo, issue_number: write.issue, title: write.title, body: write.body });
        return;
      case 'add-assignees':
        await client.rest.issues.addAssignees({ ...repo, issue_number: write.issue, assignees: [...write.assignees] });
        return;
      case 'create-comment':
        await client.rest.issues.createComment({ ...repo, issue_number: write.issue, body: write.body });
        return;
      case 'update-comment':
        await client.rest.issues.updateComment({ ...repo, comment_id: write.commentId, body: write.body });
        return;
      case 'close-issue':
        await client.rest.issues.update({ ...repo, issue_number: write.issue, state: 'closed', state_reason: 'completed' });
        return;
    }
  };
}

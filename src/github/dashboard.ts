/**
 * The dashboard issue on GitHub: found with one bounded read (it carries its own label, not the
 * trackers' one, so the sweep's pages never see it), and created at most once even when GitHub
 * applies the create and then answers 502.
 */
import type { DashboardIssue } from '../dashboard/identify.js';
import type { Write } from '../domain/writes.js';
import type { GitHubClient } from './client.js';
import { graphqlUnavailable, maybeApplied } from './errors.js';
import { DASHBOARDS_QUERY } from './queries.js';
import type { Repo } from './repo.js';

/** How many issues under the label are read from each end: the oldest (the first dashboard) and the newest. */
export const DASHBOARD_READ = 5;

interface GraphDashboard {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'OPEN' | 'CLOSED';
  readonly createdAt: string;
  readonly author: { readonly __typename: string; readonly login: string } | null;
  readonly labels: { readonly nodes: ReadonlyArray<{ readonly name: string }> } | null;
}

interface RestDashboard {
  readonly number: number;
  readonly title: string;
  readonly body?: string | null;
  readonly state: string;
  readonly created_at: string;
  readonly user: { readonly login: string; readonly type?: string } | null;
  readonly labels: ReadonlyArray<string | { readonly name?: string }>;
  readonly pull_request?: unknown;
}

function fromGraph(node: GraphDashboard): DashboardIssue {
  return {
    number: node.number,
    title: node.title,
    body: node.body,
    state: node.state === 'OPEN' ? 'open' : 'closed',
    createdAt: node.createdAt,
    ...(node.author ? { author: { login: node.author.login, bot: node.author.__typename === 'Bot' } } : {}),
    labels: (node.labels?.nodes ?? []).map((l) => l.name),
  };
}

function fromRest(issue: RestDashboard): DashboardIssue {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'open' ? 'open' : 'closed',
    createdAt: issue.created_at,
    ...(issue.user ? { author: { login: issue.user.login, bot: issue.user.type === 'Bot' } } : {}),
    labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
  };
}

function unique(issues: readonly DashboardIssue[]): DashboardIssue[] {
  const seen = new Set<number>();
  return issues.filter((i) => !seen.has(i.number) && (seen.add(i.number), true));
}

/**
 * The oldest and the newest few issues carrying `label`, open or closed: one GraphQL request (two
 * REST pages when GraphQL is not there). People's issues may be among them; which one is the
 * action's is the core's decision.
 */
export async function findDashboards(client: GitHubClient, repo: Repo, label: string): Promise<DashboardIssue[]> {
  try {
    const data = await client.graphql<{
      repository: { oldest: { nodes: GraphDashboard[] }; newest: { nodes: GraphDashboard[] } } | null;
    }>(DASHBOARDS_QUERY, { owner: repo.owner, name: repo.repo, labels: [label], first: DASHBOARD_READ });
    if (!data.repository) throw new Error(`Repository ${repo.owner}/${repo.repo} not found or not accessible to this token.`);
    return unique([...data.repository.oldest.nodes, ...data.repository.newest.nodes].map(fromGraph));
  } catch (error) {
    if (!graphqlUnavailable(error)) throw error;
  }
  const page = async (direction: 'asc' | 'desc'): Promise<DashboardIssue[]> => {
    const { data } = await client.rest.issues.listForRepo({ ...repo, labels: label, state: 'all', sort: 'created', direction, per_page: DASHBOARD_READ });
    return (data as RestDashboard[]).filter((i) => !i.pull_request).map(fromRest);
  };
  return unique([...(await page('asc')), ...(await page('desc'))]);
}

type CreateDashboard = Extract<Write, { kind: 'create-dashboard' }>;

/**
 * Opens the dashboard exactly once. Never retried blindly: after an answer that may hide an applied
 * create (a 5xx, a timeout), the label is read again and the issue created only when no issue
 * under it has this very body. A second failure is left to the next sweep, which finds what landed.
 */
export async function createDashboardOnce(client: GitHubClient, repo: Repo, write: CreateDashboard): Promise<void> {
  const create = (): Promise<unknown> =>
    client.rest.issues.create({ ...repo, title: write.title, body: write.body, labels: [...write.labels], request: { retries: 0 } });
  try {
    await create();
    return;
  } catch (error) {
    const label = write.labels[0];
    if (!maybeApplied(error) || label === undefined) throw error;
    const found = await findDashboards(client, repo, label);
    if (found.some((issue) => issue.body === write.body && issue.title === write.title)) return;
  }
  await create();
}

/** Repository files and labels the action reads. */
import type { GitHubClient } from './client.js';
import { isNotFound } from './errors.js';
import type { Repo } from './repo.js';

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

/** The repository's label names; an empty set when they cannot be listed (labels are then created on use). */
export async function listLabelNames(client: GitHubClient, repo: Repo): Promise<Set<string>> {
  return new Set((await listLabels(client, repo)).map((l) => l.name));
}

/** The repository's labels with their node ids (for GraphQL mutations); empty when they cannot be listed. */
export async function listLabels(client: GitHubClient, repo: Repo): Promise<Array<{ name: string; nodeId: string }>> {
  try {
    const labels = await client.paginate(client.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
    return labels.map((l) => ({ name: l.name, nodeId: l.node_id }));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** The repository's default branch (where workflows are dispatched). */
export async function defaultBranchOf(client: GitHubClient, repo: Repo): Promise<string> {
  const { data } = await client.rest.repos.get({ ...repo });
  return data.default_branch;
}

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
  try {
    const labels = await client.paginate(client.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
    return new Set(labels.map((l) => l.name));
  } catch (error) {
    if (isNotFound(error)) return new Set();
    throw error;
  }
}

/** The repository's default branch (where workflows are dispatched). */
export async function defaultBranchOf(client: GitHubClient, repo: Repo): Promise<string> {
  const { data } = await client.rest.repos.get({ ...repo });
  return data.default_branch;
}

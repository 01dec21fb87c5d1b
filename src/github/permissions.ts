/** Who may do what in the repository. */
import type { GitHubClient } from './client.js';
import { isNotFound } from './errors.js';
import type { Repo } from './repo.js';

export type Permission = 'admin' | 'write' | 'read' | 'none';

/** A person's permission on the repository (`maintain` reads as write, `triage` as read, as GitHub answers). */
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

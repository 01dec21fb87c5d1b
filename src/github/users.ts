/** Accounts on GitHub: `GET /users/{username}`. */
import type { GitHubClient } from './client.js';
import { isNotFound } from './errors.js';

export interface Account {
  readonly login: string;
  readonly id: number;
  readonly name?: string;
  readonly type: string;
}

/** The account with this login; undefined when there is none. */
export async function findUser(client: GitHubClient, login: string): Promise<Account | undefined> {
  try {
    const { data } = await client.rest.users.getByUsername({ username: login });
    return { login: data.login, id: data.id, ...(data.name ? { name: data.name } : {}), type: data.type };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

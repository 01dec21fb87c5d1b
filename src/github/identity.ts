/** Who the token is: the action trusts its own comments, and a personal token's comments carry its user. */
import { DEFAULT_TRUST, type Trust } from '../domain/trust.js';
import type { GitHubClient } from './client.js';
import { statusOf } from './errors.js';

/**
 * The trust for a token: a personal token's comments are authored by its user, so that login is
 * the action's own too. An installation token cannot read `GET /user` (403): the default then.
 */
export async function trustForToken(client: GitHubClient): Promise<Trust> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return { logins: new Set([...DEFAULT_TRUST.logins, data.login]) };
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404) return DEFAULT_TRUST;
    throw error;
  }
}

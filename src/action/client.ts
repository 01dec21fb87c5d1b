/** The Action's client: @actions/github's getOctokit (which honours the runner's proxy settings) with our plugins. */
import { getOctokit } from '@actions/github';
import { clientOptions, PLUGINS, withReadLane, type ClientOptions, type GitHubClient } from '../github/client.js';

export function createActionClient(options: ClientOptions): GitHubClient {
  const make = (lane: 'writes' | 'reads'): GitHubClient => {
    // getOctokit sets the token's authentication itself.
    const { auth: _auth, ...rest } = clientOptions(options, lane);
    return getOctokit(options.token, rest, ...PLUGINS) as unknown as GitHubClient;
  };
  return withReadLane(make('writes'), make('reads'));
}

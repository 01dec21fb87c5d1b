/** The CLI's client: @octokit/rest with our plugins, through the proxy the environment names (HTTPS_PROXY, NO_PROXY). */
import { Octokit } from '@octokit/rest';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { clientOptions, PLUGINS, withReadLane, type ClientOptions, type GitHubClient } from '../github/client.js';

const Client = Octokit.plugin(...PLUGINS);

function proxyFetch(env: Readonly<Record<string, string | undefined>>): typeof fetch | undefined {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (!proxy) return undefined;
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: env.HTTP_PROXY || env.http_proxy || proxy,
    httpsProxy: proxy,
    noProxy: env.NO_PROXY || env.no_proxy || '',
  });
  return ((url: string, init: Record<string, unknown>) => undiciFetch(url, { ...init, dispatcher })) as unknown as typeof fetch;
}

export function createCliClient(options: ClientOptions, env: Readonly<Record<string, string | undefined>>): GitHubClient {
  const fetch = proxyFetch(env);
  const make = (lane: 'writes' | 'reads'): GitHubClient =>
    new Client({ ...clientOptions(options, lane), ...(fetch ? { request: { fetch } } : {}) }) as unknown as GitHubClient;
  return withReadLane(make('writes'), make('reads'));
}

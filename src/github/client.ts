/**
 * The GitHub client: one options builder for both entries (the Action builds it with
 * @actions/github's `getOctokit`, which honours the runner's proxy settings; the CLI with
 * @octokit/rest), the same plugins, and two lanes: writes serialised at least a second apart as
 * GitHub asks, reads (GraphQL queries included) not held up behind them.
 */
import type { Octokit } from '@octokit/core';
import type { Octokit as RestOctokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { unreachable, UnreachableError } from './errors.js';

/** The one client type every GitHub function takes: core, REST methods, pagination. */
export type GitHubClient = RestOctokit;

export interface ClientOptions {
  readonly token: string;
  readonly baseUrl: string;
  /** Where retries and rate-limit waits are reported. */
  readonly log: (message: string) => void;
  /** Scales waits (write spacing, backoff) for emulator runs; 1 on GitHub. */
  readonly timeScale?: number;
  /** Milliseconds one attempt may take before it is abandoned (and retried). */
  readonly timeoutMs?: number;
}

/** Bounded retries: a run must end, and a failing tracker must not hold up the others for long. */
export const MAX_RETRIES = 3;
const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Registered before the retry plugin, so it sees each attempt: gives the attempt a timeout, and
 * turns "the network never answered" into an error the retry plugin does not retry.
 */
export function resilience(octokit: Octokit, options: Record<string, unknown>): void {
  const timeoutMs = typeof options['timeoutMs'] === 'number' ? options['timeoutMs'] : DEFAULT_TIMEOUT_MS;
  octokit.hook.wrap('request', async (request, endpoint) => {
    // Each attempt (retries come back through here) gets a fresh timeout. The signal is set on the
    // options themselves: the hooks inside this one read those, not a copy.
    endpoint.request = { ...endpoint.request, signal: AbortSignal.timeout(timeoutMs) };
    try {
      return await request(endpoint);
    } catch (error) {
      const reason = unreachable(error);
      if (reason !== undefined && reason !== 'timed out') throw new UnreachableError(new URL(endpoint.url, endpoint.baseUrl).origin, reason);
      throw error;
    }
  });
}

/** The plugins, in order: resilience first, so retries and throttling wrap each timed attempt. */
export const PLUGINS = [resilience, retry, throttling] as const;

/**
 * The options both entries build their client from. `spaced` false gives the read lane: no
 * write spacing (GitHub asks for it between mutative requests only).
 */
export function clientOptions(options: ClientOptions, lane: 'writes' | 'reads' = 'writes'): Record<string, unknown> {
  const scale = options.timeScale ?? 1;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    options.log(`${kind} on ${request.method} ${request.url}; waiting ${retryAfter}s (retry ${retryCount + 1}).`);
    return retryCount < MAX_RETRIES;
  };
  return {
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'offboarding-action',
    timeoutMs: options.timeoutMs,
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => options.log(message),
      // Failed requests are the caller's to explain (a 404 is often an answer, not a fault).
      error: () => undefined,
    },
    retry: { retries: MAX_RETRIES, retryAfterBaseValue: 1000 * scale },
    throttle: {
      retryAfterBaseValue: 1000 * scale,
      fallbackSecondaryRateRetryAfter: 60,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: lane === 'writes' ? Math.round(1000 * scale) : 0 }),
      // Requests that notify people (comments) are spaced 3 s apart by the plugin's default.
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.round(3000 * scale) }),
      onRateLimit: onLimit('Rate limit hit'),
      onSecondaryRateLimit: onLimit('Secondary rate limit'),
    },
  };
}

/** A GraphQL document that changes something: it goes through the write lane. */
function isMutation(query: string): boolean {
  return /^\s*mutation\b/.test(query.replace(/^\s*(#[^\n]*\n\s*)*/, ''));
}

/** The client with its GraphQL queries sent through the read lane; mutations stay on the write lane. */
export function withReadLane(writes: GitHubClient, reads: GitHubClient): GitHubClient {
  const graphql = ((query: string, parameters?: Record<string, unknown>) =>
    (isMutation(query) ? writes.graphql : reads.graphql)(query, parameters)) as GitHubClient['graphql'];
  Object.assign(graphql, { defaults: writes.graphql.defaults, endpoint: writes.graphql.endpoint });
  return Object.assign(Object.create(Object.getPrototypeOf(writes) as object) as GitHubClient, writes, { graphql });
}

import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

const Client = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);

/** The one GitHub client type the API module accepts. */
export type GitHubClient = InstanceType<typeof Client>;

export interface ClientOptions {
  readonly token: string;
  readonly baseUrl: string;
  /** Where retries and rate-limit waits are reported. */
  readonly log: (message: string) => void;
  /** Scales waits (write spacing, backoff) for emulator runs; 1 on GitHub. */
  readonly timeScale?: number;
}

/** Bounded retries: a run must end, and a failing tracker must not hold up the others for long. */
const MAX_RETRIES = 3;

/**
 * Builds the client once per run: retries for 5xx, throttling that honours `retry-after` on
 * primary and secondary rate limits, writes serialised at least one second apart as GitHub asks,
 * and comments (which notify people) three seconds apart, the plugin's default.
 */
export function createClient(options: ClientOptions): GitHubClient {
  const scale = options.timeScale ?? 1;
  return new Client({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'offboarding-action',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => options.log(message),
      error: (message: string) => options.log(message),
    },
    retry: { retries: MAX_RETRIES, retryAfterBaseValue: 1000 * scale },
    throttle: {
      retryAfterBaseValue: 1000 * scale,
      fallbackSecondaryRateRetryAfter: 60,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.round(1000 * scale) }),
      // Requests that notify people (comments) are spaced 3 s apart by the plugin's default.
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.round(3000 * scale) }),
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.log(`Rate limit hit on ${request.method} ${request.url}; waiting ${retryAfter}s (retry ${retryCount + 1}).`);
        return retryCount < MAX_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.log(`Secondary rate limit on ${request.method} ${request.url}; waiting ${retryAfter}s (retry ${retryCount + 1}).`);
        return retryCount < MAX_RETRIES;
      },
    },
  });
}

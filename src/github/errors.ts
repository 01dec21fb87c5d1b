/** What a failed request means, read from Octokit's own error types instead of duck typing. */
import { GraphqlResponseError } from '@octokit/graphql';
import { RequestError } from '@octokit/request-error';

/** The HTTP status of a failed request, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof RequestError ? error.status : undefined;
}

/** The network never answered: not worth retrying, and the message says what to check. */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url} (${reason}): check GITHUB_API_URL, the proxy settings (HTTPS_PROXY, NO_PROXY) or the network`);
    this.name = 'UnreachableError';
  }
}

/** A failure after which the write may have been applied all the same: a 5xx, a timeout, a reset. */
export function maybeApplied(error: unknown): boolean {
  if (error instanceof UnreachableError) return false;
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/** 404, or a GraphQL `NOT_FOUND`: what was asked for does not exist (or is hidden from this token). */
export function isNotFound(error: unknown): boolean {
  if (statusOf(error) === 404) return true;
  return error instanceof GraphqlResponseError && (error.errors ?? []).some((e) => e.type === 'NOT_FOUND');
}

/** 403 without a rate limit: the token may not do this (the header names the permission it needs). */
export function missingPermission(error: unknown): string | undefined {
  if (!(error instanceof RequestError) || error.status !== 403) return undefined;
  const headers = error.response?.headers ?? {};
  if (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined) return undefined;
  const accepted = headers['x-accepted-github-permissions'];
  return typeof accepted === 'string' && accepted !== '' ? accepted : 'a permission this token lacks';
}

/**
 * True when GraphQL itself is not there (a proxy or a GitHub stand-in that only speaks REST), as
 * opposed to an answer about the data: then REST can still do the job, one request per tracker.
 */
export function graphqlUnavailable(error: unknown): boolean {
  const status = statusOf(error);
  if (status === 404 || status === 400 || status === 405 || status === 501) return true;
  // Errors about the data (NOT_FOUND, FORBIDDEN, …) carry a `path` or a `type`; a query the
  // server does not understand at all (no such field or type) carries neither.
  return (
    error instanceof GraphqlResponseError &&
    (error.errors ?? []).length > 0 &&
    (error.errors ?? []).every((e) => e.type === undefined && e.path === undefined)
  );
}

/** The network never answered: connection refused, DNS failure, reset, timeout. */
export function unreachable(error: unknown): string | undefined {
  const codes: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
    SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  };
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && codes[code] !== undefined) return codes[code];
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  }
  return undefined;
}

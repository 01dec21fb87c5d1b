import type { Emulator } from '../../emulator/index.js';

/** A plain-fetch client for the emulator, authenticated like the workflow token (or with `token`). */
export function client(gh: Emulator, token = 'ghs_test') {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${gh.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    return { status: res.status, headers: res.headers, json };
  };
}

export const REPO = '/repos/acme/people-ops';

/** Narrowing helpers so tests can read JSON without casts everywhere. */
export function obj(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function arr(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value.map(obj);
}

export function names(value: unknown): string[] {
  return arr(value).map((l) => String(l.name));
}

/** POSTs a GraphQL query with `token` and returns the parsed answer. */
export async function graphql(gh: Emulator, query: string, variables?: Record<string, unknown>, token = 'ghs_test') {
  const res = await client(gh, token)('POST', '/graphql', { query, variables });
  if (res.status !== 200) throw new Error(`GraphQL answered ${res.status}`);
  return obj(res.json) as { data?: Record<string, unknown> | null; errors?: ({ message: string; type?: string; path?: (string | number)[] })[] };
}

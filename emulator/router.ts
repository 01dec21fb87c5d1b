/**
 * REST routing shared by the repository routes (rest.ts) and the organisation routes
 * (rest-org.ts): path patterns, the token check every route declares, and GitHub's common
 * request and response conventions (JSON bodies, page-number pagination with a `Link` header).
 */
import type { OrgState } from './org.js';
import type { Json, Urls } from './shapes.js';
import { HttpError, type RepoState } from './state.js';
import type { Caller, Requirement, TokenRegistry } from './tokens.js';

export interface RestRequest {
  method: string;
  /** Decoded-later pathname, without the query string. */
  pathname: string;
  query: URLSearchParams;
  body: unknown;
}

export interface RestResponse {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export interface RateLimitNumbers {
  limit: number;
  remaining: number;
  reset: number;
  used: number;
}

export interface RestContext {
  state: RepoState;
  org: OrgState;
  tokens: TokenRegistry;
  /** Who made the request. */
  caller: Caller;
  urls: Urls;
  /** Rate-limit numbers for `GET /rate_limit`. */
  rateLimit(): { core: RateLimitNumbers; graphql: RateLimitNumbers };
}

export type Handler = (ctx: RestContext, req: RestRequest, params: string[]) => RestResponse;

interface Route {
  method: string;
  pattern: RegExp;
  need: Requirement;
  handler: Handler;
}

const SEGMENT = '([^/]+)';

export class Router {
  private readonly routes: Route[] = [];

  /**
   * `{name}` matches one path segment, `{path+}` the rest. Under `/repos/{o}/{r}` and `/orgs/{org}`
   * the owner, repository and organisation are checked here and not passed to the handler.
   */
  route(method: string, path: string, need: Requirement, handler: Handler): void {
    const source = path
      .split('/')
      .map((part) => (part === '{path+}' ? '(.+)' : part.startsWith('{') ? SEGMENT : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), need, handler });
  }

  /** Routes a request; `null` when no route matches the method and path. */
  handle(ctx: RestContext, req: RestRequest): RestResponse | null {
    const { pathname } = req;
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      const params = m.slice(1);
      if (pathname.startsWith('/repos/')) {
        const [owner, repo] = params.splice(0, 2).map((p) => decode(p).toLowerCase());
        if (owner !== ctx.state.owner.toLowerCase() || repo !== ctx.state.repo.toLowerCase()) throw new HttpError(404, 'Not Found');
      } else if (pathname.startsWith('/orgs/')) {
        const [org] = params.splice(0, 1).map((p) => decode(p).toLowerCase());
        if (org !== ctx.org.login.toLowerCase()) throw new HttpError(404, 'Not Found');
      }
      const denial = ctx.tokens.authorize(ctx.caller, r.need, ctx.org);
      if (denial) return { status: denial.status, body: { ...denial.body }, headers: denial.headers };
      const headers = ctx.tokens.headers(ctx.caller, r.need);
      try {
        const response = r.handler(ctx, req, params);
        return { ...response, headers: { ...headers, ...(response.headers ?? {}) } };
      } catch (error) {
        if (error instanceof HttpError) error.headers = { ...headers, ...(error.headers ?? {}) };
        throw error;
      }
    }
    return null;
  }
}

export const ok = (body: Json, headers?: Record<string, string>): RestResponse => ({ status: 200, body, headers });
export const created = (body: Json): RestResponse => ({ status: 201, body });
export const accepted = (body: Json): RestResponse => ({ status: 202, body });
export const noContent = (): RestResponse => ({ status: 204 });

export function objectBody(req: RestRequest): Record<string, unknown> {
  const { body } = req;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'Problems parsing JSON');
  }
  return body as Record<string, unknown>;
}

/** A positive integer path parameter (issue number, comment id); anything else is a 404. */
export function positiveInt(raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(404, 'Not Found');
  return n;
}

export function decode(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw new HttpError(404, 'Not Found');
  }
}

export function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new HttpError(422, `Invalid request.\n\nFor 'properties/${field}', it is not an array of strings.`);
  }
  return value as string[];
}

/** GitHub's page-number pagination with a `Link` header (rel first/prev/next/last). */
export function paginate<T>(ctx: RestContext, req: RestRequest, items: readonly T[]): { page: T[]; headers: Record<string, string> } {
  const perPageRaw = req.query.get('per_page');
  const pageRaw = req.query.get('page');
  let perPage = perPageRaw === null ? 30 : Number.parseInt(perPageRaw, 10);
  if (!Number.isFinite(perPage) || perPage < 1) perPage = 30;
  perPage = Math.min(perPage, 100);
  let page = pageRaw === null ? 1 : Number.parseInt(pageRaw, 10);
  if (!Number.isFinite(page) || page < 1) page = 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);

  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams(req.query);
    q.set('per_page', String(perPage));
    q.set('page', String(p));
    return `<${ctx.urls.api}${req.pathname}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { page: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

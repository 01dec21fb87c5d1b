/**
 * GitHub's REST routes over the emulator's state: paths, status codes and response shapes as
 * documented in GitHub's OpenAPI description. The requester is always the workflow token's bot.
 */
import { HttpError, labelNamesOf, type IssueRecord, type RepoState } from './state.js';
import {
  blobSha,
  commentJson,
  issueJson,
  labelJson,
  repoJson,
  userJson,
  type Json,
  type JsonObject,
  type Urls,
} from './shapes.js';

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

export interface RestContext {
  state: RepoState;
  urls: Urls;
  /** Rate-limit numbers for `GET /rate_limit`. */
  rateLimit(): { core: RateLimitNumbers; graphql: RateLimitNumbers };
}

export interface RateLimitNumbers {
  limit: number;
  remaining: number;
  reset: number;
  used: number;
}

type Handler = (ctx: RestContext, req: RestRequest, params: string[]) => RestResponse;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const SEGMENT = '([^/]+)';
const routes: Route[] = [];

function route(method: string, path: string, handler: Handler): void {
  const source = path
    .split('/')
    .map((part) => (part === '{path+}' ? '(.+)' : part.startsWith('{') ? SEGMENT : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  routes.push({ method, pattern: new RegExp(`^${source}/?$`), handler });
}

const ok = (body: Json, headers?: Record<string, string>): RestResponse => ({ status: 200, body, headers });
const created = (body: Json): RestResponse => ({ status: 201, body });
const noContent = (): RestResponse => ({ status: 204 });

function objectBody(req: RestRequest): Record<string, unknown> {
  const { body } = req;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'Problems parsing JSON');
  }
  return body as Record<string, unknown>;
}

function issueNumber(raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(404, 'Not Found');
  return n;
}

function decode(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw new HttpError(404, 'Not Found');
  }
}

/** GitHub's page-number pagination with a `Link` header (rel first/prev/next/last). */
function paginate<T>(ctx: RestContext, req: RestRequest, items: readonly T[]): { page: T[]; headers: Record<string, string> } {
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

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new HttpError(422, `Invalid request.\n\nFor 'properties/${field}', it is not an array of strings.`);
  }
  return value as string[];
}

/** `labels` for the issue-labels endpoints: `{labels: [...]}`, a bare array, or `{labels: [{name}]}`. */
function labelsInput(req: RestRequest): string[] {
  const { body } = req;
  if (Array.isArray(body)) return labelNamesOf(body);
  const obj = objectBody(req);
  if (obj.labels === undefined) {
    throw new HttpError(422, 'Validation Failed', [{ resource: 'Label', code: 'missing_field', field: 'labels' }]);
  }
  return labelNamesOf(obj.labels);
}

function sortIssues(issues: IssueRecord[], sort: string, direction: string, commentCount: (n: number) => number): IssueRecord[] {
  const key = (issue: IssueRecord): number =>
    sort === 'updated' ? issue.updatedAt.getTime() : sort === 'comments' ? commentCount(issue.number) : issue.createdAt.getTime();
  const sign = direction === 'asc' ? 1 : -1;
  return [...issues].sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

// ---- repository ------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}', (ctx) => ok(repoJson(ctx.state, ctx.urls)));

// ---- issues ----------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/issues', (ctx, req) => {
  const { state } = ctx;
  const stateFilter = req.query.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(stateFilter)) {
    throw new HttpError(422, 'Validation Failed', [{ resource: 'Issue', code: 'invalid', field: 'state' }]);
  }
  const sort = req.query.get('sort') ?? 'created';
  const direction = req.query.get('direction') ?? 'desc';
  if (!['created', 'updated', 'comments'].includes(sort) || !['asc', 'desc'].includes(direction)) {
    throw new HttpError(422, 'Validation Failed', [{ resource: 'Issue', code: 'invalid', field: 'sort' }]);
  }
  const wanted = (req.query.get('labels') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const since = req.query.get('since');
  const sinceTime = since === null ? null : new Date(since).getTime();
  const assignee = req.query.get('assignee');
  const creator = req.query.get('creator');
  let issues = state.issues().filter((issue) => {
    if (stateFilter !== 'all' && issue.state !== stateFilter) return false;
    const names = state.issueLabels(issue).map((l) => l.name.toLowerCase());
    if (!wanted.every((w) => names.includes(w))) return false;
    if (sinceTime !== null && !Number.isNaN(sinceTime) && issue.updatedAt.getTime() < sinceTime) return false;
    if (creator !== null && issue.author.toLowerCase() !== creator.toLowerCase()) return false;
    if (assignee === 'none' && issue.assignees.length > 0) return false;
    if (assignee === '*' && issue.assignees.length === 0) return false;
    if (assignee !== null && assignee !== 'none' && assignee !== '*' && !issue.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) {
      return false;
    }
    return true;
  });
  issues = sortIssues(issues, sort, direction, (n) => state.comments(n).length);
  const { page, headers } = paginate(ctx, req, issues);
  return ok(page.map((issue) => issueJson(state, ctx.urls, issue)), headers);
});

route('POST', '/repos/{o}/{r}/issues', (ctx, req) => {
  const body = objectBody(req);
  const issue = ctx.state.createIssue({
    author: ctx.state.botLogin,
    title: body.title,
    body: body.body,
    labels: body.labels === undefined ? [] : labelNamesOf(body.labels),
    assignees: body.assignees === undefined ? [] : stringArray(body.assignees, 'assignees'),
    createMissingLabels: true,
  });
  return created(issueJson(ctx.state, ctx.urls, issue));
});

route('GET', '/repos/{o}/{r}/issues/{n}', (ctx, _req, [n]) => ok(issueJson(ctx.state, ctx.urls, ctx.state.issue(issueNumber(n)))));

route('PATCH', '/repos/{o}/{r}/issues/{n}', (ctx, req, [n]) => {
  const issue = ctx.state.updateIssue(issueNumber(n), objectBody(req), ctx.state.botLogin);
  return ok(issueJson(ctx.state, ctx.urls, issue));
});

// ---- comments --------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/issues/comments/{id}', (ctx, _req, [id]) =>
  ok(commentJson(ctx.state, ctx.urls, ctx.state.comment(issueNumber(id)))),
);

route('PATCH', '/repos/{o}/{r}/issues/comments/{id}', (ctx, req, [id]) => {
  const comment = ctx.state.editComment(issueNumber(id), objectBody(req).body, ctx.state.botLogin);
  return ok(commentJson(ctx.state, ctx.urls, comment));
});

route('DELETE', '/repos/{o}/{r}/issues/comments/{id}', (ctx, _req, [id]) => {
  ctx.state.deleteComment(issueNumber(id));
  return noContent();
});

route('GET', '/repos/{o}/{r}/issues/{n}/comments', (ctx, req, [n]) => {
  const number = issueNumber(n);
  ctx.state.issue(number);
  const since = req.query.get('since');
  const sinceTime = since === null ? Number.NaN : new Date(since).getTime();
  const comments = ctx.state
    .comments(number)
    .filter((c) => Number.isNaN(sinceTime) || c.updatedAt.getTime() >= sinceTime);
  const { page, headers } = paginate(ctx, req, comments);
  return ok(page.map((c) => commentJson(ctx.state, ctx.urls, c)), headers);
});

route('POST', '/repos/{o}/{r}/issues/{n}/comments', (ctx, req, [n]) => {
  const comment = ctx.state.addComment(issueNumber(n), objectBody(req).body, ctx.state.botLogin);
  return created(commentJson(ctx.state, ctx.urls, comment));
});

// ---- labels ----------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/labels', (ctx, req) => {
  const { page, headers } = paginate(ctx, req, ctx.state.labels());
  return ok(page.map((l) => labelJson(ctx.state, ctx.urls, l)), headers);
});

route('POST', '/repos/{o}/{r}/labels', (ctx, req) => {
  const body = objectBody(req);
  const label = ctx.state.createLabel({ name: body.name, color: body.color, description: body.description });
  return created(labelJson(ctx.state, ctx.urls, label));
});

route('GET', '/repos/{o}/{r}/labels/{name}', (ctx, _req, [name]) => {
  const label = ctx.state.label(decode(name));
  if (!label) throw new HttpError(404, 'Not Found');
  return ok(labelJson(ctx.state, ctx.urls, label));
});

route('PATCH', '/repos/{o}/{r}/labels/{name}', (ctx, req, [name]) => {
  const body = objectBody(req);
  const label = ctx.state.updateLabel(decode(name), { new_name: body.new_name, color: body.color, description: body.description });
  return ok(labelJson(ctx.state, ctx.urls, label));
});

route('DELETE', '/repos/{o}/{r}/labels/{name}', (ctx, _req, [name]) => {
  ctx.state.deleteLabel(decode(name));
  return noContent();
});

route('GET', '/repos/{o}/{r}/issues/{n}/labels', (ctx, req, [n]) => {
  const issue = ctx.state.issue(issueNumber(n));
  const { page, headers } = paginate(ctx, req, ctx.state.issueLabels(issue));
  return ok(page.map((l) => labelJson(ctx.state, ctx.urls, l)), headers);
});

route('POST', '/repos/{o}/{r}/issues/{n}/labels', (ctx, req, [n]) => {
  const number = issueNumber(n);
  ctx.state.issue(number);
  const labels = ctx.state.addLabels(number, labelsInput(req));
  return ok(labels.map((l) => labelJson(ctx.state, ctx.urls, l)));
});

route('PUT', '/repos/{o}/{r}/issues/{n}/labels', (ctx, req, [n]) => {
  const number = issueNumber(n);
  ctx.state.issue(number);
  const labels = ctx.state.setLabels(number, labelsInput(req));
  return ok(labels.map((l) => labelJson(ctx.state, ctx.urls, l)));
});

route('DELETE', '/repos/{o}/{r}/issues/{n}/labels', (ctx, _req, [n]) => {
  ctx.state.setLabels(issueNumber(n), []);
  return noContent();
});

route('DELETE', '/repos/{o}/{r}/issues/{n}/labels/{name}', (ctx, _req, [n, name]) => {
  const labels = ctx.state.removeLabel(issueNumber(n), decode(name));
  return ok(labels.map((l) => labelJson(ctx.state, ctx.urls, l)));
});

// ---- assignees and permissions ---------------------------------------------------------------

route('POST', '/repos/{o}/{r}/issues/{n}/assignees', (ctx, req, [n]) => {
  const body = objectBody(req);
  const issue = ctx.state.addAssignees(issueNumber(n), body.assignees === undefined ? [] : stringArray(body.assignees, 'assignees'));
  return created(issueJson(ctx.state, ctx.urls, issue));
});

route('DELETE', '/repos/{o}/{r}/issues/{n}/assignees', (ctx, req, [n]) => {
  const body = objectBody(req);
  const issue = ctx.state.removeAssignees(issueNumber(n), body.assignees === undefined ? [] : stringArray(body.assignees, 'assignees'));
  return ok(issueJson(ctx.state, ctx.urls, issue));
});

route('GET', '/repos/{o}/{r}/assignees/{user}', (ctx, _req, [user]) => {
  const login = decode(user);
  if (ctx.state.knownUser(login) && ctx.state.isAssignable(login)) return noContent();
  throw new HttpError(404, 'Not Found');
});

/**
 * Unknown users answer 200 with `permission: 'none'` (documented choice: GitHub's answer for a
 * non-collaborator varies with repository visibility; `none` is what a caller must handle anyway).
 */
route('GET', '/repos/{o}/{r}/collaborators/{user}/permission', (ctx, _req, [user]) => {
  const login = decode(user);
  const permission = ctx.state.permission(login);
  const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
  const userObject: JsonObject = { ...userJson(ctx.state, ctx.urls, login), role_name: permission };
  return ok({ permission: legacy, role_name: permission, user: userObject });
});

// ---- contents --------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/contents/{path+}', (ctx, req, [rawPath]) => {
  const path = decode(rawPath).replace(/^\/+|\/+$/g, '');
  const ref = req.query.get('ref') ?? 'main';
  const text = ctx.state.file(path);
  const entry = (p: string, type: 'file' | 'dir', content?: string): JsonObject => {
    const sha = blobSha(content ?? p);
    const url = `${ctx.urls.api}/repos/${ctx.state.owner}/${ctx.state.repo}/contents/${p}?ref=${encodeURIComponent(ref)}`;
    const html = `https://github.com/${ctx.state.owner}/${ctx.state.repo}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${p}`;
    const gitUrl = `${ctx.urls.api}/repos/${ctx.state.owner}/${ctx.state.repo}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
    return {
      name: p.split('/').pop() ?? p,
      path: p,
      sha,
      size: content === undefined ? 0 : Buffer.byteLength(content, 'utf8'),
      url,
      html_url: html,
      git_url: gitUrl,
      download_url: type === 'file' ? `https://raw.githubusercontent.com/${ctx.state.owner}/${ctx.state.repo}/${ref}/${p}` : null,
      type,
      _links: { self: url, git: gitUrl, html },
    };
  };
  if (text !== undefined) {
    // GitHub wraps the base64 content at 60 characters.
    const content = (Buffer.from(text, 'utf8').toString('base64').match(/.{1,60}/g) ?? []).join('\n');
    return ok({ ...entry(path, 'file', text), content: content === '' ? '' : `${content}\n`, encoding: 'base64' });
  }
  const under = ctx.state.filesUnder(path);
  if (under.length === 0) throw new HttpError(404, 'Not Found');
  const children = new Map<string, JsonObject>();
  for (const file of under) {
    const rest = path === '' ? file : file.slice(path.length + 1);
    const [head, ...tail] = rest.split('/');
    const childPath = path === '' ? (head ?? '') : `${path}/${head ?? ''}`;
    if (children.has(childPath)) continue;
    children.set(childPath, tail.length === 0 ? entry(childPath, 'file', ctx.state.file(childPath)) : entry(childPath, 'dir'));
  }
  return ok([...children.values()]);
});

// ---- the token's own identity and limits -----------------------------------------------------

// The workflow token cannot say who it is; a personal token can.
route('GET', '/user', (ctx) =>
  ctx.state.personalToken
    ? ok(userJson(ctx.state, ctx.urls, ctx.state.botLogin))
    : { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' } },
);

route('GET', '/rate_limit', (ctx) => {
  const { core, graphql } = ctx.rateLimit();
  const zero = { limit: 0, remaining: 0, reset: core.reset, used: 0 };
  const bucket = (n: RateLimitNumbers): JsonObject => ({ ...n });
  return ok({
    resources: {
      core: bucket(core),
      graphql: bucket(graphql),
      search: { limit: 30, remaining: 30, reset: core.reset, used: 0 },
      integration_manifest: { ...zero, limit: 5000, remaining: 5000 },
    },
    rate: bucket(core),
  });
});

/** Routes a request; `null` when no route matches the method and path. */
export function handleRest(ctx: RestContext, req: RestRequest): RestResponse | null {
  const { pathname } = req;
  for (const r of routes) {
    if (r.method !== req.method) continue;
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const params = m.slice(1);
    if (pathname.startsWith('/repos/')) {
      const [owner, repo] = params.splice(0, 2).map((p) => decode(p).toLowerCase());
      if (owner !== ctx.state.owner.toLowerCase() || repo !== ctx.state.repo.toLowerCase()) throw new HttpError(404, 'Not Found');
    }
    return r.handler(ctx, req, params);
  }
  return null;
}

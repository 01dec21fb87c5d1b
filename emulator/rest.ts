/**
 * GitHub's REST routes over the emulator's repository: paths, status codes and response shapes as
 * documented in GitHub's OpenAPI description. The requester is the request's token (`ctx.caller`);
 * each route states the permission it needs. Organisation and user routes are in rest-org.ts.
 */
import { orgRoutes } from './rest-org.js';
import {
  created,
  decode,
  noContent,
  ok,
  objectBody,
  paginate,
  positiveInt,
  Router,
  stringArray,
  type RateLimitNumbers,
  type RestContext,
  type RestRequest,
  type RestResponse,
} from './router.js';
import { blobSha, commentJson, issueJson, labelJson, reactionJson, repoJson, userJson, workflowJson, type JsonObject } from './shapes.js';
import { HttpError, labelNamesOf, type IssueRecord } from './state.js';
import type { Access, Requirement, RepositoryPermission } from './tokens.js';

export type { RateLimitNumbers, RestContext, RestRequest, RestResponse } from './router.js';

const router = new Router();
const route = router.route.bind(router);
const issueNumber = positiveInt;

/** What the repository routes need: a fine-grained permission, or the classic `repo` scope (a private repository). */
function repoNeed(repository: RepositoryPermission, access: Access, docs?: string): Requirement {
  return { permission: { repository, access }, scopes: ['repo'], ...(docs ? { docs: `https://docs.github.com/rest/${docs}` } : {}) };
}
const issuesRead = repoNeed('issues', 'read');
const issuesWrite = repoNeed('issues', 'write');
const metadataRead = repoNeed('metadata', 'read');

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

route('GET', '/repos/{o}/{r}', metadataRead, (ctx) => ok(repoJson(ctx.state, ctx.urls)));

// ---- issues ----------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/issues', issuesRead, (ctx, req) => {
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

route('POST', '/repos/{o}/{r}/issues', issuesWrite, (ctx, req) => {
  const body = objectBody(req);
  const issue = ctx.state.createIssue({
    author: ctx.caller.login,
    title: body.title,
    body: body.body,
    labels: body.labels === undefined ? [] : labelNamesOf(body.labels),
    assignees: body.assignees === undefined ? [] : stringArray(body.assignees, 'assignees'),
    createMissingLabels: true,
  });
  return created(issueJson(ctx.state, ctx.urls, issue));
});

route('GET', '/repos/{o}/{r}/issues/{n}', issuesRead, (ctx, _req, [n]) => ok(issueJson(ctx.state, ctx.urls, ctx.state.issue(issueNumber(n)))));

route('PATCH', '/repos/{o}/{r}/issues/{n}', issuesWrite, (ctx, req, [n]) => {
  const issue = ctx.state.updateIssue(issueNumber(n), objectBody(req), ctx.caller.login);
  return ok(issueJson(ctx.state, ctx.urls, issue));
});

// ---- comments --------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/issues/comments/{id}', issuesRead, (ctx, _req, [id]) =>
  ok(commentJson(ctx.state, ctx.urls, ctx.state.comment(issueNumber(id)))),
);

route('PATCH', '/repos/{o}/{r}/issues/comments/{id}', issuesWrite, (ctx, req, [id]) => {
  const comment = ctx.state.editComment(issueNumber(id), objectBody(req).body, ctx.caller.login);
  return ok(commentJson(ctx.state, ctx.urls, comment));
});

route('DELETE', '/repos/{o}/{r}/issues/comments/{id}', issuesWrite, (ctx, _req, [id]) => {
  ctx.state.deleteComment(issueNumber(id));
  return noContent();
});

route('GET', '/repos/{o}/{r}/issues/{n}/comments', issuesRead, (ctx, req, [n]) => {
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

route('POST', '/repos/{o}/{r}/issues/{n}/comments', issuesWrite, (ctx, req, [n]) => {
  const comment = ctx.state.addComment(issueNumber(n), objectBody(req).body, ctx.caller.login);
  return created(commentJson(ctx.state, ctx.urls, comment));
});

// ---- reactions -------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/issues/comments/{id}/reactions', issuesRead, (ctx, req, [id]) => {
  const commentId = issueNumber(id);
  ctx.state.comment(commentId);
  const content = req.query.get('content');
  const reactions = ctx.state.reactions(commentId).filter((r) => content === null || r.content === content);
  const { page, headers } = paginate(ctx, req, reactions);
  return ok(page.map((r) => reactionJson(ctx.state, ctx.urls, r)), headers);
});

/** 201 when created, 200 with the existing reaction when this user already reacted with this content. */
route('POST', '/repos/{o}/{r}/issues/comments/{id}/reactions', issuesWrite, (ctx, req, [id]) => {
  const { reaction, created: isNew } = ctx.state.react(issueNumber(id), objectBody(req).content, ctx.caller.login);
  const body = reactionJson(ctx.state, ctx.urls, reaction);
  return isNew ? created(body) : ok(body);
});

// ---- labels ----------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/labels', issuesRead, (ctx, req) => {
  const { page, headers } = paginate(ctx, req, ctx.state.labels());
  return ok(page.map((l) => labelJson(ctx.state, ctx.urls, l)), headers);
});

route('POST', '/repos/{o}/{r}/labels', issuesWrite, (ctx, req) => {
  const body = objectBody(req);
  const label = ctx.state.createLabel({ name: body.name, color: body.color, description: body.description });
  return created(labelJson(ctx.state, ctx.urls, label));
});

route('GET', '/repos/{o}/{r}/labels/{name}', issuesRead, (ctx, _req, [name]) => {
  const label = ctx.state.label(decode(name));
  if (!label) throw new HttpError(404, 'Not Found');
  return ok(labelJson(ctx.state, ctx.urls, label));
});

route('PATCH', '/repos/{o}/{r}/labels/{name}', issuesWrite, (ctx, req, [name]) => {
  const body = objectBody(req);
  const label = ctx.state.updateLabel(decode(name), { new_name: body.new_name, color: body.color, description: body.description });
  return ok(labelJson(ctx.state, ctx.urls, label));
});

route('DELETE', '/repos/{o}/{r}/labels/{name}', issuesWrite, (ctx, _req, [name]) => {
  ctx.state.deleteLabel(decode(name));
  return noContent();
});

route('GET', '/repos/{o}/{r}/issues/{n}/labels', issuesRead, (ctx, req, [n]) => {
  const issue = ctx.state.issue(issueNumber(n));
  const { page, headers } = paginate(ctx, req, ctx.state.issueLabels(issue));
  return ok(page.map((l) => labelJson(ctx.state, ctx.urls, l)), headers);
});

route('POST', '/repos/{o}/{r}/issues/{n}/labels', issuesWrite, (ctx, req, [n]) => {
  const number = issueNumber(n);
  ctx.state.issue(number);
  const labels = ctx.state.addLabels(number, labelsInput(req));
  return ok(labels.map((l) => labelJson(ctx.state, ctx.urls, l)));
});

route('PUT', '/repos/{o}/{r}/issues/{n}/labels', issuesWrite, (ctx, req, [n]) => {
  const number = issueNumber(n);
  ctx.state.issue(number);
  const labels = ctx.state.setLabels(number, labelsInput(req));
  return ok(labels.map((l) => labelJson(ctx.state, ctx.urls, l)));
});

route('DELETE', '/repos/{o}/{r}/issues/{n}/labels', issuesWrite, (ctx, _req, [n]) => {
  ctx.state.setLabels(issueNumber(n), []);
  return noContent();
});

route('DELETE', '/repos/{o}/{r}/issues/{n}/labels/{name}', issuesWrite, (ctx, _req, [n, name]) => {
  const labels = ctx.state.removeLabel(issueNumber(n), decode(name));
  return ok(labels.map((l) => labelJson(ctx.state, ctx.urls, l)));
});

// ---- assignees and permissions ---------------------------------------------------------------

route('POST', '/repos/{o}/{r}/issues/{n}/assignees', issuesWrite, (ctx, req, [n]) => {
  const body = objectBody(req);
  const issue = ctx.state.addAssignees(issueNumber(n), body.assignees === undefined ? [] : stringArray(body.assignees, 'assignees'));
  return created(issueJson(ctx.state, ctx.urls, issue));
});

route('DELETE', '/repos/{o}/{r}/issues/{n}/assignees', issuesWrite, (ctx, req, [n]) => {
  const body = objectBody(req);
  const issue = ctx.state.removeAssignees(issueNumber(n), body.assignees === undefined ? [] : stringArray(body.assignees, 'assignees'));
  return ok(issueJson(ctx.state, ctx.urls, issue));
});

route('GET', '/repos/{o}/{r}/assignees/{user}', issuesRead, (ctx, _req, [user]) => {
  const login = decode(user);
  if (ctx.state.knownUser(login) && ctx.state.isAssignable(login)) return noContent();
  throw new HttpError(404, 'Not Found');
});

/**
 * Unknown users answer 200 with `permission: 'none'` (documented choice: GitHub's answer for a
 * non-collaborator varies with repository visibility; `none` is what a caller must handle anyway).
 */
route('GET', '/repos/{o}/{r}/collaborators/{user}/permission', metadataRead, (ctx, _req, [user]) => {
  const login = decode(user);
  const permission = ctx.state.permission(login);
  const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
  const userObject: JsonObject = { ...userJson(ctx.state, ctx.urls, login), role_name: permission };
  return ok({ permission: legacy, role_name: permission, user: userObject });
});

// ---- contents --------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/contents/{path+}', repoNeed('contents', 'read'), (ctx, req, [rawPath]) => {
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

// ---- actions ---------------------------------------------------------------------------------

route('GET', '/repos/{o}/{r}/actions/workflows', repoNeed('actions', 'read'), (ctx, req) => {
  const { page, headers } = paginate(ctx, req, ctx.state.workflows());
  return ok({ total_count: ctx.state.workflows().length, workflows: page.map((w) => workflowJson(ctx.state, ctx.urls, w)) }, headers);
});

route('GET', '/repos/{o}/{r}/actions/workflows/{id}', repoNeed('actions', 'read'), (ctx, _req, [id]) => {
  const workflow = ctx.state.findWorkflow(decode(id));
  if (!workflow) throw new HttpError(404, 'Not Found');
  return ok(workflowJson(ctx.state, ctx.urls, workflow));
});

route('POST', '/repos/{o}/{r}/actions/workflows/{id}/dispatches', repoNeed('actions', 'write', 'actions/workflows#create-a-workflow-dispatch-event'), (ctx, req, [id]) => {
  const body = objectBody(req);
  const dispatch = ctx.state.dispatch(decode(id), { ref: body.ref, inputs: body.inputs }, ctx.caller.login);
  if (body.return_run_details !== true) return noContent();
  const runUrl = `${ctx.urls.api}/repos/${ctx.state.owner}/${ctx.state.repo}/actions/runs/${dispatch.runId}`;
  return ok({ workflow_run_id: dispatch.runId, run_url: runUrl, html_url: `https://github.com/${ctx.state.owner}/${ctx.state.repo}/actions/runs/${dispatch.runId}` });
});

// ---- the token's own identity and limits -----------------------------------------------------

// An installation token (the workflow token, an app) cannot say who it is; a person's token can.
route('GET', '/user', {}, (ctx) =>
  ctx.caller.spec.type === 'classic' || ctx.caller.spec.type === 'fine-grained'
    ? ok(userJson(ctx.state, ctx.urls, ctx.caller.login))
    : { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' } },
);

route('GET', '/rate_limit', {}, (ctx) => {
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

orgRoutes(router);

/** Routes a request; `null` when no route matches the method and path. */
export function handleRest(ctx: RestContext, req: RestRequest): RestResponse | null {
  return router.handle(ctx, req);
}

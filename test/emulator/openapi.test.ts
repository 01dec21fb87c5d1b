/**
 * Every implemented endpoint, exercised against a running emulator, with every response body
 * validated against GitHub's own OpenAPI description (emulator/openapi-subset.json, extracted by
 * scripts/openapi-subset.mjs) so the emulator cannot drift into fiction.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { client, obj, REPO } from './helpers.js';

interface Subset {
  operations: Record<string, { responses: Record<string, object | null> }>;
  /** GitHub's generic error bodies (`basic-error`, `validation-error`). */
  errors: Record<string, object>;
  /** Webhook payload schemas by `@octokit/openapi-webhooks` key (`issue-comment-created`, …). */
  webhooks: Record<string, object>;
}

const subset = JSON.parse(readFileSync(new URL('../../emulator/openapi-subset.json', import.meta.url), 'utf8')) as Subset;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(operation: string, status: number): ValidateFunction | null {
  const op = subset.operations[operation];
  if (!op) throw new Error(`operation missing from the subset: ${operation}`);
  const key = `${operation} ${status}`;
  if (!(String(status) in op.responses)) throw new Error(`${operation} does not document status ${status}`);
  const schema = op.responses[String(status)];
  if (!schema) return null;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

let gh: Emulator;
let call: ReturnType<typeof client>;
const covered = new Set<string>();

function compiledSchema(key: string, schema: object): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** Calls the emulator and validates the answer against the operation's documented response. */
async function check(operation: string, path: string, expected: number, body?: unknown, token?: string): Promise<unknown> {
  const method = operation.split(' ')[0] ?? 'GET';
  const res = await (token ? client(gh, token) : call)(method, path, body);
  expect(res.status, `${operation} ${path}: ${JSON.stringify(res.json)}`).toBe(expected);
  const validate = validatorFor(operation, expected);
  if (validate) {
    const valid = validate(res.json);
    expect(valid, `${operation} ${expected}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  } else {
    expect(res.json).toBeUndefined();
  }
  covered.add(operation);
  return res.json;
}

/**
 * For answers an operation does not document (a token's 403, a classic token's 404, the dispatch
 * endpoint's 404 and 422): the body must be GitHub's generic error.
 */
async function checkError(operation: string, path: string, expected: number, body?: unknown, token?: string): Promise<Record<string, unknown>> {
  const op = subset.operations[operation];
  if (!op) throw new Error(`operation missing from the subset: ${operation}`);
  if (String(expected) in op.responses) return obj(await check(operation, path, expected, body, token));
  const method = operation.split(' ')[0] ?? 'GET';
  const res = await client(gh, token ?? 'ghs_test')(method, path, body);
  expect(res.status, `${operation} ${path}: ${JSON.stringify(res.json)}`).toBe(expected);
  const schema = subset.errors[expected === 422 ? 'validation-error' : 'basic-error'];
  if (!schema) throw new Error('error schemas missing from the subset');
  const validate = compiledSchema(`error ${expected}`, schema);
  expect(validate(res.json), `${operation} ${expected}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return obj(res.json);
}

function checkWebhook(event: string, payload: unknown): void {
  const schema = subset.webhooks[event];
  if (!schema) throw new Error(`webhook missing from the subset: ${event}`);
  const validate = compiledSchema(`webhook ${event}`, schema);
  expect(validate(payload), `${event}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

beforeAll(async () => {
  gh = await startEmulator({
    now: new Date('2025-03-01T09:00:00Z'),
    users: { 'hr-hana': 'write', 'it-ivan': 'maintain', 'dev-dana': 'write' },
    accounts: { 'dev-dana': { name: 'Dana Developer' } },
    tokens: {
      ghs_org: {
        type: 'app',
        login: 'offboarding-app[bot]',
        organization: { members: 'write', organization_personal_access_tokens: 'write', organization_copilot_seat_management: 'write' },
      },
      ghp_repo: { type: 'classic', login: 'it-ivan', scopes: ['repo'] },
    },
  });
  call = client(gh);
  gh.state.putFile('.github/offboarding.yml', 'timezone: UTC\n');
});
afterAll(async () => {
  await gh.close();
});

describe('responses match GitHub\'s OpenAPI description', () => {
  it('repository, issues and comments', async () => {
    await check('GET /repos/{owner}/{repo}', REPO, 200);
    const issue = obj(await check('POST /repos/{owner}/{repo}/issues', `${REPO}/issues`, 201, { title: 'T', body: 'B', labels: ['offboarding'], assignees: ['hr-hana'] }));
    const n = Number(issue.number);
    gh.fileIssue({ author: 'hr-hana', title: 'Second', body: 'x' });
    await check('GET /repos/{owner}/{repo}/issues/{issue_number}', `${REPO}/issues/${n}`, 200);
    await check('GET /repos/{owner}/{repo}/issues/{issue_number}', `${REPO}/issues/999`, 404);
    await check('PATCH /repos/{owner}/{repo}/issues/{issue_number}', `${REPO}/issues/${n}`, 200, { body: 'B2', state: 'closed', state_reason: 'completed' });
    await check('PATCH /repos/{owner}/{repo}/issues/{issue_number}', `${REPO}/issues/${n}`, 422, { body: 'x'.repeat(70_000) });
    await check('PATCH /repos/{owner}/{repo}/issues/{issue_number}', `${REPO}/issues/${n}`, 200, { state: 'open' });
    await check('GET /repos/{owner}/{repo}/issues', `${REPO}/issues?state=all&per_page=1`, 200);
    await check('GET /repos/{owner}/{repo}/issues', `${REPO}/issues?state=bogus`, 422);

    const comment = obj(await check('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', `${REPO}/issues/${n}/comments`, 201, { body: 'hello' }));
    await check('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', `${REPO}/issues/${n}/comments`, 422, {});
    await check('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', `${REPO}/issues/999/comments`, 404, { body: 'x' });
    await check('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', `${REPO}/issues/${n}/comments`, 200);
    const id = String(comment.id);
    await check('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', `${REPO}/issues/comments/${id}`, 200);
    await check('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', `${REPO}/issues/comments/${id}`, 200, { body: 'edited' });
    await check('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', `${REPO}/issues/comments/${id}`, 422, { body: '' });
    await check('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', `${REPO}/issues/comments/${id}`, 204);
    await check('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', `${REPO}/issues/comments/${id}`, 404);
  });

  it('labels', async () => {
    await check('POST /repos/{owner}/{repo}/labels', `${REPO}/labels`, 201, { name: 'offboarding:overdue', color: 'd93f0b', description: 'Overdue' });
    await check('POST /repos/{owner}/{repo}/labels', `${REPO}/labels`, 422, { name: 'OFFBOARDING:OVERDUE' });
    await check('GET /repos/{owner}/{repo}/labels', `${REPO}/labels`, 200);
    await check('GET /repos/{owner}/{repo}/labels/{name}', `${REPO}/labels/${encodeURIComponent('offboarding:overdue')}`, 200);
    await check('GET /repos/{owner}/{repo}/labels/{name}', `${REPO}/labels/none`, 404);
    await check('POST /repos/{owner}/{repo}/labels', `${REPO}/labels`, 201, { name: 'temp' });
    await check('PATCH /repos/{owner}/{repo}/labels/{name}', `${REPO}/labels/temp`, 200, { new_name: 'temp2', color: '000000' });
    await check('DELETE /repos/{owner}/{repo}/labels/{name}', `${REPO}/labels/temp2`, 204);

    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'L', body: 'x' });
    const path = `${REPO}/issues/${number}/labels`;
    await check('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', path, 200, { labels: ['offboarding', 'offboarding:overdue'] });
    await check('GET /repos/{owner}/{repo}/issues/{issue_number}/labels', path, 200);
    await check('PUT /repos/{owner}/{repo}/issues/{issue_number}/labels', path, 200, { labels: ['offboarding:overdue'] });
    await check('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', `${path}/${encodeURIComponent('offboarding:overdue')}`, 200);
    await check('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', `${path}/${encodeURIComponent('offboarding:overdue')}`, 404);
    await check('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels', path, 204);
  });

  it('assignees, permissions, contents, user and rate limit', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'A', body: 'x' });
    await check('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', `${REPO}/issues/${number}/assignees`, 201, { assignees: ['it-ivan'] });
    await check('DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees', `${REPO}/issues/${number}/assignees`, 200, { assignees: ['it-ivan'] });
    await check('GET /repos/{owner}/{repo}/assignees/{assignee}', `${REPO}/assignees/it-ivan`, 204);
    await check('GET /repos/{owner}/{repo}/assignees/{assignee}', `${REPO}/assignees/nobody`, 404);
    await check('GET /repos/{owner}/{repo}/collaborators/{username}/permission', `${REPO}/collaborators/it-ivan/permission`, 200);
    await check('GET /repos/{owner}/{repo}/collaborators/{username}/permission', `${REPO}/collaborators/nobody/permission`, 200);
    await check('GET /repos/{owner}/{repo}/contents/{path}', `${REPO}/contents/.github/offboarding.yml`, 200);
    await check('GET /repos/{owner}/{repo}/contents/{path}', `${REPO}/contents/.github`, 200);
    await check('GET /repos/{owner}/{repo}/contents/{path}', `${REPO}/contents/missing.yml`, 404);
    await check('GET /user', '/user', 403);
    await check('GET /rate_limit', '/rate_limit', 200);
  });

  it('reactions and workflows', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'R', body: 'x' });
    const { id } = gh.comment(number, { actor: 'it-ivan', body: 'done' });
    const path = `${REPO}/issues/comments/${id}/reactions`;
    await check('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', path, 201, { content: 'rocket' });
    await check('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', path, 200, { content: 'rocket' });
    await check('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', path, 422, { content: 'party' });
    await check('GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', path, 200);
    await check('GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', `${REPO}/issues/comments/1/reactions`, 404);
    await check('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', `${REPO}/issues/comments/${id}`, 200);

    gh.state.addWorkflow('revoke-okta.yml', { name: 'Revoke Okta', inputs: { login: { required: true } } });
    await check('GET /repos/{owner}/{repo}/actions/workflows', `${REPO}/actions/workflows`, 200);
    await check('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}', `${REPO}/actions/workflows/revoke-okta.yml`, 200);
    const dispatch = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
    await check(dispatch, `${REPO}/actions/workflows/revoke-okta.yml/dispatches`, 204, { ref: 'main', inputs: { login: 'dev-dana' } });
    await check(dispatch, `${REPO}/actions/workflows/revoke-okta.yml/dispatches`, 200, { ref: 'main', inputs: { login: 'dev-dana' }, return_run_details: true });
    await checkError(dispatch, `${REPO}/actions/workflows/missing.yml/dispatches`, 404, { ref: 'main' });
    await checkError(dispatch, `${REPO}/actions/workflows/revoke-okta.yml/dispatches`, 422, { ref: 'main' });
    gh.state.setWorkflowPermissions({ actions: 'read' });
    await checkError(dispatch, `${REPO}/actions/workflows/revoke-okta.yml/dispatches`, 403, { ref: 'main', inputs: { login: 'x' } });
    gh.state.setWorkflowPermissions({ actions: 'write' });
  });

  it('users and the organisation', async () => {
    gh.org.addMember('cio-carla', { role: 'admin' });
    gh.org.addMember('dev-dana');
    gh.org.addTeam('engineering', ['dev-dana']);
    const invitation = gh.org.invite('new-nina');
    gh.org.addOutsideCollaborator('ext-oscar');
    gh.org.grantToken('dev-dana', { name: 'cli' });
    gh.org.addCopilotSeat('dev-dana', { team: 'engineering', lastActivityAt: new Date('2025-02-28T10:00:00Z'), lastActivityEditor: 'vscode' });
    gh.org.addCopilotSeat('cio-carla');
    const org = 'ghs_org';

    await check('GET /users/{username}', '/users/dev-dana', 200);
    await check('GET /users/{username}', '/users/acme', 200);
    await check('GET /users/{username}', '/users/nobody-here', 404);
    await check('GET /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/dev-dana', 200, undefined, org);
    await check('GET /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/new-nina', 200, undefined, org);
    await check('GET /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/nobody', 404, undefined, org);
    // The workflow token: documented 403.
    await check('GET /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/dev-dana', 403);
    await checkError('GET /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/dev-dana', 404, undefined, 'ghp_repo');
    await check('GET /orgs/{org}/invitations', '/orgs/acme/invitations', 200, undefined, org);
    await check('DELETE /orgs/{org}/invitations/{invitation_id}', `/orgs/acme/invitations/${invitation}`, 204, undefined, org);
    await check('DELETE /orgs/{org}/invitations/{invitation_id}', '/orgs/acme/invitations/1', 404, undefined, org);
    await check('GET /orgs/{org}/outside_collaborators', '/orgs/acme/outside_collaborators', 200, undefined, org);
    await checkError('GET /orgs/{org}/outside_collaborators', '/orgs/acme/outside_collaborators', 403);
    await check('DELETE /orgs/{org}/outside_collaborators/{username}', '/orgs/acme/outside_collaborators/dev-dana', 422, undefined, org);
    await check('DELETE /orgs/{org}/outside_collaborators/{username}', '/orgs/acme/outside_collaborators/ext-oscar', 204, undefined, org);
    const grants = await check('GET /orgs/{org}/personal-access-tokens', '/orgs/acme/personal-access-tokens?owner[]=dev-dana', 200, undefined, org);
    await check('GET /orgs/{org}/personal-access-tokens', '/orgs/acme/personal-access-tokens', 403);
    await check('POST /orgs/{org}/personal-access-tokens', '/orgs/acme/personal-access-tokens', 202, { action: 'revoke', pat_ids: [Number(obj((grants as unknown[])[0]).id)] }, org);
    await check('POST /orgs/{org}/personal-access-tokens', '/orgs/acme/personal-access-tokens', 422, { action: 'revoke', pat_ids: [] }, org);
    await check('POST /orgs/{org}/personal-access-tokens', '/orgs/acme/personal-access-tokens', 404, { action: 'revoke', pat_ids: [1] }, org);
    await check('GET /orgs/{org}/members/{username}/copilot', '/orgs/acme/members/dev-dana/copilot', 200, undefined, org);
    await check('GET /orgs/{org}/members/{username}/copilot', '/orgs/acme/members/cio-carla/copilot', 200, undefined, org);
    await check('GET /orgs/{org}/members/{username}/copilot', '/orgs/acme/members/ext-oscar/copilot', 404, undefined, org);
    await check('GET /orgs/{org}/members/{username}/copilot', '/orgs/acme/members/dev-dana/copilot', 403);
    await check('DELETE /orgs/{org}/copilot/billing/selected_users', '/orgs/acme/copilot/billing/selected_users', 200, { selected_usernames: ['cio-carla'] }, org);
    await check('GET /orgs/{org}/members/{username}/copilot', '/orgs/acme/members/cio-carla/copilot', 200, undefined, org);
    await check('DELETE /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/dev-dana', 204, undefined, org);
    await check('DELETE /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/nobody', 404, undefined, org);
    await check('DELETE /orgs/{org}/memberships/{username}', '/orgs/acme/memberships/cio-carla', 403);
  });

  it('token errors on repository routes are GitHub error bodies', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 'T', body: 'x' });
    gh.state.setWorkflowPermissions({ issues: 'read' });
    const denied = await checkError('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', `${REPO}/issues/${number}/comments`, 403, { body: 'x' });
    expect(denied.message).toBe('Resource not accessible by integration');
    gh.state.setWorkflowPermissions({ issues: 'write' });
    await checkError('GET /repos/{owner}/{repo}/contents/{path}', `${REPO}/contents/.github/offboarding.yml`, 403, undefined, 'ghs_org');
  });

  it("People payloads match GitHub's webhook schemas", () => {
    gh.state.createLabel('webhooks');
    const { number, payload: opened } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding', body: '- [ ] a <!-- task:a -->', labels: ['webhooks'] });
    checkWebhook('issues-opened', opened);
    checkWebhook('issues-edited', gh.tick(number, { actor: 'it-ivan', taskId: 'a' }));
    checkWebhook('issues-unlabeled', gh.removeLabel(number, 'webhooks', { actor: 'hr-hana' }));
    checkWebhook('issues-labeled', gh.addLabel(number, 'webhooks', { actor: 'hr-hana' }));
    checkWebhook('issues-closed', gh.closeIssue(number, { actor: 'hr-hana' }));
    checkWebhook('issues-reopened', gh.reopenIssue(number, { actor: 'hr-hana' }));
    const { id, payload: created } = gh.comment(number, { actor: 'it-ivan', body: 'done' });
    checkWebhook('issue-comment-created', created);
    checkWebhook('issue-comment-edited', gh.editComment(id, { actor: 'it-ivan', body: 'done!' }));
    checkWebhook('issue-comment-deleted', gh.deleteComment(id));
    const pr = gh.openPullRequest({ author: 'dev-dana', title: 'PR' });
    const onPr = gh.comment(pr.number, { actor: 'it-ivan', body: 'LGTM' });
    expect(obj(onPr.payload.issue).pull_request).toBeDefined();
    checkWebhook('issue-comment-created', onPr.payload);
  });

  it('covers every operation in the subset', () => {
    expect([...covered].sort()).toEqual(Object.keys(subset.operations).sort());
  });
});

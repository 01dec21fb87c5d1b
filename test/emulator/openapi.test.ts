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

/** Calls the emulator and validates the answer against the operation's documented response. */
async function check(operation: string, path: string, expected: number, body?: unknown): Promise<unknown> {
  const method = operation.split(' ')[0] ?? 'GET';
  const res = await call(method, path, body);
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

beforeAll(async () => {
  gh = await startEmulator({ now: new Date('2025-03-01T09:00:00Z'), users: { 'hr-hana': 'write', 'it-ivan': 'maintain' } });
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

  it('covers every operation in the subset', () => {
    expect([...covered].sort()).toEqual(Object.keys(subset.operations).sort());
  });
});

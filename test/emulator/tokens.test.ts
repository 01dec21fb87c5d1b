import { Octokit } from '@octokit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { client, graphql, obj, REPO } from './helpers.js';

let gh: Emulator;

const ORG_APP = {
  type: 'app',
  login: 'offboarding-app[bot]',
  organization: { members: 'write', organization_personal_access_tokens: 'write', organization_copilot_seat_management: 'write' },
  repository: { issues: 'write' },
} as const;

beforeEach(async () => {
  gh = await startEmulator({
    now: new Date('2025-03-01T09:00:00Z'),
    users: { 'hr-hana': 'write', 'it-ivan': 'write' },
    tokens: {
      ghs_workflow: { type: 'workflow' },
      ghs_readonly: { type: 'workflow', permissions: { issues: 'read', contents: 'read' } },
      ghs_org: ORG_APP,
      ghp_admin: { type: 'classic', login: 'cio-carla', scopes: ['repo', 'admin:org'] },
      ghp_repo: { type: 'classic', login: 'it-ivan', scopes: ['repo'] },
      github_pat_ivan: { type: 'fine-grained', login: 'it-ivan', repository: { issues: 'write' } },
    },
  });
  gh.org.addMember('cio-carla', { role: 'admin' });
  gh.org.addMember('it-ivan');
  gh.org.addMember('dev-dana');
});
afterEach(async () => {
  await gh.close();
});

describe('tokens and permissions', () => {
  it('unknown tokens are the workflow token: issues write, contents read, actions write', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const res = await client(gh, 'anything')('POST', `${REPO}/issues/${number}/comments`, { body: 'hi' });
    expect(res.status).toBe(201);
    expect(obj(obj(res.json).user).login).toBe('github-actions[bot]');
    expect(res.headers.get('x-accepted-github-permissions')).toBe('issues=write');
    expect(gh.state.workflowPermissions()).toEqual({ issues: 'write', contents: 'read', actions: 'write', metadata: 'read' });
  });

  it('answers 403 "Resource not accessible by integration" naming the permission needed', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const readonly = client(gh, 'ghs_readonly');
    expect((await readonly('GET', `${REPO}/issues/${number}`)).status).toBe(200);
    const denied = await readonly('PATCH', `${REPO}/issues/${number}`, { title: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    });
    expect(denied.headers.get('x-accepted-github-permissions')).toBe('issues=write');
    expect(gh.state.issue(number).title).toBe('t');
    // Denied requests are logged like any other.
    expect(gh.log.at(-1)).toMatchObject({ method: 'PATCH', status: 403, kind: 'write', actor: 'github-actions[bot]' });
  });

  it('the workflow token permissions can change at runtime', async () => {
    gh.state.addWorkflow('revoke-okta.yml');
    const call = client(gh);
    const dispatch = () => call('POST', `${REPO}/actions/workflows/revoke-okta.yml/dispatches`, { ref: 'main' });
    expect((await dispatch()).status).toBe(204);
    gh.state.setWorkflowPermissions({ actions: 'none' });
    const denied = await dispatch();
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-accepted-github-permissions')).toBe('actions=write');
    expect(gh.state.workflowPermissions()).toMatchObject({ actions: 'none', issues: 'write' });
    // A workflow token with fixed permissions is not affected.
    gh.state.setWorkflowPermissions({ issues: 'none' });
    expect((await client(gh, 'ghs_readonly')('GET', `${REPO}/issues`)).status).toBe(200);
    expect((await call('GET', `${REPO}/issues`)).status).toBe(403);
  });

  it('the workflow token can never read organisation membership', async () => {
    const res = await client(gh)('GET', '/orgs/acme/memberships/dev-dana');
    expect(res.status).toBe(403);
    expect(obj(res.json).message).toBe('Resource not accessible by integration');
    expect(res.headers.get('x-accepted-github-permissions')).toBe('members=read');
    // GET /users/{username} needs nothing.
    expect((await client(gh)('GET', '/users/dev-dana')).status).toBe(200);
  });

  it('an organisation app acts as its bot and has what it was given', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const app = client(gh, 'ghs_org');
    expect((await app('GET', '/orgs/acme/memberships/dev-dana')).status).toBe(200);
    const comment = await app('POST', `${REPO}/issues/${number}/comments`, { body: 'from the app' });
    expect(obj(obj(comment.json).user)).toMatchObject({ login: 'offboarding-app[bot]', type: 'Bot' });
    expect(gh.state.comments(number)[0]?.author).toBe('offboarding-app[bot]');
    const noContents = await app('GET', `${REPO}/contents/README.md`);
    expect(noContents.status).toBe(403);
    expect(noContents.headers.get('x-accepted-github-permissions')).toBe('contents=read');
    expect((await app('GET', '/user')).status).toBe(403);
  });

  it('a classic token without the scope sees 404s; with it, acts as its user', async () => {
    const repoOnly = client(gh, 'ghp_repo');
    const hidden = await repoOnly('GET', '/orgs/acme/memberships/dev-dana');
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get('x-accepted-oauth-scopes')).toBe('admin:org, read:org, write:org');
    expect(hidden.headers.get('x-oauth-scopes')).toBe('repo');
    expect(obj((await repoOnly('GET', '/user')).json).login).toBe('it-ivan');

    const admin = client(gh, 'ghp_admin');
    expect(obj((await admin('GET', '/orgs/acme/memberships/dev-dana')).json)).toMatchObject({ state: 'active', role: 'member' });
    // Its user is an owner, so it may remove members.
    expect((await admin('DELETE', '/orgs/acme/memberships/dev-dana')).status).toBe(204);

    // A classic token with admin:org whose user is no owner cannot remove anyone.
    gh.tokens.add('ghp_ivan_org', { type: 'classic', login: 'it-ivan', scopes: ['admin:org'] });
    const notOwner = await client(gh, 'ghp_ivan_org')('DELETE', '/orgs/acme/memberships/hr-hana');
    expect(notOwner.status).toBe(403);
    // Only GitHub Apps may list token grants.
    const pats = await admin('GET', '/orgs/acme/personal-access-tokens');
    expect(pats.status).toBe(403);
    expect(obj(pats.json).message).toBe('Resource not accessible by personal access token');
  });

  it('a fine-grained token is a user with permissions', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const pat = client(gh, 'github_pat_ivan');
    expect((await pat('POST', `${REPO}/issues/${number}/comments`, { body: 'mine' })).status).toBe(201);
    expect(gh.state.comments(number)[0]?.author).toBe('it-ivan');
    const denied = await pat('GET', '/orgs/acme/memberships/dev-dana');
    expect(denied.status).toBe(403);
    expect(obj(denied.json).message).toBe('Resource not accessible by personal access token');
  });

  it('strictTokens answers 401 for unknown tokens', async () => {
    const strict = await startEmulator({ strictTokens: true, tokens: { good: { type: 'workflow' } } });
    try {
      const bad = await client(strict, 'bad')('GET', REPO);
      expect(bad.status).toBe(401);
      expect(obj(bad.json).message).toBe('Bad credentials');
      expect((await client(strict, 'good')('GET', REPO)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('personalToken keeps acting as a classic token of botLogin', async () => {
    const personal = await startEmulator({ botLogin: 'hr-hana', personalToken: true });
    try {
      const me = await client(personal)('GET', '/user');
      expect(obj(me.json)).toMatchObject({ login: 'hr-hana', type: 'User' });
      expect(me.headers.get('x-oauth-scopes')).toBe('repo');
    } finally {
      await personal.close();
    }
  });

  it('GraphQL answers FORBIDDEN or INSUFFICIENT_SCOPES like GitHub', async () => {
    const teams = '{ organization(login: "acme") { teams(first: 10) { totalCount } } }';
    const workflow = await graphql(gh, teams);
    expect(workflow.errors?.[0]).toMatchObject({ type: 'FORBIDDEN', message: 'Resource not accessible by integration', path: ['organization', 'teams'] });
    expect(workflow.data).toEqual({ organization: null });
    const classic = await graphql(gh, teams, undefined, 'ghp_repo');
    expect(classic.errors?.[0]?.type).toBe('INSUFFICIENT_SCOPES');
    expect(classic.errors?.[0]?.message).toMatch(/The 'teams' field requires one of the following scopes: \['read:org'\], but your token has only been granted the: \['repo'\] scopes/);
    expect((await graphql(gh, teams, undefined, 'ghs_org')).errors).toBeUndefined();

    gh.state.setWorkflowPermissions({ issues: 'none' });
    const issues = await graphql(gh, '{ repository(owner: "acme", name: "people-ops") { issues(first: 1) { totalCount } } }');
    expect(issues.errors?.[0]).toMatchObject({ type: 'FORBIDDEN' });
  });

  it('works through @octokit/core with an app token', async () => {
    const octokit = new Octokit({ auth: 'ghs_org', baseUrl: gh.url });
    const { data } = await octokit.request('GET /orgs/{org}/memberships/{username}', { org: 'acme', username: 'cio-carla' });
    expect(data).toMatchObject({ role: 'admin', state: 'active' });
    await expect(new Octokit({ auth: 'ghs_workflow', baseUrl: gh.url }).request('GET /orgs/{org}/memberships/{username}', { org: 'acme', username: 'cio-carla' })).rejects.toMatchObject({
      status: 403,
    });
  });
});

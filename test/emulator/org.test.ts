import { Octokit } from '@octokit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { arr, client, graphql, obj, REPO } from './helpers.js';

let gh: Emulator;
let app: ReturnType<typeof client>;
const MINUTE = 60_000;

beforeEach(async () => {
  gh = await startEmulator({
    now: new Date('2025-03-10T09:00:00Z'),
    users: { 'dev-dana': 'write', 'hr-hana': 'write' },
    accounts: { 'dev-dana': { name: 'Dana Developer' } },
    orgRemovalDelayMs: 2 * MINUTE,
    tokens: {
      ghs_org: {
        type: 'app',
        login: 'offboarding-app[bot]',
        organization: { members: 'write', organization_personal_access_tokens: 'write', organization_copilot_seat_management: 'write' },
      },
      ghs_org_read: { type: 'app', login: 'audit-app[bot]', organization: { members: 'read', organization_personal_access_tokens: 'read', organization_copilot_seat_management: 'read' } },
    },
  });
  app = client(gh, 'ghs_org');
  gh.org.addMember('cio-carla', { role: 'admin' });
  gh.org.addMember('dev-dana');
  gh.org.addMember('hr-hana');
  gh.org.addTeam('engineering', ['dev-dana', 'hr-hana'], { name: 'Engineering' });
  gh.org.addTeam('platform', ['dev-dana']);
  gh.org.grantToken('dev-dana', { name: 'laptop-cli', lastUsedAt: new Date('2025-03-09T12:00:00Z') });
  gh.org.grantToken('hr-hana', { name: 'hr-sync' });
  gh.org.addCopilotSeat('dev-dana', { lastActivityAt: new Date('2025-03-09T17:00:00Z'), lastActivityEditor: 'vscode' });
});
afterEach(async () => {
  await gh.close();
});

describe('accounts', () => {
  it('GET /users/{username}: known accounts only; deleted accounts 404', async () => {
    const dana = await app('GET', '/users/dev-dana');
    expect(obj(dana.json)).toMatchObject({ login: 'dev-dana', name: 'Dana Developer', type: 'User' });
    expect(obj((await app('GET', '/users/acme')).json).type).toBe('Organization');
    // Asking about a login does not make it exist.
    await app('GET', `${REPO}/collaborators/ghost-gus/permission`);
    expect((await app('GET', '/users/ghost-gus')).status).toBe(404);
    gh.state.addUser('ghost-gus', { name: 'Gus' });
    expect((await app('GET', '/users/ghost-gus')).status).toBe(200);
    gh.state.deleteUser('ghost-gus');
    expect((await app('GET', '/users/ghost-gus')).status).toBe(404);
    expect(gh.state.userExists('dev-dana')).toBe(true);
  });
});

describe('membership', () => {
  it('reads active, pending and absent memberships', async () => {
    expect(obj((await app('GET', '/orgs/acme/memberships/dev-dana')).json)).toMatchObject({
      state: 'active',
      role: 'member',
      direct_membership: true,
      enterprise_teams_providing_indirect_membership: [],
      user: { login: 'dev-dana' },
      organization: { login: 'acme' },
    });
    expect(obj((await app('GET', '/orgs/acme/memberships/cio-carla')).json).role).toBe('admin');
    gh.org.invite('new-nina');
    expect(obj((await app('GET', '/orgs/acme/memberships/new-nina')).json)).toMatchObject({ state: 'pending', role: 'member' });
    expect((await app('GET', '/orgs/acme/memberships/nobody')).status).toBe(404);
    expect((await app('GET', '/orgs/other/memberships/dev-dana')).status).toBe(404);
  });

  it('DELETE answers 204 at once, the membership and team memberships go after the delay', async () => {
    const removed = await app('DELETE', '/orgs/acme/memberships/dev-dana');
    expect(removed.status).toBe(204);
    expect(gh.log.writes().at(-1)).toMatchObject({ method: 'DELETE', path: '/orgs/acme/memberships/dev-dana', status: 204, actor: 'offboarding-app[bot]' });
    // Still shown while GitHub finishes in the background.
    expect((await app('GET', '/orgs/acme/memberships/dev-dana')).status).toBe(200);
    expect(gh.org.holdings('dev-dana')).toMatchObject({ membership: { role: 'member', removing: true }, teams: [{ slug: 'engineering', removing: true }, { slug: 'platform', removing: true }] });
    expect((await app('DELETE', '/orgs/acme/memberships/dev-dana')).status).toBe(204);
    gh.clock.advance(2 * MINUTE);
    expect((await app('GET', '/orgs/acme/memberships/dev-dana')).status).toBe(404);
    expect((await app('DELETE', '/orgs/acme/memberships/dev-dana')).status).toBe(404);
    // Leaving the organisation ends access to its repository.
    expect(obj((await app('GET', `${REPO}/collaborators/dev-dana/permission`)).json).permission).toBe('none');
    const holdings = gh.org.holdings('dev-dana');
    expect(holdings).toMatchObject({ membership: null, teams: [], invitation: null });
    // Tokens and the Copilot seat are separate: the client must revoke them too.
    expect(holdings.tokens).toHaveLength(1);
    expect(holdings.copilotSeat).not.toBeNull();
    expect(holdings.empty).toBe(false);
  });

  it('an owner can be removed like anyone (the client must refuse); pending invitations go too', async () => {
    expect((await app('DELETE', '/orgs/acme/memberships/cio-carla')).status).toBe(204);
    const id = gh.org.invite('new-nina');
    expect((await app('DELETE', '/orgs/acme/memberships/new-nina')).status).toBe(204);
    gh.clock.advance(2 * MINUTE);
    expect(gh.org.holdings('cio-carla').membership).toBeNull();
    expect(gh.org.holdings('new-nina')).toMatchObject({ invitation: null, empty: true });
    expect((await app('DELETE', `/orgs/acme/invitations/${id}`)).status).toBe(404);
  });

  it('indirect membership through an enterprise team stays', async () => {
    gh.org.addMember('ent-eve', { enterpriseTeams: ['ent-engineering'] });
    await app('DELETE', '/orgs/acme/memberships/ent-eve');
    gh.clock.advance(5 * MINUTE);
    expect(obj((await app('GET', '/orgs/acme/memberships/ent-eve')).json)).toMatchObject({
      state: 'active',
      direct_membership: false,
      enterprise_teams_providing_indirect_membership: ['ent-engineering'],
    });
  });

  it('a read-only app cannot write', async () => {
    const ro = client(gh, 'ghs_org_read');
    expect((await ro('GET', '/orgs/acme/memberships/dev-dana')).status).toBe(200);
    const denied = await ro('DELETE', '/orgs/acme/memberships/dev-dana');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-accepted-github-permissions')).toBe('members=write');
    expect(gh.org.holdings('dev-dana').membership?.removing).toBe(false);
  });
});

describe('invitations and outside collaborators', () => {
  it('lists and cancels invitations, with the delay', async () => {
    const id = gh.org.invite('new-nina', { inviter: 'cio-carla' });
    const listed = arr((await app('GET', '/orgs/acme/invitations')).json);
    expect(listed).toEqual([expect.objectContaining({ id, login: 'new-nina', role: 'direct_member', inviter: expect.objectContaining({ login: 'cio-carla' }) })]);
    expect((await app('DELETE', `/orgs/acme/invitations/${id}`)).status).toBe(204);
    expect(arr((await app('GET', '/orgs/acme/invitations')).json)).toHaveLength(1);
    gh.clock.advance(2 * MINUTE);
    expect(arr((await app('GET', '/orgs/acme/invitations')).json)).toHaveLength(0);
    expect((await app('DELETE', '/orgs/acme/invitations/12345')).status).toBe(404);
  });

  it('lists and removes outside collaborators; members cannot be removed that way', async () => {
    gh.org.addOutsideCollaborator('ext-oscar');
    expect(gh.state.raw.permission('ext-oscar')).toBe('read');
    expect(arr((await app('GET', '/orgs/acme/outside_collaborators')).json).map((u) => u.login)).toEqual(['ext-oscar']);
    const member = await app('DELETE', '/orgs/acme/outside_collaborators/dev-dana');
    expect(member.status).toBe(422);
    expect(obj(member.json).message).toBe('You cannot specify an organization member to remove as an outside collaborator.');
    expect((await app('DELETE', '/orgs/acme/outside_collaborators/ext-oscar')).status).toBe(204);
    expect(arr((await app('GET', '/orgs/acme/outside_collaborators')).json)).toHaveLength(1);
    gh.clock.advance(2 * MINUTE);
    expect(arr((await app('GET', '/orgs/acme/outside_collaborators')).json)).toHaveLength(0);
    expect(gh.state.raw.permission('ext-oscar')).toBe('none');
  });
});

describe('fine-grained tokens granted to the organisation', () => {
  it('lists grants by owner and revokes them', async () => {
    const all = arr((await app('GET', '/orgs/acme/personal-access-tokens')).json);
    expect(all).toHaveLength(2);
    const danas = arr((await app('GET', '/orgs/acme/personal-access-tokens?owner[]=dev-dana')).json);
    expect(danas).toEqual([
      expect.objectContaining({ token_name: 'laptop-cli', owner: expect.objectContaining({ login: 'dev-dana' }), token_last_used_at: '2025-03-09T12:00:00Z', token_expired: false }),
    ]);
    const id = Number(danas[0]?.id);
    expect((await app('POST', '/orgs/acme/personal-access-tokens', { action: 'revoke', pat_ids: [id] })).status).toBe(202);
    expect(arr((await app('GET', '/orgs/acme/personal-access-tokens?owner[]=dev-dana')).json)).toHaveLength(1);
    gh.clock.advance(2 * MINUTE);
    expect(arr((await app('GET', '/orgs/acme/personal-access-tokens?owner[]=dev-dana')).json)).toHaveLength(0);

    expect((await app('POST', '/orgs/acme/personal-access-tokens', { action: 'approve', pat_ids: [id] })).status).toBe(422);
    expect((await app('POST', '/orgs/acme/personal-access-tokens', { action: 'revoke', pat_ids: [] })).status).toBe(422);
    expect((await app('POST', '/orgs/acme/personal-access-tokens', { action: 'revoke', pat_ids: [999] })).status).toBe(404);
    const tooMany = Array.from({ length: 11 }, (_, i) => `owner[]=u${i}`).join('&');
    expect((await app('GET', `/orgs/acme/personal-access-tokens?${tooMany}`)).status).toBe(422);
  });
});

describe('Copilot seats', () => {
  it('reads a seat; cancelling sets pending_cancellation_date; the seat ends after the cycle', async () => {
    const seat = obj((await app('GET', '/orgs/acme/members/dev-dana/copilot')).json);
    expect(seat).toMatchObject({ assignee: { login: 'dev-dana' }, pending_cancellation_date: null, last_activity_editor: 'vscode', plan_type: 'business' });
    expect((await app('GET', '/orgs/acme/members/hr-hana/copilot')).status).toBe(404);
    const cancelled = await app('DELETE', '/orgs/acme/copilot/billing/selected_users', { selected_usernames: ['dev-dana', 'hr-hana'] });
    expect(cancelled.json).toEqual({ seats_cancelled: 1 });
    expect(obj((await app('GET', '/orgs/acme/members/dev-dana/copilot')).json).pending_cancellation_date).toBe('2025-03-31');
    expect(obj((await app('DELETE', '/orgs/acme/copilot/billing/selected_users', { selected_usernames: ['dev-dana'] })).json).seats_cancelled).toBe(0);
    gh.clock.set('2025-04-01T00:00:00Z');
    expect((await app('GET', '/orgs/acme/members/dev-dana/copilot')).status).toBe(404);
    expect(gh.org.holdings('dev-dana').copilotSeat).toBeNull();
  });

  it('refuses seats assigned through a team, and invitees', async () => {
    gh.org.addCopilotSeat('hr-hana', { team: 'engineering' });
    const res = await app('DELETE', '/orgs/acme/copilot/billing/selected_users', { selected_usernames: ['hr-hana'] });
    expect(res.status).toBe(422);
    expect(obj((await app('GET', '/orgs/acme/members/hr-hana/copilot')).json).assigning_team).toMatchObject({ slug: 'engineering' });
    gh.org.invite('new-nina');
    expect((await app('GET', '/orgs/acme/members/new-nina/copilot')).status).toBe(422);
    expect((await app('DELETE', '/orgs/acme/copilot/billing/selected_users', {})).status).toBe(422);
  });
});

describe('teams over GraphQL', () => {
  it('lists the teams of a user, and drops them once a removal finished', async () => {
    const query = 'query($login: String!) { organization(login: "acme") { teams(first: 100, userLogins: [$login]) { totalCount nodes { slug name } } } }';
    const before = await graphql(gh, query, { login: 'dev-dana' }, 'ghs_org');
    expect(before.errors).toBeUndefined();
    expect(obj(obj(before.data).organization).teams).toEqual({
      totalCount: 2,
      nodes: [
        { slug: 'engineering', name: 'Engineering' },
        { slug: 'platform', name: 'platform' },
      ],
    });
    await app('DELETE', '/orgs/acme/memberships/dev-dana');
    gh.clock.advance(2 * MINUTE);
    const after = await graphql(gh, query, { login: 'dev-dana' }, 'ghs_org');
    expect(obj(obj(after.data).organization).teams).toEqual({ totalCount: 0, nodes: [] });
    const hana = await graphql(gh, '{ organization(login: "acme") { team(slug: "engineering") { members(first: 10) { nodes { login } edges { role } } } } }', undefined, 'ghs_org');
    expect(obj(obj(hana.data).organization).team).toEqual({ members: { nodes: [{ login: 'hr-hana' }], edges: [{ role: 'MEMBER' }] } });
    const unknown = await graphql(gh, '{ organization(login: "other") { login } }', undefined, 'ghs_org');
    expect(unknown.errors?.[0]).toMatchObject({ type: 'NOT_FOUND' });
  });
});

describe('through @octokit/core', () => {
  it('runs an offboarding of the account: remove, then verify later', async () => {
    const octokit = new Octokit({ auth: 'ghs_org', baseUrl: gh.url });
    await octokit.request('DELETE /orgs/{org}/memberships/{username}', { org: 'acme', username: 'dev-dana' });
    const grants = await octokit.request('GET /orgs/{org}/personal-access-tokens', { org: 'acme', owner: ['dev-dana'] });
    await octokit.request('POST /orgs/{org}/personal-access-tokens', { org: 'acme', action: 'revoke', pat_ids: grants.data.map((g) => g.id) });
    await octokit.request('DELETE /orgs/{org}/copilot/billing/selected_users', { org: 'acme', selected_usernames: ['dev-dana'] });
    gh.clock.advance(2 * MINUTE);
    await expect(octokit.request('GET /orgs/{org}/memberships/{username}', { org: 'acme', username: 'dev-dana' })).rejects.toMatchObject({ status: 404 });
    expect(gh.org.holdings('dev-dana')).toMatchObject({ membership: null, teams: [], tokens: [], copilotSeat: { pendingCancellationDate: '2025-03-31' } });
    expect(gh.log.writes().map((e) => `${e.method} ${e.path.split('?')[0]}`)).toEqual([
      'DELETE /orgs/acme/memberships/dev-dana',
      'POST /orgs/acme/personal-access-tokens',
      'DELETE /orgs/acme/copilot/billing/selected_users',
    ]);
  });
});

/**
 * GitHub's REST routes for accounts and the organisation that owns the repository: users,
 * memberships, invitations, outside collaborators, fine-grained tokens granted to the organisation,
 * and Copilot seats. Each needs an organisation permission the workflow token never has.
 */
import { accepted, decode, noContent, objectBody, ok, paginate, positiveInt, type Router } from './router.js';
import { copilotSeatJson, invitationJson, orgMembershipJson, publicUserJson, tokenGrantJson, userJson } from './shapes.js';
import { HttpError } from './state.js';
import type { Access, OrganizationPermission, Requirement } from './tokens.js';

const MAX_PAT_OWNERS = 10;

/**
 * An organisation permission, or classic scopes: `read:org` to read, `admin:org` to write, unless
 * the operation documents others. A person's token must also be a member (read) or owner (write).
 */
function orgNeed(organization: OrganizationPermission, access: Access, docs: string, options: { scopes?: readonly string[]; appOnly?: boolean; person?: 'member' | 'owner' } = {}): Requirement {
  return {
    permission: { organization, access },
    scopes: options.scopes ?? (access === 'read' ? ['read:org'] : ['admin:org']),
    person: options.person ?? (access === 'read' ? 'member' : 'owner'),
    ...(options.appOnly ? { appOnly: true } : {}),
    docs: `https://docs.github.com/rest/${docs}`,
  };
}

export function orgRoutes(router: Router): void {
  const route = router.route.bind(router);

  // ---- accounts --------------------------------------------------------------------------------

  route('GET', '/users/{username}', {}, (ctx, _req, [username]) => {
    const login = decode(username);
    if (!ctx.state.userExists(login)) throw new HttpError(404, 'Not Found');
    return ok(publicUserJson(ctx.state, ctx.urls, login));
  });

  // ---- members ---------------------------------------------------------------------------------

  route('GET', '/orgs/{org}/memberships/{username}', orgNeed('members', 'read', 'orgs/members#get-organization-membership-for-a-user'), (ctx, _req, [username]) => {
    const login = decode(username);
    const membership = ctx.org.membership(login);
    if (!membership) throw new HttpError(404, 'Not Found');
    return ok(orgMembershipJson(ctx.state, ctx.urls, login, membership));
  });

  // An owner can be removed like anyone else: refusing is the client's job.
  route('DELETE', '/orgs/{org}/memberships/{username}', orgNeed('members', 'write', 'orgs/members#remove-organization-membership-for-a-user'), (ctx, _req, [username]) => {
    ctx.org.removeMembership(decode(username));
    return noContent();
  });

  route('GET', '/orgs/{org}/invitations', orgNeed('members', 'read', 'orgs/members#list-pending-organization-invitations', { person: 'owner', scopes: ['admin:org'] }), (ctx, req) => {
    const role = req.query.get('role');
    const invitations = ctx.org.invitations().filter((i) => role === null || role === 'all' || i.role === role);
    const { page, headers } = paginate(ctx, req, invitations);
    return ok(page.map((i) => invitationJson(ctx.state, ctx.urls, i)), headers);
  });

  route('DELETE', '/orgs/{org}/invitations/{id}', orgNeed('members', 'write', 'orgs/members#cancel-an-organization-invitation'), (ctx, _req, [id]) => {
    ctx.org.cancelInvitation(positiveInt(id));
    return noContent();
  });

  route('GET', '/orgs/{org}/outside_collaborators', orgNeed('members', 'read', 'orgs/outside-collaborators#list-outside-collaborators-for-an-organization'), (ctx, req) => {
    const { page, headers } = paginate(ctx, req, ctx.org.outsideCollaborators());
    return ok(page.map((o) => userJson(ctx.state, ctx.urls, o.login)), headers);
  });

  route('DELETE', '/orgs/{org}/outside_collaborators/{username}', orgNeed('members', 'write', 'orgs/outside-collaborators#remove-outside-collaborator-from-an-organization'), (ctx, _req, [username]) => {
    ctx.org.removeOutsideCollaborator(decode(username));
    return noContent();
  });

  // ---- fine-grained personal access tokens (GitHub Apps only) ----------------------------------

  const patDocs = 'orgs/personal-access-tokens';
  route('GET', '/orgs/{org}/personal-access-tokens', orgNeed('organization_personal_access_tokens', 'read', `${patDocs}#list-fine-grained-personal-access-tokens-with-access-to-organization-resources`, { appOnly: true }), (ctx, req) => {
    const owners = [...req.query.getAll('owner[]'), ...req.query.getAll('owner')];
    if (owners.length > MAX_PAT_OWNERS) {
      throw new HttpError(422, 'Validation Failed', [{ resource: 'PersonalAccessToken', code: 'invalid', field: 'owner', message: `at most ${MAX_PAT_OWNERS} owners` }]);
    }
    const direction = req.query.get('direction') === 'asc' ? 1 : -1;
    const grants = [...ctx.org.tokenGrants(owners)].sort((a, b) => direction * (a.grantedAt.getTime() - b.grantedAt.getTime() || a.id - b.id));
    const { page, headers } = paginate(ctx, req, grants);
    const now = ctx.state.clock.now();
    return ok(page.map((g) => tokenGrantJson(ctx.state, ctx.urls, g, now)), headers);
  });

  route('POST', '/orgs/{org}/personal-access-tokens', orgNeed('organization_personal_access_tokens', 'write', `${patDocs}#update-the-access-to-organization-resources-via-fine-grained-personal-access-tokens`, { appOnly: true }), (ctx, req) => {
    const body = objectBody(req);
    ctx.org.revokeTokens({ action: body.action, pat_ids: body.pat_ids });
    return accepted({});
  });

  // ---- Copilot ---------------------------------------------------------------------------------

  const copilotDocs = 'copilot/copilot-user-management';
  route(
    'GET',
    '/orgs/{org}/members/{username}/copilot',
    orgNeed('organization_copilot_seat_management', 'read', `${copilotDocs}#get-copilot-seat-assignment-details-for-a-user`, { scopes: ['manage_billing:copilot', 'read:org'], person: 'owner' }),
    (ctx, _req, [username]) => {
      const login = decode(username);
      const seat = ctx.org.copilotSeat(login);
      if (!seat) {
        if (ctx.org.membership(login)?.state === 'pending') throw new HttpError(422, 'The user has a pending organization invitation.');
        throw new HttpError(404, 'Not Found');
      }
      return ok(copilotSeatJson(ctx.state, ctx.urls, ctx.org, seat));
    },
  );

  route(
    'DELETE',
    '/orgs/{org}/copilot/billing/selected_users',
    orgNeed('organization_copilot_seat_management', 'write', `${copilotDocs}#remove-users-from-the-copilot-subscription-for-an-organization`, { scopes: ['manage_billing:copilot', 'admin:org'] }),
    (ctx, req) => ok({ seats_cancelled: ctx.org.cancelCopilotSeats({ selected_usernames: objectBody(req).selected_usernames }) }),
  );
}

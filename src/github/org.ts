/**
 * What an account holds in the organisation, and removing it (GITHUB-FACTS "Organisation access").
 * Every call needs the organisation token; an item the token may not read is reported as not
 * checked, with the permission GitHub names, never as absent.
 */
import type { InventoryItem, ItemKind } from '../access/inventory.js';
import type { OrgRemoval } from '../domain/writes.js';
import type { GitHubClient } from './client.js';
import { isNotFound, missingPermission, statusOf } from './errors.js';

const TEAMS_QUERY = `
  query Teams($org: String!, $login: String!) {
    organization(login: $org) { teams(first: 100, userLogins: [$login]) { nodes { slug } } }
  }`;

/** Org-wide lists, read once per run and shared by every tracker. */
export interface OrgLists {
  readonly invitations: Promise<ReadonlyArray<{ readonly login: string | null; readonly id: number }> | { readonly missing: string }>;
  readonly outsideCollaborators: Promise<ReadonlyArray<string> | { readonly missing: string }>;
}

async function checked<T>(read: () => Promise<T>): Promise<T | { missing: string }> {
  try {
    return await read();
  } catch (error) {
    const missing = missingPermission(error);
    if (missing !== undefined) return { missing };
    throw error;
  }
}

export function orgLists(client: GitHubClient, org: string): OrgLists {
  return {
    invitations: checked(async () =>
      (await client.paginate(client.rest.orgs.listPendingInvitations, { org, per_page: 100 })).map((i) => ({ login: i.login, id: i.id })),
    ),
    outsideCollaborators: checked(async () =>
      (await client.paginate(client.rest.orgs.listOutsideCollaborators, { org, per_page: 100 })).map((u) => u.login),
    ),
  };
}

function item(kind: ItemKind, at: string, result: { held: boolean; detail?: string; ids?: number[] } | { missing: string }): InventoryItem {
  return 'missing' in result
    ? { kind, checkedAt: at, held: undefined, missingPermission: result.missing }
    : { kind, checkedAt: at, held: result.held, ...(result.detail ? { detail: result.detail } : {}), ...(result.ids ? { ids: result.ids } : {}) };
}

/** Everything `login` holds in `org`, each item with when it was checked. */
export async function readInventory(client: GitHubClient, org: string, login: string, lists: OrgLists, now: Date): Promise<InventoryItem[]> {
  const at = now.toISOString();
  const lower = login.toLowerCase();
  const membership = await checked(async () => {
    try {
      const { data } = await client.rest.orgs.getMembershipForUser({ org, username: login });
      return { held: true, detail: `${data.state} ${data.role}${data.role === 'admin' ? ' (owner)' : ''}` };
    } catch (error) {
      if (isNotFound(error)) return { held: false };
      throw error;
    }
  });
  const invitations = await lists.invitations;
  const invitation =
    'missing' in invitations
      ? invitations
      : (() => {
          const found = invitations.filter((i) => i.login?.toLowerCase() === lower);
          return { held: found.length > 0, ids: found.map((i) => i.id) };
        })();
  const outside = await lists.outsideCollaborators;
  const collaborator = 'missing' in outside ? outside : { held: outside.some((l) => l.toLowerCase() === lower) };
  const teams = await checked(async () => {
    const data = await client.graphql<{ organization: { teams: { nodes: Array<{ slug: string }> } } | null }>(TEAMS_QUERY, { org, login });
    const slugs = (data.organization?.teams.nodes ?? []).map((t) => t.slug);
    return { held: slugs.length > 0, ...(slugs.length > 0 ? { detail: slugs.join(', ') } : {}) };
  }).catch((error: unknown) => {
    // GraphQL answers a missing permission as a FORBIDDEN error rather than a 403.
    const errors = (error as { errors?: Array<{ type?: string; message?: string }> }).errors;
    if (Array.isArray(errors) && errors.some((e) => e.type === 'FORBIDDEN' || e.type === 'INSUFFICIENT_SCOPES')) return { missing: 'members=read' };
    throw error;
  });
  const tokens = await checked(async () => {
    const grants = await client.paginate(client.rest.orgs.listPatGrants, { org, owner: [login], per_page: 100 });
    return { held: grants.length > 0, ids: grants.map((g) => g.id), ...(grants.length > 0 ? { detail: grants.map((g) => g.token_name).join(', ') } : {}) };
  });
  const copilot = await checked(async () => {
    try {
      const { data } = await client.rest.copilot.getCopilotSeatDetailsForUser({ org, username: login });
      const pending = data.pending_cancellation_date;
      return pending ? { held: false, detail: `cancelled, ends ${pending}` } : { held: true };
    } catch (error) {
      if (isNotFound(error) || statusOf(error) === 422) return { held: false };
      throw error;
    }
  });
  return [
    item('membership', at, membership),
    item('invitation', at, invitation),
    item('outside-collaborator', at, collaborator),
    item('teams', at, teams),
    item('token-grants', at, tokens),
    item('copilot-seat', at, copilot),
  ];
}

/** Performs one removal; returns GitHub's answer (the status code, or the error's). */
export async function removeAccess(client: GitHubClient, org: string, login: string, removal: OrgRemoval): Promise<number> {
  switch (removal.item) {
    case 'membership':
      return (await client.rest.orgs.removeMembershipForUser({ org, username: login })).status;
    case 'outside-collaborator':
      return (await client.rest.orgs.removeOutsideCollaborator({ org, username: login })).status;
    case 'invitation':
      return (await client.rest.orgs.cancelInvitation({ org, invitation_id: removal.invitationId })).status;
    case 'token-grants':
      return (await client.rest.orgs.updatePatAccesses({ org, action: 'revoke', pat_ids: [...removal.tokenIds] })).status;
    case 'copilot-seat':
      return (await client.rest.copilot.cancelCopilotSeatAssignmentForUsers({ org, selected_usernames: [login] })).status;
  }
}

/**
 * GitHub access, built in (`github:` tasks): what the departing account holds in the organisation,
 * item by item, as checked at intake and on every sweep until the task is verified; what the action
 * removed and GitHub's answers; when a check at least an hour after the deadline found nothing left.
 */
import type { OrgRemoval } from '../domain/writes.js';

export type ItemKind = 'membership' | 'invitation' | 'outside-collaborator' | 'teams' | 'token-grants' | 'copilot-seat';

export const ITEM_TITLES: Readonly<Record<ItemKind, string>> = {
  membership: 'Organisation membership',
  invitation: 'Pending invitation',
  'outside-collaborator': 'Outside-collaborator access',
  teams: 'Team memberships',
  'token-grants': 'Fine-grained tokens granted to the organisation',
  'copilot-seat': 'Copilot seat',
};

/** One item of access, as one check found it. */
export interface InventoryItem {
  readonly kind: ItemKind;
  readonly checkedAt: string;
  /** undefined: not checked, because the token may not read it. */
  readonly held: boolean | undefined;
  /** The permission GitHub named when it refused (X-Accepted-GitHub-Permissions). */
  readonly missingPermission?: string;
  /** Role, team slugs, token names… */
  readonly detail?: string;
  /** Invitation or token-grant ids, for their removal. */
  readonly ids?: readonly number[];
}

export interface RemovalRecord {
  readonly kind: ItemKind;
  readonly at: string;
  /** GitHub's answer: the HTTP status, or the error. */
  readonly answer: string;
  readonly ok: boolean;
}

/** The ledger's record of one tracker's GitHub access. */
export interface AccessRecord {
  readonly org: string;
  readonly login: string;
  /** Who confirmed that this is the account to remove (write permission, not the leaver). */
  readonly confirmed?: { readonly by: string; readonly at: string };
  /** Confirmation ticks that did not count, and why. */
  readonly refusedConfirmations?: ReadonlyArray<{ readonly by: string; readonly at: string; readonly why: string }>;
  /** The first check (at intake, or the first sweep with an organisation token). */
  readonly atIntake?: readonly InventoryItem[];
  /** The latest check. */
  readonly latest?: readonly InventoryItem[];
  readonly removals?: readonly RemovalRecord[];
  /** When a check at least an hour after the deadline (and after the removals) found nothing left. */
  readonly verifiedAt?: string;
  /** Why nothing was removed in a run that would have (an owner, too many at once). */
  readonly held?: string;
  /** The last run had no organisation token: the task is ticked by hand meanwhile. */
  readonly disabled?: boolean;
}

/** Items still held (checked and found) in a check. */
export function remaining(items: readonly InventoryItem[] | undefined): InventoryItem[] {
  return (items ?? []).filter((i) => i.held === true);
}

/** Items the token could not read. */
export function unchecked(items: readonly InventoryItem[] | undefined): InventoryItem[] {
  return (items ?? []).filter((i) => i.held === undefined);
}

/** The account is an organisation owner: the action never removes one. */
export function isOwner(items: readonly InventoryItem[] | undefined): boolean {
  return (items ?? []).some((i) => i.kind === 'membership' && i.held === true && /\badmin\b/.test(i.detail ?? ''));
}

/**
 * The removals that take away what `items` shows: the membership (which also takes pending
 * invitations and team memberships), else a pending invitation on its own; outside-collaborator
 * access; token grants; the Copilot seat.
 */
export function removalsFor(items: readonly InventoryItem[]): OrgRemoval[] {
  const held = new Map(remaining(items).map((i) => [i.kind, i]));
  const out: OrgRemoval[] = [];
  if (held.has('membership')) out.push({ item: 'membership' });
  else for (const id of held.get('invitation')?.ids ?? []) out.push({ item: 'invitation', invitationId: id });
  if (held.has('outside-collaborator')) out.push({ item: 'outside-collaborator' });
  const tokens = held.get('token-grants')?.ids ?? [];
  if (tokens.length > 0) out.push({ item: 'token-grants', tokenIds: tokens.slice(0, 100) });
  if (held.has('copilot-seat')) out.push({ item: 'copilot-seat' });
  return out;
}

export function removalKind(removal: OrgRemoval): ItemKind {
  return removal.item;
}

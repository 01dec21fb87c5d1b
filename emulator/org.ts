/**
 * The organisation that owns the emulator's repository: members, pending invitations, outside
 * collaborators, teams, fine-grained personal access tokens granted to the organisation, and Copilot
 * seats. As on GitHub, a removal answers at once but finishes in the background: the API keeps
 * showing what was removed for `removalDelayMs` on the emulator clock, then it is gone.
 */
import { HttpError, type RepoState } from './state.js';

export type OrgRole = 'admin' | 'member';
export type InvitationRole = 'direct_member' | 'admin' | 'billing_manager';

/** When a removal was requested (null: not being removed). */
interface Removable {
  removedAt: Date | null;
}

export interface MemberRecord extends Removable {
  login: string;
  role: OrgRole;
  createdAt: Date;
}

export interface InvitationRecord extends Removable {
  id: number;
  login: string;
  role: InvitationRole;
  inviter: string;
  createdAt: Date;
}

export interface OutsideCollaboratorRecord extends Removable {
  login: string;
  createdAt: Date;
}

export interface TeamMemberRecord extends Removable {
  login: string;
}

export interface TeamRecord {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  createdAt: Date;
  members: TeamMemberRecord[];
}

/** A fine-grained personal access token's access to the organisation (`/orgs/{org}/personal-access-tokens`). */
export interface TokenGrantRecord extends Removable {
  /** The grant id: what `pat_ids` take. */
  id: number;
  tokenId: number;
  owner: string;
  name: string;
  grantedAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  repositorySelection: 'none' | 'all' | 'subset';
  permissions: { organization: Record<string, string>; repository: Record<string, string>; other: Record<string, string> };
}

export interface CopilotSeatRecord {
  login: string;
  createdAt: Date;
  updatedAt: Date;
  /** `YYYY-MM-DD`: the seat ends after this day (end of the billing cycle). */
  pendingCancellationDate: string | null;
  lastActivityAt: Date | null;
  lastActivityEditor: string | null;
  /** A seat assigned through a team cannot be cancelled per user. */
  team: string | null;
  planType: 'business' | 'enterprise';
}

/** What the API shows about a login's membership right now. */
export interface MembershipView {
  state: 'active' | 'pending';
  role: OrgRole;
  direct: boolean;
  enterpriseTeams: string[];
}

/** Everything an account still holds in the organisation; `removing` while a removal is in flight. */
export interface Holdings {
  login: string;
  membership: { role: OrgRole; removing: boolean } | null;
  /** Membership through enterprise teams (a direct removal leaves it). */
  enterpriseTeams: string[];
  invitation: { id: number; removing: boolean } | null;
  outsideCollaborator: { removing: boolean } | null;
  teams: { slug: string; removing: boolean }[];
  tokens: { id: number; name: string; removing: boolean }[];
  copilotSeat: { pendingCancellationDate: string | null; team: string | null } | null;
  /** Nothing left, not even a removal in flight (a seat pending cancellation still counts). */
  empty: boolean;
}

export const DEFAULT_REMOVAL_DELAY_MS = 5 * 60_000;
const MAX_PAT_IDS = 100;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The last day (UTC) of the month of `now`: when a cancelled Copilot seat ends. */
function endOfBillingCycle(now: Date): string {
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
  return last.toISOString().slice(0, 10);
}

export class OrgState {
  readonly login: string;
  /** How long a removal takes to finish, on the emulator clock. */
  removalDelayMs: number;

  private readonly members: MemberRecord[] = [];
  /** Indirect membership through enterprise teams, by login (lower-cased). */
  private readonly enterprise = new Map<string, { login: string; teams: string[] }>();
  private readonly invitationList: InvitationRecord[] = [];
  private readonly outside: OutsideCollaboratorRecord[] = [];
  private readonly teamList: TeamRecord[] = [];
  private readonly grants: TokenGrantRecord[] = [];
  private readonly seats: CopilotSeatRecord[] = [];

  constructor(
    private readonly repo: RepoState,
    options: { removalDelayMs?: number } = {},
  ) {
    this.login = repo.owner;
    this.removalDelayMs = options.removalDelayMs ?? DEFAULT_REMOVAL_DELAY_MS;
  }

  private now(): Date {
    return this.repo.clock.now();
  }

  /** Still shown by the API: not removed, or removed less than `removalDelayMs` ago. */
  private shown(record: Removable): boolean {
    return record.removedAt === null || this.now().getTime() < record.removedAt.getTime() + this.removalDelayMs;
  }

  /** Finishes removals whose delay has passed and ends Copilot seats past their cancellation date. */
  settle(): void {
    const done = (r: Removable): boolean => !this.shown(r);
    for (const member of this.members.filter(done)) {
      this.members.splice(this.members.indexOf(member), 1);
      // Leaving the organisation ends access to its private repositories.
      if (!this.enterprise.has(member.login.toLowerCase())) this.repo.setPermission(member.login, 'none');
    }
    for (const collaborator of this.outside.filter(done)) {
      this.outside.splice(this.outside.indexOf(collaborator), 1);
      this.repo.setPermission(collaborator.login, 'none');
    }
    for (const list of [this.invitationList, this.grants] as Removable[][]) {
      for (const record of list.filter(done)) list.splice(list.indexOf(record), 1);
    }
    for (const team of this.teamList) team.members = team.members.filter((m) => !done(m));
    const today = this.now().toISOString().slice(0, 10);
    for (const seat of this.seats.filter((s) => s.pendingCancellationDate !== null && s.pendingCancellationDate < today)) {
      this.seats.splice(this.seats.indexOf(seat), 1);
    }
  }

  // ---- seeding -------------------------------------------------------------------------------

  /** An active member; `enterpriseTeams` adds indirect membership through enterprise teams. */
  addMember(login: string, options: { role?: OrgRole; enterpriseTeams?: readonly string[]; direct?: boolean } = {}): void {
    this.settle();
    this.repo.addUser(login);
    if (options.direct !== false) {
      const existing = this.members.find((m) => same(m.login, login));
      if (existing) {
        existing.role = options.role ?? existing.role;
        existing.removedAt = null;
      } else {
        this.members.push({ login, role: options.role ?? 'member', createdAt: this.now(), removedAt: null });
      }
    }
    if (options.enterpriseTeams && options.enterpriseTeams.length > 0) {
      this.enterprise.set(login.toLowerCase(), { login, teams: [...options.enterpriseTeams] });
    }
  }

  /** A pending invitation; the membership reads `pending` until accepted. Returns the invitation id. */
  invite(login: string, options: { role?: InvitationRole; inviter?: string } = {}): number {
    this.settle();
    this.repo.addUser(login);
    const inviter = options.inviter ?? this.members.find((m) => m.role === 'admin')?.login ?? this.login;
    const invitation: InvitationRecord = { id: this.repo.allocateId(), login, role: options.role ?? 'direct_member', inviter, createdAt: this.now(), removedAt: null };
    this.invitationList.push(invitation);
    return invitation.id;
  }

  /** An outside collaborator; gives them `permission` on the repository unless they already have one. */
  addOutsideCollaborator(login: string, options: { permission?: 'read' | 'triage' | 'write' | 'maintain' | 'admin' } = {}): void {
    this.settle();
    this.repo.addUser(login);
    if (!this.outside.some((o) => same(o.login, login))) this.outside.push({ login, createdAt: this.now(), removedAt: null });
    if (options.permission !== undefined || this.repo.permission(login) === 'none') this.repo.setPermission(login, options.permission ?? 'read');
  }

  addTeam(slug: string, members: readonly string[] = [], options: { name?: string; description?: string } = {}): TeamRecord {
    this.settle();
    let team = this.teamList.find((t) => same(t.slug, slug));
    if (!team) {
      team = { id: this.repo.allocateId(), slug, name: options.name ?? slug, description: options.description ?? null, createdAt: this.now(), members: [] };
      this.teamList.push(team);
    }
    for (const login of members) this.addToTeam(slug, login);
    return team;
  }

  addToTeam(slug: string, login: string): void {
    const team = this.teamList.find((t) => same(t.slug, slug));
    if (!team) throw new Error(`no team ${slug}`);
    this.repo.addUser(login);
    const existing = team.members.find((m) => same(m.login, login));
    if (existing) existing.removedAt = null;
    else team.members.push({ login, removedAt: null });
  }

  /** A fine-grained personal access token of `login` with access to the organisation. Returns the grant id. */
  grantToken(
    login: string,
    options: {
      name?: string;
      expiresAt?: Date | null;
      lastUsedAt?: Date | null;
      repositorySelection?: TokenGrantRecord['repositorySelection'];
      permissions?: Partial<TokenGrantRecord['permissions']>;
    } = {},
  ): number {
    this.settle();
    this.repo.addUser(login);
    const grant: TokenGrantRecord = {
      id: this.repo.allocateId(),
      tokenId: this.repo.allocateId(),
      owner: login,
      name: options.name ?? `${login}'s token`,
      grantedAt: this.now(),
      expiresAt: options.expiresAt === undefined ? new Date(this.now().getTime() + 90 * 24 * 3600_000) : options.expiresAt,
      lastUsedAt: options.lastUsedAt ?? null,
      repositorySelection: options.repositorySelection ?? 'all',
      permissions: {
        organization: { ...(options.permissions?.organization ?? {}) },
        repository: { ...(options.permissions?.repository ?? { contents: 'read', metadata: 'read' }) },
        other: { ...(options.permissions?.other ?? {}) },
      },
      removedAt: null,
    };
    this.grants.push(grant);
    return grant.id;
  }

  addCopilotSeat(login: string, options: { team?: string; lastActivityAt?: Date | null; lastActivityEditor?: string | null; planType?: CopilotSeatRecord['planType'] } = {}): void {
    this.settle();
    this.repo.addUser(login);
    const now = this.now();
    this.seats.push({
      login,
      createdAt: now,
      updatedAt: now,
      pendingCancellationDate: null,
      lastActivityAt: options.lastActivityAt ?? null,
      lastActivityEditor: options.lastActivityEditor ?? null,
      team: options.team ?? null,
      planType: options.planType ?? 'business',
    });
  }

  // ---- what the API shows ----------------------------------------------------------------------

  membership(login: string): MembershipView | null {
    this.settle();
    const enterpriseTeams = this.enterprise.get(login.toLowerCase())?.teams ?? [];
    const member = this.members.find((m) => same(m.login, login) && this.shown(m));
    if (member) return { state: 'active', role: member.role, direct: true, enterpriseTeams: [...enterpriseTeams] };
    if (enterpriseTeams.length > 0) return { state: 'active', role: 'member', direct: false, enterpriseTeams: [...enterpriseTeams] };
    const invitation = this.invitationList.find((i) => same(i.login, login) && this.shown(i));
    if (invitation) return { state: 'pending', role: invitation.role === 'admin' ? 'admin' : 'member', direct: true, enterpriseTeams: [] };
    return null;
  }

  /** An active member (directly or through an enterprise team). */
  isMember(login: string): boolean {
    return this.membership(login)?.state === 'active';
  }

  isOwner(login: string): boolean {
    const m = this.membership(login);
    return m?.state === 'active' && m.role === 'admin';
  }

  /** Logins of active members (direct or through an enterprise team), in the order they joined. */
  activeMembers(): string[] {
    this.settle();
    const out = this.members.filter((m) => this.shown(m)).map((m) => m.login);
    for (const { login } of this.enterprise.values()) if (!out.some((l) => same(l, login))) out.push(login);
    return out;
  }

  invitations(): InvitationRecord[] {
    this.settle();
    return this.invitationList.filter((i) => this.shown(i));
  }

  outsideCollaborators(): OutsideCollaboratorRecord[] {
    this.settle();
    return this.outside.filter((o) => this.shown(o));
  }

  teams(): TeamRecord[] {
    this.settle();
    return [...this.teamList];
  }

  team(slug: string): TeamRecord | undefined {
    return this.teams().find((t) => same(t.slug, slug));
  }

  teamMembers(team: TeamRecord): string[] {
    this.settle();
    return team.members.filter((m) => this.shown(m)).map((m) => m.login);
  }

  /** Teams with any of `logins` among their members (all teams when `logins` is empty). */
  teamsOf(logins: readonly string[]): TeamRecord[] {
    return this.teams().filter((t) => logins.length === 0 || this.teamMembers(t).some((m) => logins.some((l) => same(l, m))));
  }

  tokenGrants(owners: readonly string[] = []): TokenGrantRecord[] {
    this.settle();
    return this.grants.filter((g) => this.shown(g) && (owners.length === 0 || owners.some((o) => same(o, g.owner))));
  }

  copilotSeat(login: string): CopilotSeatRecord | undefined {
    this.settle();
    return this.seats.find((s) => same(s.login, login));
  }

  /** Cancelled-but-running seats still count; fully ended ones do not. */
  copilotSeats(): CopilotSeatRecord[] {
    this.settle();
    return [...this.seats];
  }

  // ---- what the API does -----------------------------------------------------------------------

  /** `DELETE /orgs/{org}/memberships/{username}`: the membership, a pending invitation and team memberships. */
  removeMembership(login: string): void {
    this.settle();
    const now = this.now();
    const member = this.members.find((m) => same(m.login, login));
    const invitation = this.invitationList.find((i) => same(i.login, login));
    if (!member && !invitation && !this.enterprise.has(login.toLowerCase())) throw new HttpError(404, 'Not Found');
    for (const record of [member, invitation]) if (record && record.removedAt === null) record.removedAt = now;
    for (const team of this.teamList) for (const m of team.members) if (same(m.login, login) && m.removedAt === null) m.removedAt = now;
  }

  /** `DELETE /orgs/{org}/invitations/{invitation_id}`. */
  cancelInvitation(id: number): void {
    this.settle();
    const invitation = this.invitationList.find((i) => i.id === id);
    if (!invitation) throw new HttpError(404, 'Not Found');
    invitation.removedAt ??= this.now();
  }

  /** `DELETE /orgs/{org}/outside_collaborators/{username}`: from every repository of the organisation. */
  removeOutsideCollaborator(login: string): void {
    this.settle();
    if (this.isMember(login)) {
      throw new HttpError(422, 'You cannot specify an organization member to remove as an outside collaborator.');
    }
    const collaborator = this.outside.find((o) => same(o.login, login));
    if (collaborator) collaborator.removedAt ??= this.now();
  }

  /** `POST /orgs/{org}/personal-access-tokens` `{ action: 'revoke', pat_ids }`. */
  revokeTokens(input: { action?: unknown; pat_ids?: unknown }): void {
    this.settle();
    if (input.action !== 'revoke') throw new HttpError(422, 'Validation Failed', [{ resource: 'PersonalAccessTokenRequest', code: 'invalid', field: 'action' }]);
    const ids = input.pat_ids;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_PAT_IDS || ids.some((id) => !Number.isInteger(id))) {
      throw new HttpError(422, 'Validation Failed', [{ resource: 'PersonalAccessTokenRequest', code: 'invalid', field: 'pat_ids' }]);
    }
    const grants = (ids as number[]).map((id) => this.grants.find((g) => g.id === id));
    if (grants.some((g) => g === undefined)) throw new HttpError(404, 'Not Found');
    const now = this.now();
    for (const grant of grants) if (grant) grant.removedAt ??= now;
  }

  /** `DELETE /orgs/{org}/copilot/billing/selected_users`: seats end at the end of the billing cycle. */
  cancelCopilotSeats(input: { selected_usernames?: unknown }): number {
    this.settle();
    const logins = input.selected_usernames;
    if (!Array.isArray(logins) || logins.length === 0 || logins.some((l) => typeof l !== 'string')) {
      throw new HttpError(422, 'Validation Failed', [{ resource: 'CopilotSeat', code: 'invalid', field: 'selected_usernames' }]);
    }
    const seats = (logins as string[]).map((l) => this.seats.find((s) => same(s.login, l))).filter((s): s is CopilotSeatRecord => s !== undefined);
    const viaTeam = seats.find((s) => s.team !== null);
    if (viaTeam) {
      throw new HttpError(422, `The seat of ${viaTeam.login} was assigned through the team ${viaTeam.team ?? ''} and cannot be cancelled per user.`);
    }
    const date = endOfBillingCycle(this.now());
    let cancelled = 0;
    for (const seat of seats) {
      if (seat.pendingCancellationDate !== null) continue;
      seat.pendingCancellationDate = date;
      seat.updatedAt = this.now();
      cancelled += 1;
    }
    return cancelled;
  }

  // ---- for tests ---------------------------------------------------------------------------------

  holdings(login: string): Holdings {
    this.settle();
    const removing = (r: Removable): boolean => r.removedAt !== null;
    const member = this.members.find((m) => same(m.login, login));
    const invitation = this.invitationList.find((i) => same(i.login, login));
    const outside = this.outside.find((o) => same(o.login, login));
    const teams = this.teamList.flatMap((t) => t.members.filter((m) => same(m.login, login)).map((m) => ({ slug: t.slug, removing: removing(m) })));
    const tokens = this.grants.filter((g) => same(g.owner, login)).map((g) => ({ id: g.id, name: g.name, removing: removing(g) }));
    const seat = this.seats.find((s) => same(s.login, login));
    const enterpriseTeams = [...(this.enterprise.get(login.toLowerCase())?.teams ?? [])];
    const holdings: Holdings = {
      login,
      membership: member ? { role: member.role, removing: removing(member) } : null,
      enterpriseTeams,
      invitation: invitation ? { id: invitation.id, removing: removing(invitation) } : null,
      outsideCollaborator: outside ? { removing: removing(outside) } : null,
      teams,
      tokens,
      copilotSeat: seat ? { pendingCancellationDate: seat.pendingCancellationDate, team: seat.team } : null,
      empty: false,
    };
    holdings.empty = !member && !invitation && !outside && teams.length === 0 && tokens.length === 0 && !seat && enterpriseTeams.length === 0;
    return holdings;
  }
}

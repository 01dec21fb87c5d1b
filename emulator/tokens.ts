/**
 * Who a request's token is and what it may do. GitHub has two models: fine-grained permissions
 * (GitHub App installation tokens, which include the workflow token, and fine-grained personal
 * access tokens) and scopes (personal access tokens, classic). Every route states what it needs;
 * a token without it gets GitHub's answer: 403 "Resource not accessible by integration" with
 * `X-Accepted-GitHub-Permissions`, or, for a classic token without the scope, 404.
 */
import type { OrgState } from './org.js';

export type Access = 'read' | 'write';
export type Level = Access | 'none';
export type RepositoryPermission = 'actions' | 'administration' | 'contents' | 'issues' | 'metadata' | 'pull_requests' | 'workflows';
export type OrganizationPermission =
  | 'members'
  | 'organization_administration'
  | 'organization_copilot_seat_management'
  | 'organization_personal_access_tokens';
export type RepositoryPermissions = Partial<Record<RepositoryPermission, Level>>;
export type OrganizationPermissions = Partial<Record<OrganizationPermission, Level>>;

/** What a token is. Keys of `EmulatorOptions.tokens` are the token strings. */
export type TokenSpec =
  /** The workflow token (`GITHUB_TOKEN`): the github-actions app for this repository only. Without
   * `permissions` it has the emulator's current workflow permissions (`setWorkflowPermissions`). */
  | { type: 'workflow'; permissions?: RepositoryPermissions }
  /** A GitHub App installation token, e.g. from `actions/create-github-app-token` with `owner:`. */
  | { type: 'app'; login: string; repository?: RepositoryPermissions; organization?: OrganizationPermissions }
  /** A fine-grained personal access token of a user. */
  | { type: 'fine-grained'; login: string; repository?: RepositoryPermissions; organization?: OrganizationPermissions }
  /** A personal access token (classic) of a user, e.g. scopes `['repo', 'admin:org']`. */
  | { type: 'classic'; login: string; scopes: readonly string[] };

/** A request's token, resolved. */
export interface Caller {
  /** The token string as sent. */
  token: string;
  spec: TokenSpec;
  /** Who acts: `github-actions[bot]`, an app's `[bot]` login, or the token owner's login. */
  login: string;
}

/** What a route needs. Omitted fields: nothing needed. */
export interface Requirement {
  /** The fine-grained permission (apps, the workflow token, fine-grained PATs). */
  permission?: { repository: RepositoryPermission; access: Access } | { organization: OrganizationPermission; access: Access };
  /** Classic scopes, any of which will do (each also implied by its wider scopes). */
  scopes?: readonly string[];
  /** Only GitHub Apps may call it ("Only GitHub Apps can use this endpoint"). */
  appOnly?: boolean;
  /** A person's token must belong to an active member / an owner of the organisation. */
  person?: 'member' | 'owner';
  /** `documentation_url` of the route's errors. */
  docs?: string;
}

export interface Denial {
  status: number;
  body: { message: string; documentation_url: string; status: string };
  headers: Record<string, string>;
}

/** The workflow token's permissions unless told otherwise (what this product's workflows grant). */
export const DEFAULT_WORKFLOW_PERMISSIONS: Readonly<RepositoryPermissions> = { issues: 'write', contents: 'read', actions: 'write', metadata: 'read' };

/** Each scope with the narrower scopes it includes. */
const WIDER: Readonly<Record<string, readonly string[]>> = {
  'read:org': ['write:org', 'admin:org'],
  'write:org': ['admin:org'],
  public_repo: ['repo'],
  'repo:status': ['repo'],
  'read:user': ['user'],
  'user:email': ['user'],
};

const DOCS = 'https://docs.github.com/rest';

function accessOk(have: Level | undefined, need: Access): boolean {
  return have === 'write' || (have === 'read' && need === 'read');
}

/** The scopes that satisfy `wanted`, for `X-Accepted-OAuth-Scopes`. */
function acceptedScopes(wanted: readonly string[]): string[] {
  return [...new Set(wanted.flatMap((s) => [s, ...(WIDER[s] ?? [])]))].sort();
}

export function hasScope(scopes: readonly string[], wanted: readonly string[]): boolean {
  const accepted = acceptedScopes(wanted);
  return scopes.some((s) => accepted.includes(s));
}

/** The tokens the emulator knows, the default for the others, and the workflow token's permissions. */
export class TokenRegistry {
  private readonly specs = new Map<string, TokenSpec>();
  private workflow: RepositoryPermissions = { ...DEFAULT_WORKFLOW_PERMISSIONS };

  constructor(
    private readonly options: {
      botLogin: string;
      /** Unknown tokens are a classic token of `botLogin` (scope `repo`) instead of the workflow token. */
      personalToken: boolean;
      /** Unknown tokens answer 401 "Bad credentials" instead of acting as the default token. */
      strict: boolean;
      tokens?: Record<string, TokenSpec>;
      /** Told about every token added (the emulator makes its login an account). */
      onAdd?: (spec: TokenSpec) => void;
    },
  ) {
    for (const [token, spec] of Object.entries(options.tokens ?? {})) this.add(token, spec);
  }

  /** Makes `token` known as `spec` (replacing what it was). */
  add(token: string, spec: TokenSpec): void {
    this.specs.set(token, spec);
    this.options.onAdd?.(spec);
  }

  /** The workflow token's repository permissions now. */
  workflowPermissions(): RepositoryPermissions {
    return { ...this.workflow };
  }

  /** Changes some of the workflow token's permissions (the others stay); `metadata` stays `read`. */
  setWorkflowPermissions(permissions: RepositoryPermissions): void {
    this.workflow = { ...this.workflow, ...permissions, metadata: 'read' };
  }

  /** The caller for a token string; null when unknown and the registry is strict. */
  resolve(token: string): Caller | null {
    const known = this.specs.get(token);
    if (!known && this.options.strict) return null;
    const spec: TokenSpec = known ?? (this.options.personalToken ? { type: 'classic', login: this.options.botLogin, scopes: ['repo'] } : { type: 'workflow' });
    return { token, spec, login: spec.type === 'workflow' ? this.options.botLogin : spec.login };
  }

  /** Repository permissions of a caller on the permission model (null for classic tokens). */
  repositoryPermissions(caller: Caller): RepositoryPermissions | null {
    const { spec } = caller;
    if (spec.type === 'classic') return null;
    if (spec.type === 'workflow') return { ...(spec.permissions ?? this.workflow), metadata: 'read' };
    return { ...(spec.repository ?? {}), metadata: 'read' };
  }

  /** Organisation permissions (the workflow token never has any). */
  organizationPermissions(caller: Caller): OrganizationPermissions | null {
    const { spec } = caller;
    if (spec.type === 'classic') return null;
    if (spec.type === 'workflow') return {};
    return { ...(spec.organization ?? {}) };
  }

  /** Whether the caller has a fine-grained permission (classic tokens: by scope, see `authorize`). */
  allows(caller: Caller, permission: NonNullable<Requirement['permission']>): boolean {
    if ('repository' in permission) return accessOk(this.repositoryPermissions(caller)?.[permission.repository], permission.access);
    return accessOk(this.organizationPermissions(caller)?.[permission.organization], permission.access);
  }

  /** Headers GitHub sends with every answer to this caller for a route. */
  headers(caller: Caller, need: Requirement): Record<string, string> {
    const { spec } = caller;
    if (spec.type === 'classic') {
      return { 'x-oauth-scopes': spec.scopes.join(', '), 'x-accepted-oauth-scopes': acceptedScopes(need.scopes ?? []).join(', ') };
    }
    if (!need.permission) return {};
    const p = need.permission;
    return { 'x-accepted-github-permissions': `${'repository' in p ? p.repository : p.organization}=${p.access}` };
  }

  /** Null when the caller may use the route, else GitHub's answer. */
  authorize(caller: Caller, need: Requirement, org: OrgState): Denial | null {
    const { spec } = caller;
    const headers = this.headers(caller, need);
    const docs = need.docs ?? DOCS;
    const deny = (status: number, message: string): Denial => ({ status, body: { message, documentation_url: docs, status: String(status) }, headers });
    const isApp = spec.type === 'app' || spec.type === 'workflow';
    const notAccessible = isApp ? 'Resource not accessible by integration' : 'Resource not accessible by personal access token';
    if (need.appOnly && !isApp) return deny(403, notAccessible);
    if (spec.type === 'classic') {
      // A classic token without the scope sees a 404, so as not to confirm that the resource exists.
      if (need.scopes && need.scopes.length > 0 && !hasScope(spec.scopes, need.scopes)) return deny(404, 'Not Found');
    } else if (need.permission && !this.allows(caller, need.permission)) {
      return deny(403, notAccessible);
    }
    if (!isApp && need.person === 'member' && !org.isMember(caller.login)) {
      return deny(403, `You must be a member of ${org.login} to see membership information for this user.`);
    }
    if (!isApp && need.person === 'owner' && !org.isOwner(caller.login)) {
      return deny(403, `You must be an owner of ${org.login} to do that.`);
    }
    return null;
  }
}

/**
 * REST JSON shapes of the emulator's records, as GitHub returns them (checked against GitHub's
 * OpenAPI description by test/emulator/openapi.test.ts). Webhook payloads reuse the same shapes.
 */
import { createHash } from 'node:crypto';
import type { CopilotSeatRecord, InvitationRecord, MembershipView, OrgState, TeamRecord, TokenGrantRecord } from './org.js';
import {
  REACTION_CONTENTS,
  type CommentRecord,
  type IssueRecord,
  type LabelRecord,
  type ReactionRecord,
  type RepoState,
  type UserRecord,
  type WorkflowRecord,
} from './state.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const WEB = 'https://github.com';

/** GitHub's timestamp format: ISO-8601 in UTC, whole seconds. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoOrNull(date: Date | null): string | null {
  return date ? iso(date) : null;
}

/** The emulator's node ids: opaque, stable, prefixed like GitHub's. */
export type NodeKind = 'I' | 'PR' | 'IC' | 'LA' | 'U' | 'BOT' | 'O' | 'R' | 'UCE' | 'T' | 'W' | 'REA' | 'OI';

export function nodeId(kind: NodeKind, id: number): string {
  return `${kind}_kwDO${Buffer.from(`emu:${id}`).toString('base64url')}`;
}

/** The kind and database id of one of the emulator's node ids; null for anything else. */
export function parseNodeId(value: string): { kind: string; id: number } | null {
  const m = /^([A-Z]+)_kwDO([A-Za-z0-9_-]+)$/.exec(value);
  if (!m) return null;
  const decoded = /^emu:(\d+)$/.exec(Buffer.from(m[2] ?? '', 'base64url').toString('utf8'));
  return decoded ? { kind: m[1] ?? '', id: Number(decoded[1]) } : null;
}

export function userNodeId(user: UserRecord): string {
  return nodeId(user.type === 'Bot' ? 'BOT' : user.type === 'Organization' ? 'O' : 'U', user.id);
}

export interface Urls {
  api: string;
}

export function userJson(state: RepoState, urls: Urls, login: string): JsonObject {
  const user = state.user(login);
  const base = `${urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: userNodeId(user),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: base,
    html_url: user.type === 'Bot' ? `${WEB}/apps/${user.login.replace(/\[bot\]$/, '')}` : `${WEB}/${user.login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `GET /users/{username}`: the public profile (`public-user`). */
export function publicUserJson(state: RepoState, urls: Urls, login: string): JsonObject {
  const user = state.user(login);
  const created = iso(new Date(state.repoCreatedAt.getTime() - 365 * 24 * 3600_000));
  return {
    ...userJson(state, urls, login),
    name: user.name ?? null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
  };
}

/** The organisation as `organization-simple`. */
export function orgSimpleJson(state: RepoState, urls: Urls): JsonObject {
  const owner = state.user(state.owner);
  const url = `${urls.api}/orgs/${state.owner}`;
  return {
    login: owner.login,
    id: owner.id,
    node_id: userNodeId(owner),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${owner.id}?v=4`,
    description: null,
  };
}

export function orgMembershipJson(state: RepoState, urls: Urls, login: string, membership: MembershipView): JsonObject {
  return {
    url: `${urls.api}/orgs/${state.owner}/memberships/${encodeURIComponent(state.user(login).login)}`,
    state: membership.state,
    role: membership.role,
    direct_membership: membership.direct,
    enterprise_teams_providing_indirect_membership: [...membership.enterpriseTeams],
    organization_url: `${urls.api}/orgs/${state.owner}`,
    organization: orgSimpleJson(state, urls),
    user: userJson(state, urls, login),
  };
}

export function invitationJson(state: RepoState, urls: Urls, invitation: InvitationRecord): JsonObject {
  return {
    id: invitation.id,
    login: state.user(invitation.login).login,
    email: null,
    role: invitation.role,
    created_at: iso(invitation.createdAt),
    failed_at: null,
    failed_reason: null,
    inviter: userJson(state, urls, invitation.inviter),
    team_count: 0,
    node_id: nodeId('OI', invitation.id),
    invitation_teams_url: `${urls.api}/organizations/${state.user(state.owner).id}/invitations/${invitation.id}/teams`,
    invitation_source: 'member',
  };
}

export function teamJson(state: RepoState, urls: Urls, team: TeamRecord): JsonObject {
  const url = `${urls.api}/organizations/${state.user(state.owner).id}/team/${team.id}`;
  return {
    id: team.id,
    node_id: nodeId('T', team.id),
    url,
    html_url: `${WEB}/orgs/${state.owner}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    type: 'organization',
    organization_id: state.user(state.owner).id,
    parent: null,
  };
}

export function tokenGrantJson(state: RepoState, urls: Urls, grant: TokenGrantRecord, now: Date): JsonObject {
  return {
    id: grant.id,
    owner: userJson(state, urls, grant.owner),
    repository_selection: grant.repositorySelection,
    repositories_url: `${urls.api}/organizations/${state.user(state.owner).id}/personal-access-tokens/${grant.id}/repositories`,
    permissions: {
      organization: { ...grant.permissions.organization },
      repository: { ...grant.permissions.repository },
      other: { ...grant.permissions.other },
    },
    access_granted_at: iso(grant.grantedAt),
    token_id: grant.tokenId,
    token_name: grant.name,
    token_expired: grant.expiresAt !== null && grant.expiresAt.getTime() <= now.getTime(),
    token_expires_at: isoOrNull(grant.expiresAt),
    token_last_used_at: isoOrNull(grant.lastUsedAt),
  };
}

export function copilotSeatJson(state: RepoState, urls: Urls, org: OrgState, seat: CopilotSeatRecord): JsonObject {
  const team = seat.team === null ? undefined : org.team(seat.team);
  return {
    assignee: userJson(state, urls, seat.login),
    organization: orgSimpleJson(state, urls),
    assigning_team: team ? teamJson(state, urls, team) : null,
    pending_cancellation_date: seat.pendingCancellationDate,
    last_activity_at: isoOrNull(seat.lastActivityAt),
    last_activity_editor: seat.lastActivityEditor,
    last_authenticated_at: isoOrNull(seat.lastActivityAt),
    created_at: iso(seat.createdAt),
    updated_at: iso(seat.updatedAt),
    plan_type: seat.planType,
  };
}

export function reactionJson(state: RepoState, urls: Urls, reaction: ReactionRecord): JsonObject {
  return {
    id: reaction.id,
    node_id: nodeId('REA', reaction.id),
    user: userJson(state, urls, reaction.user),
    content: reaction.content,
    created_at: iso(reaction.createdAt),
  };
}

export function workflowJson(state: RepoState, urls: Urls, workflow: WorkflowRecord): JsonObject {
  const definition = state.workflowDefinition(workflow);
  return {
    id: workflow.id,
    node_id: nodeId('W', workflow.id),
    name: definition.name,
    path: workflow.path,
    state: workflow.state,
    created_at: iso(workflow.createdAt),
    updated_at: iso(workflow.updatedAt),
    url: `${repoApiUrl(state, urls)}/actions/workflows/${workflow.id}`,
    html_url: `${repoHtmlUrl(state)}/blob/main/${workflow.path}`,
    badge_url: `${repoHtmlUrl(state)}/workflows/${encodeURIComponent(definition.name)}/badge.svg`,
  };
}

export function repoApiUrl(state: RepoState, urls: Urls): string {
  return `${urls.api}/repos/${state.owner}/${state.repo}`;
}

export function repoHtmlUrl(state: RepoState): string {
  return `${WEB}/${state.owner}/${state.repo}`;
}

export function labelJson(state: RepoState, urls: Urls, label: LabelRecord): JsonObject {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${repoApiUrl(state, urls)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

function authorAssociation(state: RepoState, login: string): string {
  if (login.toLowerCase() === state.owner.toLowerCase()) return 'OWNER';
  const user = state.knownUser(login);
  if (!user || user.type === 'Bot') return 'NONE';
  return state.permission(login) === 'none' ? 'NONE' : 'MEMBER';
}

export function issueJson(state: RepoState, urls: Urls, issue: IssueRecord): JsonObject {
  const repoUrl = repoApiUrl(state, urls);
  const url = `${repoUrl}/issues/${issue.number}`;
  const assignees = issue.assignees.map((login) => userJson(state, urls, login));
  return {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${repoHtmlUrl(state)}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`,
    id: issue.id,
    node_id: nodeId(issue.pullRequest ? 'PR' : 'I', issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(state, urls, issue.author),
    labels: state.issueLabels(issue).map((l) => labelJson(state, urls, l)),
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: state.comments(issue.number).length,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: isoOrNull(issue.closedAt),
    closed_by: issue.closedBy ? userJson(state, urls, issue.closedBy) : null,
    author_association: authorAssociation(state, issue.author),
    active_lock_reason: null,
    body: issue.body,
    reactions: reactionsJson(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
    ...(issue.pullRequest
      ? {
          draft: issue.pullRequest.draft,
          pull_request: {
            url: `${repoUrl}/pulls/${issue.number}`,
            html_url: `${repoHtmlUrl(state)}/pull/${issue.number}`,
            diff_url: `${repoHtmlUrl(state)}/pull/${issue.number}.diff`,
            patch_url: `${repoHtmlUrl(state)}/pull/${issue.number}.patch`,
            merged_at: isoOrNull(issue.pullRequest.mergedAt),
          },
        }
      : {}),
  };
}

/** A pull request as REST and the `pull_request` webhook show it (no git: fixed branch tips). */
export function pullRequestJson(state: RepoState, urls: Urls, issue: IssueRecord): JsonObject {
  const repoUrl = repoApiUrl(state, urls);
  const html = `${repoHtmlUrl(state)}/pull/${issue.number}`;
  const url = `${repoUrl}/pulls/${issue.number}`;
  const info = issue.pullRequest ?? { head: 'feature', base: 'main', draft: false, mergedAt: null };
  const assignees = issue.assignees.map((login) => userJson(state, urls, login));
  const branch = (ref: string): JsonObject => ({
    label: `${state.owner}:${ref}`,
    ref,
    sha: blobSha(`${issue.number}:${ref}`),
    user: userJson(state, urls, state.owner),
    repo: repoJson(state, urls),
  });
  return {
    url,
    id: issue.id,
    node_id: nodeId('PR', issue.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${repoUrl}/issues/${issue.number}/comments`,
    statuses_url: `${repoUrl}/statuses/${blobSha(`${issue.number}:${info.head}`)}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userJson(state, urls, issue.author),
    body: issue.body,
    labels: state.issueLabels(issue).map((l) => labelJson(state, urls, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: isoOrNull(issue.closedAt),
    merged_at: isoOrNull(info.mergedAt),
    merge_commit_sha: null,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: branch(info.head),
    base: branch(info.base),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: `${repoUrl}/issues/${issue.number}` },
      comments: { href: `${repoUrl}/issues/${issue.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl}/statuses/${blobSha(`${issue.number}:${info.head}`)}` },
    },
    author_association: authorAssociation(state, issue.author),
    auto_merge: null,
    draft: info.draft,
    merged: info.mergedAt !== null,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: state.comments(issue.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

/** The reaction rollup of an issue or comment. */
function reactionsJson(url: string, reactions: readonly ReactionRecord[] = []): JsonObject {
  const rollup: JsonObject = { url: `${url}/reactions`, total_count: reactions.length };
  for (const content of REACTION_CONTENTS) rollup[content] = reactions.filter((r) => r.content === content).length;
  return rollup;
}

export function commentJson(state: RepoState, urls: Urls, comment: CommentRecord): JsonObject {
  const repoUrl = repoApiUrl(state, urls);
  const url = `${repoUrl}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${repoHtmlUrl(state)}/${state.findIssue(comment.issueNumber)?.pullRequest ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    user: userJson(state, urls, comment.author),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    author_association: authorAssociation(state, comment.author),
    body: comment.body,
    reactions: reactionsJson(url, state.reactions(comment.id)),
    performed_via_github_app: null,
  };
}

export function repoJson(state: RepoState, urls: Urls): JsonObject {
  const url = repoApiUrl(state, urls);
  const html = repoHtmlUrl(state);
  const openIssues = state.issues().filter((i) => i.state === 'open').length;
  const created = iso(state.repoCreatedAt);
  return {
    id: state.repoId,
    node_id: nodeId('R', state.repoId),
    name: state.repo,
    full_name: `${state.owner}/${state.repo}`,
    private: true,
    owner: userJson(state, urls, state.owner),
    html_url: html,
    description: 'People operations',
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${state.owner}/${state.repo}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${state.owner}/${state.repo}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1,
    default_branch: 'main',
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: created,
    created_at: created,
    updated_at: created,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_forking: false,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    network_count: 0,
    subscribers_count: 0,
  };
}

/** GitHub's git blob id of a text, so `sha` values look and behave like real ones. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

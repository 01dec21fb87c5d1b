/**
 * REST JSON shapes of the emulator's records, as GitHub returns them (checked against GitHub's
 * OpenAPI description by test/emulator/openapi.test.ts). Webhook payloads reuse the same shapes.
 */
import { createHash } from 'node:crypto';
import type { CommentRecord, IssueRecord, LabelRecord, RepoState, UserRecord } from './state.js';

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
export function nodeId(kind: 'I' | 'IC' | 'LA' | 'U' | 'BOT' | 'O' | 'R' | 'UCE', id: number): string {
  return `${kind}_kwDO${Buffer.from(`emu:${id}`).toString('base64url')}`;
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
    html_url: `${repoHtmlUrl(state)}/issues/${issue.number}`,
    id: issue.id,
    node_id: nodeId('I', issue.id),
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
  };
}

function reactionsJson(url: string): JsonObject {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export function commentJson(state: RepoState, urls: Urls, comment: CommentRecord): JsonObject {
  const repoUrl = repoApiUrl(state, urls);
  const url = `${repoUrl}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${repoHtmlUrl(state)}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    user: userJson(state, urls, comment.author),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    author_association: authorAssociation(state, comment.author),
    body: comment.body,
    reactions: reactionsJson(url),
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

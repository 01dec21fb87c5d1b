/**
 * `POST /graphql`: queries are validated and executed against GitHub's real published schema
 * (`@octokit/graphql-schema`), with resolvers over the emulator's state. A query GitHub would reject
 * is rejected here with the same kind of error; fields the emulator does not model resolve to null
 * (an error where the schema says non-null). A few mutations are implemented (`MUTATIONS`); the
 * others are rejected. Every request is charged GitHub's point estimate (`estimateCost`).
 */
import { schema as githubSchema } from '@octokit/graphql-schema';
import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DirectiveNode,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { OrgState, TeamRecord } from './org.js';
import { iso, nodeId, parseNodeId, userNodeId } from './shapes.js';
import {
  HttpError,
  REACTION_CONTENTS,
  type CommentRecord,
  type ContentEdit,
  type IssueRecord,
  type LabelRecord,
  type ReactionContent,
  type ReactionRecord,
  type RepoState,
} from './state.js';
import { hasScope, type Caller, type Requirement, type TokenRegistry } from './tokens.js';

let cachedSchema: GraphQLSchema | undefined;

/**
 * GitHub's schema, built once per process. The published SDL defines two enterprise fields twice,
 * so SDL validation is skipped (the built schema itself validates cleanly).
 */
export function githubGraphqlSchema(): GraphQLSchema {
  cachedSchema ??= buildSchema(githubSchema.idl, { assumeValidSDL: true });
  return cachedSchema;
}

export interface GraphqlContext {
  state: RepoState;
  org: OrgState;
  tokens: TokenRegistry;
  caller: Caller;
  /** Points left etc. for `rateLimit`, after this request's cost was charged. */
  rateLimit(): { limit: number; remaining: number; used: number; resetAt: Date };
  /** Charges the request's points (called once per request, before execution). */
  charge(points: number): void;
}

/** The mutations the emulator implements; others are rejected. */
export const MUTATIONS = ['addComment', 'updateIssueComment', 'addLabelsToLabelable', 'removeLabelsFromLabelable', 'addAssigneesToAssignable'] as const;

export interface GraphqlRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

type Resolved = Record<string, unknown>;

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const MAX_PAGE = 100;

function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function decodeCursor(cursor: string, connection: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m) throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor for the \`${connection}\` connection.`);
  return Number(m[1]);
}

/** A Relay connection over `items`, with GitHub's rules: `first` or `last` required, 1..100. */
function connection<T>(name: string, items: readonly T[], args: ConnectionArgs, toNode: (item: T) => Resolved, edgeFields: (item: T) => Resolved = () => ({})): Resolved {
  const { first, last, after, before } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new GraphQLError(`You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
  }
  for (const [argName, value] of [['first', first], ['last', last]] as const) {
    if (value === undefined || value === null) continue;
    if (value < 1 || value > MAX_PAGE) {
      throw new GraphQLError(
        value > MAX_PAGE
          ? `Requesting ${value} records on the \`${name}\` connection exceeds the \`${argName}\` limit of ${MAX_PAGE} records.`
          : `\`${argName}\` on the \`${name}\` connection must be between 1 and ${MAX_PAGE}.`,
      );
    }
  }
  let start = 0;
  let end = items.length;
  if (after) start = Math.min(items.length, decodeCursor(after, name) + 1);
  if (before) end = Math.max(start, Math.min(end, decodeCursor(before, name)));
  let sliceStart = start;
  let sliceEnd = end;
  if (typeof first === 'number') sliceEnd = Math.min(sliceEnd, sliceStart + first);
  if (typeof last === 'number') sliceStart = Math.max(sliceStart, sliceEnd - last);
  const indexes: number[] = [];
  for (let i = sliceStart; i < sliceEnd; i++) indexes.push(i);
  const nodes = indexes.map((i) => toNode(items[i] as T));
  return {
    totalCount: items.length,
    nodes,
    edges: indexes.map((i, k) => ({ ...edgeFields(items[i] as T), cursor: encodeCursor(i), node: nodes[k] })),
    pageInfo: {
      hasNextPage: sliceEnd < end || (Boolean(before) && end < items.length),
      hasPreviousPage: sliceStart > start || (Boolean(after) && start > 0),
      startCursor: indexes.length > 0 ? encodeCursor(sliceStart) : null,
      endCursor: indexes.length > 0 ? encodeCursor(sliceEnd - 1) : null,
    },
  };
}

const WEB = 'https://github.com';

type Ctx = GraphqlContext;

/** GitHub's error for a node id it cannot find. */
function notFoundNode(id: string): GraphQLError {
  return new GraphQLError(`Could not resolve to a node with the global id of '${id}'.`, { extensions: { type: 'NOT_FOUND' } });
}

/**
 * Throws GitHub's GraphQL error when the caller lacks what `need` asks for: FORBIDDEN "Resource not
 * accessible by integration" (apps, the workflow token) or INSUFFICIENT_SCOPES (classic tokens).
 */
function guard(ctx: Ctx, need: Requirement, field: string): void {
  const { spec } = ctx.caller;
  if (spec.type === 'classic') {
    if (need.scopes && need.scopes.length > 0 && !hasScope(spec.scopes, need.scopes)) {
      throw new GraphQLError(
        `Your token has not been granted the required scopes to execute this query. The '${field}' field requires one of the following scopes: ${JSON.stringify(need.scopes).replace(/"/g, "'")}, but your token has only been granted the: ${JSON.stringify(spec.scopes).replace(/"/g, "'")} scopes. Please modify your token's scopes at: https://github.com/settings/tokens.`,
        { extensions: { type: 'INSUFFICIENT_SCOPES' } },
      );
    }
    return;
  }
  if (need.permission && !ctx.tokens.allows(ctx.caller, need.permission)) {
    const message = spec.type === 'fine-grained' ? 'Resource not accessible by personal access token' : 'Resource not accessible by integration';
    throw new GraphQLError(message, { extensions: { type: 'FORBIDDEN' } });
  }
}

const ISSUES_READ: Requirement = { permission: { repository: 'issues', access: 'read' }, scopes: ['repo'] };
const ISSUES_WRITE: Requirement = { permission: { repository: 'issues', access: 'write' }, scopes: ['repo'] };
const MEMBERS_READ: Requirement = { permission: { organization: 'members', access: 'read' }, scopes: ['read:org'] };

function actor(state: RepoState, login: string | null): Resolved | null {
  if (login === null) return null;
  const user = state.user(login);
  const path = user.type === 'Bot' ? `/apps/${user.login.replace(/\[bot\]$/, '')}` : `/${user.login}`;
  return {
    __typename: user.type,
    id: userNodeId(user),
    databaseId: user.id,
    login: user.type === 'Bot' ? user.login.replace(/\[bot\]$/, '') : user.login,
    name: user.name ?? null,
    url: `${WEB}${path}`,
    resourcePath: path,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
  };
}

function labelNode(state: RepoState, label: LabelRecord): Resolved {
  return {
    __typename: 'Label',
    id: nodeId('LA', label.id),
    name: label.name,
    color: label.color,
    description: label.description,
    isDefault: label.default,
    url: `${WEB}/${state.owner}/${state.repo}/labels/${encodeURIComponent(label.name)}`,
  };
}

/** GitHub returns edit history newest first. */
function editsConnection(state: RepoState, edits: readonly ContentEdit[], args: ConnectionArgs): Resolved {
  const newestFirst = [...edits].reverse();
  return connection('userContentEdits', newestFirst, args, (edit) => ({
    __typename: 'UserContentEdit',
    id: nodeId('UCE', edit.id),
    createdAt: iso(edit.editedAt),
    updatedAt: iso(edit.editedAt),
    editedAt: iso(edit.editedAt),
    deletedAt: edit.deletedAt ? iso(edit.deletedAt) : null,
    deletedBy: null,
    diff: edit.diff,
    editor: actor(state, edit.editor),
  }));
}

const REACTION_ENUM: Readonly<Record<ReactionContent, string>> = {
  '+1': 'THUMBS_UP',
  '-1': 'THUMBS_DOWN',
  laugh: 'LAUGH',
  confused: 'CONFUSED',
  heart: 'HEART',
  hooray: 'HOORAY',
  rocket: 'ROCKET',
  eyes: 'EYES',
};

function reactionFields(ctx: Ctx, reactions: () => ReactionRecord[], subject: () => Resolved): Resolved {
  const { state } = ctx;
  const mine = (list: readonly ReactionRecord[]): boolean => list.some((r) => r.user.toLowerCase() === ctx.caller.login.toLowerCase());
  const reactionNode = (r: ReactionRecord): Resolved => ({
    __typename: 'Reaction',
    id: nodeId('REA', r.id),
    databaseId: r.id,
    content: REACTION_ENUM[r.content],
    createdAt: iso(r.createdAt),
    user: actor(state, r.user),
    reactable: subject,
  });
  return {
    reactionGroups: () =>
      REACTION_CONTENTS.map((content) => {
        const group = reactions().filter((r) => r.content === content);
        const reactors = (args: ConnectionArgs) => connection('reactors', group, args, (r) => actor(state, r.user) ?? {});
        return {
          __typename: 'ReactionGroup',
          content: REACTION_ENUM[content],
          createdAt: group[0] ? iso(group[0].createdAt) : null,
          reactors,
          users: reactors,
          subject,
          viewerHasReacted: mine(group),
        };
      }),
    reactions: (args: ConnectionArgs & { content?: string | null }) => {
      const list = reactions().filter((r) => !args.content || REACTION_ENUM[r.content] === args.content);
      return { ...connection('reactions', list, args, reactionNode), viewerHasReacted: mine(list) };
    },
  };
}

function commentNode(ctx: Ctx, comment: CommentRecord): Resolved {
  const { state } = ctx;
  const issue = state.findIssue(comment.issueNumber);
  const url = `${WEB}/${state.owner}/${state.repo}/${issue?.pullRequest ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`;
  const lastEdit = comment.edits.length > 1 ? comment.edits[comment.edits.length - 1] : undefined;
  const self = (): Resolved => commentNode(ctx, state.comment(comment.id));
  return {
    __typename: 'IssueComment',
    id: nodeId('IC', comment.id),
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    bodyText: comment.body,
    createdAt: iso(comment.createdAt),
    updatedAt: iso(comment.updatedAt),
    publishedAt: iso(comment.createdAt),
    lastEditedAt: lastEdit ? iso(lastEdit.editedAt) : null,
    includesCreatedEdit: comment.edits.length > 0,
    url,
    resourcePath: url.slice(WEB.length),
    isMinimized: false,
    minimizedReason: null,
    viewerDidAuthor: comment.author.toLowerCase() === ctx.caller.login.toLowerCase(),
    viewerCanUpdate: true,
    viewerCanDelete: true,
    viewerCanReact: true,
    author: actor(state, comment.author),
    editor: lastEdit ? actor(state, lastEdit.editor) : null,
    issue: () => issueNode(ctx, state.issue(comment.issueNumber)),
    userContentEdits: (args: ConnectionArgs) => editsConnection(state, comment.edits, args),
    ...reactionFields(ctx, () => state.reactions(comment.id), self),
  };
}

function issueNode(ctx: Ctx, issue: IssueRecord): Resolved {
  const { state } = ctx;
  const url = `${WEB}/${state.owner}/${state.repo}/issues/${issue.number}`;
  const self = (): Resolved => issueNode(ctx, issue);
  return {
    __typename: 'Issue',
    id: nodeId('I', issue.id),
    databaseId: issue.id,
    fullDatabaseId: String(issue.id),
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    bodyText: issue.body ?? '',
    state: issue.state === 'open' ? 'OPEN' : 'CLOSED',
    stateReason: issue.stateReason ? issue.stateReason.toUpperCase() : null,
    closed: issue.state === 'closed',
    locked: issue.locked,
    createdAt: iso(issue.createdAt),
    updatedAt: iso(issue.updatedAt),
    publishedAt: iso(issue.createdAt),
    closedAt: issue.closedAt ? iso(issue.closedAt) : null,
    lastEditedAt: issue.lastEditedAt ? iso(issue.lastEditedAt) : null,
    includesCreatedEdit: issue.edits.length > 0,
    url,
    resourcePath: url.slice(WEB.length),
    viewerCanUpdate: true,
    author: actor(state, issue.author),
    editor: actor(state, issue.editor),
    repository: () => repositoryNode(ctx),
    labels: (args: ConnectionArgs) => connection('labels', state.issueLabels(issue), args, (l) => labelNode(state, l)),
    assignees: (args: ConnectionArgs) => connection('assignees', issue.assignees, args, (login) => actor(state, login) ?? {}),
    comments: (args: ConnectionArgs) => connection('comments', state.comments(issue.number), args, (c) => commentNode(ctx, c)),
    userContentEdits: (args: ConnectionArgs) => editsConnection(state, issue.edits, args),
    ...reactionFields(ctx, () => [], self),
  };
}

/** A pull request as a node: the fields an issue and a pull request share. */
function pullRequestNode(ctx: Ctx, issue: IssueRecord): Resolved {
  const url = `${WEB}/${ctx.state.owner}/${ctx.state.repo}/pull/${issue.number}`;
  return {
    ...issueNode(ctx, issue),
    __typename: 'PullRequest',
    id: nodeId('PR', issue.id),
    url,
    resourcePath: url.slice(WEB.length),
    isDraft: issue.pullRequest?.draft ?? false,
    headRefName: issue.pullRequest?.head ?? '',
    baseRefName: issue.pullRequest?.base ?? '',
    merged: issue.pullRequest?.mergedAt != null,
    mergedAt: issue.pullRequest?.mergedAt ? iso(issue.pullRequest.mergedAt) : null,
  };
}

interface IssuesArgs extends ConnectionArgs {
  states?: readonly string[] | null;
  labels?: readonly string[] | null;
  orderBy?: { field: string; direction: string } | null;
  filterBy?: { states?: readonly string[] | null; labels?: readonly string[] | null; assignee?: string | null; createdBy?: string | null; since?: string | null } | null;
}

function repositoryNode(ctx: Ctx): Resolved {
  const { state } = ctx;
  return {
    __typename: 'Repository',
    id: nodeId('R', state.repoId),
    databaseId: state.repoId,
    name: state.repo,
    nameWithOwner: `${state.owner}/${state.repo}`,
    owner: actor(state, state.owner),
    url: `${WEB}/${state.owner}/${state.repo}`,
    isPrivate: true,
    visibility: 'PRIVATE',
    hasIssuesEnabled: true,
    issue: ({ number }: { number: number }) => {
      guard(ctx, ISSUES_READ, 'issue');
      const issue = state.findIssue(number);
      if (!issue || issue.pullRequest) {
        throw new GraphQLError(`Could not resolve to an Issue with the number of ${number}.`, { extensions: { type: 'NOT_FOUND' } });
      }
      return issueNode(ctx, issue);
    },
    issues: (args: IssuesArgs) => {
      guard(ctx, ISSUES_READ, 'issues');
      return connection('issues', filterIssues(state, args), args, (i) => issueNode(ctx, i));
    },
    label: ({ name }: { name: string }) => {
      const label = state.label(name);
      return label ? labelNode(state, label) : null;
    },
    labels: (args: ConnectionArgs) => connection('labels', state.labels(), args, (l) => labelNode(state, l)),
  };
}

function teamNode(ctx: Ctx, team: TeamRecord): Resolved {
  const { state, org } = ctx;
  const url = `${WEB}/orgs/${org.login}/teams/${team.slug}`;
  return {
    __typename: 'Team',
    id: nodeId('T', team.id),
    databaseId: team.id,
    slug: team.slug,
    combinedSlug: `${org.login}/${team.slug}`,
    name: team.name,
    description: team.description,
    privacy: 'VISIBLE',
    createdAt: iso(team.createdAt),
    updatedAt: iso(team.createdAt),
    url,
    resourcePath: url.slice(WEB.length),
    organization: () => organizationNode(ctx),
    members: (args: ConnectionArgs) =>
      connection('members', org.teamMembers(team), args, (login) => actor(state, login) ?? {}, () => ({ role: 'MEMBER' })),
  };
}

interface TeamsArgs extends ConnectionArgs {
  userLogins?: readonly string[] | null;
  query?: string | null;
}

function organizationNode(ctx: Ctx): Resolved {
  const { state, org } = ctx;
  const owner = state.user(org.login);
  return {
    __typename: 'Organization',
    id: userNodeId(owner),
    databaseId: owner.id,
    login: owner.login,
    name: owner.name ?? owner.login,
    url: `${WEB}/${owner.login}`,
    resourcePath: `/${owner.login}`,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${owner.id}?v=4`,
    teams: (args: TeamsArgs) => {
      guard(ctx, MEMBERS_READ, 'teams');
      const query = args.query?.toLowerCase() ?? null;
      const teams = org.teamsOf(args.userLogins ?? []).filter((t) => query === null || t.slug.toLowerCase().includes(query) || t.name.toLowerCase().includes(query));
      return connection('teams', teams, args, (t) => teamNode(ctx, t));
    },
    team: ({ slug }: { slug: string }) => {
      guard(ctx, MEMBERS_READ, 'team');
      const team = org.team(slug);
      return team ? teamNode(ctx, team) : null;
    },
    membersWithRole: (args: ConnectionArgs) => {
      guard(ctx, MEMBERS_READ, 'membersWithRole');
      return connection('membersWithRole', org.activeMembers(), args, (login) => actor(state, login) ?? {}, (login) => ({
        role: org.isOwner(login) ? 'ADMIN' : 'MEMBER',
      }));
    },
  };
}

function filterIssues(state: RepoState, args: IssuesArgs): IssueRecord[] {
  const states = args.states ?? args.filterBy?.states ?? null;
  // GitHub's `labels` argument matches issues having ANY of the labels.
  const labels = (args.labels ?? args.filterBy?.labels ?? null)?.map((l) => l.toLowerCase()) ?? null;
  const assignee = args.filterBy?.assignee ?? null;
  const createdBy = args.filterBy?.createdBy ?? null;
  const since = args.filterBy?.since ? new Date(args.filterBy.since).getTime() : null;
  const issues = state.issues().filter((issue) => {
    if (issue.pullRequest) return false;
    if (states && !states.includes(issue.state === 'open' ? 'OPEN' : 'CLOSED')) return false;
    if (labels && !state.issueLabels(issue).some((l) => labels.includes(l.name.toLowerCase()))) return false;
    if (assignee && !issue.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) return false;
    if (createdBy && issue.author.toLowerCase() !== createdBy.toLowerCase()) return false;
    if (since !== null && issue.updatedAt.getTime() < since) return false;
    return true;
  });
  const field = args.orderBy?.field ?? 'CREATED_AT';
  const sign = args.orderBy?.direction === 'DESC' ? -1 : 1;
  const key = (issue: IssueRecord): number =>
    field === 'UPDATED_AT' ? issue.updatedAt.getTime() : field === 'COMMENTS' ? state.comments(issue.number).length : issue.createdAt.getTime();
  return issues.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

// ---- nodes by id ---------------------------------------------------------------------------------

/** A node by its global id, or the error GitHub gives for it. */
function resolveNode(ctx: Ctx, id: string): Resolved | GraphQLError {
  const { state, org } = ctx;
  const parsed = parseNodeId(id);
  if (!parsed) return notFoundNode(id);
  switch (parsed.kind) {
    case 'I':
    case 'PR': {
      const issue = state.issueById(parsed.id);
      if (!issue || Boolean(issue.pullRequest) !== (parsed.kind === 'PR')) return notFoundNode(id);
      guard(ctx, ISSUES_READ, 'node');
      return issue.pullRequest ? pullRequestNode(ctx, issue) : issueNode(ctx, issue);
    }
    case 'IC': {
      const comment = state.findComment(parsed.id);
      if (!comment) return notFoundNode(id);
      guard(ctx, ISSUES_READ, 'node');
      return commentNode(ctx, comment);
    }
    case 'LA': {
      const label = state.labelById(parsed.id);
      return label ? labelNode(state, label) : notFoundNode(id);
    }
    case 'U':
    case 'BOT': {
      const user = state.userById(parsed.id);
      return user && user.type !== 'Organization' ? (actor(state, user.login) ?? notFoundNode(id)) : notFoundNode(id);
    }
    case 'O':
      return state.userById(parsed.id)?.login.toLowerCase() === org.login.toLowerCase() ? organizationNode(ctx) : notFoundNode(id);
    case 'R':
      return parsed.id === state.repoId ? repositoryNode(ctx) : notFoundNode(id);
    case 'T': {
      const team = org.teams().find((t) => t.id === parsed.id);
      if (!team) return notFoundNode(id);
      guard(ctx, MEMBERS_READ, 'node');
      return teamNode(ctx, team);
    }
    default:
      return notFoundNode(id);
  }
}

function nodeOrThrow(ctx: Ctx, id: string): Resolved {
  const node = resolveNode(ctx, id);
  if (node instanceof GraphQLError) throw node;
  return node;
}

/** The issue behind an Issue node id (mutations' `subjectId`, `labelableId`, `assignableId`). */
function issueFor(ctx: Ctx, id: string): IssueRecord {
  const parsed = parseNodeId(id);
  const issue = parsed && (parsed.kind === 'I' || parsed.kind === 'PR') ? ctx.state.issueById(parsed.id) : undefined;
  if (!issue) throw notFoundNode(id);
  return issue;
}

// ---- mutations -----------------------------------------------------------------------------------

/** A REST-layer validation failure as GitHub's GraphQL error. */
function unprocessable(error: unknown): never {
  if (error instanceof HttpError) {
    const message = error.errors?.[0]?.message ?? error.message;
    throw new GraphQLError(message.charAt(0).toUpperCase() + message.slice(1), { extensions: { type: error.status === 404 ? 'NOT_FOUND' : 'UNPROCESSABLE' } });
  }
  throw error;
}

interface MutationInput {
  input: Record<string, unknown> & { clientMutationId?: string | null };
}

function mutationRoot(ctx: Ctx): Resolved {
  const { state } = ctx;
  const login = ctx.caller.login;
  const asNode = (issue: IssueRecord): Resolved => (issue.pullRequest ? pullRequestNode(ctx, issue) : issueNode(ctx, issue));
  const ids = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  return {
    addComment: ({ input }: MutationInput) => {
      guard(ctx, ISSUES_WRITE, 'addComment');
      const issue = issueFor(ctx, String(input.subjectId));
      let comment: CommentRecord;
      try {
        comment = state.addComment(issue.number, input.body, login);
      } catch (error) {
        unprocessable(error);
      }
      const index = state.comments(issue.number).findIndex((c) => c.id === comment.id);
      const edge = { cursor: encodeCursor(index), node: commentNode(ctx, comment) };
      return { clientMutationId: input.clientMutationId ?? null, commentEdge: edge, subject: asNode(issue), timelineEdge: edge };
    },
    updateIssueComment: ({ input }: MutationInput) => {
      guard(ctx, ISSUES_WRITE, 'updateIssueComment');
      const id = String(input.id);
      const parsed = parseNodeId(id);
      const existing = parsed?.kind === 'IC' ? state.findComment(parsed.id) : undefined;
      if (!existing) throw notFoundNode(id);
      let comment: CommentRecord;
      try {
        comment = state.editComment(existing.id, input.body, login);
      } catch (error) {
        unprocessable(error);
      }
      return { clientMutationId: input.clientMutationId ?? null, issueComment: commentNode(ctx, comment) };
    },
    addLabelsToLabelable: ({ input }: MutationInput) => {
      guard(ctx, ISSUES_WRITE, 'addLabelsToLabelable');
      const issue = issueFor(ctx, String(input.labelableId));
      const names = ids(input.labelIds).map((id) => {
        const parsed = parseNodeId(id);
        const label = parsed?.kind === 'LA' ? state.labelById(parsed.id) : undefined;
        if (!label) throw notFoundNode(id);
        return label.name;
      });
      state.addLabels(issue.number, names);
      return { clientMutationId: input.clientMutationId ?? null, labelable: asNode(issue) };
    },
    removeLabelsFromLabelable: ({ input }: MutationInput) => {
      guard(ctx, ISSUES_WRITE, 'removeLabelsFromLabelable');
      const issue = issueFor(ctx, String(input.labelableId));
      for (const id of ids(input.labelIds)) {
        const parsed = parseNodeId(id);
        const label = parsed?.kind === 'LA' ? state.labelById(parsed.id) : undefined;
        if (!label) throw notFoundNode(id);
        if (issue.labelIds.includes(label.id)) state.removeLabel(issue.number, label.name);
      }
      return { clientMutationId: input.clientMutationId ?? null, labelable: asNode(issue) };
    },
    addAssigneesToAssignable: ({ input }: MutationInput) => {
      guard(ctx, ISSUES_WRITE, 'addAssigneesToAssignable');
      const issue = issueFor(ctx, String(input.assignableId));
      const logins = ids(input.assigneeIds).map((id) => {
        const parsed = parseNodeId(id);
        const user = parsed && (parsed.kind === 'U' || parsed.kind === 'BOT') ? state.userById(parsed.id) : undefined;
        if (!user) throw notFoundNode(id);
        return user.login;
      });
      try {
        state.addAssignees(issue.number, logins);
      } catch (error) {
        unprocessable(error);
      }
      return { clientMutationId: input.clientMutationId ?? null, assignable: asNode(issue) };
    },
  };
}

// ---- cost ----------------------------------------------------------------------------------------

/**
 * GitHub's documented point estimate: one request per connection (a field with `first`/`last`),
 * times the page sizes of the connections above it; the sum divided by 100 and rounded, at least 1.
 * `nodes(ids:)` multiplies what is below it by the number of ids.
 */
export function estimateCost(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const value = (node: ValueNode): unknown => {
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values.map(value);
    if (node.kind === Kind.BOOLEAN) return node.value;
    return undefined;
  };
  /** `@include(if: false)` and `@skip(if: true)` leave a selection out. */
  const skipped = (directives: readonly DirectiveNode[] = []): boolean =>
    directives.some((d) => {
      const condition = d.arguments?.find((a) => a.name.value === 'if');
      const on = condition ? value(condition.value) : undefined;
      return (d.name.value === 'include' && on === false) || (d.name.value === 'skip' && on === true);
    });
  let requests = 0;
  const walk = (set: SelectionSetNode | undefined, multiplier: number, seen: ReadonlySet<string>): void => {
    for (const selection of set?.selections ?? []) {
      if (skipped(selection.directives)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, multiplier, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (!seen.has(name)) walk(fragments.get(name)?.selectionSet, multiplier, new Set([...seen, name]));
      } else {
        const args = new Map((selection.arguments ?? []).map((a) => [a.name.value, value(a.value)] as const));
        const page = args.get('first') ?? args.get('last');
        const idList = args.get('ids');
        let below = multiplier;
        if (typeof page === 'number') {
          requests += multiplier;
          below = multiplier * page;
        } else if (Array.isArray(idList)) {
          below = multiplier * idList.length;
        }
        walk(selection.selectionSet, below, seen);
      }
    }
  };
  walk(operation.selectionSet, 1, new Set());
  return Math.max(1, Math.round(requests / 100));
}

function operationOf(document: DocumentNode, operationName: unknown): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (typeof operationName === 'string') return operations.find((o) => o.name?.value === operationName);
  return operations[0];
}

/** Whether a GraphQL request body is a query or a mutation (unparsable bodies count as queries). */
export function graphqlOperationKind(body: GraphqlRequestBody): 'query' | 'mutation' {
  if (typeof body.query !== 'string') return 'query';
  try {
    return operationOf(parse(body.query), body.operationName)?.operation === 'mutation' ? 'mutation' : 'query';
  } catch {
    return 'query';
  }
}

/** Executes one GraphQL request; GitHub answers HTTP 200 with `errors` for invalid queries. */
export async function handleGraphql(ctx: GraphqlContext, body: GraphqlRequestBody): Promise<{ result: ExecutionResult; cost: number }> {
  const fail = (errors: readonly GraphQLError[]): { result: ExecutionResult; cost: number } => {
    ctx.charge(1);
    return { result: { errors }, cost: 1 };
  };
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    return fail([new GraphQLError('A query attribute must be specified and must be a string.')]);
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return fail([error instanceof GraphQLError ? error : new GraphQLError(String(error))]);
  }
  const schema = githubGraphqlSchema();
  const errors = validate(schema, document);
  if (errors.length > 0) return fail(errors);
  const operation = operationOf(document, body.operationName);
  const variables = body.variables !== null && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : undefined;
  if (operation?.operation === 'mutation') {
    const unsupported = operation.selectionSet.selections
      .map((s) => (s.kind === Kind.FIELD ? s.name.value : null))
      .filter((name): name is string => name !== null && name !== '__typename' && !(MUTATIONS as readonly string[]).includes(name));
    if (unsupported.length > 0) {
      return fail([
        new GraphQLError(`The GitHub emulator does not implement the GraphQL mutations ${unsupported.map((n) => `\`${n}\``).join(', ')}; it implements ${MUTATIONS.join(', ')}. Use the REST API.`, {
          extensions: { type: 'UNSUPPORTED' },
        }),
      ]);
    }
  }
  const cost = operation ? estimateCost(document, operation, variables) : 1;
  ctx.charge(cost);
  const { state } = ctx;
  const rootValue: Resolved = {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      if (owner.toLowerCase() !== state.owner.toLowerCase() || name.toLowerCase() !== state.repo.toLowerCase()) {
        throw new GraphQLError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, { extensions: { type: 'NOT_FOUND' } });
      }
      return repositoryNode(ctx);
    },
    organization: ({ login }: { login: string }) => {
      if (login.toLowerCase() !== ctx.org.login.toLowerCase()) {
        throw new GraphQLError(`Could not resolve to an Organization with the login of '${login}'.`, { extensions: { type: 'NOT_FOUND' } });
      }
      return organizationNode(ctx);
    },
    user: ({ login }: { login: string }) => {
      const user = state.knownUser(login);
      if (!user || !state.userExists(login) || user.type !== 'User') {
        throw new GraphQLError(`Could not resolve to a User with the login of '${login}'.`, { extensions: { type: 'NOT_FOUND' } });
      }
      return actor(state, user.login);
    },
    node: ({ id }: { id: string }) => nodeOrThrow(ctx, id),
    nodes: ({ ids }: { ids: readonly string[] }) => ids.map((id) => resolveNode(ctx, id)),
    rateLimit: () => {
      const r = ctx.rateLimit();
      return { cost, limit: r.limit, remaining: r.remaining, used: r.used, resetAt: iso(r.resetAt), nodeCount: 0 };
    },
    ...(operation?.operation === 'mutation' ? mutationRoot(ctx) : {}),
  };
  const result = await execute({
    schema,
    document,
    rootValue,
    variableValues: variables,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
  });
  return { result, cost };
}

/**
 * `POST /graphql`: queries are validated and executed against GitHub's real published schema
 * (`@octokit/graphql-schema`), with resolvers over the emulator's state. A query GitHub would reject
 * is rejected here with the same kind of error; fields the emulator does not model resolve to null
 * (an error where the schema says non-null).
 */
import { schema as githubSchema } from '@octokit/graphql-schema';
import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { iso, nodeId, userNodeId } from './shapes.js';
import type { CommentRecord, ContentEdit, IssueRecord, LabelRecord, RepoState } from './state.js';

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
  /** Points left etc. for `rateLimit`; `cost` is charged by the server per query. */
  rateLimit(): { limit: number; remaining: number; used: number; resetAt: Date };
}

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
function connection<T>(name: string, items: readonly T[], args: ConnectionArgs, toNode: (item: T) => Resolved): Resolved {
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
    edges: indexes.map((i, k) => ({ cursor: encodeCursor(i), node: nodes[k] })),
    pageInfo: {
      hasNextPage: sliceEnd < end || (Boolean(before) && end < items.length),
      hasPreviousPage: sliceStart > start || (Boolean(after) && start > 0),
      startCursor: indexes.length > 0 ? encodeCursor(sliceStart) : null,
      endCursor: indexes.length > 0 ? encodeCursor(sliceEnd - 1) : null,
    },
  };
}

const WEB = 'https://github.com';

function actor(state: RepoState, login: string | null): Resolved | null {
  if (login === null) return null;
  const user = state.user(login);
  const path = user.type === 'Bot' ? `/apps/${user.login.replace(/\[bot\]$/, '')}` : `/${user.login}`;
  return {
    __typename: user.type,
    id: userNodeId(user),
    databaseId: user.id,
    login: user.type === 'Bot' ? user.login.replace(/\[bot\]$/, '') : user.login,
    name: null,
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

function commentNode(state: RepoState, comment: CommentRecord): Resolved {
  const url = `${WEB}/${state.owner}/${state.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`;
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
    lastEditedAt: comment.edits.length > 0 ? iso(comment.updatedAt) : null,
    includesCreatedEdit: comment.edits.length > 0,
    url,
    resourcePath: url.slice(WEB.length),
    isMinimized: false,
    minimizedReason: null,
    viewerDidAuthor: comment.author.toLowerCase() === state.botLogin.toLowerCase(),
    viewerCanUpdate: true,
    viewerCanDelete: true,
    author: actor(state, comment.author),
    editor: comment.edits.length > 0 ? actor(state, comment.edits[comment.edits.length - 1]?.editor ?? null) : null,
    issue: () => issueNode(state, state.issue(comment.issueNumber)),
    userContentEdits: (args: ConnectionArgs) => editsConnection(state, comment.edits, args),
  };
}

function issueNode(state: RepoState, issue: IssueRecord): Resolved {
  const url = `${WEB}/${state.owner}/${state.repo}/issues/${issue.number}`;
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
    repository: () => repositoryNode(state),
    labels: (args: ConnectionArgs) => connection('labels', state.issueLabels(issue), args, (l) => labelNode(state, l)),
    assignees: (args: ConnectionArgs) => connection('assignees', issue.assignees, args, (login) => actor(state, login) ?? {}),
    comments: (args: ConnectionArgs) => connection('comments', state.comments(issue.number), args, (c) => commentNode(state, c)),
    userContentEdits: (args: ConnectionArgs) => editsConnection(state, issue.edits, args),
  };
}

interface IssuesArgs extends ConnectionArgs {
  states?: readonly string[] | null;
  labels?: readonly string[] | null;
  orderBy?: { field: string; direction: string } | null;
  filterBy?: { states?: readonly string[] | null; labels?: readonly string[] | null; assignee?: string | null; createdBy?: string | null; since?: string | null } | null;
}

function repositoryNode(state: RepoState): Resolved {
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
      const issue = state.findIssue(number);
      if (!issue) throw new GraphQLError(`Could not resolve to an Issue with the number of ${number}.`, { extensions: { type: 'NOT_FOUND' } });
      return issueNode(state, issue);
    },
    issues: (args: IssuesArgs) => connection('issues', filterIssues(state, args), args, (i) => issueNode(state, i)),
    label: ({ name }: { name: string }) => {
      const label = state.label(name);
      return label ? labelNode(state, label) : null;
    },
    labels: (args: ConnectionArgs) => connection('labels', state.labels(), args, (l) => labelNode(state, l)),
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
export async function handleGraphql(ctx: GraphqlContext, body: GraphqlRequestBody): Promise<ExecutionResult> {
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    return { errors: [new GraphQLError('A query attribute must be specified and must be a string.')] };
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
  }
  const schema = githubGraphqlSchema();
  const errors = validate(schema, document);
  if (errors.length > 0) return { errors };
  const operation = operationOf(document, body.operationName);
  if (operation?.operation === 'mutation') {
    return { errors: [new GraphQLError('The GitHub emulator does not implement GraphQL mutations; use the REST API.')] };
  }
  const { state } = ctx;
  const rootValue: Resolved = {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      if (owner.toLowerCase() !== state.owner.toLowerCase() || name.toLowerCase() !== state.repo.toLowerCase()) {
        throw new GraphQLError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, { extensions: { type: 'NOT_FOUND' } });
      }
      return repositoryNode(state);
    },
    rateLimit: () => {
      const r = ctx.rateLimit();
      return { cost: 1, limit: r.limit, remaining: r.remaining, used: r.used, resetAt: iso(r.resetAt), nodeCount: 0 };
    },
  };
  const variables = body.variables !== null && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : undefined;
  return execute({
    schema,
    document,
    rootValue,
    variableValues: variables,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
  });
}

/**
 * A stateful in-memory GitHub (one repository of an organisation) on real HTTP, for tests,
 * end-to-end runs of the bundled action, the benchmark and the demo.
 *
 *   const gh = await startEmulator({ users: { 'hr-hana': 'write' } });
 *   const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding', body });
 *   // run the action with GITHUB_API_URL=gh.url, GITHUB_GRAPHQL_URL=`${gh.url}/graphql`
 *   await gh.close();
 */
import { OrgState } from './org.js';
import { createPeople, type People } from './people.js';
import { startServer, type Faults, type RequestHook, type RequestHookFn, type RequestLog, type RequestMatch } from './server.js';
import {
  createClock,
  RepoState,
  workflowYaml,
  type Clock,
  type ContentEdit,
  type DispatchRecord,
  type LabelRecord,
  type Permission,
  type ReactionContent,
  type StateReason,
  type UserRecord,
  type WorkflowInput,
  type WorkflowState,
} from './state.js';
import { TokenRegistry, type RepositoryPermissions, type TokenSpec } from './tokens.js';

export type {
  Clock,
  ContentEdit,
  DispatchRecord,
  LabelRecord,
  Permission,
  ReactionContent,
  StateReason,
  WorkflowInput,
  WorkflowState,
} from './state.js';
export type { FaultSpec, Faults, HookRequest, LogEntry, RequestHook, RequestHookFn, RequestLog, RequestMatch } from './server.js';
export type { IssuesEventPayload, People } from './people.js';
export type { Json, JsonObject } from './shapes.js';
export type { Holdings, InvitationRole, MembershipView, OrgRole, OrgState } from './org.js';
export type {
  Access,
  Level,
  OrganizationPermission,
  OrganizationPermissions,
  RepositoryPermission,
  RepositoryPermissions,
  TokenRegistry,
  TokenSpec,
} from './tokens.js';
export { DEFAULT_WORKFLOW_PERMISSIONS } from './tokens.js';
export { DEFAULT_REMOVAL_DELAY_MS } from './org.js';
export { githubGraphqlSchema } from './graphql.js';

export interface EmulatorOptions {
  owner?: string;
  repo?: string;
  /** Start of the emulator's clock (default: the real time at start). The clock only moves when told. */
  now?: Date;
  /** Repository permissions by login; everyone else has `none`. */
  users?: Record<string, Permission>;
  botLogin?: string;
  /** Act as a personal access token of `botLogin` (a User) instead of the workflow token's bot. */
  personalToken?: boolean;
  /** Delay before answering every request. */
  latencyMs?: number;
  /**
   * Tokens by token string. Any other token acts as the default one: the workflow token (or, with
   * `personalToken`, a classic token of `botLogin` with scope `repo`) unless `strictTokens`.
   */
  tokens?: Record<string, TokenSpec>;
  /** Unknown tokens answer 401 "Bad credentials". */
  strictTokens?: boolean;
  /** GitHub accounts beyond those the options and seeding create (`GET /users/{username}`). */
  accounts?: Record<string, { name?: string | null; id?: number; type?: UserRecord['type'] }>;
  /** How long an organisation removal takes to finish, on the emulator clock (default 5 minutes). */
  orgRemovalDelayMs?: number;
  /** Listen on this port (default: a free one) and host (default 127.0.0.1). */
  port?: number;
  host?: string;
}

/** A snapshot of an issue, for assertions. */
export interface IssueView {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: StateReason | null;
  labels: string[];
  assignees: string[];
  author: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** Oldest first (GraphQL returns them newest first). */
  edits: ContentEdit[];
  /** A pull request (GitHub numbers issues and pull requests in one sequence). */
  pullRequest: boolean;
}

/** A snapshot of a comment, for assertions. */
export interface CommentView {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: Date;
  updatedAt: Date;
  /** Oldest first; empty until the first edit (then the original body is the first entry). */
  edits: ContentEdit[];
}

/** A reaction to a comment, for assertions. */
export interface ReactionView {
  id: number;
  commentId: number;
  user: string;
  content: ReactionContent;
  createdAt: Date;
}

/** A workflow, for assertions. */
export interface WorkflowView {
  id: number;
  path: string;
  name: string;
  state: WorkflowState;
  dispatchable: boolean;
  inputs: Record<string, WorkflowInput>;
}

export interface EmulatorState {
  issue(number: number): IssueView;
  issues(): IssueView[];
  comments(number: number): CommentView[];
  labels(): LabelRecord[];
  createLabel(name: string, options?: { color?: string; description?: string }): LabelRecord;
  setPermission(login: string, permission: Permission): void;
  setAssignable(login: string, assignable: boolean): void;
  putFile(path: string, text: string): void;
  deleteComment(id: number): void;
  /** Reactions to a comment, oldest first. */
  reactions(commentId: number): ReactionView[];
  /** Makes `login` a GitHub account (`GET /users/{username}` answers 200), with a profile name. */
  addUser(login: string, input?: { name?: string | null; id?: number; type?: UserRecord['type'] }): void;
  /** The account does not exist (any more): `GET /users/{username}` answers 404. */
  deleteUser(login: string): void;
  userExists(login: string): boolean;
  /** Changes some of the workflow token's permissions; the others stay. */
  setWorkflowPermissions(permissions: RepositoryPermissions): void;
  workflowPermissions(): RepositoryPermissions;
  /**
   * Puts a generated `.github/workflows/FILE` (FILE like `revoke-okta.yml`) with a
   * `workflow_dispatch` trigger (unless `dispatchable: false`) and the given inputs and state.
   */
  addWorkflow(file: string, options?: { name?: string; state?: WorkflowState; dispatchable?: boolean; inputs?: Record<string, WorkflowInput> }): WorkflowView;
  setWorkflowState(file: string, state: WorkflowState): void;
  workflows(): WorkflowView[];
  /** Every accepted workflow dispatch, oldest first. */
  dispatches(): DispatchRecord[];
  /** The live model, for what the views above do not cover. */
  readonly raw: RepoState;
}

export interface Emulator extends People {
  /** REST base URL; GraphQL is at `${url}/graphql`. */
  readonly url: string;
  readonly graphqlUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly botLogin: string;
  readonly clock: Clock;
  readonly state: EmulatorState;
  readonly log: RequestLog;
  readonly faults: Faults;
  readonly people: People;
  /** The organisation that owns the repository: seeding, what the API shows, `holdings(login)`. */
  readonly org: OrgState;
  /** The tokens the emulator knows (`add`), the workflow token's permissions. */
  readonly tokens: TokenRegistry;
  /**
   * Runs `fn` just before each matching request is handled (after its latency), then handles the
   * request normally: a person's edit landing between a client's read and its write.
   */
  onRequest(match: RequestMatch, fn: RequestHookFn, options?: { times?: number }): RequestHook;
  /** Delay applied to every request (a fault's own `latencyMs` overrides it). */
  latencyMs: number;
  close(): Promise<void>;
}

/** Starts an emulator on `127.0.0.1` at a random free port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = createClock(options.now ?? new Date());
  const state = new RepoState({
    owner: options.owner ?? 'acme',
    repo: options.repo ?? 'people-ops',
    botLogin: options.botLogin ?? 'github-actions[bot]',
    personalToken: options.personalToken,
    users: options.users ?? {},
    clock,
  });
  for (const [login, account] of Object.entries(options.accounts ?? {})) state.addUser(login, account);
  const tokens = new TokenRegistry({
    botLogin: state.botLogin,
    personalToken: state.personalToken,
    strict: options.strictTokens === true,
    tokens: options.tokens,
    onAdd: (spec) => {
      if (spec.type !== 'workflow') state.addUser(spec.login, { type: spec.type === 'app' ? 'Bot' : 'User' });
    },
  });
  const org = new OrgState(state, { removalDelayMs: options.orgRemovalDelayMs });
  const handle = await startServer(state, { latencyMs: options.latencyMs ?? 0, org, tokens, port: options.port, host: options.host });
  const people = createPeople(state, () => ({ api: handle.url }));

  const issueView = (number: number): IssueView => {
    const issue = state.issue(number);
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      stateReason: issue.stateReason,
      labels: state.issueLabels(issue).map((l) => l.name),
      assignees: [...issue.assignees],
      author: issue.author,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      closedAt: issue.closedAt,
      edits: issue.edits.map((e) => ({ ...e })),
      pullRequest: issue.pullRequest !== null,
    };
  };

  const workflowView = (file: string): WorkflowView => {
    const workflow = state.findWorkflow(file);
    if (!workflow) throw new Error(`no workflow ${file}`);
    const definition = state.workflowDefinition(workflow);
    return { id: workflow.id, path: workflow.path, name: definition.name, state: workflow.state, dispatchable: definition.dispatchable, inputs: definition.inputs };
  };

  const view: EmulatorState = {
    issue: issueView,
    issues: () => state.issues().map((i) => issueView(i.number)),
    comments: (number) =>
      state.comments(number).map((c) => ({
        id: c.id,
        issueNumber: c.issueNumber,
        body: c.body,
        author: c.author,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        edits: c.edits.map((e) => ({ ...e })),
      })),
    labels: () => state.labels().map((l) => ({ ...l })),
    createLabel: (name, { color, description } = {}) => ({ ...state.createLabel({ name, color, description }) }),
    setPermission: (login, permission) => state.setPermission(login, permission),
    setAssignable: (login, assignable) => state.setAssignable(login, assignable),
    putFile: (path, text) => state.putFile(path, text),
    deleteComment: (id) => void state.deleteComment(id),
    reactions: (commentId) => state.reactions(commentId).map((r) => ({ ...r })),
    addUser: (login, input) => void state.addUser(login, input),
    deleteUser: (login) => state.deleteUser(login),
    userExists: (login) => state.userExists(login),
    setWorkflowPermissions: (permissions) => tokens.setWorkflowPermissions(permissions),
    workflowPermissions: () => tokens.workflowPermissions(),
    addWorkflow: (file, { name, state: workflowState, dispatchable, inputs } = {}) => {
      const path = file.includes('/') ? file : `.github/workflows/${file}`;
      state.putFile(path, workflowYaml({ name, dispatchable, inputs }));
      if (workflowState) state.setWorkflowState(path.split('/').pop() ?? path, workflowState);
      return workflowView(path.split('/').pop() ?? path);
    },
    setWorkflowState: (file, workflowState) => state.setWorkflowState(file, workflowState),
    workflows: () => state.workflows().map((w) => workflowView(w.path.split('/').pop() ?? w.path)),
    dispatches: () => state.dispatches().map((d) => ({ ...d, inputs: { ...d.inputs } })),
    raw: state,
  };

  return {
    ...people,
    people,
    url: handle.url,
    graphqlUrl: `${handle.url}/graphql`,
    owner: state.owner,
    repo: state.repo,
    botLogin: state.botLogin,
    clock,
    state: view,
    log: handle.log,
    faults: handle.faults,
    org,
    tokens,
    onRequest: (match, fn, opts) => handle.onRequest(match, fn, opts),
    get latencyMs() {
      return handle.latency.ms;
    },
    set latencyMs(ms: number) {
      handle.latency.ms = ms;
    },
    close: () => handle.close(),
  };
}

/**
 * A stateful in-memory GitHub (one repository) on real HTTP, for tests, end-to-end runs of the
 * bundled action, the benchmark and the demo.
 *
 *   const gh = await startEmulator({ users: { 'hr-hana': 'write' } });
 *   const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding', body });
 *   // run the action with GITHUB_API_URL=gh.url, GITHUB_GRAPHQL_URL=`${gh.url}/graphql`
 *   await gh.close();
 */
import { createPeople, type People } from './people.js';
import { startServer, type Faults, type RequestLog } from './server.js';
import { createClock, RepoState, type Clock, type ContentEdit, type LabelRecord, type Permission, type StateReason } from './state.js';

export type { Clock, ContentEdit, LabelRecord, Permission, StateReason } from './state.js';
export type { FaultSpec, Faults, LogEntry, RequestLog } from './server.js';
export type { IssuesEventPayload, People } from './people.js';
export type { Json, JsonObject } from './shapes.js';
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
}

/** A snapshot of a comment, for assertions. */
export interface CommentView {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: Date;
  updatedAt: Date;
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
  const handle = await startServer(state, { latencyMs: options.latencyMs ?? 0 });
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
    };
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
      })),
    labels: () => state.labels().map((l) => ({ ...l })),
    createLabel: (name, { color, description } = {}) => ({ ...state.createLabel({ name, color, description }) }),
    setPermission: (login, permission) => state.setPermission(login, permission),
    setAssignable: (login, assignable) => state.setAssignable(login, assignable),
    putFile: (path, text) => state.putFile(path, text),
    deleteComment: (id) => void state.deleteComment(id),
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
    get latencyMs() {
      return handle.latency.ms;
    },
    set latencyMs(ms: number) {
      handle.latency.ms = ms;
    },
    close: () => handle.close(),
  };
}

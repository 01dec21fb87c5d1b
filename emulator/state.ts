/**
 * The emulator's in-memory repository: users, labels, issues, comments, files, and every mutation on
 * them. No HTTP here; the REST and GraphQL layers and the "a person does X" helpers all go through
 * these functions, so every path applies GitHub's rules the same way.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';
export type StateReason = 'completed' | 'not_planned' | 'duplicate' | 'reopened';

/** The emulator's clock; every timestamp the emulator writes comes from it. */
export interface Clock {
  now(): Date;
  set(d: Date | string): void;
  advance(ms: number): void;
}

export interface UserRecord {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
  /** The profile name (`GET /users/{username}`), if any. */
  name?: string | null;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

/** One revision of an issue or comment body (GraphQL `UserContentEdit`). */
export interface ContentEdit {
  id: number;
  editedAt: Date;
  editor: string;
  /** The full body text after this revision. */
  diff: string;
  deletedAt: Date | null;
}

/** What makes an issue a pull request (GitHub numbers both in one sequence). */
export interface PullRequestInfo {
  head: string;
  base: string;
  draft: boolean;
  mergedAt: Date | null;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: StateReason | null;
  labelIds: number[];
  assignees: string[];
  author: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  locked: boolean;
  /** Oldest first; empty until the first edit (then the original body is the first entry). */
  edits: ContentEdit[];
  lastEditedAt: Date | null;
  editor: string | null;
  /** Set when the "issue" is a pull request. */
  pullRequest: PullRequestInfo | null;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: Date;
  updatedAt: Date;
  edits: ContentEdit[];
}

export const REACTION_CONTENTS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'] as const;
export type ReactionContent = (typeof REACTION_CONTENTS)[number];

export function isReactionContent(value: unknown): value is ReactionContent {
  return typeof value === 'string' && (REACTION_CONTENTS as readonly string[]).includes(value);
}

/** A reaction to an issue comment. */
export interface ReactionRecord {
  id: number;
  commentId: number;
  user: string;
  content: ReactionContent;
  createdAt: Date;
}

export type WorkflowState = 'active' | 'deleted' | 'disabled_fork' | 'disabled_inactivity' | 'disabled_manually';

/** A workflow: a file under `.github/workflows/`; name, trigger and inputs are read from its YAML. */
export interface WorkflowRecord {
  id: number;
  path: string;
  state: WorkflowState;
  createdAt: Date;
  updatedAt: Date;
}

/** A `workflow_dispatch` input as declared in the workflow file. */
export interface WorkflowInput {
  description?: string;
  required?: boolean;
  default?: string | boolean | number;
  type?: 'string' | 'boolean' | 'choice' | 'number' | 'environment';
  options?: readonly string[];
}

/** What the emulator reads from a workflow file. */
export interface WorkflowDefinition {
  name: string;
  dispatchable: boolean;
  inputs: Record<string, WorkflowInput>;
}

/** An accepted `POST …/actions/workflows/{workflow_id}/dispatches`. */
export interface DispatchRecord {
  /** The run the dispatch started. */
  runId: number;
  /** The workflow file name, e.g. `revoke-okta.yml`. */
  workflow: string;
  path: string;
  workflowId: number;
  ref: string;
  inputs: Record<string, string>;
  at: Date;
  actor: string;
}

export const MAX_DISPATCH_INPUTS = 25;
const WORKFLOWS_DIR = '.github/workflows';

/** A failure GitHub would answer with a 4xx; the HTTP layers turn it into a response. */
export class HttpError extends Error {
  /** Extra response headers (the HTTP layer adds them to the error answer). */
  headers?: Record<string, string>;

  constructor(
    readonly status: number,
    message: string,
    readonly errors?: readonly Record<string, string>[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const MAX_BODY_CHARS = 65_536;
export const MAX_ASSIGNEES = 10;
/** GitHub's colour for a label created implicitly by adding it to an issue. */
export const DEFAULT_LABEL_COLOR = 'ededed';

const PERMISSIONS: readonly Permission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export interface StateOptions {
  owner: string;
  repo: string;
  botLogin: string;
  /** The token is a person's (a personal access token): requests act as that user, not a bot. */
  personalToken?: boolean;
  users: Record<string, Permission>;
  clock: Clock;
}

export function createClock(start: Date): Clock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (d) => {
      const t = new Date(d).getTime();
      if (Number.isNaN(t)) throw new Error(`clock.set: invalid date ${String(d)}`);
      current = t;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

function validationFailed(errors: Record<string, string>[]): HttpError {
  return new HttpError(422, 'Validation Failed', errors);
}

function codePoints(text: string): number {
  return Array.from(text).length;
}

function checkBody(resource: 'Issue' | 'IssueComment', body: string | null): void {
  if (body !== null && codePoints(body) > MAX_BODY_CHARS) {
    throw validationFailed([
      { resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY_CHARS} characters)` },
    ]);
  }
}

/** The stateful repository. One per emulator. */
export class RepoState {
  readonly owner: string;
  readonly repo: string;
  readonly botLogin: string;
  readonly personalToken: boolean;
  readonly clock: Clock;
  readonly repoId = 900_001;
  readonly repoCreatedAt: Date;

  private nextId = 1_000;
  private readonly users = new Map<string, UserRecord>();
  /** Logins that have a GitHub account (`GET /users/{username}` answers 200), lower-cased. */
  private readonly accounts = new Set<string>();
  private readonly permissions = new Map<string, Permission>();
  private readonly assignableOverride = new Map<string, boolean>();
  private readonly labelList: LabelRecord[] = [];
  private readonly issueMap = new Map<number, IssueRecord>();
  private readonly commentMap = new Map<number, CommentRecord>();
  private readonly files = new Map<string, string>();
  private readonly reactionList: ReactionRecord[] = [];
  private readonly workflowMap = new Map<string, WorkflowRecord>();
  private readonly dispatchList: DispatchRecord[] = [];
  private lastNumber = 0;

  constructor(options: StateOptions) {
    this.owner = options.owner;
    this.repo = options.repo;
    this.botLogin = options.botLogin;
    this.personalToken = options.personalToken === true;
    this.clock = options.clock;
    this.repoCreatedAt = new Date(options.clock.now().getTime() - 365 * 24 * 3600 * 1000);
    this.addUser(options.owner, { type: 'Organization' });
    this.addUser(options.botLogin, { type: this.personalToken ? 'User' : 'Bot' });
    for (const [login, permission] of Object.entries(options.users)) this.setPermission(login, permission);
  }

  private id(): number {
    return this.nextId++;
  }

  /** A fresh database id from the emulator's one sequence (for records kept outside this class). */
  allocateId(): number {
    return this.id();
  }

  // ---- users -------------------------------------------------------------------------------

  /** The user record for a login, created on first sight (logins are case-insensitive). */
  user(login: string, type?: UserRecord['type']): UserRecord {
    const key = login.toLowerCase();
    let record = this.users.get(key);
    if (!record) {
      const guessed = type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
      record = { login, id: this.id(), type: guessed };
      this.users.set(key, record);
    }
    return record;
  }

  knownUser(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  userById(id: number): UserRecord | undefined {
    return [...this.users.values()].find((u) => u.id === id);
  }

  /**
   * A GitHub account: `GET /users/{username}` answers 200 for it. Every login the emulator is told
   * about (options, permissions, authors, organisation seeding, tokens) is one; `user()` alone,
   * which only renders a login, does not make one.
   */
  addUser(login: string, input: { name?: string | null; type?: UserRecord['type']; id?: number } = {}): UserRecord {
    const record = this.user(login, input.type);
    if (input.type !== undefined) record.type = input.type;
    if (input.name !== undefined) record.name = input.name;
    if (input.id !== undefined) record.id = input.id;
    this.accounts.add(login.toLowerCase());
    return record;
  }

  /** The account is deleted (or never existed): `GET /users/{username}` answers 404. */
  deleteUser(login: string): void {
    this.accounts.delete(login.toLowerCase());
  }

  userExists(login: string): boolean {
    return this.accounts.has(login.toLowerCase());
  }

  permission(login: string): Permission {
    return this.permissions.get(login.toLowerCase()) ?? 'none';
  }

  setPermission(login: string, permission: Permission): void {
    if (!isPermission(permission)) throw new Error(`unknown permission ${String(permission)}`);
    this.addUser(login);
    this.permissions.set(login.toLowerCase(), permission);
  }

  /** Assignable iff explicitly set so, else iff the user has triage permission or more. */
  isAssignable(login: string): boolean {
    const override = this.assignableOverride.get(login.toLowerCase());
    if (override !== undefined) return override;
    const permission = this.permission(login);
    return permission !== 'none' && permission !== 'read';
  }

  setAssignable(login: string, assignable: boolean): void {
    this.addUser(login);
    this.assignableOverride.set(login.toLowerCase(), assignable);
  }

  // ---- labels ------------------------------------------------------------------------------

  labels(): LabelRecord[] {
    return [...this.labelList];
  }

  label(name: string): LabelRecord | undefined {
    const key = name.toLowerCase();
    return this.labelList.find((l) => l.name.toLowerCase() === key);
  }

  labelById(id: number): LabelRecord | undefined {
    return this.labelList.find((l) => l.id === id);
  }

  createLabel(input: { name: unknown; color?: unknown; description?: unknown }): LabelRecord {
    const { name } = input;
    if (typeof name !== 'string' || name.trim() === '') {
      throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'name' }]);
    }
    if (this.label(name)) {
      throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    }
    const color = this.checkColor(input.color) ?? DEFAULT_LABEL_COLOR;
    const description = this.checkDescription(input.description) ?? null;
    const label: LabelRecord = { id: this.id(), name, color, description, default: false };
    this.labelList.push(label);
    return label;
  }

  updateLabel(name: string, input: { new_name?: unknown; color?: unknown; description?: unknown }): LabelRecord {
    const label = this.label(name);
    if (!label) throw new HttpError(404, 'Not Found');
    if (input.new_name !== undefined) {
      if (typeof input.new_name !== 'string' || input.new_name.trim() === '') {
        throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'name' }]);
      }
      const clash = this.label(input.new_name);
      if (clash && clash !== label) throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
      label.name = input.new_name;
    }
    const color = this.checkColor(input.color);
    if (color !== undefined) label.color = color;
    const description = this.checkDescription(input.description);
    if (description !== undefined) label.description = description;
    return label;
  }

  deleteLabel(name: string): void {
    const label = this.label(name);
    if (!label) throw new HttpError(404, 'Not Found');
    this.labelList.splice(this.labelList.indexOf(label), 1);
    for (const issue of this.issueMap.values()) issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  }

  private checkColor(color: unknown): string | undefined {
    if (color === undefined || color === null) return undefined;
    if (typeof color !== 'string' || !/^[0-9a-fA-F]{6}$/.test(color)) {
      throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
    }
    return color.toLowerCase();
  }

  private checkDescription(description: unknown): string | null | undefined {
    if (description === undefined) return undefined;
    if (description === null) return null;
    if (typeof description !== 'string' || codePoints(description) > 100) {
      throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'description' }]);
    }
    return description;
  }

  /** Label ids for names, creating the missing labels as the REST API does. */
  private labelIdsFor(names: readonly string[], createMissing: boolean): number[] {
    const ids: number[] = [];
    for (const name of names) {
      let label = this.label(name);
      if (!label && createMissing) label = this.createLabel({ name });
      if (label && !ids.includes(label.id)) ids.push(label.id);
    }
    return ids;
  }

  issueLabels(issue: IssueRecord): LabelRecord[] {
    return issue.labelIds.map((id) => this.labelById(id)).filter((l): l is LabelRecord => l !== undefined);
  }

  // ---- issues ------------------------------------------------------------------------------

  issues(): IssueRecord[] {
    return [...this.issueMap.values()];
  }

  findIssue(number: number): IssueRecord | undefined {
    return this.issueMap.get(number);
  }

  issueById(id: number): IssueRecord | undefined {
    return [...this.issueMap.values()].find((i) => i.id === id);
  }

  issue(number: number): IssueRecord {
    const issue = this.issueMap.get(number);
    if (!issue) throw new HttpError(404, 'Not Found');
    return issue;
  }

  createIssue(input: {
    author: string;
    title: unknown;
    body?: unknown;
    labels?: readonly string[];
    assignees?: readonly string[];
    /** REST creates missing labels; an issue form silently drops them. */
    createMissingLabels: boolean;
    pullRequest?: PullRequestInfo;
  }): IssueRecord {
    if (typeof input.title !== 'string' || input.title.trim() === '') {
      throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    }
    const body = input.body === undefined || input.body === null ? null : input.body;
    if (body !== null && typeof body !== 'string') throw new HttpError(422, 'Invalid request.\n\nFor \'properties/body\', it is not a string.');
    checkBody('Issue', body);
    const assignees = this.assignable(input.assignees ?? []);
    const now = this.clock.now();
    this.addUser(input.author);
    const issue: IssueRecord = {
      id: this.id(),
      number: ++this.lastNumber,
      title: input.title,
      body,
      state: 'open',
      stateReason: null,
      labelIds: this.labelIdsFor(input.labels ?? [], input.createMissingLabels),
      assignees,
      author: input.author,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      locked: false,
      edits: [],
      lastEditedAt: null,
      editor: null,
      pullRequest: input.pullRequest ? { ...input.pullRequest } : null,
    };
    this.issueMap.set(issue.number, issue);
    return issue;
  }

  /** Assignable logins among `logins` (others are dropped silently, as GitHub does), at most 10. */
  private assignable(logins: readonly string[]): string[] {
    if (logins.length > MAX_ASSIGNEES) {
      throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'assignees', message: `You can assign at most ${MAX_ASSIGNEES} users` }]);
    }
    const out: string[] = [];
    for (const login of logins) {
      const user = this.knownUser(login);
      if (user && this.isAssignable(login) && !out.some((l) => l.toLowerCase() === login.toLowerCase())) out.push(user.login);
    }
    return out;
  }

  /** Replaces the body, recording the revision in the edit history. */
  setIssueBody(issue: IssueRecord, body: string | null, actor: string): void {
    checkBody('Issue', body);
    if (body === issue.body) return;
    const now = this.clock.now();
    recordEdit(issue.edits, () => this.id(), { original: issue.body ?? '', originalAt: issue.createdAt, originalBy: issue.author }, body ?? '', actor, now);
    issue.body = body;
    issue.lastEditedAt = now;
    issue.editor = actor;
    issue.updatedAt = now;
  }

  /**
   * Applies a REST-style issue update (`PATCH /issues/{n}`). `labels` and `assignees` replace the
   * sets; `state_reason` only matters with (or after) a close.
   */
  updateIssue(number: number, input: Record<string, unknown>, actor: string): IssueRecord {
    const issue = this.issue(number);
    // Validate everything before changing anything: a rejected request leaves no trace.
    const { title, body, state, state_reason: stateReason, labels, assignees, assignee } = input;
    if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) {
      throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    }
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new HttpError(422, 'Invalid request.\n\nFor \'properties/body\', it is not a string.');
    }
    if (typeof body === 'string') checkBody('Issue', body);
    if (state !== undefined && state !== 'open' && state !== 'closed') {
      throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
    }
    if (stateReason !== undefined && stateReason !== null && !['completed', 'not_planned', 'duplicate', 'reopened'].includes(String(stateReason))) {
      throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state_reason' }]);
    }
    const labelNames = labels === undefined ? undefined : labelNamesOf(labels);
    let assigneeLogins: string[] | undefined;
    if (assignees !== undefined) assigneeLogins = stringList(assignees, 'assignees');
    else if (assignee !== undefined) assigneeLogins = assignee === null ? [] : stringList([assignee], 'assignee');
    const newAssignees = assigneeLogins === undefined ? undefined : this.assignable(assigneeLogins);

    const now = this.clock.now();
    let changed = false;
    if (typeof title === 'string' && title !== issue.title) {
      issue.title = title;
      changed = true;
    }
    if (body !== undefined) {
      const next = body === null ? null : String(body);
      if (next !== issue.body) {
        this.setIssueBody(issue, next, actor);
        changed = true;
      }
    }
    if (labelNames !== undefined) {
      issue.labelIds = this.labelIdsFor(labelNames, true);
      changed = true;
    }
    if (newAssignees !== undefined) {
      issue.assignees = newAssignees;
      changed = true;
    }
    if (state === 'closed' && issue.state === 'open') {
      this.close(issue, (stateReason as StateReason | null | undefined) ?? 'completed', actor);
      changed = true;
    } else if (state === 'open' && issue.state === 'closed') {
      this.reopen(issue);
      changed = true;
    } else if (issue.state === 'closed' && typeof stateReason === 'string' && stateReason !== 'reopened') {
      issue.stateReason = stateReason as StateReason;
      changed = true;
    }
    if (changed) issue.updatedAt = now;
    return issue;
  }

  close(issue: IssueRecord, reason: StateReason, actor: string): void {
    const now = this.clock.now();
    issue.state = 'closed';
    issue.stateReason = reason === 'reopened' ? 'completed' : reason;
    issue.closedAt = now;
    issue.closedBy = actor;
    issue.updatedAt = now;
  }

  reopen(issue: IssueRecord): void {
    issue.state = 'open';
    issue.stateReason = 'reopened';
    issue.closedAt = null;
    issue.closedBy = null;
    issue.updatedAt = this.clock.now();
  }

  addLabels(number: number, names: readonly string[]): LabelRecord[] {
    const issue = this.issue(number);
    const ids = this.labelIdsFor(names, true);
    const before = issue.labelIds.length;
    for (const id of ids) if (!issue.labelIds.includes(id)) issue.labelIds.push(id);
    if (issue.labelIds.length !== before) issue.updatedAt = this.clock.now();
    return this.issueLabels(issue);
  }

  setLabels(number: number, names: readonly string[]): LabelRecord[] {
    const issue = this.issue(number);
    issue.labelIds = this.labelIdsFor(names, true);
    issue.updatedAt = this.clock.now();
    return this.issueLabels(issue);
  }

  removeLabel(number: number, name: string): LabelRecord[] {
    const issue = this.issue(number);
    const label = this.label(name);
    if (!label || !issue.labelIds.includes(label.id)) throw new HttpError(404, 'Label does not exist');
    issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
    issue.updatedAt = this.clock.now();
    return this.issueLabels(issue);
  }

  addAssignees(number: number, logins: readonly string[]): IssueRecord {
    const issue = this.issue(number);
    const merged = [...issue.assignees];
    for (const login of this.assignable(logins)) {
      if (!merged.some((l) => l.toLowerCase() === login.toLowerCase())) merged.push(login);
    }
    if (merged.length > MAX_ASSIGNEES) {
      throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'assignees', message: `You can assign at most ${MAX_ASSIGNEES} users` }]);
    }
    if (merged.length !== issue.assignees.length) {
      issue.assignees = merged;
      issue.updatedAt = this.clock.now();
    }
    return issue;
  }

  removeAssignees(number: number, logins: readonly string[]): IssueRecord {
    const issue = this.issue(number);
    const drop = new Set(logins.map((l) => l.toLowerCase()));
    const kept = issue.assignees.filter((l) => !drop.has(l.toLowerCase()));
    if (kept.length !== issue.assignees.length) {
      issue.assignees = kept;
      issue.updatedAt = this.clock.now();
    }
    return issue;
  }

  // ---- comments ----------------------------------------------------------------------------

  comments(number: number): CommentRecord[] {
    return [...this.commentMap.values()].filter((c) => c.issueNumber === number).sort((a, b) => a.id - b.id);
  }

  comment(id: number): CommentRecord {
    const comment = this.commentMap.get(id);
    if (!comment) throw new HttpError(404, 'Not Found');
    return comment;
  }

  findComment(id: number): CommentRecord | undefined {
    return this.commentMap.get(id);
  }

  addComment(number: number, body: unknown, author: string): CommentRecord {
    const issue = this.issue(number);
    if (typeof body !== 'string' || body === '') {
      throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    }
    checkBody('IssueComment', body);
    const now = this.clock.now();
    this.addUser(author);
    const comment: CommentRecord = { id: this.id(), issueNumber: number, body, author, createdAt: now, updatedAt: now, edits: [] };
    this.commentMap.set(comment.id, comment);
    issue.updatedAt = now;
    return comment;
  }

  editComment(id: number, body: unknown, actor: string): CommentRecord {
    const comment = this.comment(id);
    if (typeof body !== 'string' || body === '') {
      throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    }
    checkBody('IssueComment', body);
    if (body !== comment.body) {
      const now = this.clock.now();
      recordEdit(comment.edits, () => this.id(), { original: comment.body, originalAt: comment.createdAt, originalBy: comment.author }, body, actor, now);
      comment.body = body;
      comment.updatedAt = now;
    }
    return comment;
  }

  deleteComment(id: number): CommentRecord {
    const comment = this.comment(id);
    this.commentMap.delete(id);
    for (let i = this.reactionList.length - 1; i >= 0; i--) if (this.reactionList[i]?.commentId === id) this.reactionList.splice(i, 1);
    return comment;
  }

  // ---- reactions ---------------------------------------------------------------------------

  /** Reactions to a comment, oldest first. */
  reactions(commentId: number): ReactionRecord[] {
    return this.reactionList.filter((r) => r.commentId === commentId);
  }

  /** Adds a reaction; the existing one (`created: false`) when the user already reacted so. */
  react(commentId: number, content: unknown, actor: string): { reaction: ReactionRecord; created: boolean } {
    this.comment(commentId);
    if (!isReactionContent(content)) {
      throw validationFailed([{ resource: 'Reaction', code: 'invalid', field: 'content' }]);
    }
    const existing = this.reactionList.find((r) => r.commentId === commentId && r.content === content && r.user.toLowerCase() === actor.toLowerCase());
    if (existing) return { reaction: existing, created: false };
    this.addUser(actor);
    const reaction: ReactionRecord = { id: this.id(), commentId, user: actor, content, createdAt: this.clock.now() };
    this.reactionList.push(reaction);
    return { reaction, created: true };
  }

  // ---- files -------------------------------------------------------------------------------

  putFile(path: string, text: string): void {
    const key = normalisePath(path);
    this.files.set(key, text);
    if (isWorkflowPath(key)) {
      const now = this.clock.now();
      const existing = this.workflowMap.get(key);
      if (existing) existing.updatedAt = now;
      else this.workflowMap.set(key, { id: this.id(), path: key, state: 'active', createdAt: now, updatedAt: now });
    }
  }

  file(path: string): string | undefined {
    return this.files.get(normalisePath(path));
  }

  /** Paths of files directly or indirectly under a directory. */
  filesUnder(dir: string): string[] {
    const prefix = normalisePath(dir);
    return [...this.files.keys()].filter((p) => prefix === '' || p.startsWith(`${prefix}/`)).sort();
  }

  // ---- workflows -------------------------------------------------------------------------------

  /** Every workflow (a file put under `.github/workflows/`), by id. */
  workflows(): WorkflowRecord[] {
    return [...this.workflowMap.values()].sort((a, b) => a.id - b.id);
  }

  /** A workflow by numeric id or file name (`revoke-okta.yml`), as the REST API takes it. */
  findWorkflow(idOrFile: string): WorkflowRecord | undefined {
    const all = this.workflows();
    if (/^\d+$/.test(idOrFile)) return all.find((w) => w.id === Number(idOrFile));
    return all.find((w) => w.path.split('/').pop() === idOrFile);
  }

  workflowDefinition(workflow: WorkflowRecord): WorkflowDefinition {
    return readWorkflow(workflow.path, this.files.get(workflow.path) ?? '');
  }

  setWorkflowState(idOrFile: string, state: WorkflowState): void {
    const workflow = this.findWorkflow(idOrFile);
    if (!workflow) throw new Error(`no workflow ${idOrFile}`);
    workflow.state = state;
    workflow.updatedAt = this.clock.now();
  }

  dispatches(): DispatchRecord[] {
    return [...this.dispatchList];
  }

  /** `POST …/actions/workflows/{workflow_id}/dispatches`, with GitHub's checks in GitHub's order. */
  dispatch(idOrFile: string, input: { ref?: unknown; inputs?: unknown }, actor: string): DispatchRecord {
    const workflow = this.findWorkflow(idOrFile);
    if (!workflow) throw new HttpError(404, 'Not Found');
    const { ref } = input;
    if (ref === undefined || ref === null) throw new HttpError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
    if (typeof ref !== 'string') throw new HttpError(422, `Invalid request.\n\nFor 'properties/ref', ${JSON.stringify(ref)} is not a string.`);
    const inputs = input.inputs ?? {};
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      throw new HttpError(422, `Invalid request.\n\nFor 'properties/inputs', ${JSON.stringify(inputs)} is not an object.`);
    }
    const entries = Object.entries(inputs as Record<string, unknown>);
    if (entries.length > MAX_DISPATCH_INPUTS) {
      throw new HttpError(422, `Invalid request.\n\nFor 'properties/inputs', no more than ${MAX_DISPATCH_INPUTS} properties are allowed; ${entries.length} were supplied.`);
    }
    for (const [key, value] of entries) {
      if (typeof value !== 'string') throw new HttpError(422, `Invalid request.\n\nFor 'properties/${key}', ${JSON.stringify(value)} is not a string.`);
    }
    if (!['main', 'refs/heads/main'].includes(ref)) throw new HttpError(422, `No ref found for: ${ref}`);
    if (workflow.state !== 'active') throw new HttpError(422, "Cannot trigger a 'workflow_dispatch' on a disabled workflow");
    const definition = this.workflowDefinition(workflow);
    if (!definition.dispatchable) throw new HttpError(422, "Workflow does not have 'workflow_dispatch' trigger");
    const given = Object.fromEntries(entries) as Record<string, string>;
    const unexpected = Object.keys(given).filter((k) => !(k in definition.inputs));
    if (unexpected.length > 0) throw new HttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    for (const [name, declared] of Object.entries(definition.inputs)) {
      const value = given[name];
      if (value === undefined) {
        if (declared.required === true && declared.default === undefined) throw new HttpError(422, `Required input '${name}' not provided`);
        continue;
      }
      if (declared.type === 'choice' && declared.options && !declared.options.includes(value)) {
        throw new HttpError(422, `Provided value '${value}' for input '${name}' not in the list of allowed values`);
      }
    }
    const record: DispatchRecord = {
      runId: this.id(),
      workflow: workflow.path.split('/').pop() ?? workflow.path,
      path: workflow.path,
      workflowId: workflow.id,
      ref,
      inputs: given,
      at: this.clock.now(),
      actor,
    };
    this.dispatchList.push(record);
    return record;
  }
}

function isWorkflowPath(path: string): boolean {
  return path.startsWith(`${WORKFLOWS_DIR}/`) && !path.slice(WORKFLOWS_DIR.length + 1).includes('/') && /\.ya?ml$/.test(path);
}

/** Name, `workflow_dispatch` trigger and its inputs from a workflow file (unparsable: no trigger). */
export function readWorkflow(path: string, text: string): WorkflowDefinition {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return { name: path, dispatchable: false, inputs: {} };
  }
  const root = isRecord(doc) ? doc : {};
  const name = typeof root.name === 'string' && root.name.trim() !== '' ? root.name : path;
  const on = root.on;
  let dispatchable = false;
  let trigger: unknown;
  if (typeof on === 'string') dispatchable = on === 'workflow_dispatch';
  else if (Array.isArray(on)) dispatchable = on.includes('workflow_dispatch');
  else if (isRecord(on) && 'workflow_dispatch' in on) {
    dispatchable = true;
    trigger = on.workflow_dispatch;
  }
  const inputs: Record<string, WorkflowInput> = {};
  const declared = isRecord(trigger) && isRecord(trigger.inputs) ? trigger.inputs : {};
  for (const [key, value] of Object.entries(declared)) {
    const spec = isRecord(value) ? value : {};
    const input: WorkflowInput = {};
    if (typeof spec.description === 'string') input.description = spec.description;
    if (typeof spec.required === 'boolean') input.required = spec.required;
    if (typeof spec.default === 'string' || typeof spec.default === 'boolean' || typeof spec.default === 'number') input.default = spec.default;
    if (typeof spec.type === 'string' && ['string', 'boolean', 'choice', 'number', 'environment'].includes(spec.type)) input.type = spec.type as WorkflowInput['type'];
    if (Array.isArray(spec.options)) input.options = spec.options.map(String);
    inputs[key] = input;
  }
  return { name, dispatchable, inputs };
}

/** A workflow file's text for `addWorkflow`. */
export function workflowYaml(input: { name?: string; dispatchable?: boolean; inputs?: Record<string, WorkflowInput> }): string {
  const on: Record<string, unknown> = { issues: { types: ['opened'] } };
  if (input.dispatchable !== false) on.workflow_dispatch = input.inputs && Object.keys(input.inputs).length > 0 ? { inputs: input.inputs } : null;
  const doc = {
    ...(input.name ? { name: input.name } : {}),
    on,
    jobs: { run: { 'runs-on': 'ubuntu-latest', steps: [{ run: 'echo emulated' }] } },
  };
  return stringifyYaml(doc);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normalisePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function recordEdit(
  edits: ContentEdit[],
  nextId: () => number,
  origin: { original: string; originalAt: Date; originalBy: string },
  body: string,
  actor: string,
  now: Date,
): void {
  if (edits.length === 0) {
    edits.push({ id: nextId(), editedAt: origin.originalAt, editor: origin.originalBy, diff: origin.original, deletedAt: null });
  }
  edits.push({ id: nextId(), editedAt: now, editor: actor, diff: body, deletedAt: null });
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new HttpError(422, `Invalid request.\n\nFor 'properties/${field}', it is not an array of strings.`);
  }
  return value as string[];
}

/** Label names from a REST `labels` value: strings or `{ name }` objects. */
export function labelNamesOf(value: unknown): string[] {
  if (!Array.isArray(value)) throw new HttpError(422, "Invalid request.\n\nFor 'properties/labels', it is not an array.");
  return value.map((item: unknown) => {
    if (typeof item === 'string') return item;
    if (item !== null && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string') {
      return (item as { name: string }).name;
    }
    throw new HttpError(422, "Invalid request.\n\nFor 'items', it is not a string or an object with a name.");
  });
}

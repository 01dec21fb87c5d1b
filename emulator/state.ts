/**
 * The emulator's in-memory repository: users, labels, issues, comments, files, and every mutation on
 * them. No HTTP here; the REST and GraphQL layers and the "a person does X" helpers all go through
 * these functions, so every path applies GitHub's rules the same way.
 */

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

/** A failure GitHub would answer with a 4xx; the HTTP layers turn it into a response. */
export class HttpError extends Error {
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
  private readonly permissions = new Map<string, Permission>();
  private readonly assignableOverride = new Map<string, boolean>();
  private readonly labelList: LabelRecord[] = [];
  private readonly issueMap = new Map<number, IssueRecord>();
  private readonly commentMap = new Map<number, CommentRecord>();
  private readonly files = new Map<string, string>();
  private lastNumber = 0;

  constructor(options: StateOptions) {
    this.owner = options.owner;
    this.repo = options.repo;
    this.botLogin = options.botLogin;
    this.personalToken = options.personalToken === true;
    this.clock = options.clock;
    this.repoCreatedAt = new Date(options.clock.now().getTime() - 365 * 24 * 3600 * 1000);
    this.user(options.owner, 'Organization');
    this.user(options.botLogin, this.personalToken ? 'User' : 'Bot');
    for (const [login, permission] of Object.entries(options.users)) this.setPermission(login, permission);
  }

  private id(): number {
    return this.nextId++;
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

  permission(login: string): Permission {
    return this.permissions.get(login.toLowerCase()) ?? 'none';
  }

  setPermission(login: string, permission: Permission): void {
    if (!isPermission(permission)) throw new Error(`unknown permission ${String(permission)}`);
    this.user(login);
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
    this.user(login);
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
  }): IssueRecord {
    if (typeof input.title !== 'string' || input.title.trim() === '') {
      throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    }
    const body = input.body === undefined || input.body === null ? null : input.body;
    if (body !== null && typeof body !== 'string') throw new HttpError(422, 'Invalid request.\n\nFor \'properties/body\', it is not a string.');
    checkBody('Issue', body);
    const assignees = this.assignable(input.assignees ?? []);
    const now = this.clock.now();
    this.user(input.author);
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
    this.user(author);
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
    return comment;
  }

  // ---- files -------------------------------------------------------------------------------

  putFile(path: string, text: string): void {
    this.files.set(normalisePath(path), text);
  }

  file(path: string): string | undefined {
    return this.files.get(normalisePath(path));
  }

  /** Paths of files directly or indirectly under a directory. */
  filesUnder(dir: string): string[] {
    const prefix = normalisePath(dir);
    return [...this.files.keys()].filter((p) => prefix === '' || p.startsWith(`${prefix}/`)).sort();
  }
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

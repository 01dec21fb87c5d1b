/**
 * "A person does X": helpers that change the state directly, as a human in GitHub's web UI would,
 * and return the webhook payload GitHub would deliver for it (`issues`, `issue_comment`,
 * `pull_request` events; payloads carry `organization` since the repository belongs to one).
 */
import {
  commentJson,
  issueJson,
  labelJson,
  orgSimpleJson,
  pullRequestJson,
  reactionJson,
  repoJson,
  userJson,
  type JsonObject,
  type Urls,
} from './shapes.js';
import type { ReactionContent, RepoState, StateReason } from './state.js';

export interface IssuesEventPayload extends JsonObject {
  action: string;
  issue: JsonObject;
  repository: JsonObject;
  sender: JsonObject;
}

export interface People {
  /** A person submits the issue form. Labels missing from the repository are dropped silently. */
  fileIssue(input: { author: string; title: string; body: string; labels?: readonly string[] }): { number: number; payload: IssuesEventPayload };
  /** A person edits the issue body (`edited`, with `changes.body.from`). */
  editBody(number: number, input: { actor: string; body: string }): IssuesEventPayload;
  /** A person edits the title (`edited`, with `changes.title.from`). */
  editTitle(number: number, input: { actor: string; title: string }): IssuesEventPayload;
  /** A person clicks the checkbox of the task-list line carrying `<!-- task:TASKID -->`. */
  tick(number: number, input: { actor: string; taskId: string; checked?: boolean }): IssuesEventPayload;
  /** A person clicks the checkbox of the first task-list line whose text matches. */
  tickText(number: number, input: { actor: string; match: string | RegExp; checked?: boolean }): IssuesEventPayload;
  closeIssue(number: number, input: { actor: string; reason?: StateReason }): IssuesEventPayload;
  reopenIssue(number: number, input: { actor: string }): IssuesEventPayload;
  addLabel(number: number, name: string, input: { actor: string }): IssuesEventPayload;
  removeLabel(number: number, name: string, input: { actor: string }): IssuesEventPayload;
  /** A person comments on the issue (`issue_comment` `created`). */
  comment(number: number, input: { actor: string; body: string }): { id: number; payload: JsonObject };
  /** A person edits a comment (`issue_comment` `edited`, with `changes.body.from`). */
  editComment(id: number, input: { actor: string; body: string }): JsonObject;
  /** A person deletes a comment (`issue_comment` `deleted`). */
  deleteComment(id: number, input?: { actor?: string }): JsonObject;
  /** A person reacts to a comment (no webhook event); returns the reaction as REST shows it. */
  react(commentId: number, input: { actor: string; content: ReactionContent }): JsonObject;
  /**
   * A person opens a pull request (`pull_request` `opened`). It shares the issue numbers, is listed
   * by `GET /issues` with `pull_request` set, and comments on it carry `issue.pull_request`.
   */
  openPullRequest(input: { author: string; title: string; body?: string; head?: string; base?: string; draft?: boolean }): { number: number; payload: JsonObject };
  workflowDispatchPayload(input?: { actor?: string; inputs?: Record<string, string> }): JsonObject;
  schedulePayload(input?: { cron?: string }): JsonObject;
}

const TASK_LINE = /^(\s*(?:[-*+]|\d+[.)])\s+)\[( |x|X)\](?=\s)/;

/** Flips the checkbox on the first body line accepted by `pick`; throws when there is none to flip. */
function flip(body: string, pick: (line: string) => boolean, checked: boolean, what: string): string {
  const lines = body.split('\n');
  // A checkbox inside a fenced code block is text, not something a person can click.
  let fence: string | null = null;
  const index = lines.findIndex((line) => {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (opener) {
      if (fence === null) fence = opener;
      else if (opener[0] === fence[0] && opener.length >= fence.length) fence = null;
      return false;
    }
    return fence === null && TASK_LINE.test(line) && pick(line);
  });
  if (index < 0) throw new Error(`no task-list line for ${what}`);
  const line = lines[index] as string;
  const isChecked = /\[[xX]\]/.test(TASK_LINE.exec(line)?.[0] ?? '');
  if (isChecked === checked) throw new Error(`task ${what} is already ${checked ? 'checked' : 'unchecked'}`);
  lines[index] = line.replace(TASK_LINE, (_m, lead: string) => `${lead}[${checked ? 'x' : ' '}]`);
  return lines.join('\n');
}

export function createPeople(state: RepoState, urls: () => Urls): People {
  const issuePayload = (action: string, number: number, actor: string, extra: JsonObject = {}): IssuesEventPayload => ({
    action,
    issue: issueJson(state, urls(), state.issue(number)),
    repository: repoJson(state, urls()),
    organization: orgSimpleJson(state, urls()),
    sender: userJson(state, urls(), actor),
    ...extra,
  });

  const editBody = (number: number, { actor, body }: { actor: string; body: string }): IssuesEventPayload => {
    const issue = state.issue(number);
    const from = issue.body ?? '';
    state.setIssueBody(issue, body, actor);
    return issuePayload('edited', number, actor, { changes: { body: { from } } });
  };

  const commentPayload = (action: string, id: number, actor: string, extra: JsonObject = {}): JsonObject => {
    const comment = state.comment(id);
    return {
      action,
      issue: issueJson(state, urls(), state.issue(comment.issueNumber)),
      comment: commentJson(state, urls(), comment),
      repository: repoJson(state, urls()),
      organization: orgSimpleJson(state, urls()),
      sender: userJson(state, urls(), actor),
      ...extra,
    };
  };

  return {
    fileIssue({ author, title, body, labels = [] }) {
      const existing = labels.filter((name) => state.label(name) !== undefined);
      const issue = state.createIssue({ author, title, body, labels: existing, createMissingLabels: false });
      return { number: issue.number, payload: issuePayload('opened', issue.number, author) };
    },
    editBody,
    editTitle(number, { actor, title }) {
      const issue = state.issue(number);
      const from = issue.title;
      issue.title = title;
      issue.updatedAt = state.clock.now();
      return issuePayload('edited', number, actor, { changes: { title: { from } } });
    },
    tick(number, { actor, taskId, checked = true }) {
      const marker = `<!-- task:${taskId} -->`;
      const body = flip(state.issue(number).body ?? '', (line) => line.includes(marker), checked, `task:${taskId}`);
      return editBody(number, { actor, body });
    },
    tickText(number, { actor, match, checked = true }) {
      const pick = typeof match === 'string' ? (line: string) => line.includes(match) : (line: string) => match.test(line);
      const body = flip(state.issue(number).body ?? '', pick, checked, String(match));
      return editBody(number, { actor, body });
    },
    closeIssue(number, { actor, reason = 'completed' }) {
      const issue = state.issue(number);
      if (issue.state === 'closed') throw new Error(`issue #${number} is already closed`);
      state.close(issue, reason, actor);
      return issuePayload('closed', number, actor);
    },
    reopenIssue(number, { actor }) {
      const issue = state.issue(number);
      if (issue.state === 'open') throw new Error(`issue #${number} is already open`);
      state.reopen(issue);
      return issuePayload('reopened', number, actor);
    },
    addLabel(number, name, { actor }) {
      state.addLabels(number, [name]);
      const label = state.label(name);
      return issuePayload('labeled', number, actor, label ? { label: labelJson(state, urls(), label) } : {});
    },
    removeLabel(number, name, { actor }) {
      const label = state.label(name);
      state.removeLabel(number, name);
      return issuePayload('unlabeled', number, actor, label ? { label: labelJson(state, urls(), label) } : {});
    },
    comment(number, { actor, body }) {
      const comment = state.addComment(number, body, actor);
      return { id: comment.id, payload: commentPayload('created', comment.id, actor) };
    },
    editComment(id, { actor, body }) {
      const from = state.comment(id).body;
      state.editComment(id, body, actor);
      return commentPayload('edited', id, actor, { changes: { body: { from } } });
    },
    deleteComment(id, input = {}) {
      const comment = state.comment(id);
      const payload = commentPayload('deleted', id, input.actor ?? comment.author);
      state.deleteComment(id);
      return payload;
    },
    react(commentId, { actor, content }) {
      return reactionJson(state, urls(), state.react(commentId, content, actor).reaction);
    },
    openPullRequest({ author, title, body = '', head = 'feature', base = 'main', draft = false }) {
      const pr = state.createIssue({ author, title, body, createMissingLabels: false, pullRequest: { head, base, draft, mergedAt: null } });
      return {
        number: pr.number,
        payload: {
          action: 'opened',
          number: pr.number,
          pull_request: pullRequestJson(state, urls(), pr),
          repository: repoJson(state, urls()),
          organization: orgSimpleJson(state, urls()),
          sender: userJson(state, urls(), author),
        },
      };
    },
    workflowDispatchPayload({ actor = state.owner, inputs = {} } = {}) {
      return {
        inputs,
        ref: 'refs/heads/main',
        repository: repoJson(state, urls()),
        organization: userJson(state, urls(), state.owner),
        sender: userJson(state, urls(), actor),
        workflow: '.github/workflows/offboarding.yml',
      };
    },
    schedulePayload({ cron = '0 * * * *' } = {}) {
      return { schedule: cron, workflow: '.github/workflows/offboarding.yml', repository: repoJson(state, urls()) };
    },
  };
}

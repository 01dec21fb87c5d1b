/** Performs each kind of write with the REST API: the shell hands this to the write gate. */
import type { Write, WritePerformer } from '../domain/writes.js';
import type { GitHubClient } from './client.js';
import { createDashboardOnce } from './dashboard.js';
import { isNotFound, maybeApplied, statusOf } from './errors.js';
import { RECENT_COMMENTS_QUERY } from './queries.js';
import type { Repo } from './repo.js';

export function writePerformer(client: GitHubClient, repo: Repo): WritePerformer {
  return async (write: Write) => {
    switch (write.kind) {
      case 'create-label':
        try {
          await client.rest.issues.createLabel({ ...repo, name: write.name, color: write.color, description: write.description });
        } catch (error) {
          // 422: created meanwhile by someone else, so what we wanted exists. 404: this API cannot
          // create labels; adding a label to an issue creates it (without colour or description).
          const status = statusOf(error);
          if (status !== 422 && status !== 404) throw error;
        }
        return;
      case 'add-labels':
        await client.rest.issues.addLabels({ ...repo, issue_number: write.issue, labels: [...write.labels] });
        return;
      case 'remove-label':
        try {
          await client.rest.issues.removeLabel({ ...repo, issue_number: write.issue, name: write.label });
        } catch (error) {
          if (!isNotFound(error)) throw error; // already gone
        }
        return;
      case 'convert-issue':
        await client.rest.issues.update({ ...repo, issue_number: write.issue, title: write.title, body: write.body });
        return;
      case 'add-assignees':
        await client.rest.issues.addAssignees({ ...repo, issue_number: write.issue, assignees: [...write.assignees] });
        return;
      case 'remove-assignees':
        await client.rest.issues.removeAssignees({ ...repo, issue_number: write.issue, assignees: [...write.assignees] });
        return;
      case 'add-reaction':
        // 200 when the reaction is already there: adding it is idempotent.
        await client.rest.reactions.createForIssueComment({ ...repo, comment_id: write.commentId, content: write.content });
        return;
      case 'dispatch-workflow':
        // A dispatch starts a run: never retried blindly (a later sweep retries what is recorded as failed).
        await client.rest.actions.createWorkflowDispatch({
          ...repo,
          workflow_id: write.workflow,
          ref: write.ref,
          inputs: { ...write.inputs },
          request: { retries: 0 },
        });
        return;
      case 'create-dashboard':
        // Never two dashboards: a create whose answer was lost is looked for before it is made again.
        await createDashboardOnce(client, repo, write);
        return;
      case 'update-dashboard':
        await client.rest.issues.update({ ...repo, issue_number: write.issue, body: write.body });
        return;
      case 'rewrite-tracker':
      case 'remove-org-access':
        throw new Error(`${write.kind} is carried out by the shell, not by a single request`);
      case 'create-comment':
        await createCommentOnce(client, repo, write.issue, write.body);
        return;
      case 'update-comment':
        await client.rest.issues.updateComment({ ...repo, comment_id: write.commentId, body: write.body });
        return;
      case 'close-issue':
        await client.rest.issues.update({ ...repo, issue_number: write.issue, state: 'closed', state_reason: write.reason ?? 'completed' });
        return;
      default: {
        const unknown: never = write;
        throw new Error(`unknown write ${JSON.stringify(unknown)}`);
      }
    }
  };
}

/**
 * Posts a comment exactly once. A comment notifies people, so it is never retried blindly: GitHub
 * sometimes applies a write and then answers 502 or times out (a lost answer). After such a failure
 * the issue's latest comments are read, and the comment is posted again only when it is not there.
 */
export async function createCommentOnce(client: GitHubClient, repo: Repo, issue: number, body: string): Promise<void> {
  try {
    await client.rest.issues.createComment({ ...repo, issue_number: issue, body, request: { retries: 0 } });
    return;
  } catch (error) {
    if (!maybeApplied(error)) throw error;
    if (await recentlyPosted(client, repo, issue, body)) return;
  }
  await client.rest.issues.createComment({ ...repo, issue_number: issue, body });
}

async function recentlyPosted(client: GitHubClient, repo: Repo, issue: number, body: string): Promise<boolean> {
  const data = await client.graphql<{ repository: { issue: { comments: { nodes: Array<{ body: string }> } } | null } | null }>(
    RECENT_COMMENTS_QUERY,
    { owner: repo.owner, name: repo.repo, number: issue },
  );
  return (data.repository?.issue?.comments.nodes ?? []).some((c) => c.body === body);
}

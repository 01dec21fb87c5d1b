/** Performs each kind of write with the REST API: the shell hands this to the write gate. */
import type { Write, WritePerformer } from '../domain/writes.js';
import type { GitHubClient } from './client.js';
import { isNotFound, statusOf } from './errors.js';
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
      case 'create-comment':
        await client.rest.issues.createComment({ ...repo, issue_number: write.issue, body: write.body });
        return;
      case 'update-comment':
        await client.rest.issues.updateComment({ ...repo, comment_id: write.commentId, body: write.body });
        return;
      case 'close-issue':
        await client.rest.issues.update({ ...repo, issue_number: write.issue, state: 'closed', state_reason: 'completed' });
        return;
    }
  };
}

/**
 * The only way the action changes GitHub: the core returns a list of Writes, and the shell's gate
 * (`shell/gate.ts`) is the one place that performs them — or, in a dry run, prints them instead.
 */
import type { PlanChange } from './types.js';

export type CommentPurpose =
  | 'status'
  | 'escalation'
  | 'report'
  | 'validation'
  | 'unauthorized'
  | 'config-error'
  | 'reply'
  | 'cancel'
  | 'notice';

/** What one organisation removal takes away (GitHub's endpoints, GITHUB-FACTS "Organisation access"). */
export type OrgRemoval =
  | { readonly item: 'membership' }
  | { readonly item: 'outside-collaborator' }
  | { readonly item: 'invitation'; readonly invitationId: number }
  | { readonly item: 'token-grants'; readonly tokenIds: readonly number[] }
  | { readonly item: 'copilot-seat' };

export type Write =
  | { readonly kind: 'create-label'; readonly name: string; readonly color: string; readonly description: string }
  | { readonly kind: 'add-labels'; readonly issue: number; readonly labels: readonly string[] }
  | { readonly kind: 'remove-label'; readonly issue: number; readonly label: string }
  /** Title and body: intake's conversion. */
  | { readonly kind: 'convert-issue'; readonly issue: number; readonly title: string; readonly body: string }
  /**
   * A person's command changed what the tracker shows (a new last day, new owners): the change is
   * applied to the body as it stands when written, every tick and every line a person added kept.
   */
  | { readonly kind: 'rewrite-tracker'; readonly issue: number; readonly title?: string; readonly change: PlanChange }
  | { readonly kind: 'add-assignees'; readonly issue: number; readonly assignees: readonly string[] }
  | { readonly kind: 'remove-assignees'; readonly issue: number; readonly assignees: readonly string[] }
  | { readonly kind: 'create-comment'; readonly issue: number; readonly purpose: CommentPurpose; readonly body: string }
  | {
      readonly kind: 'update-comment';
      readonly issue: number;
      readonly commentId: number;
      readonly purpose: CommentPurpose;
      readonly body: string;
    }
  | { readonly kind: 'add-reaction'; readonly issue: number; readonly commentId: number; readonly content: '+1' | 'confused' | 'eyes' }
  | { readonly kind: 'close-issue'; readonly issue: number; readonly reason?: 'completed' | 'not_planned' }
  | {
      readonly kind: 'dispatch-workflow';
      readonly issue: number;
      readonly workflow: string;
      readonly ref: string;
      readonly inputs: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'remove-org-access'; readonly issue: number; readonly org: string; readonly login: string; readonly removal: OrgRemoval }
  /** The dashboard issue: created once, its body kept current. It is neither a request nor a tracker. */
  | { readonly kind: 'create-dashboard'; readonly title: string; readonly body: string; readonly labels: readonly string[] }
  | { readonly kind: 'update-dashboard'; readonly issue: number; readonly body: string };

function removalText(removal: OrgRemoval): string {
  switch (removal.item) {
    case 'membership':
      return 'organisation membership (and team memberships)';
    case 'outside-collaborator':
      return 'outside-collaborator access';
    case 'invitation':
      return `pending invitation ${removal.invitationId}`;
    case 'token-grants':
      return `${removal.tokenIds.length} fine-grained token grant${removal.tokenIds.length === 1 ? '' : 's'}`;
    case 'copilot-seat':
      return 'Copilot seat';
  }
}

/** One line a person can read: what the write does. */
export function describeWrite(write: Write): string {
  switch (write.kind) {
    case 'create-label':
      return `create label '${write.name}' (#${write.color}, "${write.description}")`;
    case 'add-labels':
      return `#${write.issue}: add labels ${write.labels.map((l) => `'${l}'`).join(', ')}`;
    case 'remove-label':
      return `#${write.issue}: remove label '${write.label}'`;
    case 'convert-issue':
      return `#${write.issue}: convert to tracker, title "${write.title}", body of ${write.body.length} characters`;
    case 'rewrite-tracker':
      return `#${write.issue}: rewrite the tracker for ${write.change.kind === 'last-day' ? `the new last day ${write.change.lastDay}` : `the new owners of ${write.change.task}`}${write.title ? ` (title "${write.title}")` : ''}, keeping every tick`;
    case 'add-assignees':
      return `#${write.issue}: assign ${write.assignees.join(', ')}`;
    case 'remove-assignees':
      return `#${write.issue}: unassign ${write.assignees.join(', ')}`;
    case 'create-comment':
      return `#${write.issue}: post ${write.purpose} comment (${write.body.length} characters)`;
    case 'update-comment':
      return `#${write.issue}: update ${write.purpose} comment ${write.commentId} (${write.body.length} characters)`;
    case 'add-reaction':
      return `#${write.issue}: react ${write.content} to comment ${write.commentId}`;
    case 'close-issue':
      return `#${write.issue}: close as ${write.reason ?? 'completed'}`;
    case 'dispatch-workflow':
      return `#${write.issue}: dispatch workflow ${write.workflow} on ${write.ref} (task ${write.inputs['task'] ?? '?'})`;
    case 'remove-org-access':
      return `#${write.issue}: remove ${write.login}'s ${removalText(write.removal)} from ${write.org}`;
    case 'create-dashboard':
      return `create the dashboard issue "${write.title}" (${write.body.length} characters)`;
    case 'update-dashboard':
      return `#${write.issue}: update the dashboard (${write.body.length} characters)`;
  }
}

/** Performs one write against GitHub (github/writes.ts makes one; the shell's gate calls it). */
export type WritePerformer = (write: Write) => Promise<void>;

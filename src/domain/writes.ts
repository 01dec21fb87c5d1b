/**
 * The only way the action changes GitHub: the core returns a list of Writes, and the shell's gate
 * (`shell/gate.ts`) is the one place that performs them — or, in a dry run, prints them instead.
 */
export type CommentPurpose = 'status' | 'escalation' | 'report' | 'validation' | 'unauthorized' | 'config-error';

export type Write =
  | { readonly kind: 'create-label'; readonly name: string; readonly color: string; readonly description: string }
  | { readonly kind: 'add-labels'; readonly issue: number; readonly labels: readonly string[] }
  | { readonly kind: 'remove-label'; readonly issue: number; readonly label: string }
  /** Title and body: intake's conversion only. After intake the body is never written. */
  | { readonly kind: 'convert-issue'; readonly issue: number; readonly title: string; readonly body: string }
  | { readonly kind: 'add-assignees'; readonly issue: number; readonly assignees: readonly string[] }
  | { readonly kind: 'create-comment'; readonly issue: number; readonly purpose: CommentPurpose; readonly body: string }
  | {
      readonly kind: 'update-comment';
      readonly issue: number;
      readonly commentId: number;
      readonly purpose: CommentPurpose;
      readonly body: string;
    }
  | { readonly kind: 'close-issue'; readonly issue: number };

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
    case 'add-assignees':
      return `#${write.issue}: assign ${write.assignees.join(', ')}`;
    case 'create-comment':
      return `#${write.issue}: post ${write.purpose} comment (${write.body.length} characters)`;
    case 'update-comment':
      return `#${write.issue}: update ${write.purpose} comment ${write.commentId} (${write.body.length} characters)`;
    case 'close-issue':
      return `#${write.issue}: close as completed`;
  }
}

/** Performs one write against GitHub (github/writes.ts makes one; the shell's gate calls it). */
export type WritePerformer = (write: Write) => Promise<void>;

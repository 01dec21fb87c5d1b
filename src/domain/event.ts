/** The parts of GitHub's webhook payloads the action reads (the event file the runner writes). */

/** The part of an `issues` webhook payload the action reads. */
export interface WebhookEvent {
  readonly action?: string;
  readonly issue?: WebhookIssue;
  /** `issue_comment` events: the comment. */
  readonly comment?: WebhookComment;
  readonly sender?: { readonly login: string; readonly type?: string };
  readonly changes?: { readonly body?: { readonly from: string } };
}

export interface WebhookComment {
  readonly id: number;
  readonly body: string | null;
  readonly user: { readonly login: string; readonly type?: string } | null;
  readonly created_at: string;
}

export interface WebhookIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly state: string;
  readonly user: { readonly login: string } | null;
  readonly labels?: ReadonlyArray<{ readonly name: string } | string>;
  readonly pull_request?: unknown;
  readonly updated_at?: string;
}

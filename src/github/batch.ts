/**
 * Label changes and comment edits of many trackers in one GraphQL request: one aliased mutation a
 * write (`addLabelsToLabelable`, `removeLabelsFromLabelable`, `updateIssueComment`, from GitHub's
 * GraphQL schema), which GraphQL executes one after another. On GitHub a request with mutations
 * costs 1 point of the primary limit (it has no connections) and 5 of the secondary one, against
 * 5 secondary points for each REST write it replaces; none of them creates content.
 *
 * Each of these writes is idempotent (the same labels added or removed again, the same body set
 * again), so a request that failed — or whose answer was lost — is safely made again over REST.
 */
import { GraphqlResponseError } from '@octokit/graphql';
import type { Write } from '../domain/writes.js';
import type { GitHubClient } from './client.js';

/** The writes a batch can carry. */
export type BatchableWrite = Extract<Write, { kind: 'add-labels' | 'remove-label' | 'update-comment' }>;

export function isBatchable(write: Write): write is BatchableWrite {
  return write.kind === 'add-labels' || write.kind === 'remove-label' || write.kind === 'update-comment';
}

/** One write with the node ids its mutation needs. */
export type BatchMutation =
  | { readonly kind: 'add-labels' | 'remove-label'; readonly labelableId: string; readonly labelIds: readonly string[] }
  | { readonly kind: 'update-comment'; readonly commentId: string; readonly body: string };

const FIELD = {
  'add-labels': { field: 'addLabelsToLabelable', input: 'AddLabelsToLabelableInput' },
  'remove-label': { field: 'removeLabelsFromLabelable', input: 'RemoveLabelsFromLabelableInput' },
  'update-comment': { field: 'updateIssueComment', input: 'UpdateIssueCommentInput' },
} as const;

/** The mutation document for `mutations`, one alias (`m0`, `m1`, …) and one input variable each. */
export function batchDocument(mutations: readonly BatchMutation[]): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  mutations.forEach((m, i) => {
    const { field, input } = FIELD[m.kind];
    declarations.push(`$m${i}: ${input}!`);
    fields.push(`  m${i}: ${field}(input: $m${i}) { clientMutationId }`);
    variables[`m${i}`] = m.kind === 'update-comment' ? { id: m.commentId, body: m.body } : { labelableId: m.labelableId, labelIds: [...m.labelIds] };
  });
  return { query: `mutation OffboardingBatch(${declarations.join(', ')}) {\n${fields.join('\n')}\n}`, variables };
}

/**
 * Sends the mutations as one request. Returns, per mutation, the error GitHub gave it (undefined:
 * applied). A failure of the whole request (no answer, a 5xx after retries, no GraphQL) is thrown.
 */
export async function sendBatch(client: GitHubClient, mutations: readonly BatchMutation[]): Promise<Array<Error | undefined>> {
  if (mutations.length === 0) return [];
  const { query, variables } = batchDocument(mutations);
  const failures: Array<Error | undefined> = mutations.map(() => undefined);
  try {
    await client.graphql(query, variables);
  } catch (error) {
    if (!(error instanceof GraphqlResponseError)) throw error;
    const errors = (error.errors ?? []).map((e) => ({ message: e.message, alias: (e.path as unknown as unknown[] | undefined)?.[0] }));
    // An error without a path is about the request, not one mutation: nothing is known to be applied.
    if (errors.length === 0 || errors.some((e) => typeof e.alias !== 'string')) throw error;
    for (const e of errors) {
      const index = Number(String(e.alias).slice(1));
      if (Number.isInteger(index) && index >= 0 && index < failures.length) failures[index] = new Error(e.message);
    }
  }
  return failures;
}

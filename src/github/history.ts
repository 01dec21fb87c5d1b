/** Edit histories (`userContentEdits`): who changed an issue body or a comment, and to what. */
import type { BodyRevision } from '../ledger/attribution.js';
import type { GitHubClient } from './client.js';
import { graphqlUnavailable } from './errors.js';
import { COMMENT_HISTORIES_QUERY, HISTORIES_QUERY } from './queries.js';

interface EditNode {
  readonly editedAt: string;
  readonly editor: { readonly __typename?: string; readonly login: string } | null;
  readonly diff: string | null;
  readonly deletedAt: string | null;
}

/** GitHub lists the newest edit first; revisions made in the same second keep that order, reversed. */
function revisions(nodes: readonly EditNode[]): BodyRevision[] {
  return [...nodes]
    .reverse()
    .filter((n) => n.deletedAt === null)
    .map((n) => ({ editedAt: n.editedAt, editor: n.editor?.login, editorIsBot: n.editor?.__typename === 'Bot', body: n.diff ?? undefined }))
    .sort((a, b) => Date.parse(a.editedAt) - Date.parse(b.editedAt));
}

async function histories(
  client: GitHubClient,
  query: string,
  ids: readonly string[],
): Promise<Map<string, BodyRevision[]>> {
  const out = new Map<string, BodyRevision[]>();
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    const data = await client
      .graphql<{ nodes: Array<{ id: string; userContentEdits: { nodes: EditNode[] } | null } | null> }>(query, { ids: batch })
      .catch((error: unknown) => {
        // Without GraphQL there is no edit history: ticks are then recorded as observed.
        if (graphqlUnavailable(error)) return { nodes: [] };
        throw error;
      });
    for (const node of data.nodes) if (node) out.set(node.id, revisions(node.userContentEdits?.nodes ?? []));
  }
  return out;
}

/** The body revisions of many issues (by node id), oldest first: 100 issues a request. */
export function fetchBodyHistories(client: GitHubClient, issueIds: readonly string[]): Promise<Map<string, BodyRevision[]>> {
  return histories(client, HISTORIES_QUERY, issueIds);
}

/** The revisions of many comments (by node id), oldest first: 100 comments a request. */
export function fetchCommentHistories(client: GitHubClient, commentIds: readonly string[]): Promise<Map<string, BodyRevision[]>> {
  return histories(client, COMMENT_HISTORIES_QUERY, commentIds);
}

/**
 * The naive REST sweep, for comparison: what a straightforward implementation does. It lists the
 * open issues carrying the label page by page, then reads each tracker's comments with one request
 * per tracker (more if it has over 100 comments), one request at a time. It only reads.
 *
 * Runs as its own process (like the action does), so it imports nothing but Node's built-ins and
 * uses the global fetch: `bench/sweep.ts` transpiles this file to plain JavaScript and runs it
 * under the same CPU probe as the action. Configured by environment variables; prints one JSON line.
 */

interface RestIssue {
  readonly number: number;
  readonly body: string | null;
  readonly pull_request?: unknown;
}

interface RestComment {
  readonly id: number;
  readonly body: string;
  readonly user: { readonly login: string } | null;
}

const TRACKER_MARKER = '<!-- offboarding:tracker v1 -->';

/** The URL of the `rel="next"` page in a `Link` header, if any. */
function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>;\s*rel="next"/.exec(part);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** Every item of a paginated REST list, following `Link: rel="next"`. */
async function getAll<T>(url: string, token: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = url;
  while (next) {
    const response: Response = await fetch(next, {
      headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'naive-sweep' },
    });
    if (!response.ok) throw new Error(`GET ${next}: ${response.status} ${await response.text()}`);
    items.push(...((await response.json()) as T[]));
    next = nextLink(response.headers.get('link'));
  }
  return items;
}

export interface NaiveSweepResult {
  readonly trackers: number;
  readonly comments: number;
}

/** Reads every open tracker and all its comments, the straightforward way. */
export async function naiveSweep(options: { apiUrl: string; owner: string; repo: string; label: string; token: string }): Promise<NaiveSweepResult> {
  const base = `${options.apiUrl}/repos/${options.owner}/${options.repo}`;
  const label = encodeURIComponent(options.label);
  const issues = await getAll<RestIssue>(`${base}/issues?labels=${label}&state=open&per_page=100`, options.token);
  let trackers = 0;
  let comments = 0;
  for (const issue of issues) {
    if (issue.pull_request || !issue.body?.includes(TRACKER_MARKER)) continue;
    trackers += 1;
    const list = await getAll<RestComment>(`${base}/issues/${issue.number}/comments?per_page=100`, options.token);
    comments += list.length;
  }
  return { trackers, comments };
}

const env = process.env;
if (env.NAIVE_API_URL) {
  const [owner = '', repo = ''] = (env.NAIVE_REPOSITORY ?? '').split('/');
  const result = await naiveSweep({ apiUrl: env.NAIVE_API_URL, owner, repo, label: env.NAIVE_LABEL ?? 'offboarding', token: 'bench-token' });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

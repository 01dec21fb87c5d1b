/**
 * The one body write after intake, for a person's command: apply the change to the body as it is
 * now, write, then read the edit history back; if a person's edit landed between the read and the
 * write (it was overwritten), put it back and write again. No tick is lost.
 */
import type { Write } from '../domain/writes.js';
import type { GitHubClient } from '../github/client.js';
import { fetchBodyHistories } from '../github/history.js';
import type { Repo } from '../github/repo.js';
import { applyChange } from '../plan/change.js';
import { planFor } from '../tracker/identify.js';
import { parseTracker } from '../tracker/parse.js';
import { computeProgress } from '../tracker/progress.js';
import { carryOver, rewriteBody } from '../tracker/rewrite.js';
import { emptyLedger } from '../ledger/ledger.js';

const MAX_ATTEMPTS = 3;

type Rewrite = Extract<Write, { kind: 'rewrite-tracker' }>;

async function readIssue(client: GitHubClient, repo: Repo, issue: number): Promise<{ body: string; nodeId: string }> {
  const { data } = await client.rest.issues.get({ ...repo, issue_number: issue });
  return { body: data.body ?? '', nodeId: data.node_id };
}

/** The revision before the one that holds `body`, in the issue's edit history (oldest first). */
async function revisionBefore(client: GitHubClient, nodeId: string, body: string): Promise<{ before?: string; latest?: string } | undefined> {
  const history = (await fetchBodyHistories(client, [nodeId])).get(nodeId) ?? [];
  const at = history.map((r) => r.body).lastIndexOf(body);
  if (at < 0) return undefined;
  return { before: history[at - 1]?.body, latest: history.at(-1)?.body };
}

export async function rewriteTracker(client: GitHubClient, repo: Repo, write: Rewrite): Promise<void> {
  const { body: read, nodeId } = await readIssue(client, repo, write.issue);
  const parsed = parseTracker(read);
  const plan = planFor(parsed.plan, write.issue);
  if (!plan) throw new Error(`#${write.issue}: the body lost its hidden plan; the command cannot rewrite it`);
  const settled = new Set(computeProgress(plan, parsed, emptyLedger(plan), new Date(0)).tasks.filter((t) => t.state !== 'open').map((t) => t.key));
  const next = applyChange(plan, write.change, settled).plan;
  let written = rewriteBody(read, plan, next);
  if (written === read && write.title === undefined) return;
  await client.rest.issues.update({ ...repo, issue_number: write.issue, body: written, ...(write.title ? { title: write.title } : {}) });
  // A person's edit that landed between our read and our write was overwritten: put it back, and
  // check again (another may land while we do).
  let base = read;
  for (let merge = 0; merge < MAX_ATTEMPTS; merge++) {
    const found = await revisionBefore(client, nodeId, written);
    if (!found || found.before === undefined || found.before === base) return;
    const latest = found.latest ?? written;
    const merged = carryOver(base, found.before, latest, plan, next);
    if (merged === latest) return;
    base = latest;
    await client.rest.issues.update({ ...repo, issue_number: write.issue, body: merged });
    written = merged;
  }
}

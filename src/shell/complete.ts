/** `command: complete`: a run of the company's workflow reports back on its task. */
import { decideCompletion } from '../automation/complete.js';
import type { Completion } from '../automation/workflow.js';
import { fetchSnapshot } from '../github/snapshots.js';
import { isTracker } from '../tracker/identify.js';
import type { RunContext } from './context.js';
import { restoresFor } from './update.js';

/** Refused: the run fails with this message, and nothing was written. */
export class CompletionRefused extends Error {}

export async function completeTask(ctx: RunContext, completion: Completion): Promise<{ outcome: string; writes: number }> {
  const fetched = await fetchSnapshot(ctx.client, ctx.repo, completion.tracker);
  if (!fetched) throw new CompletionRefused(`Issue #${completion.tracker} does not exist in ${ctx.repo.owner}/${ctx.repo.repo}: check the 'tracker' input.`);
  const snapshot = await ctx.trusted(fetched);
  if (!isTracker(snapshot)) throw new CompletionRefused(`Issue #${completion.tracker} is not an offboarding tracker: check the 'tracker' input.`);
  const restore = (await restoresFor(ctx, [snapshot])).get(snapshot.number);
  const decision = decideCompletion({
    snapshot,
    repo: `${ctx.repo.owner}/${ctx.repo.repo}`,
    completion,
    now: ctx.now,
    labels: ctx.labels,
    statusRestore: restore,
  });
  if (decision.kind === 'refused') throw new CompletionRefused(`command: complete refused: ${decision.why}.`);
  const writes = await ctx.apply(decision.writes);
  return { outcome: decision.outcome, writes };
}

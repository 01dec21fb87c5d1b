/**
 * Dispatching the company's revocation workflows. Each dispatch is made on its own, and its failure
 * (no `actions: write`, a missing or disabled workflow, a refused input) is recorded and shown to
 * the task's owners instead of failing the tracker: later runs try again.
 */
import { explainDispatchError, type DispatchResult } from '../automation/workflow.js';
import type { Write } from '../domain/writes.js';
import { missingPermission, statusOf } from '../github/errors.js';
import type { RunContext } from './context.js';

type Dispatch = Extract<Write, { kind: 'dispatch-workflow' }>;

export function dispatchesIn(writes: readonly Write[]): Dispatch[] {
  return writes.filter((w): w is Dispatch => w.kind === 'dispatch-workflow');
}

export async function performDispatches(ctx: RunContext, dispatches: readonly Dispatch[]): Promise<DispatchResult[]> {
  const results: DispatchResult[] = [];
  for (const planned of dispatches) {
    // Always the default branch: the company's reviewed version of its revocation workflow.
    const dispatch = planned.ref ? planned : { ...planned, ref: await ctx.defaultBranch() };
    const base = { task: dispatch.inputs['task'] ?? '', at: ctx.now.toISOString(), ref: dispatch.ref };
    try {
      await ctx.apply([dispatch]);
      results.push(base);
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      const why = explainDispatchError(dispatch.workflow, statusOf(error), message, missingPermission(error));
      ctx.warn(`#${dispatch.issue}: dispatching ${dispatch.workflow} failed: ${why}`);
      results.push({ ...base, error: why });
    }
  }
  return results;
}

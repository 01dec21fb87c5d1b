import type { Plan } from '../domain.js';
import { STATUS_MARKER, TRACKER_MARKER } from '../domain.js';
import { fetchBodyHistory } from '../github/api.js';
import type { FinalReport } from '../report/report.js';
import type { RunContext } from '../run/context.js';
import { PLAN_COMMENT_PREFIX } from '../tracker/plan-codec.js';
import type { TrackerDecision, TrackerEvent, TrackerSnapshot } from './decide.js';
import { decideTracker } from './decide.js';

/**
 * A tracker carries the marker; one whose marker a person deleted is still recognised by its
 * hidden plan or by the action's status comment, so it is not silently dropped.
 */
export function isTracker(snapshot: TrackerSnapshot): boolean {
  return (
    snapshot.body.includes(TRACKER_MARKER) ||
    snapshot.body.includes(PLAN_COMMENT_PREFIX) ||
    snapshot.comments.some((c) => c.body.includes(STATUS_MARKER))
  );
}

/** Decides for one tracker, fetching its edit history only when unrecorded ticks need attributing. */
export async function decide(ctx: RunContext, snapshot: TrackerSnapshot, event?: TrackerEvent): Promise<TrackerDecision> {
  const input = { snapshot, now: ctx.now, labels: ctx.labels, event };
  const first = decideTracker(input);
  if (first.kind !== 'needs-history') return first;
  const history = await fetchBodyHistory(ctx.client, ctx.repo, snapshot.number);
  return decideTracker({ ...input, history });
}

/** Phase label -> phase title, for the description of a phase label created on the way. */
export function phaseTitles(ctx: RunContext, plan: Plan): Map<string, string> {
  return new Map(plan.phases.map((p) => [ctx.labels.phase(p.id), p.title]));
}

/** Brings one tracker up to date after a person's edit or reopen; returns the writes made and any report. */
export async function updateTracker(
  ctx: RunContext,
  snapshot: TrackerSnapshot,
  event?: TrackerEvent,
): Promise<{ writes: number; report?: FinalReport }> {
  const decision = await decide(ctx, snapshot, event);
  if (decision.kind === 'broken') throw new Error(`#${snapshot.number}: ${decision.reason}`);
  if (decision.kind !== 'decided') throw new Error(`#${snapshot.number}: no decision`);
  const writes = await ctx.apply(decision.writes, phaseTitles(ctx, decision.plan));
  return { writes, report: decision.report };
}

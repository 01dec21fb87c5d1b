/** Bringing one tracker up to date: the decision, the edit history when it asks for it, the writes. */
import type { Plan, TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import { fetchBodyHistories } from '../github/history.js';
import type { FinalReport } from '../report/report.js';
import { decideTracker, type TrackerDecision } from '../update/decide.js';
import type { RunContext } from './context.js';

/** Decides for one tracker, fetching its edit history only when unrecorded ticks need attributing. */
export async function decide(ctx: RunContext, snapshot: TrackerSnapshot, event?: TrackerEvent): Promise<TrackerDecision> {
  const input = { snapshot, now: ctx.now, labels: ctx.labels, event };
  const first = decideTracker(input);
  if (first.kind !== 'needs-history') return first;
  const histories = snapshot.nodeId ? await fetchBodyHistories(ctx.client, [snapshot.nodeId]) : new Map();
  return decideTracker({ ...input, history: (snapshot.nodeId && histories.get(snapshot.nodeId)) || [] });
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

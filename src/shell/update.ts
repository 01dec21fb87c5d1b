/**
 * Bringing trackers up to date: the decisions, with the evidence they ask for fetched in batches of
 * 100 (the edit histories of bodies with unrecorded ticks, of status comments a person edited), then
 * the writes.
 */
import { STATUS_MARKER } from '../domain/markers.js';
import { isOwn } from '../domain/trust.js';
import type { Plan, TrackerEvent, TrackerSnapshot } from '../domain/types.js';
import type { Leavers } from '../escalation/escalation.js';
import { fetchBodyHistories, fetchCommentHistories } from '../github/history.js';
import type { FinalReport } from '../report/build.js';
import { decideTracker, type TrackerDecision } from '../update/decide.js';
import type { StatusRestore } from '../update/steps.js';
import type { RunContext } from './context.js';

export interface Pending {
  readonly snapshot: TrackerSnapshot;
  readonly event?: TrackerEvent;
}

/** The status comment a person edited (its last editor is not the action), if any. */
function tamperedStatus(ctx: RunContext, snapshot: TrackerSnapshot): { nodeId: string; editor: string; at: string } | undefined {
  const status = snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
  if (!status?.editor || !status.nodeId || !status.editedAt || isOwn(status.editor, ctx.currentTrust())) return undefined;
  return { nodeId: status.nodeId, editor: status.editor.login, at: status.editedAt };
}

/** For each tampered status comment among the trackers: the action's own last revision of it (100 a request). */
export async function restoresFor(ctx: RunContext, snapshots: readonly TrackerSnapshot[]): Promise<Map<number, StatusRestore>> {
  const tampered = snapshots.flatMap((snapshot) => {
    const t = tamperedStatus(ctx, snapshot);
    return t ? [{ issue: snapshot.number, ...t }] : [];
  });
  const out = new Map<number, StatusRestore>();
  if (tampered.length === 0) return out;
  const histories = await fetchCommentHistories(ctx.client, tampered.map((t) => t.nodeId));
  const trust = ctx.currentTrust();
  for (const t of tampered) {
    const own = (histories.get(t.nodeId) ?? []).filter((r) => r.editor !== undefined && isOwn({ login: r.editor, bot: r.editorIsBot === true }, trust));
    const body = own.at(-1)?.body;
    out.set(t.issue, { ...(body !== undefined ? { body } : {}), editedBy: t.editor, editedAt: new Date(t.at).toISOString() });
  }
  return out;
}

/** Decides for many trackers at once, fetching the evidence the decisions ask for in batches. */
export async function decideMany(ctx: RunContext, pending: readonly Pending[], leavers: Leavers): Promise<TrackerDecision[]> {
  const restored = await restoresFor(ctx, pending.map((p) => p.snapshot));
  const input = (p: Pending) => ({
    snapshot: p.snapshot,
    now: ctx.now,
    labels: ctx.labels,
    event: p.event,
    leavers,
    statusRestore: restored.get(p.snapshot.number),
  });
  const first = pending.map((p) => decideTracker(input(p)));
  const asking = pending.filter((p, i) => first[i]?.kind === 'needs-history' && p.snapshot.nodeId);
  const histories = asking.length > 0 ? await fetchBodyHistories(ctx.client, asking.map((p) => p.snapshot.nodeId as string)) : new Map();
  return pending.map((p, i) => {
    const decision = first[i] as TrackerDecision;
    if (decision.kind !== 'needs-history') return decision;
    return decideTracker({ ...input(p), history: (p.snapshot.nodeId && histories.get(p.snapshot.nodeId)) || [] });
  });
}

/** Phase label -> phase title, for the description of a phase label created on the way. */
export function phaseTitles(ctx: RunContext, plan: Plan): Map<string, string> {
  return new Map(plan.phases.map((p) => [ctx.labels.phase(p.id), p.title]));
}

/** Applies one tracker's decision; throws for a tracker that cannot be read. */
export async function applyDecision(ctx: RunContext, snapshot: TrackerSnapshot, decision: TrackerDecision): Promise<number> {
  if (decision.kind === 'broken') throw new Error(decision.reason);
  if (decision.kind !== 'decided') throw new Error('no decision');
  return ctx.apply(decision.writes, phaseTitles(ctx, decision.plan));
}

/** Brings one tracker up to date after a person's edit or reopen; returns the writes made and any report. */
export async function updateTracker(
  ctx: RunContext,
  snapshot: TrackerSnapshot,
  event?: TrackerEvent,
): Promise<{ writes: number; report?: FinalReport }> {
  // Who is leaving matters only to escalations: the open trackers are listed only when there are some.
  let [decision] = await decideMany(ctx, [{ snapshot, event }], new Map());
  if (decision?.kind === 'decided' && decision.writes.some((w) => w.kind === 'create-comment' && w.purpose === 'escalation')) {
    const index = await ctx.trackerIndex();
    [decision] = await decideMany(ctx, [{ snapshot, event }], index.leavers(ctx.now));
  }
  if (!decision) throw new Error(`#${snapshot.number}: no decision`);
  try {
    const writes = await applyDecision(ctx, snapshot, decision);
    return { writes, report: decision.kind === 'decided' ? decision.report : undefined };
  } catch (error) {
    throw new Error(`#${snapshot.number}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

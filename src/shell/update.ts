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
import { decideTracker, type TrackerDecision, type TrackerInput } from '../update/decide.js';
import type { StatusRestore } from '../update/steps.js';
import type { RunContext } from './context.js';
import { getPermission } from '../github/permissions.js';
import { decodeLedger } from '../ledger/ledger.js';
import { planFor } from '../tracker/identify.js';
import { readTracker } from '../tracker/parse.js';
import { recordedView } from '../update/quiet.js';
import { dispatchesIn, performDispatches } from './dispatch.js';
import { accessInputs, performRemovals, removalsIn } from './access.js';
import type { WriteBatch } from './batch.js';

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

const DAY_MS = 24 * 3600_000;

/** The departing employee's login and the ledger's last check of their permission here. */
function employeeCheck(snapshot: TrackerSnapshot): { login?: string; last?: { permission: string; at: string } } {
  // An unchanged body need not be parsed again: the record holds its plan.
  const view = recordedView(snapshot);
  if (view) return { login: view.plan.request.employeeLogin, last: view.ledger.employeeAccess };
  const plan = planFor(readTracker(snapshot.body).plan, snapshot.number);
  const status = snapshot.comments.find((c) => c.body.includes(STATUS_MARKER));
  const read = status ? decodeLedger(status.body) : undefined;
  return { login: plan?.request.employeeLogin, last: read?.status === 'ok' ? read.ledger.employeeAccess : undefined };
}

/**
 * Can the person leaving read this tracker? Checked at most once a day while the last check said
 * they can (a quiet sweep spends nothing once they cannot), and before the final report.
 */
async function checkEmployee(ctx: RunContext, login: string): Promise<{ permission: string; at: string }> {
  return { permission: await getPermission(ctx.client, ctx.repo, login), at: ctx.now.toISOString() };
}

function checkDue(ctx: RunContext, last: { permission: string; at: string } | undefined): boolean {
  if (!last) return true;
  return last.permission !== 'none' && ctx.now.getTime() - Date.parse(last.at) >= DAY_MS;
}

/** One tracker's decision, and how to make it again with more facts (this run's dispatch results). */
export interface Decided {
  readonly snapshot: TrackerSnapshot;
  readonly decision: TrackerDecision;
  /** The facts the decision was made from. */
  readonly input: TrackerInput;
  readonly redo: (extra: Partial<TrackerInput>) => TrackerDecision;
}

/** Decides for many trackers at once, fetching the evidence the decisions ask for in batches. */
export async function decideMany(ctx: RunContext, pending: readonly Pending[], leavers: Leavers): Promise<Decided[]> {
  const restored = await restoresFor(ctx, pending.map((p) => p.snapshot));
  const access = await accessInputs(ctx, ctx.org ?? { org: ctx.repo.owner, maxRemovals: 0 }, pending);
  const employee = new Map<number, { permission: string; at: string }>();
  for (const p of pending) {
    const { login, last } = employeeCheck(p.snapshot);
    if (login && checkDue(ctx, last)) employee.set(p.snapshot.number, await checkEmployee(ctx, login));
  }
  const input = (p: Pending): TrackerInput => ({
    snapshot: p.snapshot,
    now: ctx.now,
    labels: ctx.labels,
    event: p.event,
    leavers,
    statusRestore: restored.get(p.snapshot.number),
    access: access.get(p.snapshot.number),
    employeeAccess: employee.get(p.snapshot.number),
  });
  const first = pending.map((p) => decideTracker(input(p)));
  const asking = pending.filter((p, i) => first[i]?.kind === 'needs-history' && p.snapshot.nodeId);
  const histories = asking.length > 0 ? await fetchBodyHistories(ctx.client, asking.map((p) => p.snapshot.nodeId as string)) : new Map();
  return pending.map((p, i) => {
    const asked = first[i];
    // The body the first decision parsed is not parsed again.
    const withHistory: TrackerInput =
      asked?.kind === 'needs-history'
        ? { ...input(p), history: (p.snapshot.nodeId && histories.get(p.snapshot.nodeId)) || [], ...(asked.parsed ? { parsed: asked.parsed } : {}) }
        : input(p);
    const decision = asked?.kind === 'needs-history' ? decideTracker(withHistory) : (asked as TrackerDecision);
    return { snapshot: p.snapshot, decision, input: withHistory, redo: (extra) => decideTracker({ ...withHistory, ...extra }) };
  });
}

/**
 * The safety valve: when more accounts are due for removal in one run than `max-removals`, this run
 * removes none of them, and every tracker and the run's log say why.
 */
export function holdRemovalsBeyondCap(ctx: RunContext, decisions: Decided[]): Decided[] {
  const max = ctx.org?.maxRemovals ?? 0;
  const removing = decisions.filter((d) => d.decision.kind === 'decided' && removalsIn(d.decision.writes).length > 0);
  if (removing.length <= max) return decisions;
  const why = `${removing.length} accounts are due for GitHub access removal in one run, more than max-removals (${max}): none was removed. Raise max-removals for one run, or remove them by hand.`;
  ctx.warn(why);
  return decisions.map((d) => {
    if (!removing.includes(d) || !d.input.access) return d;
    const input = { ...d.input, access: { ...d.input.access, removalsHeld: why } };
    return { ...d, input, decision: d.redo({ access: input.access }), redo: (extra) => d.redo({ access: input.access, ...extra }) };
  });
}

/** Phase label -> phase title, for the description of a phase label created on the way. */
export function phaseTitles(ctx: RunContext, plan: Plan): Map<string, string> {
  return new Map(plan.phases.map((p) => [ctx.labels.phase(p.id), p.title]));
}

/**
 * Applies one tracker's decision; throws for a tracker that cannot be read. Dispatches go first, on
 * their own: the decision is then made again with their results, so what happened is recorded.
 * With a batch (the sweep's), its label changes and status edit may wait there.
 */
export async function applyDecision(ctx: RunContext, item: Decided, batch?: WriteBatch): Promise<{ writes: number; decision: TrackerDecision }> {
  let { decision } = item;
  if (decision.kind === 'broken') throw new Error(decision.reason);
  if (decision.kind !== 'decided') throw new Error('no decision');
  const dispatches = dispatchesIn(decision.writes);
  const removals = removalsIn(decision.writes);
  let made = 0;
  const extra: { -readonly [K in keyof TrackerInput]?: TrackerInput[K] } = {};
  if (dispatches.length > 0) {
    const results = await performDispatches(ctx, dispatches);
    made += ctx.dryRun ? 0 : results.filter((r) => r.error === undefined).length;
    extra.dispatchResults = results;
  }
  if (removals.length > 0 && item.input.access) {
    const plan = decision.plan;
    const results = await performRemovals(ctx, ctx.org ?? { org: ctx.repo.owner, maxRemovals: 0 }, removals, plan.account?.id);
    made += typeof results === 'string' ? 0 : results.length;
    extra.access = typeof results === 'string' ? { ...item.input.access, removalsHeld: results } : { ...item.input.access, removalResults: results };
  }
  // Before the final report: whether the leaver could still read it at completion, checked now.
  const login = decision.plan.request.employeeLogin;
  if (decision.report && login && item.input.employeeAccess?.at !== ctx.now.toISOString()) {
    extra.employeeAccess = await checkEmployee(ctx, login);
  }
  if (dispatches.length > 0 || removals.length > 0 || extra.employeeAccess) {
    decision = item.redo(extra);
    if (decision.kind !== 'decided') throw new Error('no decision');
  }
  // Dispatches and removals were made above, each on its own and recorded; never again here.
  const rest = decision.writes.filter((w) => w.kind !== 'dispatch-workflow' && w.kind !== 'remove-org-access');
  made += await ctx.apply(rest, phaseTitles(ctx, decision.plan), batch);
  return { writes: made, decision };
}

/** Brings one tracker up to date after a person's edit or reopen; returns the writes made and any report. */
export async function updateTracker(
  ctx: RunContext,
  snapshot: TrackerSnapshot,
  event?: TrackerEvent,
): Promise<{ writes: number; report?: FinalReport }> {
  // Who is leaving matters only to escalations: the open trackers are listed only when there are some.
  let [decision] = holdRemovalsBeyondCap(ctx, await decideMany(ctx, [{ snapshot, event }], new Map()));
  if (decision?.decision.kind === 'decided' && decision.decision.writes.some((w) => w.kind === 'create-comment' && w.purpose === 'escalation')) {
    const index = await ctx.trackerIndex();
    [decision] = holdRemovalsBeyondCap(ctx, await decideMany(ctx, [{ snapshot, event }], index.leavers(ctx.now)));
  }
  if (!decision) throw new Error(`#${snapshot.number}: no decision`);
  try {
    const { writes, decision: made } = await applyDecision(ctx, decision);
    return { writes, report: made.kind === 'decided' ? made.report : undefined };
  } catch (error) {
    throw new Error(`#${snapshot.number}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

import { resolveChecklist } from '../checklist/source.js';
import type { Plan } from '../domain.js';
import { STATUS_MARKER, TRACKER_MARKER } from '../domain.js';
import { PLAN_COMMENT_PREFIX } from '../tracker/plan-codec.js';
import { fetchBodyHistory, trackerPages } from '../github/api.js';
import type { FinalReport } from '../report/report.js';
import type { RunContext } from '../run/context.js';
import type { TrackerDecision, TrackerEvent, TrackerSnapshot, TrackerSummary } from './decide.js';
import { decideTracker } from './decide.js';

export interface SweepResult {
  readonly trackers: readonly TrackerSummary[];
  readonly overdue: number;
  readonly writes: number;
  readonly reports: readonly FinalReport[];
  readonly failed: ReadonlyArray<{ readonly issue: number; readonly error: string }>;
}

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
async function decide(ctx: RunContext, snapshot: TrackerSnapshot, event?: TrackerEvent): Promise<TrackerDecision> {
  const input = { snapshot, now: ctx.now, labels: ctx.labels, event };
  const first = decideTracker(input);
  if (first.kind !== 'needs-history') return first;
  const history = await fetchBodyHistory(ctx.client, ctx.repo, snapshot.number);
  return decideTracker({ ...input, history });
}

/** Phase label -> phase title, for the description of a phase label created on the way. */
function phaseTitles(ctx: RunContext, plan: Plan): Map<string, string> {
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

/**
 * The scheduled sweep: every open tracker, a page of 100 per read. One tracker that fails is
 * reported and the others still processed.
 */
export async function sweep(ctx: RunContext, progress: (line: string) => void = ctx.log): Promise<SweepResult> {
  // A broken checklist stops the run before any write, even though trackers carry their own plans.
  await resolveChecklist(ctx.readFile, ctx.checklistPath);
  const trackers: TrackerSummary[] = [];
  const reports: FinalReport[] = [];
  const failed: Array<{ issue: number; error: string }> = [];
  let writes = 0;
  let seen = 0;
  for await (const page of trackerPages(ctx.client, ctx.repo, ctx.labels.base, ctx.warn)) {
    for (const raw of page) {
      const snapshot = await ctx.trusted(raw);
      // Labelled but not (yet) a tracker: a request waiting for intake.
      if (!isTracker(snapshot)) continue;
      seen += 1;
      try {
        const decision = await decide(ctx, snapshot);
        if (decision.kind === 'broken') throw new Error(decision.reason);
        if (decision.kind !== 'decided') throw new Error('no decision');
        writes += await ctx.apply(decision.writes, phaseTitles(ctx, decision.plan));
        if (!decision.summary.complete) trackers.push(decision.summary);
        if (decision.report) reports.push(decision.report);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failed.push({ issue: snapshot.number, error: message });
        ctx.log(`::error::#${snapshot.number}: ${message}`);
      }
    }
    progress(`… ${seen} trackers read`);
  }
  return {
    trackers,
    overdue: trackers.reduce((sum, t) => sum + t.overdue, 0),
    writes,
    reports,
    failed,
  };
}

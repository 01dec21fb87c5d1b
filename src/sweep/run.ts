import { resolveChecklist } from '../checklist/source.js';
import type { FieldDef } from '../form/fields.js';
import { trackerPages } from '../github/api.js';
import { formFields, intakeRequest } from '../intake/run.js';
import type { FinalReport } from '../report/report.js';
import type { RunContext } from '../run/context.js';
import type { TrackerSummary } from './decide.js';
import { decide, isTracker, phaseTitles } from './update.js';

export interface SweepResult {
  readonly trackers: readonly TrackerSummary[];
  readonly overdue: number;
  /** Requests this sweep converted because their own intake run never happened. */
  readonly converted: number;
  readonly writes: number;
  readonly reports: readonly FinalReport[];
  readonly failed: ReadonlyArray<{ readonly issue: number; readonly error: string }>;
}

/**
 * The scheduled sweep: every open tracker, a page of 100 per read. One tracker that fails is
 * reported and the others still processed.
 */
export async function sweep(ctx: RunContext, progress: (line: string) => void = ctx.log): Promise<SweepResult> {
  // A broken checklist stops the run before any write, even though trackers carry their own plans.
  const checklist = await resolveChecklist(ctx.readFile, ctx.checklistPath);
  let fields: readonly FieldDef[] | undefined;
  let converted = 0;
  const trackers: TrackerSummary[] = [];
  const reports: FinalReport[] = [];
  const failed: Array<{ issue: number; error: string }> = [];
  let writes = 0;
  let seen = 0;
  for await (const page of trackerPages(ctx.client, ctx.repo, ctx.labels.base, ctx.warn)) {
    for (const raw of page) {
      const snapshot = await ctx.trusted(raw);
      if (!isTracker(snapshot)) {
        // A request whose `opened` run never happened (the concurrency group cancelled it while
        // pending): intake it now. Idempotent, so a request already answered costs no write.
        const has = (name: string): boolean => snapshot.labels.some((l) => l.toLowerCase() === name.toLowerCase());
        if (!has(ctx.labels.base) || has(ctx.labels.unauthorized)) continue;
        try {
          fields ??= await formFields(ctx);
          const outcome = await intakeRequest(ctx, snapshot, checklist, fields);
          if (outcome.outcome !== 'ignored') writes += outcome.writes;
          if (outcome.outcome === 'converted') converted += 1;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failed.push({ issue: snapshot.number, error: message });
          ctx.error(`#${snapshot.number}: ${message}`);
        }
        continue;
      }
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
        ctx.error(`#${snapshot.number}: ${message}`);
      }
    }
    progress(`… ${seen} trackers read`);
  }
  return {
    trackers,
    overdue: trackers.reduce((sum, t) => sum + t.overdue, 0),
    converted,
    writes,
    reports,
    failed,
  };
}

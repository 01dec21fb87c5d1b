/**
 * The scheduled sweep: every open tracker, a page of 100 per read. One tracker that fails is
 * reported and the others still processed.
 */
import { resolveChecklist } from '../checklist/source.js';
import type { FieldDef } from '../form/fields.js';
import { trackerPages } from '../github/snapshots.js';
import type { FinalReport } from '../report/report.js';
import type { SweepResult } from '../sweep/summary.js';
import { isTracker } from '../tracker/identify.js';
import type { TrackerSummary } from '../update/decide.js';
import type { RunContext } from './context.js';
import { formFields, intakeRequest } from './intake.js';
import { decide, phaseTitles } from './update.js';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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
  const fail = (issue: number, error: unknown): void => {
    failed.push({ issue, error: message(error) });
    ctx.error(`#${issue}: ${message(error)}`);
  };
  for await (const page of trackerPages(ctx.client, ctx.repo, { label: ctx.labels.base, states: ['OPEN'], warn: ctx.warn })) {
    for (const raw of page) {
      const snapshot = await ctx.trusted(raw);
      if (!isTracker(snapshot)) {
        // A request whose `opened` run never happened (the concurrency group cancelled it while
        // pending): intake it now. Idempotent, so a request already answered costs no write.
        // An API may ignore the label filter: only requests that carry the label are intaken.
        const has = (name: string): boolean => snapshot.labels.some((l) => l.toLowerCase() === name.toLowerCase());
        if (!has(ctx.labels.base) || has(ctx.labels.unauthorized)) continue;
        try {
          fields ??= await formFields(ctx);
          const outcome = await intakeRequest(ctx, snapshot, checklist, fields);
          if (outcome.outcome !== 'ignored') writes += outcome.writes;
          if (outcome.outcome === 'converted') converted += 1;
        } catch (error) {
          fail(snapshot.number, error);
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
        fail(snapshot.number, error);
      }
    }
    progress(`… ${seen} trackers read`);
  }
  return { trackers, overdue: trackers.reduce((sum, t) => sum + t.overdue, 0), converted, writes, reports, failed };
}

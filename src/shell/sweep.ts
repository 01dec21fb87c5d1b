/**
 * The scheduled sweep: every open tracker (a page of 100 per read), the requests whose own run never
 * happened, decided together so the evidence they need is fetched in batches. One tracker that fails
 * is reported and the others still processed.
 */
import { VALIDATION_MARKER } from '../domain/markers.js';
import { looksLikeForm } from '../form/parse.js';
import { trackerPages } from '../github/snapshots.js';
import type { FinalReport } from '../report/build.js';
import type { SweepResult } from '../sweep/summary.js';
import type { TrackerSnapshot } from '../domain/types.js';
import { isTracker } from '../tracker/identify.js';
import type { TrackerSummary } from '../update/decide.js';
import type { RunContext } from './context.js';
import { TrackerIndex } from './index.js';
import { keepDashboard } from './dashboard.js';
import { intakeRequest } from './intake.js';
import { applyDecision, decideMany, holdRemovalsBeyondCap } from './update.js';

/**
 * A request the action already answered (it needs fixing) and nobody edited since: intake would
 * say the same again, so a quiet sweep spends no reads on it. An edit runs intake through its event,
 * and through the next sweep should that run be dropped. (A request held up by a broken checklist
 * is tried again: the checklist may be fixed.)
 */
function answeredSinceEdit(snapshot: TrackerSnapshot): boolean {
  const answer = snapshot.comments.find((c) => c.body.includes(VALIDATION_MARKER));
  if (!answer) return false;
  const answeredAt = Date.parse(answer.editedAt ?? answer.createdAt);
  return answeredAt >= Date.parse(snapshot.bodyEditedAt ?? snapshot.createdAt);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function sweep(ctx: RunContext, progress: (line: string) => void = ctx.log): Promise<SweepResult> {
  // A broken checklist stops the run before any write, even though trackers carry their own plans.
  await ctx.checklist();
  const has = (snapshot: TrackerSnapshot, name: string): boolean => snapshot.labels.some((l) => l.toLowerCase() === name.toLowerCase());

  const snapshots: TrackerSnapshot[] = [];
  let recent: TrackerSnapshot[] = [];
  const pages = trackerPages(ctx.client, ctx.repo, {
    label: ctx.labels.base,
    states: ['OPEN'],
    warn: ctx.warn,
    recent: (found) => (recent = found),
  });
  for await (const page of pages) {
    for (const raw of page) snapshots.push(await ctx.trusted(raw));
    progress(`… ${snapshots.length} issues read`);
  }
  // GitHub drops a form's label that the repository lacks: the newest unlabelled form-shaped issues are requests too.
  const unlabelled: TrackerSnapshot[] = [];
  const candidates = recent.filter((raw) => !has(raw, ctx.labels.base));
  if (candidates.length > 0) {
    const { fields } = await ctx.setup();
    for (const raw of candidates) if (looksLikeForm(raw.body, fields)) unlabelled.push(await ctx.trusted(raw));
  }

  const index = new TrackerIndex();
  index.addSnapshots(snapshots);
  ctx.provideIndex(index);
  const trackers = snapshots.filter(isTracker);
  // A request whose `opened` run never happened (the concurrency group cancelled it while pending).
  // An API may ignore the label filter: only requests that carry the label, or have the form's shape.
  const requests = [
    ...snapshots.filter((s) => !isTracker(s) && has(s, ctx.labels.base) && !has(s, ctx.labels.unauthorized)),
    ...unlabelled.filter((s) => !isTracker(s)),
  ].filter((s) => !answeredSinceEdit(s));

  const summaries: TrackerSummary[] = [];
  const reports: FinalReport[] = [];
  const failed: Array<{ issue: number; error: string }> = [];
  let writes = 0;
  let converted = 0;
  const fail = (issue: number, error: unknown): void => {
    failed.push({ issue, error: message(error) });
    ctx.error(`#${issue}: ${message(error)}`);
  };

  const decisions = holdRemovalsBeyondCap(ctx, await decideMany(ctx, trackers.map((snapshot) => ({ snapshot })), index.leavers(ctx.now)));
  for (const item of decisions) {
    try {
      const { writes: made, decision } = await applyDecision(ctx, item);
      writes += made;
      if (decision.kind === 'decided') {
        if (!decision.summary.complete) summaries.push(decision.summary);
        if (decision.report) reports.push(decision.report);
      }
    } catch (error) {
      fail(item.snapshot.number, error);
    }
  }
  for (const snapshot of requests) {
    try {
      const outcome = await intakeRequest(ctx, snapshot, await ctx.setup());
      if (outcome.outcome !== 'ignored') writes += outcome.writes;
      if (outcome.outcome === 'converted') converted += 1;
    } catch (error) {
      fail(snapshot.number, error);
    }
  }
  if (ctx.dashboard) {
    try {
      writes += await keepDashboard(ctx, summaries, ctx.dashboard.repoUrl);
    } catch (error) {
      fail(0, new Error(`the dashboard issue: ${message(error)}`));
    }
  }
  progress(`… ${trackers.length} trackers and ${requests.length} requests processed`);
  return {
    trackers: summaries,
    overdue: summaries.reduce((sum, t) => sum + t.overdue, 0),
    converted,
    writes,
    reports,
    failed,
    dryRun: ctx.dryRun,
  };
}

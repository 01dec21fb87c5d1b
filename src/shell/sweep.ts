/**
 * The scheduled sweep: every open tracker (a page of 100 per read), the requests whose own run never
 * happened, decided together so the evidence they need is fetched in batches. One tracker that fails
 * is reported and the others still processed.
 */
import { VALIDATION_MARKER } from '../domain/markers.js';
import { looksLikeForm } from '../form/parse.js';
import { trackerPages } from '../github/snapshots.js';
import type { FinalReport } from '../report/build.js';
import { allotContent, COMMENT_SPACING_MS, contentDemands, contentRoom, heldTotal, recentContent, type ContentDemand } from '../sweep/budget.js';
import type { ContentSpending, SweepResult } from '../sweep/summary.js';
import type { TrackerSnapshot } from '../domain/types.js';
import { isTracker } from '../tracker/identify.js';
import type { TrackerSummary } from '../update/decide.js';
import type { RunContext } from './context.js';
import { TrackerIndex } from './index.js';
import { keepDashboard } from './dashboard.js';
import { intakeRequest } from './intake.js';
import { applyDecision, decideMany, holdRemovalsBeyondCap, type Decided } from './update.js';
import { BATCH_TRACKERS } from './batch.js';

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

/**
 * Spends the run's content budget (sweep/budget.ts): what the action created in the hour before
 * counts against it; requests whose intake never ran come first, then security escalations, other
 * escalations, reports and reminders. A tracker's held content is decided again without it, so it
 * is neither posted nor recorded: the next sweep finds it still due.
 */
function spendContent(
  ctx: RunContext,
  decisions: Decided[],
  requests: readonly TrackerSnapshot[],
  seen: readonly TrackerSnapshot[],
): { decisions: Decided[]; requests: TrackerSnapshot[]; spending: ContentSpending } {
  const comments = seen.flatMap((s) => s.comments);
  const recent = recentContent(comments, ctx.now);
  // The client spaces created comments 3 s apart (scaled in emulator runs): github/client.ts.
  const room = contentRoom(comments, ctx.now, ctx.budget.perHour, COMMENT_SPACING_MS * (ctx.timeScale ?? 1));
  const demands: ContentDemand[] = [
    ...requests.map((r): ContentDemand => ({ issue: r.number, kind: 'request', cost: 1, since: Date.parse(r.createdAt) })),
    ...decisions.flatMap((d) => (d.decision.kind === 'decided' ? contentDemands(d.snapshot.number, d.decision.plan, d.decision.writes) : [])),
  ];
  const allotment = allotContent(demands, room);
  const spending: ContentSpending = { perHour: ctx.budget.perHour, recent, room, planned: allotment.spent, held: allotment.heldCounts };
  if (allotment.held.size === 0) return { decisions, requests: [...requests], spending };
  const kept = decisions.map((d) => {
    const kinds = allotment.held.get(d.snapshot.number);
    if (!kinds) return d;
    const held = { escalations: [...kinds].some((k) => k !== 'report'), report: kinds.has('report') };
    const input = { ...d.input, held };
    return { ...d, input, decision: d.redo({ held }), redo: (extra: Parameters<Decided['redo']>[0]) => d.redo({ held, ...extra }) };
  });
  return { decisions: kept, requests: requests.filter((r) => !allotment.held.has(r.number)), spending };
}

/** The log's and the annotation's account of what waits for the next run, and why. */
export function heldMessage(spending: ContentSpending): string | undefined {
  if (heldTotal(spending.held) === 0) return undefined;
  const parts = [
    [spending.held['security-escalation'], 'security escalation comment'],
    [spending.held.escalation, 'escalation comment'],
    [spending.held.report, 'report part'],
    [spending.held.reminder, 'reminder'],
    [spending.held.request, 'request conversion'],
  ] as const;
  const what = parts
    .filter(([n]) => n > 0)
    .map(([n, name]) => `${n} ${name}${n === 1 ? '' : 's'}`)
    .join(', ');
  return `Held back for the next sweep: ${what}. GitHub allows 500 content-creating requests an hour; the action keeps any hour to ${spending.perHour}, and created ${spending.recent} in the hour before this run, which left room for ${spending.room}. Held content is not recorded as posted: the next sweeps post it, security escalations first.`;
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

  const decided = holdRemovalsBeyondCap(ctx, await decideMany(ctx, trackers.map((snapshot) => ({ snapshot })), index.leavers(ctx.now)));
  const { decisions, requests: admitted, spending } = spendContent(ctx, decided, requests, [...snapshots, ...unlabelled]);
  const held = heldMessage(spending);
  if (held) ctx.warn(held);
  // Label changes and status edits of many trackers travel together (GraphQL mutations); comments do not.
  const batch = ctx.batch(trackers);
  const flush = async (): Promise<void> => {
    for (const failure of await batch.flush()) {
      writes -= failure.writes;
      const at = summaries.findIndex((s) => s.issue === failure.issue);
      if (at >= 0) summaries.splice(at, 1);
      fail(failure.issue, failure.error);
    }
  };
  for (const item of decisions) {
    try {
      const { writes: made, decision } = await applyDecision(ctx, item, batch);
      writes += made;
      if (decision.kind === 'decided') {
        if (!decision.summary.complete) summaries.push(decision.summary);
        if (decision.report) reports.push(decision.report);
      }
    } catch (error) {
      fail(item.snapshot.number, error);
    }
    if (batch.pending() >= BATCH_TRACKERS) await flush();
  }
  await flush();
  for (const snapshot of admitted) {
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
    content: { ...spending, made: ctx.contentMade() },
  };
}

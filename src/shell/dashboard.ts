/**
 * The dashboard issue (`dashboard: true`): after the sweep, one bounded read finds it, the core
 * decides, and the one write gate creates or edits it (a dry run prints it instead).
 */
import { decideDashboard, type DashboardDecision } from '../dashboard/decide.js';
import { isOwnDashboard, type DashboardIssue } from '../dashboard/identify.js';
import { DASHBOARD_MARKER } from '../domain/markers.js';
import { isOwn, type Trust } from '../domain/trust.js';
import { findDashboards } from '../github/dashboard.js';
import { trustForToken } from '../github/identity.js';
import type { TrackerSummary } from '../update/summary.js';
import type { RunContext } from './context.js';

/**
 * The trust that recognises the dashboard's author. Under a personal token the action's issue is
 * authored by that person, whom the run's trust may not know yet (it learns the login only on
 * meeting a marker comment): then the token is asked once who it is, rather than taking the
 * action's own dashboard for a person's and opening a second one.
 */
async function trustFor(ctx: RunContext, found: readonly DashboardIssue[]): Promise<Trust> {
  const trust = ctx.currentTrust();
  const unknown = found.some((i) => i.body.includes(DASHBOARD_MARKER) && i.author !== undefined && !isOwn(i.author, trust));
  if (!unknown || found.some((i) => isOwnDashboard(i, trust))) return trust;
  const own = await trustForToken(ctx.client);
  return { logins: new Set([...trust.logins, ...own.logins]) };
}

/** What the dashboard step decided and how many writes it made (0 in a dry run). */
export interface DashboardOutcome {
  readonly decision: DashboardDecision;
  readonly writes: number;
}

/**
 * Keeps the dashboard issue current from the sweep's open trackers: creates it once, edits its body
 * only when what it shows changed. Returns the writes made.
 *
 * @param summaries the sweep's `trackers` (open, not complete)
 * @param repoUrl `https://github.com/OWNER/REPO`, for the links to the trackers
 */
export async function keepDashboard(ctx: RunContext, summaries: readonly TrackerSummary[], repoUrl: string): Promise<number> {
  return (await dashboardStep(ctx, summaries, repoUrl)).writes;
}

/** {@link keepDashboard}, with the decision (which issue, its body, duplicates) for callers that report it. */
export async function dashboardStep(ctx: RunContext, summaries: readonly TrackerSummary[], repoUrl: string): Promise<DashboardOutcome> {
  const found = await findDashboards(ctx.client, ctx.repo, ctx.labels.dashboard);
  // The zone new trackers get: the checklist's (already read by the sweep), else the input.
  const timezone = (await ctx.checklist()).timezone ?? ctx.timezone;
  const decision = decideDashboard({
    trackers: summaries,
    repoUrl,
    timezone,
    labels: ctx.labels,
    found,
    trust: await trustFor(ctx, found),
  });
  if (decision.duplicates.length > 0) {
    ctx.warn(
      `More than one offboarding dashboard: #${decision.issue} is kept current; ${decision.duplicates.map((n) => `#${n}`).join(', ')} can be closed.`,
    );
  }
  if (decision.writes.length === 0) ctx.log(`Dashboard #${decision.issue}: unchanged.`);
  return { decision, writes: await ctx.apply(decision.writes) };
}

/**
 * Keeping the one dashboard issue: created once when the action has none, its body edited only when
 * the content changed. Several of the action's own (a lost answer before the look-up existed, two
 * runs at once): the oldest is kept and the others named, never a new one.
 *
 * A dashboard a person closed stays closed and is still edited in place: closing is a person's
 * choice the action does not overturn (reopening would fight them on every sweep), a closed issue
 * still shows current content to whoever follows its link, and creating another would make two.
 * Turning it off is `dashboard: false`.
 */
import type { LabelSet } from '../domain/labels.js';
import type { Trust } from '../domain/trust.js';
import type { Write } from '../domain/writes.js';
import type { TrackerSummary } from '../update/summary.js';
import { isOwnDashboard, type DashboardIssue } from './identify.js';
import { DASHBOARD_TITLE, renderDashboard } from './render.js';

export interface DashboardInput {
  readonly trackers: readonly TrackerSummary[];
  readonly repoUrl: string;
  readonly timezone: string;
  readonly labels: LabelSet;
  /** What the bounded read found under the dashboard label (people's issues among them). */
  readonly found: readonly DashboardIssue[];
  readonly trust: Trust;
  /** Longest body (tests); default GitHub's limit less a margin. */
  readonly limit?: number;
}

export interface DashboardDecision {
  readonly body: string;
  /** The dashboard kept; absent when it is to be created. */
  readonly issue?: number;
  readonly closed: boolean;
  /** The action's other dashboards, newer than the one kept: left alone, worth closing by hand. */
  readonly duplicates: readonly number[];
  readonly writes: readonly Write[];
}

/** GitHub hands a body back as it was written, but a person's edit in the browser brings CRLF. */
function sameBody(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\r\n?/g, '\n').trimEnd();
  return norm(a) === norm(b);
}

function oldestFirst(a: DashboardIssue, b: DashboardIssue): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number;
}

/** The writes that keep the dashboard current: none when nothing it shows has changed. */
export function decideDashboard(input: DashboardInput): DashboardDecision {
  const body = renderDashboard({
    trackers: input.trackers,
    repoUrl: input.repoUrl,
    timezone: input.timezone,
    label: input.labels.base,
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
  });
  const own = input.found.filter((issue) => isOwnDashboard(issue, input.trust)).sort(oldestFirst);
  const [kept, ...others] = own;
  const duplicates = others.map((o) => o.number);
  if (!kept) {
    return { body, closed: false, duplicates, writes: [{ kind: 'create-dashboard', title: DASHBOARD_TITLE, body, labels: [input.labels.dashboard] }] };
  }
  const writes: Write[] = sameBody(kept.body, body) ? [] : [{ kind: 'update-dashboard', issue: kept.number, body }];
  return { body, issue: kept.number, closed: kept.state === 'closed', duplicates, writes };
}

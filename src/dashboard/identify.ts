/**
 * Which issue is the dashboard: the action's own issue carrying the dashboard marker. It is never a
 * request nor a tracker, whatever its body looks like or whichever labels a person adds to it.
 */
import type { LabelSet } from '../domain/labels.js';
import { DASHBOARD_MARKER } from '../domain/markers.js';
import { isOwn, type Trust } from '../domain/trust.js';
import type { Actor, TrackerSnapshot } from '../domain/types.js';

/** An issue the bounded read found under the dashboard label. */
export interface DashboardIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly createdAt: string;
  /** Who opened it, as GitHub says (a bot, or a person). */
  readonly author?: Actor;
  readonly labels: readonly string[];
}

/** The action opened it and its body carries the marker: a person's issue with the label is not the dashboard. */
export function isOwnDashboard(issue: DashboardIssue, trust: Trust): boolean {
  return issue.body.includes(DASHBOARD_MARKER) && isOwn(issue.author, trust);
}

/**
 * For intake and the sweep: an issue labelled as the dashboard, or one the action opened whose body
 * carries the dashboard marker, is neither a request nor a tracker. (A snapshot names its author by
 * login only; REST and the trust name the workflow token's bot, GraphQL names it without `[bot]`.)
 */
export function isDashboard(snapshot: TrackerSnapshot, trust: Trust, labels: LabelSet): boolean {
  if (snapshot.labels.some((l) => l.toLowerCase() === labels.dashboard.toLowerCase())) return true;
  const author = { login: snapshot.author, bot: snapshot.author.endsWith('[bot]') };
  return snapshot.body.includes(DASHBOARD_MARKER) && isOwn(author, trust);
}

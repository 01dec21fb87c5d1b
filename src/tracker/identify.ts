/** Which issues are trackers: those the action converted, never those that merely carry its markers. */
import { escalationKeys, reportKey, STATUS_MARKER } from '../domain/markers.js';
import type { Plan, TrackerSnapshot } from '../domain/types.js';
import { parseTracker } from './parse.js';

/** The plan counts for this issue only: a plan pasted from another tracker's body does not. */
export function planFor(plan: Plan | undefined, issue: number): Plan | undefined {
  return plan && (plan.issue === undefined || plan.issue === issue) ? plan : undefined;
}

/**
 * A tracker carries the hidden plan the action wrote for this very issue, or the action's own
 * status, escalation or report comments (the snapshot holds only the action's comments). A marker typed, forged or
 * pasted into a request makes none: that issue is a request like any other.
 */
export function isTracker(snapshot: TrackerSnapshot): boolean {
  // The action's status, escalation or report comment: only a converted issue gets those.
  if (snapshot.comments.some((c) => c.body.includes(STATUS_MARKER) || escalationKeys(c.body).length > 0 || reportKey(c.body) !== undefined)) return true;
  // A plan counts here only when it names this issue: a body pasted from another tracker (older
  // plans name none) is a request. Older trackers are still known by the action's own comments.
  return parseTracker(snapshot.body).plan?.issue === snapshot.number;
}

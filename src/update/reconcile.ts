/**
 * What labels and assignees a tracker should have, and the writes that get it there: shared by the
 * decision's steps and by the check that an unchanged tracker needs nothing (quiet.ts).
 */
import type { LabelSet } from '../domain/labels.js';
import { MAX_ASSIGNEES } from '../domain/limits.js';
import { sameLogin, uniqueLogins } from '../domain/login.js';
import type { Plan } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import type { Progress } from '../tracker/progress.js';

/** The labels a tracker should carry: the family label, overdue and security-overdue iff so, the current phase's label. */
export function wantedLabels(progress: Progress, cancelled: boolean, labels: LabelSet): Set<string> {
  const want = new Set<string>([labels.base]);
  if (cancelled) want.add(labels.cancelled);
  else if (!progress.complete) {
    if (progress.overdue.length > 0) want.add(labels.overdue);
    if (progress.overdue.some((t) => t.security)) want.add(labels.securityOverdue);
    if (progress.currentPhase) want.add(labels.phase(progress.currentPhase));
  }
  return want;
}

/** What makes an issue's labels `want`, touching only the labels the action manages. */
export function labelWrites(issue: number, have: readonly string[], want: ReadonlySet<string>, labels: LabelSet): Write[] {
  const wanted = new Set([...want].map((l) => l.toLowerCase()));
  const current = new Map(have.map((l) => [l.toLowerCase(), l]));
  const managed = (name: string): boolean =>
    [labels.overdue, labels.securityOverdue, labels.cancelled].some((l) => l.toLowerCase() === name.toLowerCase()) || labels.isPhase(name);
  const writes: Write[] = [];
  const add = [...want].filter((l) => !current.has(l.toLowerCase()));
  if (add.length > 0) writes.push({ kind: 'add-labels', issue, labels: add });
  for (const [lower, name] of current) {
    if (managed(name) && !wanted.has(lower)) writes.push({ kind: 'remove-label', issue, label: name });
  }
  return writes;
}

/**
 * The people a tracker should have assigned: the owners of open tasks (security owners first, at
 * most ten), never the leaver nor anyone GitHub could not assign at intake.
 */
export function wantedAssignees(plan: Plan, progress: Progress): string[] {
  const open = progress.tasks.filter((t) => t.state === 'open' && !t.extra);
  const ordered = [...open.filter((t) => t.security), ...open.filter((t) => !t.security)];
  const unassignable = plan.unassignable ?? [];
  return uniqueLogins(ordered.flatMap((t) => t.ownerLogins))
    .filter((l) => !sameLogin(l, plan.request.employeeLogin) && !unassignable.some((u) => sameLogin(u, l)))
    .slice(0, MAX_ASSIGNEES);
}

/** Who to unassign (people the action assigned who are no longer wanted) and whom to assign (room permitting). */
export function assigneeChanges(current: readonly string[], wanted: readonly string[], assignedByAction: readonly string[]): { add: string[]; remove: string[] } {
  const has = (list: readonly string[], login: string): boolean => list.some((l) => sameLogin(l, login));
  const remove = current.filter((l) => has(assignedByAction, l) && !has(wanted, l));
  const room = MAX_ASSIGNEES - (current.length - remove.length);
  const add = wanted.filter((l) => !has(current, l)).slice(0, Math.max(0, room));
  return { add, remove };
}

import { sameLogin, uniqueLogins } from '../domain/login.js';
import { escalationKey, escalationKeys, escalationMarker, parseEscalationKey } from '../domain/markers.js';
import { formatInstant } from '../domain/time.js';
import type { EscalationLevel, NotifyTarget, Plan } from '../domain/types.js';
import type { EscalationRecord, Ledger } from '../ledger/ledger.js';
import { mention } from '../markdown/neutralise.js';
import { addOffset } from '../plan/due.js';
import type { Progress, TaskStatus } from '../tracker/progress.js';

export { escalationKey };

export interface NewEscalation {
  readonly task: TaskStatus;
  readonly level: number;
  readonly levelCount: number;
  readonly notify: readonly NotifyTarget[];
  /** The people this level names, deduplicated, never the departing employee. */
  readonly people: readonly string[];
}

export function ladderFor(plan: Plan, security: boolean): readonly EscalationLevel[] {
  return security ? plan.escalation.security : plan.escalation.default;
}

/** Who a level of the ladder names for this task, minus the departing employee. */
export function peopleFor(plan: Plan, task: TaskStatus, notify: readonly NotifyTarget[]): string[] {
  const named: string[] = [];
  for (const target of notify) {
    if (target === 'owners') named.push(...task.ownerLogins);
    if (target === 'manager') named.push(plan.request.manager);
    if (target === 'escalate-to') named.push(...task.escalateTo);
  }
  const people = uniqueLogins(named).filter((login) => !sameLogin(login, plan.request.employeeLogin));
  return people.length > 0 ? people : [plan.requester];
}

/**
 * Escalations that are due now and were never posted: each (task, level) at most once, ever.
 * `posted` holds keys already recorded (ledger) or already visible in escalation comments.
 */
export function newEscalations(plan: Plan, progress: Progress, posted: ReadonlySet<string>, now: Date): NewEscalation[] {
  const result: NewEscalation[] = [];
  for (const task of progress.tasks) {
    if (!task.overdue || task.extra) continue;
    const ladder = ladderFor(plan, task.security);
    ladder.forEach((level, index) => {
      if (posted.has(escalationKey(task.key, index))) return;
      const at = addOffset(task.due, level.after, plan.timezone);
      if (now.getTime() < at.getTime()) return;
      result.push({
        task,
        level: index,
        levelCount: ladder.length,
        notify: level.notify,
        people: peopleFor(plan, task, level.notify),
      });
    });
  }
  return result;
}

export function postedKeys(ledger: Ledger, commentKeys: Iterable<string>): Set<string> {
  const keys = new Set<string>(commentKeys);
  for (const record of ledger.escalations) keys.add(escalationKey(record.task, record.level));
  return keys;
}

/** Escalations visible in the action's own escalation comments, as ledger records. */
export function escalationsInComments(
  comments: ReadonlyArray<{ readonly body: string; readonly createdAt: string }>,
): EscalationRecord[] {
  return comments.flatMap((comment) =>
    escalationKeys(comment.body).map((key) => ({ ...parseEscalationKey(key), at: comment.createdAt, notified: [] })),
  );
}

/** One comment with every new escalation of one tracker in this run. */
export function renderEscalationComment(plan: Plan, escalations: readonly NewEscalation[]): string {
  const security = escalations.some((e) => e.task.security);
  const lines = [
    escalationMarker(escalations.map((e) => escalationKey(e.task.key, e.level))),
    security
      ? '### 🚨 Overdue offboarding tasks — access is still open'
      : '### ⏰ Overdue offboarding tasks',
    '',
  ];
  const ordered = [...escalations].sort(
    (a, b) => Number(b.task.security) - Number(a.task.security) || a.task.due.getTime() - b.task.due.getTime(),
  );
  for (const e of ordered) {
    const step = e.levelCount > 1 ? ` (escalation ${e.level + 1} of ${e.levelCount})` : '';
    lines.push(
      `- ${e.task.security ? '🔒 ' : ''}**${e.task.title}** — due ${formatInstant(e.task.due, plan.timezone)}${step}: ${e.people.map(mention).join(' ')}`,
    );
  }
  lines.push('', 'Tick the task in the issue body once it is done, or tick it and write `N/A: reason` if it does not apply.');
  return lines.join('\n');
}

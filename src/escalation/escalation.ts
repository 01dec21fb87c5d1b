import { sameLogin, uniqueLogins } from '../domain/login.js';
import { escalationKey, escalationKeys, escalationMarker, parseEscalationKey } from '../domain/markers.js';
import { formatInstant } from '../domain/time.js';
import type { EscalationLevel, NotifyTarget, Plan } from '../domain/types.js';
import type { EscalationRecord, Ledger } from '../ledger/ledger.js';
import { inline, mention } from '../markdown/neutralise.js';
import { addOffset } from '../plan/due.js';
import { nextWorkingInstant } from './hours.js';
import type { Progress, TaskStatus } from '../tracker/progress.js';

export { escalationKey };

export interface NewEscalation {
  readonly task: TaskStatus;
  readonly level: number;
  readonly levelCount: number;
  /** A reminder before the task falls due (a level with a negative `after`). */
  readonly reminder: boolean;
  readonly notify: readonly NotifyTarget[];
  /** The people this level names, deduplicated, never the departing employee nor another leaver. */
  readonly people: readonly string[];
  /** People the level names who are leaving themselves (an open offboarding of their own): not mentioned. */
  readonly skipped: ReadonlyArray<{ readonly login: string; readonly tracker: number }>;
}

/** Logins (lower case) of people who are leaving: their own open offboarding, last day passed. */
export type Leavers = ReadonlyMap<string, number>;

export function ladderFor(plan: Plan, security: boolean): readonly EscalationLevel[] {
  return security ? plan.escalation.security : plan.escalation.default;
}

/** Who a level of the ladder names for this task, minus the departing employee and other leavers. */
export function peopleFor(
  plan: Plan,
  task: TaskStatus,
  notify: readonly NotifyTarget[],
  leavers: Leavers = new Map(),
): { people: string[]; skipped: Array<{ login: string; tracker: number }> } {
  const named: string[] = [];
  for (const target of notify) {
    if (target === 'owners') named.push(...task.ownerLogins);
    if (target === 'manager') named.push(plan.request.manager);
    if (target === 'escalate-to') named.push(...task.escalateTo);
  }
  const skipped: Array<{ login: string; tracker: number }> = [];
  const people = uniqueLogins(named).filter((login) => {
    if (sameLogin(login, plan.request.employeeLogin)) return false;
    const tracker = leavers.get(login.toLowerCase());
    if (tracker !== undefined && tracker !== plan.issue) {
      skipped.push({ login, tracker });
      return false;
    }
    return true;
  });
  return { people: people.length > 0 ? people : [plan.requester], skipped };
}

/**
 * When a level of a task's ladder is due: its offset from the task's due instant, moved to the next
 * working minute when `escalation.hours` is set — except security escalations of an involuntary
 * departure, which never wait.
 */
export function levelDue(plan: Plan, task: TaskStatus, level: EscalationLevel): Date {
  const at = addOffset(task.due, level.after, plan.timezone);
  const hours = plan.escalation.hours;
  if (!hours || (task.security && plan.request.departureType === 'Involuntary')) return at;
  return nextWorkingInstant(at, hours, plan.timezone);
}

/**
 * Escalations (and reminders) that are due now and were never posted: each (task, level) at most
 * once, ever. `posted` holds keys already recorded (ledger) or already visible in escalation comments.
 * A reminder is for an open task that is not yet overdue, and never for one set up after its time.
 */
export function newEscalations(
  plan: Plan,
  progress: Progress,
  posted: ReadonlySet<string>,
  now: Date,
  leavers: Leavers = new Map(),
): NewEscalation[] {
  const result: NewEscalation[] = [];
  const intake = Date.parse(plan.intakeAt);
  for (const task of progress.tasks) {
    if (task.extra || task.state !== 'open') continue;
    const ladder = ladderFor(plan, task.security);
    ladder.forEach((level, index) => {
      if (posted.has(escalationKey(task.key, index))) return;
      const reminder = level.after.amount < 0;
      if (reminder ? task.overdue : !task.overdue) return;
      const at = levelDue(plan, task, level);
      if (now.getTime() < at.getTime()) return;
      if (reminder && addOffset(task.due, level.after, plan.timezone).getTime() < intake) return;
      const { people, skipped } = peopleFor(plan, task, level.notify, leavers);
      const climbing = ladder.filter((l) => l.after.amount >= 0);
      result.push({
        task,
        level: index,
        levelCount: climbing.length,
        reminder,
        notify: level.notify,
        people,
        skipped,
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

/** One comment with every new escalation and reminder of one tracker in this run. */
export function renderEscalationComment(plan: Plan, escalations: readonly NewEscalation[]): string {
  const overdue = escalations.filter((e) => !e.reminder);
  const reminders = escalations.filter((e) => e.reminder);
  const security = overdue.some((e) => e.task.security);
  const lines = [escalationMarker(escalations.map((e) => escalationKey(e.task.key, e.level)))];
  const order = (a: NewEscalation, b: NewEscalation): number =>
    Number(b.task.security) - Number(a.task.security) || a.task.due.getTime() - b.task.due.getTime();
  const line = (e: NewEscalation): string => {
    const climbing = plan.escalation[e.task.security ? 'security' : 'default'].filter((l) => l.after.amount >= 0);
    const step = !e.reminder && climbing.length > 1 ? ` (escalation ${climbing.indexOf(ladderFor(plan, e.task.security)[e.level] as EscalationLevel) + 1} of ${climbing.length})` : '';
    const skipped = e.skipped.length > 0 ? ` _(not notified: ${e.skipped.map((s) => `${s.login}, who is leaving — #${s.tracker}`).join('; ')})_` : '';
    return `- ${e.task.security ? '🔒 ' : ''}**${inline(e.task.title, 120)}** — due ${formatInstant(e.task.due, plan.timezone)}${step}: ${e.people.map(mention).join(' ')}${skipped}`;
  };
  const capped = (items: NewEscalation[]): string[] => {
    const sorted = [...items].sort(order);
    const shown = sorted.slice(0, 60).map(line);
    return sorted.length > 60 ? [...shown, `- … and ${sorted.length - 60} more tasks: see the status comment`] : shown;
  };
  if (overdue.length > 0) {
    lines.push(security ? '### 🚨 Overdue offboarding tasks — access is still open' : '### ⏰ Overdue offboarding tasks', '', ...capped(overdue), '');
  }
  if (reminders.length > 0) lines.push('### 🔔 Offboarding tasks due soon', '', ...capped(reminders), '');
  lines.push('Tick the task in the issue body once it is done, or tick it and write `N/A: reason` if it does not apply.');
  return lines.join('\n');
}

/**
 * The sweep's budget for requests that create content (comments, issues). GitHub allows at most 80
 * content-generating requests a minute and 500 an hour (a secondary limit, GITHUB-FACTS "Limits"),
 * counting everything the token creates, through any API: the sweep keeps every hour at 450 or
 * fewer, the shell paces every minute to 70. A backlog (hundreds of trackers overdue at
 * once) must neither trip that limit nor lose anything: the escalations that do not fit are not
 * posted and not recorded, so the next sweep finds them due and posts them — security escalations
 * first, then other escalations, final reports, and reminders last.
 */
import { escalationKeys, parseEscalationKey } from '../domain/markers.js';
import type { ActionComment, Plan } from '../domain/types.js';
import type { Write } from '../domain/writes.js';
import { ladderFor } from '../escalation/escalation.js';

export interface ContentBudget {
  /**
   * Content-creating requests in any hour. 450, not GitHub's 500: a sweep runs hourly, and event
   * runs (intake, a tick that completes a tracker, a command's reply) create content in the same
   * hour; 50 are left for them.
   */
  readonly perHour: number;
  /** Content-creating requests in any minute (GitHub: 80); the shell paces them. */
  readonly perMinute: number;
}

export const CONTENT_BUDGET: ContentBudget = { perHour: 450, perMinute: 70 };

const HOUR_MS = 3600_000;

/** How far apart the client posts created comments (Octokit's throttling, github/client.ts), at time scale 1. */
export const COMMENT_SPACING_MS = 3000;

/** What a piece of content is for, most urgent first: the order in which the budget is spent. */
export type ContentKind =
  /** A status comment made afresh, an owner notice: the record itself, or once per tracker. Never held. */
  | 'record'
  /** A request whose own intake run never happened: its conversion (or its one answer) starts the clock. */
  | 'request'
  /** An escalation comment naming an overdue security task (access is still open). */
  | 'security-escalation'
  | 'escalation'
  | 'report'
  /** Only reminders before a deadline: if they wait past it, the escalation takes their place. */
  | 'reminder';

const RANK: Readonly<Record<ContentKind, number>> = { record: 0, request: 1, 'security-escalation': 2, escalation: 3, report: 4, reminder: 5 };

/** One tracker's content in this run: what it is for, how many requests, how urgent. */
export interface ContentDemand {
  readonly issue: number;
  readonly kind: ContentKind;
  /** Content-creating requests (a split report is one comment a part). */
  readonly cost: number;
  /** Epoch ms of the most overdue task the content is about: earlier goes first within a kind. */
  readonly since: number;
}

/** The writes that create content: a comment, an issue. */
export function createsContent(write: Write): boolean {
  return write.kind === 'create-comment' || write.kind === 'create-dashboard';
}

/**
 * Content the action created in the hour before `now`, as the comments it reads show it (the
 * snapshots hold the action's own comments only).
 */
export function recentContent(comments: Iterable<Pick<ActionComment, 'createdAt'>>, now: Date): number {
  return createdWithinHour(comments, now).length;
}

function createdWithinHour(comments: Iterable<Pick<ActionComment, 'createdAt'>>, now: Date): number[] {
  const since = now.getTime() - HOUR_MS;
  const times: number[] = [];
  for (const comment of comments) {
    const at = Date.parse(comment.createdAt);
    if (at > since && at <= now.getTime()) times.push(at);
  }
  return times.sort((a, b) => a - b);
}

/**
 * How many content-creating requests a run starting at `now` may make so that no hour holds more
 * than `perHour`, counting what the action created before (its comments on the issues it reads)
 * and knowing that the run's own go out no faster than one every `spacingMs` (the client spaces
 * created comments 3 s apart, github/client.ts). The n-th request's hour holds those of the
 * earlier ones created less than an hour before it: a sweep an hour after a full one may spend
 * the whole budget again, one ten minutes later little or nothing.
 */
export function contentRoom(comments: Iterable<Pick<ActionComment, 'createdAt'>>, now: Date, perHour: number, spacingMs: number): number {
  const before = createdWithinHour(comments, now);
  let room = 0;
  let first = 0;
  for (let k = 0; k < perHour; k += 1) {
    const start = now.getTime() + k * spacingMs - HOUR_MS;
    while (first < before.length && (before[first] as number) <= start) first += 1;
    if (before.length - first + k + 1 > perHour) break;
    room = k + 1;
  }
  return room;
}

/** What an escalation comment is about, from the keys it posts and the tracker's plan. */
export function escalationKind(plan: Plan, body: string): { kind: ContentKind; since: number } {
  let kind: ContentKind = 'reminder';
  let since = Number.POSITIVE_INFINITY;
  for (const key of escalationKeys(body)) {
    const { task: id, level } = parseEscalationKey(key);
    const task = plan.tasks.find((t) => t.id === id);
    if (!task) continue;
    since = Math.min(since, Date.parse(task.due));
    const reminder = (ladderFor(plan, task.security)[level]?.after.amount ?? 0) < 0;
    if (reminder) continue;
    if (task.security) kind = 'security-escalation';
    else if (kind === 'reminder') kind = 'escalation';
  }
  return { kind, since: Number.isFinite(since) ? since : 0 };
}

/**
 * One tracker's demands: its escalation comment and its report (each can wait for the next run),
 * and whatever else it creates (a status comment, a notice: never held, charged first).
 */
export function contentDemands(issue: number, plan: Plan, writes: readonly Write[]): ContentDemand[] {
  const out: ContentDemand[] = [];
  let record = 0;
  let report = 0;
  for (const write of writes) {
    if (!createsContent(write)) continue;
    if (write.kind === 'create-comment' && write.purpose === 'escalation') out.push({ issue, cost: 1, ...escalationKind(plan, write.body) });
    else if (write.kind === 'create-comment' && write.purpose === 'report') report += 1;
    else record += 1;
  }
  if (report > 0) out.push({ issue, kind: 'report', cost: report, since: 0 });
  if (record > 0) out.push({ issue, kind: 'record', cost: record, since: 0 });
  return out;
}

/** How much of each kind waits for a later run. */
export type HeldCounts = Readonly<Record<ContentKind, number>>;

export interface Allotment {
  /** Per issue, the kinds of its content that wait for a later run. */
  readonly held: ReadonlyMap<number, ReadonlySet<ContentKind>>;
  /** Content-creating requests this allotment spends. */
  readonly spent: number;
  /** Per kind, the requests that wait (a held report counts its parts). */
  readonly heldCounts: HeldCounts;
}

function order(a: ContentDemand, b: ContentDemand): number {
  return RANK[a.kind] - RANK[b.kind] || a.since - b.since || a.issue - b.issue;
}

/**
 * Spends `available` requests on the demands, most urgent first (kind, then the most overdue
 * task, then the issue number). Records are always granted (they hold the tracker's state and
 * happen once per tracker). An item that does not fit waits for a later run; smaller items further
 * down may still fit.
 */
export function allotContent(demands: readonly ContentDemand[], available: number): Allotment {
  let left = Math.max(0, available);
  const held = new Map<number, Set<ContentKind>>();
  const heldCounts: Record<ContentKind, number> = { record: 0, request: 0, 'security-escalation': 0, escalation: 0, report: 0, reminder: 0 };
  let spent = 0;
  for (const demand of [...demands].sort(order)) {
    if (demand.kind === 'record') {
      spent += demand.cost;
      left -= demand.cost;
      continue;
    }
    if (demand.cost <= left) {
      spent += demand.cost;
      left -= demand.cost;
      continue;
    }
    held.set(demand.issue, new Set([...(held.get(demand.issue) ?? []), demand.kind]));
    heldCounts[demand.kind] += demand.cost;
  }
  return { held, spent, heldCounts };
}

/** Every request that waits for a later run. */
export function heldTotal(counts: HeldCounts): number {
  return counts.request + counts['security-escalation'] + counts.escalation + counts.report + counts.reminder;
}

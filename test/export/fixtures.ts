/** Tracker snapshots for the export's unit tests, built from an options object with defaults. */
import { escalationKey, escalationMarker, STATUS_MARKER, taskMarker } from '../../src/domain/markers.js';
import type { ActionComment, Plan, TrackerSnapshot } from '../../src/domain/types.js';
import { emptyLedger, encodeLedger, type Ledger, type TickRecord } from '../../src/ledger/ledger.js';
import { renderTracker, trackerTitle } from '../../src/tracker/render.js';
import { buildPlan, type PlanOptions } from '../tracker/plan-builder.js';

export const BOT = { login: 'github-actions', bot: true } as const;

export interface SnapshotOptions {
  readonly number?: number;
  readonly plan?: PlanOptions;
  /** Task ids whose checkbox is ticked in the body. */
  readonly ticked?: readonly string[];
  /** The record; `null`: no status comment at all. Default: an empty record with ticks for `ticks`. */
  readonly ledger?: Partial<Ledger> | null;
  /** Ticks recorded: task id → [at, by]. */
  readonly ticks?: Readonly<Record<string, readonly [string, string]>>;
  /** Replaces the status comment's body (e.g. to damage the record). */
  readonly statusBody?: string;
  readonly state?: 'open' | 'closed';
  readonly labels?: readonly string[];
  /** Replaces the whole body (e.g. to lose the plan). */
  readonly body?: string;
  readonly title?: string;
  readonly comments?: readonly ActionComment[];
}

export function planOf(options: SnapshotOptions): Plan {
  return { ...buildPlan(options.plan), issue: options.number ?? 1 };
}

export function tickBody(body: string, ids: readonly string[]): string {
  return body
    .split('\n')
    .map((line) => (ids.some((id) => line.includes(taskMarker(id))) ? line.replace('- [ ]', '- [x]') : line))
    .join('\n');
}

export function statusComment(body: string, id = 100): ActionComment {
  return { id, body, createdAt: '2026-11-26T10:00:05Z', author: BOT };
}

export function escalationComment(taskId: string, id = 200): ActionComment {
  return { id, body: `${escalationMarker([escalationKey(taskId, 0)])}\nOverdue.`, createdAt: '2026-11-27T10:00:00Z', author: BOT };
}

export function snapshot(options: SnapshotOptions = {}): TrackerSnapshot {
  const plan = planOf(options);
  const number = plan.issue ?? 1;
  const ticks: TickRecord[] = Object.entries(options.ticks ?? {}).map(([task, [at, by]]) => ({ task, state: 'done', at, by, source: 'event' }));
  const ledger = options.ledger === null ? undefined : { ...emptyLedger(plan), ticks, ...options.ledger };
  const status = options.statusBody ?? (ledger ? `${STATUS_MARKER}\nStatus.\n${encodeLedger(ledger)}` : undefined);
  return {
    number,
    nodeId: `I_${number}`,
    title: options.title ?? trackerTitle(plan),
    body: options.body ?? tickBody(renderTracker(plan, ''), options.ticked ?? Object.keys(options.ticks ?? {})),
    state: options.state ?? 'open',
    createdAt: '2026-11-26T09:59:00Z',
    author: 'hr-hana',
    labels: options.labels ?? ['offboarding'],
    assignees: [],
    comments: [...(status !== undefined ? [statusComment(status)] : []), ...(options.comments ?? [])],
  };
}

import { TRACKER_MARKER } from '../domain/markers.js';
import type { Plan, TrackerBody } from '../domain/types.js';
import { readTracker } from '../tracker/parse.js';
import { PLAN_DATA } from '../tracker/plan-codec.js';
import { computeProgress } from '../tracker/progress.js';
import type { Ledger, TaskState, TickRecord } from './ledger.js';
import { emptyLedger, recordedStates } from './ledger.js';

/** GitHub's timestamps (`2026-11-26T11:00:00Z`) in the one form the ledger keeps. */
function iso(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toISOString();
}

/** One revision of the issue body from GitHub's edit history (`userContentEdits`), oldest first. */
export interface BodyRevision {
  readonly editedAt: string;
  readonly editor?: string;
  /** The editor is a bot (the action's own token, or a GitHub App). */
  readonly editorIsBot?: boolean;
  /** The full body after this revision; absent when GitHub did not give it. */
  readonly body?: string;
}

interface Observed {
  readonly state: TaskState;
  readonly reason?: string;
}

/** Each task's state (planned ids and person-added `extra:` keys) as a body shows it. */
export function statesOf(plan: Plan, body: string | TrackerBody, overrides?: Ledger['overrides']): Map<string, Observed> {
  const parsed = typeof body === 'string' ? readTracker(body) : body;
  const progress = computeProgress(plan, parsed, { ...emptyLedger(), ...(overrides ? { overrides } : {}) }, new Date(0));
  const states = new Map<string, Observed>();
  for (const task of progress.tasks) {
    // `missing` lines read as open: a deleted line is no evidence that anyone did anything.
    states.set(task.key, { state: task.state, reason: task.naReason });
  }
  return states;
}

/**
 * Ticks from an `issues` `edited` event: every task whose state differs between
 * `changes.body.from` and the new body, attributed to the event's sender at the event's time.
 */
export function ticksFromEdit(plan: Plan, from: string, to: string, sender: string, at: string, overrides?: Ledger['overrides']): TickRecord[] {
  const before = statesOf(plan, from, overrides);
  const after = statesOf(plan, to, overrides);
  const ticks: TickRecord[] = [];
  for (const [task, now] of after) {
    const was = before.get(task)?.state ?? 'open';
    if (was !== now.state) ticks.push({ task, state: now.state, at: iso(at), by: sender, source: 'event', reason: now.reason });
  }
  return ticks;
}

/**
 * Ticks for changes the ledger has not recorded (a run was skipped or cancelled): attributed from
 * the edit history when a revision shows the change, else "observed at `now`, actor unknown".
 * Returns undefined when there is nothing unrecorded and so no need for history.
 */
export function unrecordedChanges(plan: Plan, ledger: Ledger, body: string | TrackerBody): Map<string, Observed> {
  const recorded = recordedStates(ledger);
  const changes = new Map<string, Observed>();
  for (const [task, observed] of statesOf(plan, body, ledger.overrides)) {
    const was = recorded.get(task)?.state ?? 'open';
    if (was !== observed.state) changes.set(task, observed);
  }
  return changes;
}

/**
 * A revision is evidence only if it is a whole tracker body. What `userContentEdits.diff` holds is
 * not documented: a unified diff's context lines (indented by one space) would still read as task
 * items, so a revision must carry the tracker marker or the plan at the start of a line.
 */
function isFullBody(text: string): boolean {
  return text.startsWith(TRACKER_MARKER) || text.includes(`\n${PLAN_DATA.prefix}`);
}

/**
 * Attributes each unrecorded change to the revision that made it. Revisions are read newest first
 * and only as far back as needed (the newest is usually the body as it stands, read already).
 */
export function reconcile(
  plan: Plan,
  changes: ReadonlyMap<string, Observed>,
  history: readonly BodyRevision[] | undefined,
  now: Date,
  overrides?: Ledger['overrides'],
): TickRecord[] {
  const revisions = (history ?? []).filter((r) => r.body !== undefined && isFullBody(r.body));
  const cache = new Map<number, Map<string, Observed>>();
  const statesAt = (i: number): Map<string, Observed> | undefined => {
    const revision = revisions[i];
    if (!revision) return undefined;
    let states = cache.get(i);
    if (!states) {
      states = statesOf(plan, revision.body ?? '', overrides);
      cache.set(i, states);
    }
    return states;
  };
  const ticks: TickRecord[] = [];
  for (const [task, observed] of changes) {
    // The revision that last moved the task into its current state.
    let found: BodyRevision | undefined;
    for (let i = revisions.length - 1; i >= 0; i -= 1) {
      const here = statesAt(i)?.get(task)?.state ?? 'open';
      if (here !== observed.state) break;
      const before = i > 0 ? (statesAt(i - 1)?.get(task)?.state ?? 'open') : 'open';
      if (before !== observed.state) {
        found = revisions[i];
        break;
      }
    }
    ticks.push(
      found
        ? { task, state: observed.state, at: iso(found.editedAt), by: found.editor, source: 'edit-history', reason: observed.reason }
        : { task, state: observed.state, at: now.toISOString(), source: 'observed', reason: observed.reason },
    );
  }
  return ticks;
}

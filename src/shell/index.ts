/**
 * The run's index of open trackers, built once (from the sweep's pages, or one listing for an event):
 * duplicates are found in it, and the people who are leaving are known from it, without a listing per request.
 */
import { localDate } from '../domain/time.js';
import type { TrackerSnapshot } from '../domain/types.js';
import type { Leavers } from '../escalation/escalation.js';
import { trackerPages } from '../github/snapshots.js';
import { isTracker, planFor } from '../tracker/identify.js';
import { readTracker } from '../tracker/parse.js';
import { recordedView } from '../update/quiet.js';
import type { RunContext } from './context.js';

export interface IndexEntry {
  readonly issue: number;
  readonly login?: string;
  readonly name: string;
  readonly lastDay: string;
  readonly timezone: string;
}

export class TrackerIndex {
  private readonly entries = new Map<number, IndexEntry>();

  /** Adds the trackers among `snapshots` (requests are skipped). */
  addSnapshots(snapshots: readonly TrackerSnapshot[]): void {
    for (const snapshot of snapshots) {
      if (snapshot.state !== 'open' || !isTracker(snapshot)) continue;
      // An unchanged body need not be parsed to learn its plan: the record holds it (update/quiet.ts).
      const plan = recordedView(snapshot)?.plan ?? planFor(readTracker(snapshot.body).plan, snapshot.number);
      if (plan) this.add({ issue: snapshot.number, login: plan.request.employeeLogin, name: plan.request.employeeName, lastDay: plan.request.lastDay, timezone: plan.timezone });
    }
  }

  add(entry: IndexEntry): void {
    this.entries.set(entry.issue, entry);
  }

  /** Open trackers for the same person: same employee login, else the same name. */
  duplicatesOf(self: number, name: string, login: string | undefined): number[] {
    const sameName = (a: string): boolean => a.trim().toLowerCase() === name.trim().toLowerCase();
    return [...this.entries.values()]
      .filter((e) => e.issue !== self && (login && e.login ? e.login.toLowerCase() === login.toLowerCase() : sameName(e.name)))
      .map((e) => e.issue)
      .sort((a, b) => a - b);
  }

  /** People whose own open offboarding's last day has passed: they are not mentioned on other trackers. */
  leavers(now: Date): Leavers {
    const out = new Map<string, number>();
    for (const e of this.entries.values()) {
      if (e.login && e.lastDay < localDate(now, e.timezone)) out.set(e.login.toLowerCase(), e.issue);
    }
    return out;
  }
}

/** The index for a run that has no sweep pages: one listing of the open trackers. */
export async function listOpenTrackers(ctx: RunContext): Promise<TrackerIndex> {
  const index = new TrackerIndex();
  for await (const page of trackerPages(ctx.client, ctx.repo, { label: ctx.labels.base, states: ['OPEN'], warn: ctx.warn })) {
    index.addSnapshots(await Promise.all(page.map((s) => ctx.trusted(s))));
  }
  return index;
}

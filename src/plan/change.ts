/**
 * Changing a plan after filing, by a person's command: a new last day moves every deadline of a task
 * not yet done (an involuntary departure's security tasks keep intake + grace), new owners replace a
 * task's owners. Pure: the same change applies again to whatever plan the tracker holds when written.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { sameLogin, uniqueLogins } from '../domain/login.js';
import { daysBetween } from '../domain/time.js';
import type { Plan, PlanChange, PlannedTask } from '../domain/types.js';

export type { PlanChange } from '../domain/types.js';
import { phaseDue } from './due.js';


/** What moved: the tasks whose due instant changed, old and new. */
export interface Moved {
  readonly task: string;
  readonly title: string;
  readonly from: string;
  readonly to: string;
}

function shift(iso: string, days: number, timeZone: string): string {
  return new Date(addDays(new TZDate(Date.parse(iso), timeZone), days).getTime()).toISOString();
}

/**
 * The plan after `change`. `settled` holds the ids of tasks already done or not applicable: their
 * deadlines stay, so the record of when they were due does not move after the fact.
 */
export function applyChange(plan: Plan, change: PlanChange, settled: ReadonlySet<string>): { plan: Plan; moved: Moved[] } {
  if (change.kind === 'owners') {
    const logins = uniqueLogins(change.logins);
    const tasks = plan.tasks.map((t): PlannedTask => (t.id === change.task ? { ...t, ownerLogins: logins } : t));
    const unassignable = uniqueLogins([
      ...(plan.unassignable ?? []).filter((u) => !logins.some((l) => sameLogin(l, u))),
      ...(change.unassignable ?? []),
    ]);
    return { plan: { ...plan, tasks, ...(unassignable.length > 0 ? { unassignable } : {}) }, moved: [] };
  }
  const zone = plan.timezone;
  const days = daysBetween(plan.request.lastDay, change.lastDay);
  const phaseDues = new Map<string, string>();
  const phases = plan.phases.map((phase) => {
    const due = phase.offset ? phaseDue(change.lastDay, phase.offset, zone).toISOString() : shift(phase.due, days, zone);
    phaseDues.set(phase.id, due);
    return { ...phase, due };
  });
  const involuntary = plan.request.departureType === 'Involuntary';
  const moved: Moved[] = [];
  const tasks = plan.tasks.map((task): PlannedTask => {
    // Settled tasks keep their deadline; an involuntary departure's security tasks lock at intake + grace.
    if (settled.has(task.id) || (involuntary && task.security)) return task;
    const oldPhase = plan.phases.find((p) => p.id === task.phase);
    const due = oldPhase && oldPhase.due === task.due ? (phaseDues.get(task.phase) ?? task.due) : shift(task.due, days, zone);
    if (due !== task.due) moved.push({ task: task.id, title: task.asset ? `Recover ${task.asset}` : task.title, from: task.due, to: due });
    return { ...task, due };
  });
  return { plan: { ...plan, request: { ...plan.request, lastDay: change.lastDay }, phases, tasks }, moved };
}

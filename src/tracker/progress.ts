/**
 * Where a tracker stands: each task's state from the body's checkboxes and the ledger's records,
 * then the counts per phase and in all. Named steps: match items to tasks, judge planned tasks,
 * count person-added checkboxes, sum up.
 */
import { sameLogin } from '../domain/login.js';
import type { Plan, PlannedTask, TaskItem, TrackerBody } from '../domain/types.js';
import type { AccessRecord } from '../access/inventory.js';
import type { AutomationRun, Ledger, Override, TaskState, TickRecord } from '../ledger/ledger.js';
import { recordedStates, succeeded } from '../ledger/ledger.js';

/** One task of a tracker as it stands now. */
export interface TaskStatus {
  /** The planned task id, or `extra:<slug>` for a checkbox a person added. */
  readonly key: string;
  readonly title: string;
  readonly phase: string;
  readonly security: boolean;
  readonly ownerLogins: readonly string[];
  readonly escalateTo: readonly string[];
  readonly due: Date;
  readonly state: TaskState;
  readonly naReason?: string;
  /** A checkbox a person added (not planned). */
  readonly extra: boolean;
  /** Planned, but its line is gone from the body: counted as open, flagged. */
  readonly missing: boolean;
  /** Ticked by someone who is not among its owners (security tasks are flagged). */
  readonly tickedByNonOwner?: string;
  /** Ticked by the departing employee: self-attested. A security task then stays open. */
  readonly selfAttested: boolean;
  /** Ticked, but held open: `strict` and not ticked by an owner, or a security task the leaver ticked. */
  readonly awaitingOwner: boolean;
  readonly overdue: boolean;
  readonly planned?: PlannedTask;
  /** The company's workflow reported this task done (`workflow:` tasks). */
  readonly automated?: AutomationRun;
  /** `github:` tasks while the action checks access: verified at, or who ticked it while access remained. */
  readonly access?: { readonly verifiedAt?: string; readonly tickedWhileHeld?: string };
}

export interface PhaseProgress {
  readonly id: string;
  readonly title: string;
  /** The earliest due instant of the phase's open tasks (the phase's own deadline when none is open). */
  readonly due: Date;
  readonly done: number;
  readonly open: number;
  readonly na: number;
  readonly overdue: number;
}

export interface Progress {
  readonly tasks: readonly TaskStatus[];
  readonly done: number;
  readonly na: number;
  /** Tasks that count: everything but N/A. */
  readonly total: number;
  /** Every task, N/A included. */
  readonly all: number;
  readonly percent: number;
  readonly overdue: readonly TaskStatus[];
  readonly phases: readonly PhaseProgress[];
  /** Earliest phase with open tasks. */
  readonly currentPhase?: string;
  /** The earliest due instant among open tasks that are not yet overdue. */
  readonly nextDeadline?: TaskStatus;
  readonly complete: boolean;
  /** Task ids whose line appears more than once (the first one counts). */
  readonly duplicated: readonly string[];
}

/** Progress in words, the same everywhere people read it: `18 done + 1 N/A of 19`. */
export function progressText(p: { readonly done: number; readonly na: number; readonly total: number }): string {
  const all = p.total + p.na;
  return p.na > 0 ? `${p.done} done + ${p.na} N/A of ${all}` : `${p.done} of ${all} done`;
}

/** Slug for a person-added checkbox, stable across runs while its text stays. */
export function extraKey(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/~~|n\/a.*$/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return `extra:${slug || 'task'}`;
}

function itemState(item: TaskItem | undefined): TaskState {
  if (!item || !item.checked) return 'open';
  return item.notApplicable ? 'na' : 'done';
}

/** Step 1: planned tasks' lines by hidden id (the first wins), and the checkboxes people added. */
function matchItems(plan: Plan, body: TrackerBody): { byId: Map<string, TaskItem>; extras: TaskItem[]; duplicated: string[] } {
  const byId = new Map<string, TaskItem>();
  const duplicated = new Set<string>();
  const extras: TaskItem[] = [];
  const planned = new Set(plan.tasks.map((t) => t.id));
  for (const item of body.items) {
    if (item.id !== undefined && planned.has(item.id)) {
      if (byId.has(item.id)) duplicated.add(item.id);
      else byId.set(item.id, item);
    } else {
      extras.push(item);
    }
  }
  return { byId, extras, duplicated: [...duplicated] };
}

/** Step 2: a planned task's state; who ticked it decides whether a tick counts. */
function plannedStatus(
  plan: Plan,
  task: PlannedTask,
  item: TaskItem | undefined,
  tick: TickRecord | undefined,
  override: Override | undefined,
  automated: AutomationRun | undefined,
  access: AccessRecord | undefined,
  now: Date,
): TaskStatus {
  // A command's N/A holds while the checkbox stays as it was when the command was given.
  const overridden = override !== undefined && (item?.checked ?? false) === override.checked;
  // A workflow's report of success is evidence: the task is done, whatever its checkbox says.
  let state: TaskState = overridden ? 'na' : automated ? 'done' : itemState(item);
  // GitHub access checked by the action: done only when verified; a tick while access remains does not count.
  const checkedAccess = task.automation?.kind === 'github' && access !== undefined && !access.disabled && !overridden;
  const tickedWhileHeld = checkedAccess && state === 'done' && !access.verifiedAt ? (tick?.by ?? 'someone') : undefined;
  if (checkedAccess) state = access.verifiedAt ? 'done' : 'open';
  const tickedBy = state !== 'open' ? tick?.by : undefined;
  const byNonOwner = tickedBy !== undefined && !task.ownerLogins.some((login) => sameLogin(login, tickedBy)) ? tickedBy : undefined;
  const selfAttested = state !== 'open' && sameLogin(tickedBy, plan.request.employeeLogin);
  // A leaver's own word never closes a security task; `strict` tasks need an owner's tick.
  const awaitingOwner = state === 'done' && ((task.strict === true && byNonOwner !== undefined) || (task.security && selfAttested));
  if (awaitingOwner) state = 'open';
  const due = new Date(task.due);
  return {
    key: task.id,
    title: task.asset ? `Recover ${task.asset}` : task.title,
    phase: task.phase,
    security: task.security,
    ownerLogins: task.ownerLogins,
    escalateTo: task.escalateTo,
    due,
    state,
    naReason: state === 'na' ? (overridden ? override.reason : item?.naReason) : undefined,
    extra: false,
    missing: item === undefined,
    tickedByNonOwner: byNonOwner,
    selfAttested,
    awaitingOwner,
    overdue: state === 'open' && now.getTime() >= due.getTime(),
    planned: task,
    ...(automated ? { automated } : {}),
    ...(checkedAccess ? { access: { ...(access.verifiedAt ? { verifiedAt: access.verifiedAt } : {}), ...(tickedWhileHeld ? { tickedWhileHeld } : {}) } } : {}),
  };
}

/** Step 3: checkboxes people added count in the phase they stand in, due with that phase. */
function extraStatuses(plan: Plan, extras: readonly TaskItem[], ledger: Ledger, now: Date): TaskStatus[] {
  const phaseIds = new Set(plan.phases.map((p) => p.id));
  const lastPhase = plan.phases[plan.phases.length - 1];
  const recorded = recordedStates(ledger);
  const seen = new Map<string, number>();
  return extras.map((item) => {
    const phase = item.phase && phaseIds.has(item.phase) ? item.phase : (lastPhase?.id ?? 'extra');
    const phaseDue = plan.phases.find((p) => p.id === phase)?.due ?? plan.intakeAt;
    let key = extraKey(item.text);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 1) key = `${key}-${count}`;
    const state = itemState(item);
    const due = new Date(phaseDue);
    const by = state !== 'open' ? recorded.get(key)?.by : undefined;
    return {
      key,
      title: item.text.replace(/\s+/g, ' ').trim().slice(0, 200) || '(untitled task)',
      phase,
      security: false,
      ownerLogins: [],
      escalateTo: [],
      due,
      state,
      naReason: state === 'na' ? item.naReason : undefined,
      extra: true,
      missing: false,
      selfAttested: sameLogin(by, plan.request.employeeLogin),
      awaitingOwner: false,
      overdue: state === 'open' && now.getTime() >= due.getTime(),
    };
  });
}

/** Step 4: counts per phase and in all. */
function sumUp(plan: Plan, tasks: TaskStatus[], duplicated: string[]): Progress {
  const phases = plan.phases.map((phase): PhaseProgress => {
    const inPhase = tasks.filter((t) => t.phase === phase.id);
    const open = inPhase.filter((t) => t.state === 'open');
    const earliest = open.map((t) => t.due.getTime()).sort((a, b) => a - b)[0];
    return {
      id: phase.id,
      title: phase.title,
      due: new Date(earliest ?? phase.due),
      done: inPhase.filter((t) => t.state === 'done').length,
      open: open.length,
      na: inPhase.filter((t) => t.state === 'na').length,
      overdue: inPhase.filter((t) => t.overdue).length,
    };
  });
  const done = tasks.filter((t) => t.state === 'done').length;
  const na = tasks.filter((t) => t.state === 'na').length;
  const total = tasks.length - na;
  const open = tasks.filter((t) => t.state === 'open');
  const upcoming = open
    .filter((t) => !t.overdue)
    .sort((a, b) => a.due.getTime() - b.due.getTime() || Number(b.security) - Number(a.security));
  return {
    tasks,
    done,
    na,
    total,
    all: tasks.length,
    percent: total === 0 ? 100 : Math.floor((done / total) * 100),
    overdue: tasks.filter((t) => t.overdue),
    phases,
    currentPhase: phases.find((p) => p.open > 0)?.id,
    nextDeadline: upcoming[0],
    complete: open.length === 0,
    duplicated,
  };
}

/**
 * Task states of one tracker at `now`: planned tasks matched by hidden id, checkboxes that people
 * added counted in the phase they stand in, N/A out of the total.
 */
export function computeProgress(plan: Plan, body: TrackerBody, ledger: Ledger, now: Date): Progress {
  const { byId, extras, duplicated } = matchItems(plan, body);
  const recorded = recordedStates(ledger);
  const overrides = ledger.overrides ?? {};
  const planned = plan.tasks.map((task) =>
    plannedStatus(plan, task, byId.get(task.id), recorded.get(task.id), overrides[task.id], succeeded(ledger.automation?.[task.id]), ledger.github, now),
  );
  return sumUp(plan, [...planned, ...extraStatuses(plan, extras, ledger, now)], duplicated);
}

/** A stable identity for "this set of task states": a new completion after a reopen gets a new key. */
export function completionKey(progress: Progress): string {
  return progress.tasks
    .map((t) => `${t.key}=${t.state}`)
    .sort()
    .join(';');
}

export type { TickRecord };

/** The final report as data: what an auditor needs about one offboarding, archived as JSON. */
import type { AccessRecord, ItemKind } from '../access/inventory.js';
import type { Plan } from '../domain/types.js';
import type { Ledger, TickRecord } from '../ledger/ledger.js';
import { recordedStates } from '../ledger/ledger.js';
import { ladderFor } from '../escalation/escalation.js';
import type { Progress, TaskStatus } from '../tracker/progress.js';

/** One task's line of evidence. */
export interface ReportTask {
  readonly id: string;
  readonly title: string;
  readonly phase: string;
  readonly owner: string;
  readonly ownerLogins: readonly string[];
  readonly security: boolean;
  readonly controls: readonly string[];
  readonly due: string;
  readonly state: 'done' | 'na' | 'open';
  readonly doneAt?: string;
  readonly doneBy?: string;
  /** How the tick was recorded: webhook event, edit history, or only observed by a sweep. */
  readonly evidence?: TickRecord['source'];
  /** How the task got done: a person ticked it, the company's workflow did it, or the action removed and verified it. */
  readonly how?: 'person' | 'automation' | 'verified';
  /** For automated tasks: the workflow run that reported, and what it said. */
  readonly automation?: { readonly workflow: string; readonly run: string; readonly evidence: string; readonly tickedBy?: string };
  /** doneAt − due, in ms: negative means early. */
  readonly lateByMs?: number;
  /** Security tasks: doneAt − intake, in ms. */
  readonly timeToRevokeMs?: number;
  readonly naReason?: string;
  readonly tickedByNonOwner?: string;
  /** Ticked by the departing employee themself. */
  readonly selfAttested?: boolean;
  readonly extra: boolean;
}

/** The final report as data: archived as JSON, rendered as Markdown. */
export interface FinalReport {
  readonly version: 1;
  readonly issue: number;
  readonly employee: {
    readonly name: string;
    readonly login?: string;
    readonly department: string;
    readonly manager: string;
    readonly departureType: string;
    readonly lastDay: string;
  };
  readonly requester: string;
  readonly timezone: string;
  /** The phases in order, with the titles people read. */
  readonly phases: ReadonlyArray<{ readonly id: string; readonly title: string }>;
  readonly openedAt: string;
  readonly intakeAt: string;
  readonly closedAt: string;
  readonly progress: { readonly done: number; readonly na: number; readonly total: number };
  readonly tasks: readonly ReportTask[];
  /**
   * Every escalation and reminder posted: `level` indexes the task's ladder; `step` is the level's
   * number counting only those after the task fell due (absent for a reminder, which is before).
   */
  readonly escalations: ReadonlyArray<{
    readonly task: string;
    readonly level: number;
    readonly reminder: boolean;
    readonly step?: number;
    readonly at: string;
    readonly notified: readonly string[];
  }>;
  /** GitHub access (`github:` tasks checked with an organisation token), item by item. */
  readonly access?: {
    readonly org: string;
    readonly login: string;
    readonly confirmedBy?: string;
    readonly confirmedAt?: string;
    readonly verifiedAt?: string;
    readonly items: ReadonlyArray<{
      readonly kind: ItemKind;
      readonly heldAtIntake: 'yes' | 'no' | 'not checked';
      readonly removedBy: 'the action' | 'a person' | 'already absent' | 'still held' | 'not checked';
      readonly removedAt?: string;
      readonly verifiedAt?: string;
    }>;
  };
  /** Whether the person leaving could still read the tracker when it completed (their repository permission, and when checked). */
  readonly employeeCouldRead?: { readonly could: boolean; readonly permission: string; readonly at: string };
  /** Every command given in a comment, carried out or refused, oldest first. */
  readonly commands: ReadonlyArray<{ readonly by: string; readonly at: string; readonly text: string; readonly outcome: string }>;
  /** Every recorded change of every task, oldest first: ticks, unticks, N/A. */
  readonly history: readonly TickRecord[];
  readonly notes: readonly string[];
}

export interface ReportInput {
  readonly issue: number;
  readonly openedAt: string;
  readonly plan: Plan;
  readonly progress: Progress;
  readonly ledger: Ledger;
  readonly now: Date;
}

/** Builds the evidence from the plan, the final task states and the ledger's records. */
export function buildReport(input: ReportInput): FinalReport {
  const { plan, progress, ledger, now } = input;
  const ticks = recordedStates(ledger);
  const tasks = progress.tasks.map((task) => reportTask(plan, task, ticks.get(task.key)));
  const ordered = [...tasks.filter((t) => t.security), ...tasks.filter((t) => !t.security)];
  const request = plan.request;
  return {
    version: 1,
    issue: input.issue,
    employee: {
      name: request.employeeName,
      login: request.employeeLogin,
      department: request.department,
      manager: request.manager,
      departureType: request.departureType,
      lastDay: request.lastDay,
    },
    requester: plan.requester,
    timezone: plan.timezone,
    phases: plan.phases.map((p) => ({ id: p.id, title: p.title })),
    openedAt: input.openedAt,
    intakeAt: plan.intakeAt,
    closedAt: now.toISOString(),
    progress: { done: progress.done, na: progress.na, total: progress.total },
    tasks: ordered,
    escalations: ledger.escalations.map((e) => {
      const ladder = ladderFor(plan, plan.tasks.find((t) => t.id === e.task)?.security ?? false);
      const reminder = (ladder[e.level]?.after.amount ?? 0) < 0;
      const step = ladder.slice(0, e.level + 1).filter((l) => l.after.amount >= 0).length;
      return { task: e.task, level: e.level, reminder, ...(reminder ? {} : { step }), at: e.at, notified: [...e.notified] };
    }),
    ...(ledger.github ? { access: accessRows(ledger.github) } : {}),
    ...(ledger.employeeAccess
      ? { employeeCouldRead: { could: ledger.employeeAccess.permission !== 'none', permission: ledger.employeeAccess.permission, at: ledger.employeeAccess.at } }
      : {}),
    commands: (ledger.commands ?? []).map((c) => ({ by: c.by, at: c.at, text: c.text, outcome: c.outcome })),
    history: [...ledger.ticks].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    notes: [...ledger.notes],
  };
}

function reportTask(plan: Plan, task: TaskStatus, tick: TickRecord | undefined): ReportTask {
  const finished = task.state !== 'open' && tick && tick.state === task.state ? tick : undefined;
  const run = task.state === 'done' ? task.automated : undefined;
  const verified = task.state === 'done' ? task.access?.verifiedAt : undefined;
  const workflow = task.planned?.automation?.kind === 'workflow' ? task.planned.automation.workflow : '';
  // Done by automation: the run's report is the evidence; a person's tick too is noted beside it.
  const doneAt = verified ?? run?.at ?? finished?.at;
  const dueMs = task.due.getTime();
  return {
    id: task.key,
    title: task.title,
    phase: task.phase,
    owner: task.planned?.owner ?? '',
    ownerLogins: [...task.ownerLogins],
    security: task.security,
    controls: [...(task.planned?.controls ?? [])],
    due: task.due.toISOString(),
    state: task.state,
    doneAt,
    doneBy: verified ? 'the action (removal verified)' : run ? `workflow ${workflow}` : finished?.by,
    evidence: run || verified ? undefined : finished?.source,
    ...(task.state === 'done' ? { how: verified ? ('verified' as const) : run ? ('automation' as const) : ('person' as const) } : {}),
    ...(run ? { automation: { workflow, run: run.run, evidence: run.evidence, ...(finished?.by ? { tickedBy: finished.by } : {}) } } : {}),
    lateByMs: doneAt && task.state === 'done' ? Date.parse(doneAt) - dueMs : undefined,
    timeToRevokeMs: doneAt && task.security && task.state === 'done' ? Date.parse(doneAt) - Date.parse(plan.intakeAt) : undefined,
    naReason: task.state === 'na' ? (task.naReason ?? finished?.reason) : undefined,
    tickedByNonOwner: task.tickedByNonOwner,
    ...(task.selfAttested ? { selfAttested: true } : {}),
    extra: task.extra,
  };
}


/** Per item: held at intake, who removed it, when, when verified gone. */
function accessRows(record: AccessRecord): NonNullable<FinalReport['access']> {
  const kinds: ItemKind[] = ['membership', 'invitation', 'outside-collaborator', 'teams', 'token-grants', 'copilot-seat'];
  // Removing the membership takes pending invitations and team memberships with it.
  const coveredBy: Partial<Record<ItemKind, ItemKind>> = { invitation: 'membership', teams: 'membership' };
  const items = kinds.map((kind) => {
    const intake = record.atIntake?.find((i) => i.kind === kind);
    const latest = record.latest?.find((i) => i.kind === kind);
    const removal = (record.removals ?? []).find((r) => r.ok && (r.kind === kind || r.kind === coveredBy[kind]));
    const heldAtIntake = intake?.held === undefined ? ('not checked' as const) : intake.held ? ('yes' as const) : ('no' as const);
    const removedBy =
      latest?.held === undefined
        ? ('not checked' as const)
        : latest.held
          ? ('still held' as const)
          : intake?.held === false
            ? ('already absent' as const)
            : removal
              ? ('the action' as const)
              : ('a person' as const);
    return {
      kind,
      heldAtIntake,
      removedBy,
      ...(removal && removedBy === 'the action' ? { removedAt: removal.at } : {}),
      ...(record.verifiedAt && latest?.held === false ? { verifiedAt: record.verifiedAt } : {}),
    };
  });
  return {
    org: record.org,
    login: record.login,
    ...(record.confirmed ? { confirmedBy: record.confirmed.by, confirmedAt: record.confirmed.at } : {}),
    ...(record.verifiedAt ? { verifiedAt: record.verifiedAt } : {}),
    items,
  };
}

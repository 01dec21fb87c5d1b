import type {
  Checklist,
  OffboardingRequest,
  Plan,
  PlannedPhase,
  PlannedTask,
  TaskTemplate,
} from '../domain/types.js';
import { bareLogin, uniqueLogins } from '../domain/login.js';
import { addOffset, phaseDue } from './due.js';

/** What intake knows besides the request and the checklist. */
export interface PlanContext {
  /** The issue's author; owners without logins fall back to them. */
  readonly requester: string;
  /** When intake ran; involuntary security deadlines count from here. */
  readonly intakeAt: Date;
  /** The action's `timezone` input; the checklist's own `timezone` wins over it. */
  readonly timezone: string;
  /** The issue the plan is for. */
  readonly issue?: number;
}

/** Most asset lines that become tasks of their own. */
export const MAX_ASSET_TASKS = 100;
/** The id of the one task that lists the assets beyond MAX_ASSET_TASKS. */
export const REST_OF_ASSETS = 'asset-more';

/** Form field id -> the request's value for it, for a task's `when`. */
const FORM_FIELDS: Readonly<Record<string, (request: OffboardingRequest) => string | undefined>> = {
  department: (request) => request.department,
  'departure-type': (request) => request.departureType,
  'employee-name': (request) => request.employeeName,
  'employee-login': (request) => request.employeeLogin,
  manager: (request) => request.manager,
  'last-day': (request) => request.lastDay,
};

/**
 * Fixes everything a tracker needs at intake: which tasks apply, who owns them and when
 * each falls due. The departing employee is removed from every owner and escalation list.
 *
 * @throws RangeError when the last day or the time zone is invalid (intake validates both first)
 */
export function buildPlan(request: OffboardingRequest, checklist: Checklist, ctx: PlanContext): Plan {
  const timezone = checklist.timezone ?? ctx.timezone;
  const employee = bareLogin(request.employeeLogin ?? '').toLowerCase();
  const notEmployee = (login: string) => employee === '' || bareLogin(login).toLowerCase() !== employee;
  const unconfigured = new Set<string>();

  const phaseDues = new Map<string, string>();
  const phases: PlannedPhase[] = checklist.phases.map((phase) => {
    const due = phaseDue(request.lastDay, phase.due, timezone).toISOString();
    phaseDues.set(phase.id, due);
    return { id: phase.id, title: phase.title, due, offset: phase.due };
  });
  const lockDue =
    request.departureType === 'Involuntary'
      ? addOffset(ctx.intakeAt, checklist.involuntary.securityGrace, timezone).toISOString()
      : undefined;

  const owner = (key: string) => {
    const declared = key === 'manager' ? [request.manager] : (checklist.owners[key]?.logins ?? []);
    let logins = uniqueLogins(declared.filter(notEmployee));
    if (logins.length === 0) {
      unconfigured.add(key);
      // The requester could be the person leaving (filing their own resignation): then the
      // manager is the closest person who is not.
      logins = uniqueLogins([ctx.requester, request.manager].filter(notEmployee)).slice(0, 1);
    }
    const escalateTo = key === 'manager' ? [] : uniqueLogins((checklist.owners[key]?.escalateTo ?? []).filter(notEmployee));
    return { logins, escalateTo };
  };

  const planTask = (template: TaskTemplate, asset?: string): PlannedTask => {
    const { logins, escalateTo } = owner(template.owner);
    const dueOfPhase = phaseDues.get(template.phase);
    if (dueOfPhase === undefined) throw new RangeError(`task "${template.id}" names unknown phase "${template.phase}"`);
    return {
      id: template.id,
      title: template.title,
      phase: template.phase,
      owner: template.owner,
      ownerLogins: logins,
      escalateTo,
      security: template.security,
      due: template.security && lockDue !== undefined ? lockDue : dueOfPhase,
      ...(template.link !== undefined && { link: template.link }),
      ...(template.controls !== undefined && { controls: [...template.controls] }),
      ...(template.automation !== undefined && { automation: { ...template.automation } }),
      ...(template.strict !== undefined && { strict: template.strict }),
      ...(asset !== undefined && { asset }),
    };
  };

  const tasks = checklist.tasks.filter((task) => applies(task, request)).map((task) => planTask(task));
  const assetTask = (id: string, asset: string): PlannedTask =>
    planTask(
      { id, title: `Recover ${asset}`, phase: checklist.assets.phase, owner: checklist.assets.owner, security: false, controls: ['PS-4(d)'] },
      asset,
    );
  // At most MAX_ASSET_TASKS assets become tasks of their own; one more task lists the rest.
  const own = request.assets.slice(0, MAX_ASSET_TASKS);
  const rest = request.assets.slice(MAX_ASSET_TASKS);
  const assetTasks = own.map((asset, index) => assetTask(`asset-${index + 1}`, asset));
  if (rest.length > 0) assetTasks.push(assetTask(REST_OF_ASSETS, `the other ${rest.length} assets: ${rest.join('; ')}`));
  // Asset tasks stand right after the last checklist task of their phase.
  let insertAt = tasks.length;
  for (let i = tasks.length - 1; i >= 0; i--) {
    if (tasks[i]?.phase === checklist.assets.phase) {
      insertAt = i + 1;
      break;
    }
  }
  tasks.splice(insertAt, 0, ...assetTasks);

  return {
    version: 1,
    ...(ctx.issue !== undefined ? { issue: ctx.issue } : {}),
    request,
    requester: ctx.requester,
    timezone,
    intakeAt: ctx.intakeAt.toISOString(),
    phases,
    tasks,
    escalation: {
      default: checklist.escalation.default.map((level) => ({ after: level.after, notify: [...level.notify] })),
      security: checklist.escalation.security.map((level) => ({ after: level.after, notify: [...level.notify] })),
      ...(checklist.escalation.hours !== undefined && { hours: { ...checklist.escalation.hours, days: [...checklist.escalation.hours.days] } }),
    },
    unconfiguredOwners: [...unconfigured].sort(),
  };
}

/** Whether every field `when` lists matches one of its values (case-insensitive, trimmed). */
export function applies(task: TaskTemplate, request: OffboardingRequest): boolean {
  if (!task.when) return true;
  return Object.entries(task.when).every(([field, accepted]) => {
    const read = FORM_FIELDS[field];
    const value = read?.(request);
    if (value === undefined) return false;
    const normal = normalise(field, value);
    return accepted.some((candidate) => normalise(field, candidate) === normal);
  });
}

function normalise(field: string, value: string): string {
  const trimmed = value.trim().toLowerCase();
  return field === 'manager' || field === 'employee-login' ? bareLogin(trimmed) : trimmed;
}

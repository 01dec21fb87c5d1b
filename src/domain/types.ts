/**
 * The domain vocabulary shared by the pure core and the shell. Nothing here performs I/O.
 *
 * Flow: checklist YAML -> Checklist; form body -> OffboardingRequest;
 * request + checklist + time zone -> Plan (tasks with due instants);
 * tracker body -> TaskStates; (plan, states, ledger, now) -> Writes.
 */

/** An offset such as `0d`, `-2d`, `5bd` (business days) or `4h`. */
export interface Offset {
  readonly amount: number;
  readonly unit: 'd' | 'bd' | 'h';
  /** The text as written, e.g. `5bd`, for messages and the report. */
  readonly text: string;
}

export type DepartureType = 'Voluntary' | 'Involuntary';

/** Who a level of the escalation ladder notifies. */
export type NotifyTarget = 'owners' | 'manager' | 'escalate-to';

export interface EscalationLevel {
  /** Time since the task fell due; negative: a reminder before it falls due. */
  readonly after: Offset;
  readonly notify: readonly NotifyTarget[];
}

/** When escalations may be posted, in the tracker's zone (`escalation.hours`). */
export interface WorkingHours {
  /** Days of the week, 0 = Sunday … 6 = Saturday. */
  readonly days: readonly number[];
  /** Minutes after midnight: the first working minute, and the end (exclusive). */
  readonly from: number;
  readonly to: number;
  /** As written, e.g. `Mon-Fri 09:00-18:00`. */
  readonly text: string;
}

export interface EscalationPolicy {
  readonly default: readonly EscalationLevel[];
  readonly security: readonly EscalationLevel[];
  /** Absent: any time. */
  readonly hours?: WorkingHours;
}

/** A task the action carries out itself instead of trusting a tick. */
export type Automation =
  /** The company's workflow `.github/workflows/FILE`, dispatched when the task falls due. */
  | { readonly kind: 'workflow'; readonly workflow: string }
  /** GitHub organisation access: removed (after confirmation) and verified, or only verified. */
  | { readonly kind: 'github'; readonly mode: 'remove' | 'verify' };

export interface Phase {
  readonly id: string;
  readonly title: string;
  readonly due: Offset;
}

export interface Owner {
  readonly key: string;
  readonly logins: readonly string[];
  readonly escalateTo: readonly string[];
}

export interface TaskTemplate {
  readonly id: string;
  readonly title: string;
  readonly phase: string;
  /** A key of `Checklist.owners`, or `manager`. */
  readonly owner: string;
  readonly security: boolean;
  readonly link?: string;
  /** Form field id -> accepted values; every listed field must match one value. */
  readonly when?: Readonly<Record<string, readonly string[]>>;
  /** Audit controls this task evidences, e.g. `PS-4(a)`. */
  readonly controls?: readonly string[];
  /** When true, a tick by someone who is not an owner does not complete the task. */
  readonly strict?: boolean;
  readonly automation?: Automation;
}

export interface Checklist {
  /** Where it came from: a file path, or `built-in`. */
  readonly source: string;
  readonly timezone?: string;
  readonly requesters: readonly string[];
  /** Owner key -> owner. Never contains `manager` (that one comes from the form). */
  readonly owners: Readonly<Record<string, Owner>>;
  readonly phases: readonly Phase[];
  readonly tasks: readonly TaskTemplate[];
  readonly assets: { readonly phase: string; readonly owner: string };
  readonly involuntary: { readonly securityGrace: Offset };
  readonly escalation: EscalationPolicy;
  /** Things worth knowing that do not stop a run (each with file, line and column). */
  readonly warnings?: readonly string[];
}

/** A validated offboarding request, keyed by the form's field ids. */
export interface OffboardingRequest {
  readonly employeeName: string;
  /** Never @-mentioned anywhere. */
  readonly employeeLogin?: string;
  readonly department: string;
  readonly manager: string;
  /** `YYYY-MM-DD`. */
  readonly lastDay: string;
  readonly departureType: DepartureType;
  /** One asset per line, already trimmed, empty lines dropped. */
  readonly assets: readonly string[];
  readonly notes?: string;
}

/** One task of one tracker, with its due instant fixed at intake. */
export interface PlannedTask {
  readonly id: string;
  readonly title: string;
  readonly phase: string;
  /** Owner key (`IT`, `manager`, ...). */
  readonly owner: string;
  /** The people who own it (never the departing employee). */
  readonly ownerLogins: readonly string[];
  /** Logins the owner key escalates to. */
  readonly escalateTo: readonly string[];
  readonly security: boolean;
  /** ISO-8601 instant. */
  readonly due: string;
  readonly link?: string;
  readonly controls?: readonly string[];
  readonly strict?: boolean;
  /** Set for tasks generated from the form's `assets` lines: the asset text. */
  readonly asset?: string;
  readonly automation?: Automation;
}

export interface PlannedPhase {
  readonly id: string;
  readonly title: string;
  /** ISO-8601 instant: the phase's own deadline. */
  readonly due: string;
  /** The checklist's offset from the last day, kept so a new last day moves the deadline the same way. */
  readonly offset?: Offset;
}

/**
 * Everything the sweep needs about one tracker, fixed at intake and stored
 * (hidden) in the tracker so later checklist edits never move a deadline.
 */
export interface Plan {
  readonly version: 1;
  /** The issue this plan was made for (absent in plans written before it was recorded). */
  readonly issue?: number;
  readonly request: OffboardingRequest;
  /** The issue author who filed the request. */
  readonly requester: string;
  readonly timezone: string;
  /** ISO-8601 instant of intake. */
  readonly intakeAt: string;
  readonly phases: readonly PlannedPhase[];
  readonly tasks: readonly PlannedTask[];
  readonly escalation: EscalationPolicy;
  /** Owner keys that had no logins and fell back to the requester. */
  readonly unconfiguredOwners: readonly string[];
  /** Owners GitHub could not assign in the repository (checked at intake and on `owner` commands). */
  readonly unassignable?: readonly string[];
  /** The departing employee's GitHub account as GitHub named it at intake. */
  readonly account?: { readonly login: string; readonly id: number; readonly name?: string };
}

/** A task-list item as read from a tracker body. */
export interface TaskItem {
  /** The hidden `<!-- task:ID -->`, when the line carries one. */
  readonly id?: string;
  /** Visible text of the item, markers removed. */
  readonly text: string;
  readonly checked: boolean;
  /** Ticked and marked `N/A` or struck through. */
  readonly notApplicable: boolean;
  /** The text after `N/A:` when given. */
  readonly naReason?: string;
  /** The phase section the item stands in (from the nearest phase heading above), if any. */
  readonly phase?: string;
  /** 1-based line in the body. */
  readonly line: number;
}

export interface TrackerBody {
  /** The body starts with (or contains) the tracker marker. */
  readonly hasMarker: boolean;
  /** The line where a person confirms whose GitHub account is removed (not a task). */
  readonly confirm?: { readonly checked: boolean };
  /** The plan embedded at intake, when it is present and parses. */
  readonly plan?: Plan;
  /** Every task-list item outside code, in order. */
  readonly items: readonly TaskItem[];
}

/** A comment written by the action (comments by people are never trusted for markers). */
export interface ActionComment {
  readonly id: number;
  readonly body: string;
  readonly createdAt: string;
  /** Who wrote it, as GitHub says; the shell keeps only the action's own comments. */
  readonly author?: Actor;
  /** GraphQL node id, for reading the comment's edit history. */
  readonly nodeId?: string;
  /** Who last edited it, when GitHub says it was edited after it was posted. */
  readonly editor?: Actor;
  readonly editedAt?: string;
}

/** A GitHub account as an API answer names it. */
export interface Actor {
  readonly login: string;
  readonly bot: boolean;
}

/** What GitHub holds for one tracker (or request): the whole state a decision needs. */
export interface TrackerSnapshot {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'open' | 'closed';
  readonly createdAt: string;
  /** When a person last edited the body (absent: never, or not known). */
  readonly bodyEditedAt?: string;
  readonly author: string;
  readonly labels: readonly string[];
  /** Logins assigned now; absent when the answer did not say. */
  readonly assignees?: readonly string[];
  /** GraphQL node id, for batched reads of the edit history. */
  readonly nodeId?: string;
  readonly comments: readonly ActionComment[];
}

/** A change a person made, as the event that reported it says. */
export type TrackerEvent =
  | { readonly kind: 'edited'; readonly from: string; readonly to: string; readonly sender: string; readonly at: string }
  | { readonly kind: 'reopened'; readonly sender: string; readonly at: string };

/** A person's command that changes the plan after filing (and so what the tracker shows). */
export type PlanChange =
  | { readonly kind: 'last-day'; readonly lastDay: string }
  | { readonly kind: 'owners'; readonly task: string; readonly logins: readonly string[]; readonly unassignable?: readonly string[] };

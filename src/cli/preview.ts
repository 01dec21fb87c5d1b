/** What a checklist would create: the plans of two sample requests, as text for a terminal. */
import { addCalendarDays, formatInstant, localDate } from '../domain/time.js';
import type { Checklist, DepartureType, EscalationLevel, OffboardingRequest, Plan } from '../domain/types.js';
import { buildPlan } from '../plan/plan.js';

export interface PreviewOptions {
  readonly file: string;
  /** Intake time of the samples; their last day is a week later. */
  readonly now: Date;
  /** The `timezone` input's stand-in; the checklist's own wins. */
  readonly timezone: string;
  readonly department: string;
}

const SAMPLE_MANAGER = 'sample-manager';
const SAMPLE_REQUESTER = 'sample-requester';

function ladder(levels: readonly EscalationLevel[]): string {
  const when = (text: string): string => (text.startsWith('-') ? `${text.slice(1)} before due (a reminder)` : `after ${text}`);
  return levels.map((level) => `${when(level.after.text)} → ${level.notify.join(' + ')}`).join('; ');
}

function ownerText(plan: Plan, key: string, logins: readonly string[], escalateTo: readonly string[]): string {
  const who =
    key === 'manager'
      ? 'manager from the form'
      : plan.unconfiguredOwners.includes(key)
        ? `no logins → requester ${logins.join(', ')}`
        : logins.join(', ');
  return `${key}: ${who}${escalateTo.length > 0 ? `; escalates to ${escalateTo.join(', ')}` : ''}`;
}

function renderPlan(plan: Plan): string[] {
  const zone = plan.timezone;
  const r = plan.request;
  const lines = [
    `${r.departureType} departure — sample: last day ${r.lastDay}, ${r.department}, filed ${formatInstant(plan.intakeAt, zone)}`,
  ];
  for (const phase of plan.phases) {
    const tasks = plan.tasks.filter((t) => t.phase === phase.id);
    lines.push(`  ${phase.title} — phase due ${formatInstant(phase.due, zone)} (${tasks.length} task${tasks.length === 1 ? '' : 's'})`);
    for (const task of tasks) {
      lines.push(
        `    ${task.security ? '🔒' : '  '} ${task.title}  [${ownerText(plan, task.owner, task.ownerLogins, task.escalateTo)}]  due ${formatInstant(task.due, zone)}`,
      );
    }
  }
  return lines;
}

/** The plans of two sample requests (Voluntary, Involuntary; one asset each), last day a week after `now`. */
export function samplePlans(checklist: Checklist, options: Pick<PreviewOptions, 'now' | 'timezone' | 'department'>): Plan[] {
  const zone = checklist.timezone ?? options.timezone;
  const lastDay = addCalendarDays(localDate(options.now, zone), 7);
  const sample = (departureType: DepartureType): OffboardingRequest => ({
    employeeName: 'Sample Person',
    employeeLogin: 'sample-person',
    department: options.department,
    manager: SAMPLE_MANAGER,
    lastDay,
    departureType,
    assets: ['Laptop (sample asset)'],
  });
  const context = { requester: checklist.requesters[0] ?? SAMPLE_REQUESTER, intakeAt: options.now, timezone: options.timezone };
  return (['Voluntary', 'Involuntary'] as const).map((type) => buildPlan(sample(type), checklist, context));
}

/**
 * The preview `check-checklist` prints for a valid checklist: a Voluntary and an Involuntary
 * sample request (one asset each), every task per phase with owners and due dates.
 */
export function previewChecklist(checklist: Checklist, options: PreviewOptions): string {
  const zone = checklist.timezone ?? options.timezone;
  const plans = samplePlans(checklist, options);
  const taskCount = checklist.tasks.length;
  const lines = [
    `${options.file}: valid — ${taskCount} task template${taskCount === 1 ? '' : 's'} in ${checklist.phases.length} phases, times in ${zone}${checklist.timezone ? '' : ' (from --timezone; the checklist sets none)'}`,
    `Requesters besides people with write access: ${checklist.requesters.length > 0 ? checklist.requesters.join(', ') : 'none'}`,
    `Escalation: tasks ${ladder(checklist.escalation.default)}`,
    `            security tasks ${ladder(checklist.escalation.security)}`,
    `Involuntary: security tasks fall due ${checklist.involuntary.securityGrace.text} after filing`,
    checklist.escalation.hours
      ? `Working hours: ${checklist.escalation.hours.text} — reminders and escalations outside them wait (an involuntary departure's security escalations never do)`
      : 'Working hours: any time (set escalation.hours to hold reminders and escalations to them)',
  ];
  const unconfigured = plans[0]?.unconfiguredOwners ?? [];
  if (unconfigured.length > 0) {
    lines.push(`Note: owners without logins (their tasks go to the requester): ${unconfigured.join(', ')}`);
  }
  for (const plan of plans) lines.push('', ...renderPlan(plan));
  return `${lines.join('\n')}\n`;
}

/** Test plans built from an options object with defaults (independent of src/plan). */
import type { OffboardingRequest, Plan, PlannedPhase, PlannedTask } from '../../src/domain/types.js';

export interface PlanOptions {
  readonly request?: Partial<OffboardingRequest>;
  readonly requester?: string;
  readonly timezone?: string;
  readonly intakeAt?: string;
  readonly phases?: readonly PlannedPhase[];
  /** Checklist tasks; asset tasks are added from `request.assets`. */
  readonly tasks?: readonly PlannedTask[];
  readonly unconfiguredOwners?: readonly string[];
}

export const DEFAULT_REQUEST: OffboardingRequest = {
  employeeName: 'Jane Doe',
  employeeLogin: 'jdoe',
  department: 'Engineering',
  manager: 'mgr-mia',
  lastDay: '2026-12-04',
  departureType: 'Voluntary',
  assets: [],
};

export const DEFAULT_PHASES: readonly PlannedPhase[] = [
  { id: 'immediate', title: 'Immediate', due: '2026-12-04T22:59:00.000Z' },
  { id: 'within-24h', title: 'Within 24 hours', due: '2026-12-05T22:59:00.000Z' },
  { id: 'within-week', title: 'Within a week', due: '2026-12-11T22:59:00.000Z' },
];

export function task(options: Partial<PlannedTask> & { id: string }): PlannedTask {
  return {
    title: options.id,
    phase: 'immediate',
    owner: 'IT',
    ownerLogins: ['it-ivan'],
    escalateTo: ['cio-carla'],
    security: false,
    due: '2026-12-04T22:59:00.000Z',
    ...options,
  };
}

export const DEFAULT_TASKS: readonly PlannedTask[] = [
  task({ id: 'disable-email', title: 'Disable email account', security: true, link: 'https://wiki.example.com/runbooks/email' }),
  task({ id: 'revoke-vpn', title: 'Revoke VPN access', security: true, ownerLogins: ['it-ivan', 'it-irene'] }),
  task({ id: 'collect-laptop', title: 'Collect laptop', phase: 'within-24h', due: '2026-12-05T22:59:00.000Z' }),
  task({ id: 'knowledge-transfer', title: 'Knowledge transfer documentation', phase: 'within-week', owner: 'manager', ownerLogins: ['mgr-mia'], escalateTo: [], due: '2026-12-11T22:59:00.000Z', link: 'javascript:alert(1)' }),
  task({ id: 'exit-interview', title: 'Exit interview', phase: 'within-week', owner: 'HR', ownerLogins: ['hr-hana'], due: '2026-12-11T22:59:00.000Z' }),
];

/** A plan: the defaults, overridden by `options`, with one recovery task per asset. */
export function buildPlan(options: PlanOptions = {}): Plan {
  const request: OffboardingRequest = { ...DEFAULT_REQUEST, ...options.request };
  const assetTasks = request.assets.map((asset, i) =>
    task({ id: `asset-${i + 1}`, title: `Recover: ${asset}`, phase: 'within-24h', due: '2026-12-05T22:59:00.000Z', asset }),
  );
  return {
    version: 1,
    request,
    requester: options.requester ?? 'hr-hana',
    timezone: options.timezone ?? 'Europe/Berlin',
    intakeAt: options.intakeAt ?? '2026-11-26T10:00:00.000Z',
    phases: options.phases ?? DEFAULT_PHASES,
    tasks: [...(options.tasks ?? DEFAULT_TASKS), ...assetTasks],
    escalation: {
      default: [{ after: { amount: 0, unit: 'h', text: '0h' }, notify: ['owners'] }],
      security: [{ after: { amount: 4, unit: 'h', text: '4h' }, notify: ['owners', 'manager', 'escalate-to'] }],
    },
    unconfiguredOwners: options.unconfiguredOwners ?? [],
  };
}

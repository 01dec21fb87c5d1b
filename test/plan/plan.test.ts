import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultChecklist, loadChecklist } from '../../src/checklist/index.js';
import type { Checklist, OffboardingRequest } from '../../src/domain/types.js';
import { buildPlan, type PlanContext } from '../../src/plan/index.js';

function request(overrides: Partial<OffboardingRequest> = {}): OffboardingRequest {
  return {
    employeeName: 'Erin Example',
    employeeLogin: 'erin-example',
    department: 'Engineering',
    manager: 'mgr-maria',
    lastDay: '2025-03-14',
    departureType: 'Voluntary',
    assets: [],
    ...overrides,
  };
}

function context(overrides: Partial<PlanContext> = {}): PlanContext {
  return { requester: 'hr-hana', intakeAt: new Date('2025-03-10T09:30:00.000Z'), timezone: 'UTC', ...overrides };
}

const checklist = (text: string): Checklist => loadChecklist(text, '.github/offboarding.yml');

describe('buildPlan with the built-in default', () => {
  const plan = buildPlan(request(), defaultChecklist(), context());

  it('plans every task with its phase deadline as an ISO instant', () => {
    expect(plan.version).toBe(1);
    expect(plan.timezone).toBe('UTC');
    expect(plan.intakeAt).toBe('2025-03-10T09:30:00.000Z');
    expect(plan.requester).toBe('hr-hana');
    expect(plan.phases).toEqual([
      { id: 'immediate', title: 'Immediate (by end of the last day)', due: '2025-03-14T23:59:59.999Z', offset: { amount: 0, unit: 'd', text: '0d' } },
      { id: 'within-24h', title: 'Within 24 hours', due: '2025-03-15T23:59:59.999Z', offset: { amount: 1, unit: 'd', text: '1d' } },
      { id: 'within-week', title: 'Within a week', due: '2025-03-21T23:59:59.999Z', offset: { amount: 7, unit: 'd', text: '7d' } },
    ]);
    expect(plan.tasks).toHaveLength(17);
    for (const task of plan.tasks) {
      expect(task.due).toBe(plan.phases.find((phase) => phase.id === task.phase)?.due);
    }
    expect(plan.escalation).toEqual(defaultChecklist().escalation);
  });

  it('falls back to the requester for owners without logins and says which', () => {
    expect(plan.unconfiguredOwners).toEqual(['Facilities', 'Finance', 'HR', 'IT', 'Security']);
    for (const task of plan.tasks.filter((t) => t.owner !== 'manager')) expect(task.ownerLogins).toEqual(['hr-hana']);
    expect(plan.tasks.find((task) => task.id === 'knowledge-transfer')).toMatchObject({
      owner: 'manager',
      ownerLogins: ['mgr-maria'],
      escalateTo: [],
    });
  });

  it('carries controls, security and the request', () => {
    expect(plan.request).toEqual(request());
    expect(plan.tasks[0]).toMatchObject({ id: 'disable-email', security: true, controls: ['PS-4(a)'] });
  });
});

describe('time zone', () => {
  it('prefers the checklist zone over the input', () => {
    const plan = buildPlan(request(), checklist('timezone: Europe/Berlin\n'), context({ timezone: 'America/New_York' }));
    expect(plan.timezone).toBe('Europe/Berlin');
    expect(plan.phases[0]?.due).toBe('2025-03-14T22:59:59.999Z');
  });

  it('uses the input when the checklist names none', () => {
    const plan = buildPlan(request(), defaultChecklist(), context({ timezone: 'America/New_York' }));
    expect(plan.timezone).toBe('America/New_York');
    expect(plan.phases[0]?.due).toBe('2025-03-15T03:59:59.999Z');
  });
});

describe('conditional tasks', () => {
  const conditional = checklist(
    [
      'tasks:',
      '  - { id: always, title: Always, phase: immediate, owner: IT }',
      '  - id: transfer-repos',
      '    title: Transfer repository ownership',
      '    phase: within-24h',
      '    owner: IT',
      '    when: { department: [Engineering, Data] }',
      '  - id: escort-out',
      '    title: Escort out',
      '    phase: immediate',
      '    owner: Facilities',
      '    when: { department: [Sales], departure-type: [involuntary] }',
    ].join('\n'),
  );
  const ids = (overrides: Partial<OffboardingRequest>) =>
    buildPlan(request(overrides), conditional, context()).tasks.map((task) => task.id);

  it('keeps a task when every listed field matches, case-insensitively', () => {
    expect(ids({ department: 'engineering ' })).toEqual(['always', 'transfer-repos']);
    expect(ids({ department: 'Sales', departureType: 'Involuntary' })).toEqual(['always', 'escort-out']);
  });

  it('drops it when one field does not', () => {
    expect(ids({ department: 'Sales', departureType: 'Voluntary' })).toEqual(['always']);
    expect(ids({ department: 'Marketing' })).toEqual(['always']);
  });

  it('never matches a field the request left empty', () => {
    const byLogin = checklist('tasks:\n  - { id: x, title: X, phase: immediate, owner: IT, when: { employee-login: [erin-example] } }\n');
    expect(buildPlan(request({ employeeLogin: '@Erin-Example' }), byLogin, context()).tasks).toHaveLength(1);
    const { employeeLogin: _, ...withoutLogin } = request();
    expect(buildPlan(withoutLogin, byLogin, context()).tasks).toHaveLength(0);
  });
});

describe('assets', () => {
  it('turns each asset line into a recovery task in the assets phase', () => {
    const plan = buildPlan(
      request({ assets: ['Laptop MBP-0412', 'YubiKey 5C'] }),
      checklist('owners:\n  IT:\n    logins: [it-ivan]\n'),
      context(),
    );
    const ids = plan.tasks.map((task) => task.id);
    expect(ids.slice(ids.indexOf('transfer-files'), ids.indexOf('transfer-files') + 4)).toEqual([
      'transfer-files',
      'asset-1',
      'asset-2',
      'knowledge-transfer',
    ]);
    expect(plan.tasks.find((task) => task.id === 'asset-1')).toEqual({
      id: 'asset-1',
      title: 'Recover Laptop MBP-0412',
      phase: 'within-24h',
      owner: 'IT',
      ownerLogins: ['it-ivan'],
      escalateTo: [],
      security: false,
      due: '2025-03-15T23:59:59.999Z',
      controls: ['PS-4(d)'],
      asset: 'Laptop MBP-0412',
    });
  });
});

describe('the departing employee', () => {
  const owners = checklist(
    'owners:\n  IT:\n    logins: ["@Erin-Example", it-ivan]\n    escalate-to: [erin-example, cio-carla]\n  Security:\n    logins: [erin-example]\n',
  );

  it('is never an owner or an escalation target', () => {
    const plan = buildPlan(request(), owners, context());
    const disable = plan.tasks.find((task) => task.id === 'disable-email');
    expect(disable?.ownerLogins).toEqual(['it-ivan']);
    expect(disable?.escalateTo).toEqual(['cio-carla']);
    expect(plan.tasks.find((task) => task.id === 'rotate-shared-secrets')?.ownerLogins).toEqual(['hr-hana']);
    expect(plan.unconfiguredOwners).toContain('Security');
    expect(plan.unconfiguredOwners).not.toContain('IT');
  });

  it('is not the fallback either when they filed the request themselves', () => {
    const plan = buildPlan(request(), defaultChecklist(), context({ requester: 'Erin-Example' }));
    for (const task of plan.tasks) expect(task.ownerLogins).toEqual(['mgr-maria']);
  });

  it('never appears among owners, whatever the configuration (property)', () => {
    const login = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,3})?$/);
    fc.assert(
      fc.property(
        fc.array(login, { maxLength: 4 }),
        fc.array(login, { maxLength: 3 }),
        login,
        login,
        fc.constantFrom('', '@', ' '),
        fc.boolean(),
        (logins, escalate, employee, requester, prefix, upper) => {
          const configured = checklist(
            `owners:\n  IT:\n    logins: [${[...logins, employee].join(', ')}]\n    escalate-to: [${[employee, ...escalate].join(', ')}]\n`,
          );
          const typed = `${prefix}${upper ? employee.toUpperCase() : employee}`;
          const plan = buildPlan(
            request({ employeeLogin: typed, assets: ['Laptop'] }),
            configured,
            context({ requester: upper ? requester : employee }),
          );
          for (const task of plan.tasks) {
            for (const person of [...task.ownerLogins, ...task.escalateTo]) {
              expect(person.toLowerCase()).not.toBe(employee);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('involuntary departures lock first', () => {
  const intakeAt = new Date('2025-03-10T09:30:00.000Z');

  it('makes every security task due at intake plus the grace period', () => {
    const plan = buildPlan(request({ departureType: 'Involuntary' }), defaultChecklist(), context({ intakeAt }));
    for (const task of plan.tasks) {
      expect(task.due, task.id).toBe(task.security ? '2025-03-10T10:30:00.000Z' : plan.phases.find((p) => p.id === task.phase)?.due);
    }
    expect(plan.phases[0]?.due).toBe('2025-03-14T23:59:59.999Z');
  });

  it('follows the configured grace', () => {
    const plan = buildPlan(
      request({ departureType: 'Involuntary' }),
      checklist('involuntary:\n  security-grace: 0h\n'),
      context({ intakeAt }),
    );
    expect(plan.tasks.find((task) => task.security)?.due).toBe('2025-03-10T09:30:00.000Z');
  });

  it('leaves voluntary departures on their phase deadlines', () => {
    const plan = buildPlan(request(), defaultChecklist(), context({ intakeAt }));
    expect(plan.tasks.find((task) => task.security)?.due).toBe('2025-03-14T23:59:59.999Z');
  });
});

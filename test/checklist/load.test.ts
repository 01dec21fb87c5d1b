import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChecklistError,
  defaultChecklist,
  loadChecklist,
  parseOffset,
  type ChecklistProblem,
} from '../../src/checklist/index.js';

const FILE = '.github/offboarding.yml';

/** The problems `text` yields; fails the test when it loads. */
function problemsOf(text: string): readonly ChecklistProblem[] {
  try {
    loadChecklist(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ChecklistError);
    return (error as ChecklistError).problems;
  }
  throw new Error('expected the checklist to be rejected');
}

/** The one problem at `key`. */
function problemAt(text: string, key: string): ChecklistProblem {
  const found = problemsOf(text).filter((problem) => problem.key === key);
  expect(found, `problems at ${key}`).toHaveLength(1);
  return found[0] as ChecklistProblem;
}

describe('the built-in default', () => {
  const checklist = defaultChecklist();

  it('has the 14 original tasks plus the three PS-4 additions, in order', () => {
    expect(checklist.tasks.map((task) => `${task.id} ${task.phase} ${task.owner}`)).toEqual([
      'disable-email immediate IT',
      'revoke-vpn immediate IT',
      'remove-slack immediate IT',
      'revoke-github immediate IT',
      'disable-aws immediate IT',
      'revoke-sessions immediate IT',
      'rotate-shared-secrets immediate Security',
      'collect-laptop within-24h IT',
      'collect-badges within-24h Facilities',
      'forward-email within-24h IT',
      'transfer-files within-24h IT',
      'knowledge-transfer within-week manager',
      'final-payroll within-week Finance',
      'benefits-termination within-week HR',
      'exit-interview within-week HR',
      'remove-payroll within-week Finance',
      'post-employment-obligations within-week HR',
    ]);
  });

  it('marks exactly the immediate tasks as security tasks', () => {
    for (const task of checklist.tasks) expect(task.security, task.id).toBe(task.phase === 'immediate');
  });

  it('has the phases, assets, grace and escalation ladder of the spec', () => {
    expect(checklist.source).toBe('built-in');
    expect(checklist.timezone).toBeUndefined();
    expect(checklist.phases.map((phase) => [phase.id, phase.due.text])).toEqual([
      ['immediate', '0d'],
      ['within-24h', '1d'],
      ['within-week', '7d'],
    ]);
    expect(checklist.assets).toEqual({ phase: 'within-24h', owner: 'IT' });
    expect(checklist.involuntary.securityGrace).toEqual({ amount: 1, unit: 'h', text: '1h' });
    const ladder = (levels: typeof checklist.escalation.default) =>
      levels.map((level) => `${level.after.text}:${level.notify.join('+')}`);
    expect(ladder(checklist.escalation.default)).toEqual(['0h:owners', '1bd:owners+manager+escalate-to']);
    expect(ladder(checklist.escalation.security)).toEqual(['0h:owners', '4h:owners+manager+escalate-to']);
  });

  it('declares the five owners with no logins, so it works with zero configuration', () => {
    expect(Object.keys(checklist.owners)).toEqual(['IT', 'HR', 'Facilities', 'Finance', 'Security']);
    for (const owner of Object.values(checklist.owners)) {
      expect(owner.logins).toEqual([]);
      expect(owner.escalateTo).toEqual([]);
    }
    expect(checklist.requesters).toEqual([]);
  });

  it('cites PS-4 controls on the security-relevant tasks', () => {
    const controls = Object.fromEntries(checklist.tasks.map((task) => [task.id, task.controls ?? []]));
    expect(controls['revoke-sessions']).toContain('PS-4(b)');
    expect(controls['collect-laptop']).toContain('PS-4(d)');
    expect(controls['exit-interview']).toContain('PS-4(c)');
    expect(controls['transfer-files']).toContain('PS-4(e)');
    for (const id of ['disable-email', 'revoke-vpn', 'remove-slack', 'revoke-github', 'disable-aws']) {
      expect(controls[id]).toContain('PS-4(a)');
    }
  });

  it('is parsed once and cannot be changed by a caller', () => {
    expect(defaultChecklist()).toBe(checklist);
    expect(Object.isFrozen(checklist.tasks[0])).toBe(true);
  });
});

describe('loading a company checklist', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing to change yet\n'],
    ['an empty mapping', '{}\n'],
  ])('treats %s as the default', (_, text) => {
    const checklist = loadChecklist(text, FILE);
    expect({ ...checklist, source: 'built-in' }).toEqual(defaultChecklist());
    expect(checklist.source).toBe(FILE);
  });

  it('merges owners key by key: setting only IT logins keeps everything else', () => {
    const checklist = loadChecklist('owners:\n  IT:\n    logins: [it-ivan, "@it-irene", IT-Ivan]\n', FILE);
    expect(checklist.owners['IT']).toEqual({ key: 'IT', logins: ['it-ivan', 'it-irene'], escalateTo: [] });
    expect(Object.keys(checklist.owners)).toEqual(['IT', 'HR', 'Facilities', 'Finance', 'Security']);
    expect(checklist.tasks).toEqual(defaultChecklist().tasks);
    expect(checklist.phases).toEqual(defaultChecklist().phases);
  });

  it('merges within an owner: escalate-to alone keeps the logins', () => {
    const text = 'owners:\n  HR:\n    escalate-to: [chro-chris]\n  Legal:\n    logins: [legal-lea]\n';
    const checklist = loadChecklist(text, FILE);
    expect(checklist.owners['HR']).toEqual({ key: 'HR', logins: [], escalateTo: ['chro-chris'] });
    expect(checklist.owners['Legal']).toEqual({ key: 'Legal', logins: ['legal-lea'], escalateTo: [] });
  });

  it('accepts an owner declared with nothing under it', () => {
    expect(loadChecklist('owners:\n  Legal:\n', FILE).owners['Legal']).toEqual({ key: 'Legal', logins: [], escalateTo: [] });
  });

  it('replaces lists and keeps omitted sections', () => {
    const text = [
      'timezone: Europe/Berlin',
      'requesters: [hr-hana]',
      'tasks:',
      '  - id: transfer-repos',
      '    title: Transfer repository ownership',
      '    phase: within-24h',
      '    owner: IT',
      '    strict: true',
      '    controls: [PS-4(e)]',
      '    link: https://wiki.example.com/runbooks/repos',
      '    when:',
      '      department: [Engineering]',
      '      departure-type: [Voluntary, Involuntary]',
      'escalation:',
      '  security:',
      '    - { after: 2h, notify: [owners, escalate-to] }',
    ].join('\n');
    const checklist = loadChecklist(text, FILE);
    expect(checklist.timezone).toBe('Europe/Berlin');
    expect(checklist.requesters).toEqual(['hr-hana']);
    expect(checklist.tasks).toEqual([
      {
        id: 'transfer-repos',
        title: 'Transfer repository ownership',
        phase: 'within-24h',
        owner: 'IT',
        security: false,
        strict: true,
        controls: ['PS-4(e)'],
        link: 'https://wiki.example.com/runbooks/repos',
        when: { department: ['Engineering'], 'departure-type': ['Voluntary', 'Involuntary'] },
      },
    ]);
    expect(checklist.phases).toEqual(defaultChecklist().phases);
    expect(checklist.escalation.default).toEqual(defaultChecklist().escalation.default);
    expect(checklist.escalation.security).toEqual([
      { after: { amount: 2, unit: 'h', text: '2h' }, notify: ['owners', 'escalate-to'] },
    ]);
  });
});

describe('rejecting a bad checklist', () => {
  it('names a wrong type, with what is allowed', () => {
    const problem = problemAt('requesters: hr-hana\n', 'requesters');
    expect(problem).toMatchObject({ file: FILE, line: 1, column: 13 });
    expect(problem.message).toMatch(/list of GitHub logins/);
    expect(problem.message).toMatch(/not "hr-hana"/);
  });

  it('rejects an unknown owner instead of rerouting the task', () => {
    const text = 'tasks:\n  - id: wipe-phone\n    title: Wipe phone\n    phase: immediate\n    owner: Secuirty\n    security: true\n';
    const problem = problemAt(text, 'tasks[0].owner');
    expect(problem).toMatchObject({ line: 5, column: 12 });
    expect(problem.message).toContain('"Secuirty" (did you mean "Security"?)');
    expect(problem.message).toContain('IT, HR, Facilities, Finance, Security, manager');
  });

  it('rejects duplicate task ids and phase ids', () => {
    const text = [
      'phases:',
      '  - { id: now, title: Now, due: 0d }',
      '  - { id: now, title: Again, due: 1d }',
      'tasks:',
      '  - { id: a, title: A, phase: now, owner: IT }',
      '  - { id: a, title: B, phase: now, owner: HR }',
      'assets: { phase: now }',
    ].join('\n');
    expect(problemAt(text, 'phases[1].id')).toMatchObject({ line: 3, column: 11 });
    const task = problemAt(text, 'tasks[1].id');
    expect(task).toMatchObject({ line: 6, column: 11 });
    expect(task.message).toContain('duplicate task id "a" (already used by tasks[0])');
  });

  it('rejects a bad offset, and takes a negative escalation delay for a reminder', () => {
    const text = [
      'phases:',
      '  - id: now',
      '    title: Now',
      '    due: 2days',
      'escalation:',
      '  default:',
      '    - after: 1 day',
      '      notify: [owners]',
    ].join('\n');
    const due = problemAt(text, 'phases[0].due');
    expect(due).toMatchObject({ line: 4, column: 10 });
    expect(due.message).toMatch(/0d, 1d, -2d, 5bd, 4h/);
    expect(problemAt(text, 'escalation.default[0].after')).toMatchObject({ line: 7, column: 14 });
    const reminder = loadChecklist('escalation:\n  default:\n    - { after: -1bd, notify: [owners] }\n    - { after: 0h, notify: [owners] }\n', FILE);
    expect(reminder.escalation.default.map((l) => l.after.text)).toEqual(['-1bd', '0h']);
  });

  it('points at an unknown key and lists the allowed ones', () => {
    const problem = problemAt('owner:\n  IT:\n    logins: [it-ivan]\n', 'owner');
    expect(problem).toMatchObject({ line: 1, column: 1 });
    expect(problem.message).toContain('unknown key "owner" (did you mean "owners"?)');
    expect(problem.message).toContain('allowed keys: timezone, requesters, owners, phases, tasks, assets, involuntary, escalation');
    const nested = problemAt('owners:\n  IT:\n    login: [it-ivan]\n', 'owners.IT.login');
    expect(nested).toMatchObject({ line: 3, column: 5 });
    expect(nested.message).toContain('allowed keys: logins, escalate-to');
  });

  it('rejects an unknown time zone', () => {
    const problem = problemAt('timezone: Europe/Berln\n', 'timezone');
    expect(problem).toMatchObject({ line: 1, column: 11 });
    expect(problem.message).toMatch(/IANA time zone/);
  });

  it('turns a YAML syntax error into a positioned problem', () => {
    const problems = problemsOf('owners:\n  IT:\n    logins: [it-ivan\n  HR: {}\n');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.key).toBe('(yaml)');
      expect(problem.line).toBeGreaterThanOrEqual(3);
      expect(problem.message).toMatch(/^YAML syntax error: /);
    }
  });

  it('rejects a duplicated key as a YAML error', () => {
    expect(problemsOf('timezone: UTC\ntimezone: Europe/Berlin\n')[0]).toMatchObject({ key: '(yaml)', line: 2 });
  });

  it('rejects manager under owners, bad logins, bad ids and impossible when values', () => {
    const text = [
      'requesters: ["not a login"]',
      'owners:',
      '  manager: { logins: [boss] }',
      'tasks:',
      '  - id: Bad_Id',
      '    title: X',
      '    phase: immediate',
      '    owner: IT',
      '    when: { departure-type: [Fired], team: [x] }',
      '  - id: asset-1',
      '    title: Y',
      '    phase: later',
      '    owner: IT',
    ].join('\n');
    expect(problemAt(text, 'requesters[0]')).toMatchObject({ line: 1, column: 14 });
    expect(problemAt(text, 'owners.manager').message).toMatch(/manager is built in/);
    expect(problemAt(text, 'tasks[0].id').message).toMatch(/lowercase letters, digits and hyphens/);
    expect(problemAt(text, 'tasks[0].when.departure-type[0]').message).toMatch(/Voluntary, Involuntary/);
    expect(problemAt(text, 'tasks[0].when.team').message).toMatch(/allowed keys: department, departure-type/);
    expect(problemAt(text, 'tasks[1].id').message).toMatch(/reserved/);
    expect(problemAt(text, 'tasks[1].phase')).toMatchObject({ line: 12, column: 12 });
  });

  it('names a missing required key', () => {
    const problem = problemAt('tasks:\n  - id: a\n    title: A\n    phase: immediate\n', 'tasks[0]');
    expect(problem).toMatchObject({ line: 2, column: 5 });
    expect(problem.message).toContain('missing required key "owner"');
  });

  it('rejects a file that is not a mapping', () => {
    expect(problemAt('- disable-email\n', '(root)')).toMatchObject({ line: 1, column: 1 });
  });

  it('blames a replaced phases list once when the built-in tasks lose their phases', () => {
    const problems = problemsOf('phases:\n  - { id: now, title: Now, due: 0d }\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: 'phases', line: 1, column: 1 });
    expect(problems[0]?.message).toContain('"immediate", "within-24h", "within-week"');
  });

  it('reports every problem at once, in file order, one per line of the message', () => {
    const text = [
      'timezone: Mars/Olympus', // 1
      'requesters: hr-hana', // 2
      'tasks:', // 3
      '  - id: a', // 4
      '    title: A', // 5
      '    phase: immediate', // 6
      '    owner: Secuirty', // 7
      '    securty: true', // 8
      '  - id: a', // 9
      '    title: B', // 10
      '    phase: someday', // 11
      '    owner: HR', // 12
      'involuntary:', // 13
      '  security-grace: soon', // 14
    ].join('\n');
    let error: unknown;
    try {
      loadChecklist(text, FILE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChecklistError);
    const { problems, message } = error as ChecklistError;
    expect(problems.map((problem) => `${problem.line}:${problem.key}`)).toEqual([
      '1:timezone',
      '2:requesters',
      '7:tasks[0].owner',
      '8:tasks[0].securty',
      '9:tasks[1].id',
      '11:tasks[1].phase',
      '14:involuntary.security-grace',
    ]);
    const lines = message.split('\n');
    expect(lines).toHaveLength(problems.length);
    expect(lines[0]).toBe(`${FILE}:1:11: timezone: ${problems[0]?.message}`);
  });

  it('never fails with anything but a ChecklistError, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          loadChecklist(text, FILE);
        } catch (error) {
          expect(error).toBeInstanceOf(ChecklistError);
          const { problems } = error as ChecklistError;
          expect(problems.length).toBeGreaterThan(0);
          for (const problem of problems) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.column).toBeGreaterThanOrEqual(1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseOffset', () => {
  it.each([
    ['0d', { amount: 0, unit: 'd', text: '0d' }],
    ['-2d', { amount: -2, unit: 'd', text: '-2d' }],
    ['-0d', { amount: 0, unit: 'd', text: '-0d' }],
    ['5bd', { amount: 5, unit: 'bd', text: '5bd' }],
    ['4h', { amount: 4, unit: 'h', text: '4h' }],
  ])('parses %s', (text, expected) => {
    expect(parseOffset(text)).toEqual(expected);
    expect(Object.is(parseOffset(text)?.amount, -0)).toBe(false);
  });

  it.each(['', 'd', '1', '1w', '1.5d', ' 1d', '1d ', '+1d', '1D', '--1d', '12345d'])('rejects %j', (text) => {
    expect(parseOffset(text)).toBeUndefined();
  });
});

describe('YAML anchors', () => {
  it('resolves anchors and aliases', () => {
    const text = 'owners:\n  IT:\n    logins: &it [it-ivan]\n  Security:\n    logins: *it\n';
    expect(loadChecklist(text, FILE).owners['Security']?.logins).toEqual(['it-ivan']);
  });

  it('reports an alias to no anchor', () => {
    expect(problemsOf('timezone: UTC\nrequesters: *nobody\n')[0]).toMatchObject({ key: '(yaml)', line: 2, column: 13 });
  });
});

describe('YAML keys', () => {
  it('rejects a mapping used as a key', () => {
    expect(problemsOf('owners:\n  ? { a: 1 }\n  : {}\n')[0]).toMatchObject({ key: '(yaml)', line: 2, column: 5 });
  });
});

/**
 * Issue 8, points 5, 6 and 7: checklist mistakes that used to pass silently, as the loader and
 * `offboarding check-checklist` report them (file:line:col, key, did-you-mean).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChecklistError, loadChecklist, type ChecklistProblem } from '../../src/checklist/index.js';
import { runCli } from '../../src/cli/main.js';
import { isLogin } from '../../src/domain/login.js';
import { DEFAULT_FIELDS, fieldsFromTemplate, type FieldDef } from '../../src/form/fields.js';

const FILE = '.github/offboarding.yml';
const SHIPPED_FORM = readFileSync(resolve(import.meta.dirname, '../../.github/ISSUE_TEMPLATE/offboarding.yml'), 'utf8');

function problemsOf(text: string, fields?: readonly FieldDef[]): readonly ChecklistProblem[] {
  try {
    loadChecklist(text, FILE, fields ? { fields } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(ChecklistError);
    return (error as ChecklistError).problems;
  }
  throw new Error('expected the checklist to be rejected');
}

function problemAt(text: string, key: string, fields?: readonly FieldDef[]): ChecklistProblem {
  const found = problemsOf(text, fields).filter((p) => p.key === key);
  expect(found, `problems at ${key}`).toHaveLength(1);
  return found[0] as ChecklistProblem;
}

async function checkChecklist(text: string): Promise<{ code: number; stdout: string; stderr: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'check-checklist-'));
  mkdirSync(join(dir, '.github'), { recursive: true });
  const path = join(dir, '.github', 'offboarding.yml');
  writeFileSync(path, text);
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check-checklist', path, '--now', '2026-11-26T10:00:00Z'], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr, path };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- 5 -------------------------------------------------------------------------------------------

const TYPO = ['owners:', '  IT:', '    logins: [it-ivan]', '  Secuirty:', '    logins: [sec-sam]', '    escalate-to: [cio-carla]', ''].join('\n');
const FAR = ['owners:', '  IT: { logins: [it-ivan] }', '  Legal:', '    logins: [lena-law]', ''].join('\n');

describe('5. an owner key that no task uses', () => {
  it('close to a key that tasks use: an error at the key, with a did-you-mean', () => {
    const problem = problemAt(TYPO, 'owners.Secuirty');
    expect(problem).toMatchObject({ file: FILE, line: 4, column: 3 });
    expect(problem.message).toMatch(/no task uses it/);
    expect(problem.message).toMatch(/did you mean "Security"\?/);
  });

  it('a difference of case only is an error too', () => {
    const problem = problemAt('owners:\n  security: { logins: [sec-sam] }\n', 'owners.security');
    expect(problem).toMatchObject({ line: 2, column: 3 });
    expect(problem.message).toMatch(/did you mean "Security"\?/);
  });

  it('far from any key that tasks use: a warning with file:line:col, and the checklist loads', () => {
    const checklist = loadChecklist(FAR, FILE);
    expect(checklist.warnings).toEqual([expect.stringMatching(/^\.github\/offboarding\.yml:3:3: owners\.Legal: owner "Legal" is declared but no task uses it/)]);
  });

  it('an owner used only by the assets is used', () => {
    const checklist = loadChecklist(`${FAR}assets: { owner: Legal }\n`, FILE);
    expect(checklist.warnings ?? []).toEqual([]);
  });

  it('setting only the logins of the built-in owners raises nothing', () => {
    const checklist = loadChecklist('owners:\n  IT: { logins: [it-ivan] }\n  Security: { logins: [sec-sam] }\n', FILE);
    expect(checklist.warnings ?? []).toEqual([]);
    expect(checklist.owners['Security']?.logins).toEqual(['sec-sam']);
  });

  it('check-checklist prints the error with file:line:col and the did-you-mean, and exits 1', async () => {
    const result = await checkChecklist(TYPO);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${escape(result.path)}:4:3: owners\\.Secuirty: .*did you mean "Security"\\?`, 'm'));
  });

  it('check-checklist prints the warning with file:line:col, and exits 0', async () => {
    const result = await checkChecklist(FAR);
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(new RegExp(`${escape(result.path)}:3:3: owners\\.Legal: owner "Legal" is declared but no task uses it`));
  });
});

// ---- 6 -------------------------------------------------------------------------------------------

const when = (value: string): string =>
  ['tasks:', '  - id: transfer-repos', '    title: Transfer repository ownership', '    phase: within-24h', '    owner: IT', '    when:', `      department: [${value}]`, ''].join('\n');
const KEY = 'tasks[0].when.department[0]';

describe('6. a `when` value that matches no option of the form\'s dropdown', () => {
  for (const [name, fields] of [
    ['the built-in form', DEFAULT_FIELDS],
    ['the shipped issue form template', fieldsFromTemplate(SHIPPED_FORM)],
  ] as const) {
    it(`close to an option: an error at the value with a did-you-mean (${name})`, () => {
      const problem = problemAt(when('Engineerng'), KEY, fields);
      expect(problem).toMatchObject({ file: FILE, line: 7, column: 20 });
      expect(problem.message).toMatch(/did you mean "Engineering"\?/);
      expect(problem.message).toMatch(/never appears/);
    });

    it(`far from every option: a warning at the value, and the checklist loads (${name})`, () => {
      const checklist = loadChecklist(when('Astrology'), FILE, { fields });
      expect(checklist.warnings).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\.github\/offboarding\.yml:7:20: tasks\[0\]\.when\.department\[0\]: .*"Astrology" is not an option/)]),
      );
    });

    it(`an option in another case matches (${name})`, () => {
      const checklist = loadChecklist(when('engineering'), FILE, { fields });
      expect((checklist.warnings ?? []).filter((w) => w.includes(KEY))).toEqual([]);
    });
  }

  it('is checked against the company\'s own form: an option it added is fine', () => {
    const own = SHIPPED_FORM.replace('        - Engineering\n', '        - Engineering\n        - Research\n');
    expect(own).not.toBe(SHIPPED_FORM);
    const checklist = loadChecklist(when('Research'), FILE, { fields: fieldsFromTemplate(own) });
    expect((checklist.warnings ?? []).filter((w) => w.includes(KEY))).toEqual([]);
    expect(problemAt(when('Reserch'), KEY, fieldsFromTemplate(own)).message).toMatch(/did you mean "Research"\?/);
  });

  it('check-checklist reports a misspelt value with file:line:col and a did-you-mean, and exits 1', async () => {
    const result = await checkChecklist(when('Engineerng'));
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${escape(result.path)}:7:20: tasks\\[0\\]\\.when\\.department\\[0\\]: .*did you mean "Engineering"\\?`, 'm'));
  });

  it('check-checklist warns about a value far from every option, with file:line:col', async () => {
    const result = await checkChecklist(when('Astrology'));
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(new RegExp(`${escape(result.path)}:7:20: tasks\\[0\\]\\.when\\.department\\[0\\]: .*"Astrology" is not an option`));
  });
});

// ---- 7 -------------------------------------------------------------------------------------------

describe('7. one login rule, Enterprise Managed Users included', () => {
  const good = ['octocat', 'it-ivan', 'a', 'A1-b2-C3', 'mona_acme', 'it-ivan_acme', 'x'.repeat(39), `${'m'.repeat(30)}_acme`];
  const bad = ['-mona', 'mona-', 'mo--na', 'mona_', '_acme', 'mona_ac-me', 'mona acme', 'x'.repeat(40), 'mona@acme', 'mona_acme_x'];

  it.each(good)('accepts %s in requesters, logins and escalate-to', (login) => {
    expect(isLogin(login)).toBe(true);
    const checklist = loadChecklist(`requesters: [${login}]\nowners:\n  IT: { logins: [${login}], escalate-to: ['@${login}'] }\n`, FILE);
    expect(checklist.requesters).toEqual([login]);
    expect(checklist.owners['IT']?.logins).toEqual([login]);
    expect(checklist.owners['IT']?.escalateTo).toEqual([login]);
  });

  it.each(bad)('rejects %s, at the value', (login) => {
    expect(isLogin(login)).toBe(false);
    const problem = problemAt(`owners:\n  IT: { logins: ['${login}'] }\n`, 'owners.IT.logins[0]');
    expect(problem.line).toBe(2);
  });
});

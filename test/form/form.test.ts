import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { normaliseLogin } from '../../src/domain/login.js';
import { VALIDATION_MARKER } from '../../src/domain/markers.js';
import { DEFAULT_FIELDS, fieldsFromTemplate, normaliseHeading } from '../../src/form/fields.js';
import { looksLikeForm, parseForm } from '../../src/form/parse.js';
import { parseAssets, renderValidationComment, validateForm, type ValidationContext } from '../../src/form/validate.js';
import { parseMarkdown, walk } from '../../src/markdown/mdast.js';

const CTX: ValidationContext = { now: new Date('2026-11-26T10:00:00Z'), timeZone: 'Europe/Berlin', managerAssignable: true };
const TEMPLATE = readFileSync(join(import.meta.dirname, '..', '..', '.github', 'ISSUE_TEMPLATE', 'offboarding.yml'), 'utf8');

const VALID = {
  'employee-name': 'Jane Doe', 'employee-login': 'jdoe', department: 'Engineering', manager: 'mgr-mia',
  'last-day': '2026-12-04', 'departure-type': 'Voluntary', assets: undefined, notes: undefined,
};

function body(answers: Record<string, string>, labels: Record<string, string> = {}): string {
  return DEFAULT_FIELDS.filter((f) => f.id in answers).map((f) => `### ${labels[f.id] ?? f.label}\n\n${answers[f.id]}\n`).join('\n');
}

describe('the issue form template', () => {
  it('has the contract ids, labels, kinds and required flags', () => {
    const fields = fieldsFromTemplate(TEMPLATE);
    expect(fields.map((f) => [f.id, f.label, f.kind, f.required])).toEqual(DEFAULT_FIELDS.map((f) => [f.id, f.label, f.kind, f.required]));
    expect(fields.find((f) => f.id === 'department')?.options).toEqual(DEFAULT_FIELDS.find((f) => f.id === 'department')?.options);
    expect(fields.find((f) => f.id === 'departure-type')?.options).toEqual(['Voluntary', 'Involuntary']);
  });

  it('maps a company-edited template by id, and by label when the id is gone', () => {
    const edited = `name: Leaver\ndescription: x\nbody:\n  - type: input\n    id: employee-name\n    attributes:\n      label: Who is leaving?\n  - type: input\n    attributes:\n      label: Last day\n  - type: textarea\n    id: cost-centre\n    attributes:\n      label: Cost centre\n      render: text\n`;
    const fields = fieldsFromTemplate(edited);
    expect(fields.map((f) => f.id)).toEqual(['employee-name', 'last-day', 'cost-centre']);
    const answers = parseForm('### Who is leaving?\n\nJane\n\n### Last day\n\n2026-12-04\n\n### Cost centre\n\n```text\nCC-12\n```\n', fields);
    expect(answers).toEqual({ 'employee-name': 'Jane', 'last-day': '2026-12-04', 'cost-centre': 'CC-12' });
    expect(() => fieldsFromTemplate('just: text')).toThrow(/body/);
  });
});

describe('parseForm', () => {
  it('normalises headings', () => {
    expect(normaliseHeading("  Manager’s GitHub Login: ")).toBe('managers github login');
    expect(normaliseHeading('Last day (YYYY-MM-DD)')).toBe('last day');
  });

  it('reads headings by field id and by aliases, in any order', () => {
    const text = '## last-day\n\n2026-12-04\n\n### Full name\n\nJane\n\n### GitHub login\n\njdoe\n\n### Manager\n\n@mgr-mia   \n\n### Type\n\nvoluntary\n';
    expect(parseForm(text)).toMatchObject({ 'employee-name': 'Jane', 'employee-login': 'jdoe', manager: '@mgr-mia', 'last-day': '2026-12-04', 'departure-type': 'voluntary' });
    expect(looksLikeForm(text)).toBe(true);
    expect(looksLikeForm('### Notes\n\nhello\n\n### Random\n\nx')).toBe(false);
  });

  it('keeps a later heading for an already-seen field inside the answer', () => {
    const answers = parseForm(body({ 'employee-name': 'Jane Doe', department: 'Engineering', notes: 'a\n### Employee name\nb\n### Something else' }));
    expect(answers['notes']).toBe('a\n### Employee name\nb\n### Something else');
    expect(answers['employee-name']).toBe('Jane Doe');
  });

  it('reads empty fences, _No response_ and None as empty', () => {
    expect(parseForm('### Notes\n\n```\n```\n\n### Department\n\nNone\n\n### Employee name\n\n_No response_')).toMatchObject({ notes: undefined, department: undefined, 'employee-name': undefined });
  });

  it('never throws and always keys every field (property)', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const answers = parseForm(text);
      expect(Object.keys(answers).sort()).toEqual(DEFAULT_FIELDS.map((f) => f.id).sort());
    }));
  });
});

describe('validateForm', () => {
  it('accepts a valid form', () => {
    const result = validateForm(VALID, CTX);
    expect(result.problems).toEqual([]);
    expect(result.request).toEqual({ employeeName: 'Jane Doe', employeeLogin: 'jdoe', department: 'Engineering', manager: 'mgr-mia', lastDay: '2026-12-04', departureType: 'Voluntary', assets: [] });
  });

  it('collects every problem at once', () => {
    const result = validateForm({ 'employee-login': 'not a login', manager: '-bad-', 'last-day': '2025-01-01', assets: Array.from({ length: 51 }, (_, i) => `item ${i}`).join('\n') }, CTX);
    expect(result.request).toBeUndefined();
    expect(result.problems.map((p) => p.field)).toEqual(['employee-name', 'employee-login', 'department', 'manager', 'last-day', 'departure-type']);
    expect(result.problems.every((p) => p.label !== '' && p.message.length > 20)).toBe(true);
  });

  it('judges dates in the configured zone', () => {
    expect(validateForm({ ...VALID, 'last-day': '2027-11-26' }, CTX).problems).toEqual([]);
    expect(validateForm({ ...VALID, 'last-day': '2027-11-27' }, CTX).problems[0]?.field).toBe('last-day');
    expect(validateForm({ ...VALID, 'last-day': '2025-11-26' }, CTX).warnings).toHaveLength(1);
    expect(validateForm({ ...VALID, 'last-day': '2025-11-25' }, CTX).problems[0]?.message).toMatch(/more than 365 days ago/);
    expect(validateForm({ ...VALID, 'last-day': '2026-11-26' }, CTX).warnings).toEqual([]);
    // 23:30 UTC on the 26th is already the 27th in Berlin: the 26th is then in the past.
    expect(validateForm({ ...VALID, 'last-day': '2026-11-26' }, { ...CTX, now: new Date('2026-11-26T23:30:00Z') }).warnings).toHaveLength(1);
  });

  it('normalises logins, departure types and assets', () => {
    expect(normaliseLogin('https://github.com/mgr-mia/')).toBe('mgr-mia');
    expect(normaliseLogin('@mgr-mia')).toBe('mgr-mia');
    expect(validateForm({ ...VALID, manager: 'github.com/Mgr-Mia', 'departure-type': ' INVOLUNTARY ' }, CTX).request).toMatchObject({ manager: 'Mgr-Mia', departureType: 'Involuntary' });
    expect(parseAssets('- [x] Laptop\n\n  2) Badge \n+ Phone\n* [ ] Key')).toEqual(['Laptop', 'Badge', 'Phone', 'Key']);
    expect(validateForm({ ...VALID, manager: 'a'.repeat(40) }, CTX).problems).toHaveLength(1);
    expect(validateForm({ ...VALID, manager: 'a--b' }, CTX).problems).toHaveLength(1);
  });

  it('checks the manager against the employee and assignability', () => {
    expect(validateForm({ ...VALID, manager: '@JDoe' }, CTX).problems[0]?.message).toMatch(/departing employee/);
    expect(validateForm(VALID, { ...CTX, managerAssignable: false }).problems[0]?.message).toMatch(/cannot be assigned in this repository: give them access or correct the login/);
    expect(validateForm(VALID, { ...CTX, managerAssignable: undefined }).request).toBeDefined();
  });

  it('cuts overlong values with a warning instead of refusing the request', () => {
    const longName = validateForm({ ...VALID, 'employee-name': 'x'.repeat(60_000) }, CTX);
    expect(longName.problems).toEqual([]);
    expect(longName.request?.employeeName).toBe(`${'x'.repeat(200)}…`);
    expect(longName.warnings.join(' ')).toMatch(/60000 characters long; the tracker keeps the first 200/);
    const longLine = validateForm({ ...VALID, assets: `ok\n${'y'.repeat(201)}` }, CTX);
    expect(longLine.problems).toEqual([]);
    expect(longLine.request?.assets).toEqual(['ok', `${'y'.repeat(200)}…`]);
    expect(longLine.warnings.join(' ')).toMatch(/1 asset line is longer than 200 characters/);
    const many = validateForm({ ...VALID, assets: Array.from({ length: 300 }, (_, i) => `item ${i}`).join('\n') }, CTX);
    expect(many.problems).toEqual([]);
    expect(many.request?.assets).toHaveLength(300);
  });

  it('gives an example date that does not move from day to day', () => {
    const filed = new Date('2026-11-20T09:00:00Z');
    const messages = ['2026-11-26T10:00:00Z', '2026-11-27T10:00:00Z'].map(
      (now) => validateForm({ ...VALID, 'last-day': 'soon' }, { ...CTX, now: new Date(now), exampleFrom: filed }).problems[0]?.message,
    );
    expect(messages[0]).toMatch(/e\.g\. 2026-12-04/);
    expect(messages[1]).toBe(messages[0]);
  });

  it('accepts the login shapes GitHub has, Enterprise Managed Users included', () => {
    for (const login of ['octocat', 'mona-lisa', 'a1', 'mona_acme', 'mona-lisa_acme2']) {
      expect(validateForm({ ...VALID, manager: login }, CTX).problems, login).toEqual([]);
    }
    for (const login of ['-mona', 'mona-', 'mo--na', 'mona_', '_acme', 'a'.repeat(40), 'mona_lisa_acme']) {
      expect(validateForm({ ...VALID, manager: login }, CTX).problems, login).toHaveLength(1);
    }
  });

  it('refuses an employee login that is no GitHub account', () => {
    const result = validateForm({ ...VALID, 'employee-login': 'no-such-person' }, { ...CTX, employeeExists: false });
    expect(result.request).toBeUndefined();
    expect(result.problems[0]?.message).toMatch(/`no-such-person` is not a GitHub account/);
  });

  it('warns about a department the form does not list', () => {
    const result = validateForm({ ...VALID, department: 'research' }, CTX);
    expect(result.request?.department).toBe('research');
    expect(result.warnings).toHaveLength(1);
    expect(validateForm({ ...VALID, department: 'customer success' }, CTX).request?.department).toBe('Customer Success');
  });
});

describe('renderValidationComment', () => {
  it('lists problems with bold labels, or says all is fixed', () => {
    const { problems, warnings } = validateForm({ ...VALID, 'last-day': 'next friday' }, CTX);
    const comment = renderValidationComment(problems, warnings, { valid: false });
    expect(comment.startsWith(VALIDATION_MARKER)).toBe(true);
    expect(comment).toContain('- **Last working day** “next friday” is not a date in the form YYYY-MM-DD: write it as YYYY-MM-DD, e.g. 2026-12-10.');
    const fixed = renderValidationComment([], ['The last working day 2026-11-20 is in the past: its tasks are already due.'], { valid: true });
    expect(fixed).toMatch(/✅ All fixed/);
    expect(fixed).toContain('already due');
  });

  it('quotes typed text without letting it form markup (property)', () => {
    fc.assert(fc.property(fc.record({ name: fc.string(), login: fc.string(), manager: fc.string(), day: fc.string(), type: fc.string(), dept: fc.string() }), (v) => {
      const { problems, warnings } = validateForm({ 'employee-name': v.name, 'employee-login': v.login, manager: v.manager, 'last-day': v.day, 'departure-type': v.type, department: v.dept }, CTX);
      const comment = renderValidationComment(problems, warnings, { valid: false });
      expect(comment.split('<!--').length - 1).toBe(1);
      walk(parseMarkdown(comment), (node: Nodes) => {
        if (node.type === 'html') expect(node.value).toBe(VALIDATION_MARKER);
        if (node.type === 'listItem') expect(node.checked ?? null).toBeNull();
        expect(node.type).not.toBe('heading');
        if (node.type === 'text') expect(node.value).not.toMatch(/(^|[^\w\u200b])@[A-Za-z0-9]/);
        if (node.type === 'link') expect(node.url).toMatch(/^https?:/);
      });
    }), { numRuns: 300 });
  });
});

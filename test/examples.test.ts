import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadChecklist } from '../src/checklist/load.js';
import { fieldsFromTemplate } from '../src/form/fields.js';

/** The files users copy must keep working: they are part of the product. */
describe('ready-to-copy files', () => {
  it('the example checklist loads and names real owners', () => {
    const path = 'examples/.github/offboarding.yml';
    const checklist = loadChecklist(readFileSync(path, 'utf8'), path);
    expect(checklist.owners.IT?.logins).toEqual(['it-ivan', 'it-irene']);
    expect(checklist.tasks.length).toBe(17);
  });

  it('the workflow asks for least privilege, runs on the right events and never puts issue text in a shell', () => {
    const text = readFileSync('examples/.github/workflows/offboarding.yml', 'utf8');
    const workflow = parse(text) as {
      on: { issues: { types: string[] }; schedule: unknown[]; workflow_dispatch: unknown };
      permissions: Record<string, string>;
      concurrency: { group: string };
    };
    expect(workflow.permissions).toEqual({ issues: 'write', contents: 'read' });
    expect(workflow.on.issues.types).toEqual(['opened', 'edited', 'reopened']);
    expect(workflow.on.schedule).toHaveLength(1);
    expect(workflow.concurrency.group).toMatch(/offboarding/);
    expect(text).not.toMatch(/run:/);
    expect(text).not.toMatch(/github\.event\.issue\.(title|body)/);
  });

  it('the issue form has every field id of the contract', () => {
    const fields = fieldsFromTemplate(readFileSync('.github/ISSUE_TEMPLATE/offboarding.yml', 'utf8'));
    expect(fields.map((f) => f.id)).toEqual([
      'employee-name', 'employee-login', 'department', 'manager', 'last-day', 'departure-type', 'assets', 'notes',
    ]);
  });

  it('action.yml declares the inputs and outputs of the contract on node24', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default: string }>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(Object.keys(action.inputs)).toEqual(['github-token', 'command', 'checklist', 'timezone', 'label', 'dry-run', 'now']);
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(action.inputs.command?.default).toBe('auto');
    expect(action.inputs['dry-run']?.default).toBe('false');
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['tracker', 'summary', 'overdue']));
  });
});

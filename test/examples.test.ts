import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadChecklist } from '../src/checklist/load.js';
import { fieldsFromTemplate } from '../src/form/fields.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: {
    issues: { types: string[] };
    issue_comment: { types: string[] };
    schedule: { cron: string }[];
    workflow_dispatch: { inputs: Record<string, { type: string; default: unknown }> };
  };
  permissions: Record<string, string>;
  concurrency: Record<string, unknown>;
  jobs: Record<string, Job>;
}

/** The README explains the placeholder: where the action lives for the reader. */
const PLACEHOLDER = 'acme/offboarding-action@';
const MONTHLY = '0 6 1 * *';

/** The files users copy must keep working: they are part of the product. */
describe('ready-to-copy files', () => {
  it('the example checklist loads and names real owners', () => {
    const path = 'examples/.github/offboarding.yml';
    const checklist = loadChecklist(readFileSync(path, 'utf8'), path);
    expect(checklist.owners.IT?.logins).toEqual(['it-ivan', 'it-irene']);
    expect(checklist.tasks.length).toBe(17);
    // A "due soon" reminder a business day before, on both ladders, held to working hours.
    for (const ladder of [checklist.escalation.default, checklist.escalation.security]) expect(ladder[0]?.after.text).toBe('-1bd');
    expect(checklist.escalation.hours?.text).toMatch(/Mon-Fri 09:00-18:00/);
  });

  it('the workflow asks for least privilege, runs on the right events and never puts event text in a shell', () => {
    const text = readFileSync('examples/.github/workflows/offboarding.yml', 'utf8');
    const workflow = parse(text) as Workflow;
    expect(workflow.permissions).toEqual({ issues: 'write', contents: 'read' });
    // actions: write is offered as a comment, for checklists whose tasks name a workflow.
    expect(text).toMatch(/^\s*# actions: write\b.*workflow:/m);
    expect(workflow.on.issues.types).toEqual(['opened', 'edited', 'reopened']);
    expect(workflow.on.issue_comment.types).toEqual(['created']);
    expect(workflow.on.schedule.map((s) => s.cron)).toEqual(['17 * * * *', MONTHLY]);
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual(['dry-run', 'now']);
    expect(workflow.on.workflow_dispatch.inputs['dry-run']).toMatchObject({ type: 'boolean', default: false });
    expect(workflow.on.workflow_dispatch.inputs.now).toMatchObject({ type: 'string', default: '' });
    // Bursts of events queue in order (GITHUB-FACTS: queue: max); a running sweep is never cancelled.
    expect(workflow.concurrency).toEqual({ group: 'offboarding', 'cancel-in-progress': false, queue: 'max' });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job['timeout-minutes'], name).toBeGreaterThan(0);
      for (const step of job.steps) {
        // Nothing from the event, the inputs or any other expression is spliced into a shell.
        if (step.run !== undefined) expect(step.run, `${name}: ${step.name}`).not.toMatch(/\$\{\{/);
        // Third-party actions by full commit SHA; this action's own `uses:` is the README's placeholder.
        if (step.uses && !step.uses.startsWith(PLACEHOLDER)) expect(step.uses, name).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      }
    }
  });

  it("GitHub's own workflow parser (@actions/workflow-parser) accepts it: keys, expressions, cron, queue: max", () => {
    // In a child process through tsx: the parser imports its JSON schema without an import
    // attribute, which Node (and so vitest's externalised modules) refuses and a bundler allows.
    const script = `
      import { readFileSync } from 'node:fs';
      import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
      const file = { name: 'offboarding.yml', content: readFileSync(process.argv[1], 'utf8') };
      const parsed = parseWorkflow(file, new NoOperationTraceWriter());
      const template = await convertWorkflowTemplate(parsed.context, parsed.value);
      const errors = [...parsed.context.errors.getErrors().map((e) => e.message), ...(template.errors ?? []).map((e) => e.Message)];
      console.log(JSON.stringify({ errors: [...new Set(errors)], jobs: (template.jobs ?? []).map((j) => j.id.value) }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'examples/.github/workflows/offboarding.yml'], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ errors: [], jobs: ['offboarding', 'export'] });
  });

  it('the offboarding job skips pull requests and their comments, runs on commands, and passes the manual inputs only then', () => {
    const workflow = parse(readFileSync('examples/.github/workflows/offboarding.yml', 'utf8')) as Workflow;
    const job = workflow.jobs.offboarding as Job;
    expect(job.if).toMatch(/!github\.event\.issue\.pull_request/);
    expect(job.if).toMatch(/github\.event_name != 'issue_comment' \|\| contains\(github\.event\.comment\.body, '\/offboarding'\)/);
    expect(job.if).toContain(`github.event.schedule != '${MONTHLY}'`);
    const step = job.steps.find((s) => s.uses?.startsWith(PLACEHOLDER));
    expect(step?.with?.['dry-run']).toMatch(/^\$\{\{ github\.event_name == 'workflow_dispatch' && /);
    expect(step?.with?.now).toMatch(/^\$\{\{ github\.event_name == 'workflow_dispatch' && inputs\.now \|\| '' \}\}$/);
    // A forecast never writes: a `now` makes the manual run a dry run.
    expect(step?.with?.['dry-run']).toContain("inputs.now != ''");
    expect(Object.keys(step?.with ?? {})).not.toContain('command');
  });

  it('the export job runs monthly on the previous month and uploads both files with a pinned upload-artifact', () => {
    const workflow = parse(readFileSync('examples/.github/workflows/offboarding.yml', 'utf8')) as Workflow;
    const job = workflow.jobs.export as Job;
    expect(job.if).toBe(`github.event_name == 'schedule' && github.event.schedule == '${MONTHLY}'`);
    expect(job.permissions).toEqual({ issues: 'read', contents: 'read' });
    const period = job.steps.find((s) => s.id === 'period');
    expect(period?.run).toMatch(/date -u/);
    const action = job.steps.find((s) => s.uses?.startsWith(PLACEHOLDER));
    expect(action?.with).toEqual({
      command: 'export',
      since: '${{ steps.period.outputs.since }}',
      until: '${{ steps.period.outputs.until }}',
    });
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.uses).toBe('actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02');
    expect(String(upload?.with?.path).trim().split('\n')).toEqual(['offboarding-export.csv', 'offboarding-export.json']);
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('the export step computes the previous month with GNU date', () => {
    const workflow = parse(readFileSync('examples/.github/workflows/offboarding.yml', 'utf8')) as Workflow;
    const script = (workflow.jobs.export as Job).steps.find((s) => s.id === 'period')?.run ?? '';
    // The step's own script, run as the runner runs it, for a few first days of a month.
    for (const [today, since, until] of [
      ['2026-12-01', '2026-11-01', '2026-11-30'],
      ['2027-01-01', '2026-12-01', '2026-12-31'],
      ['2028-03-01', '2028-02-01', '2028-02-29'],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'export-period-'));
      const output = join(dir, 'output');
      writeFileSync(output, '');
      // `date -u +%Y-%m-01` is the only reading of the clock; pin it to `today`.
      const pinned = script.replace('$(date -u +%Y-%m-01)', `$(date -u -d ${today} +%Y-%m-01)`);
      expect(pinned).not.toBe(script);
      execFileSync('bash', ['-e', '-c', pinned], { env: { ...process.env, GITHUB_OUTPUT: output } });
      expect(readFileSync(output, 'utf8')).toBe(`since=${since}\nuntil=${until}\n`);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the examples hold every file to copy: the form (identical to the shipped one) and a config without blank issues', () => {
    expect(readFileSync('examples/.github/ISSUE_TEMPLATE/offboarding.yml', 'utf8')).toBe(readFileSync('.github/ISSUE_TEMPLATE/offboarding.yml', 'utf8'));
    const config = parse(readFileSync('examples/.github/ISSUE_TEMPLATE/config.yml', 'utf8')) as Record<string, unknown>;
    expect(config).toEqual({ blank_issues_enabled: false });
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
    // The SPEC's table, in its order.
    expect(Object.keys(action.inputs)).toEqual([
      'github-token', 'command', 'checklist', 'timezone', 'label', 'dry-run', 'now', 'dashboard',
      'org-token', 'org', 'max-removals', 'tracker', 'task', 'result', 'evidence', 'since', 'until', 'export-dir',
    ]);
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(action.inputs.command?.default).toBe('auto');
    expect(action.inputs['dry-run']?.default).toBe('false');
    expect(action.inputs.dashboard?.default).toBe('false');
    expect(action.inputs['max-removals']?.default).toBe('5');
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['tracker', 'summary', 'overdue', 'export']));
  });
});

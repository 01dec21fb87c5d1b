/**
 * Runs the action the way the Actions runner does: action.yml's input defaults applied, INPUT_*
 * variables (hyphens kept), the event payload in a file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files, and GITHUB_API_URL pointing at the emulator.
 *
 * Two ways, one result shape:
 * - in-process (the default): `run()` from src with a runner of the test's own, so a source edit is
 *   tested without a rebuild and coverage is measured;
 * - `bundle: true`: the committed `dist/index.js` in a child process, exactly as GitHub starts it.
 *
 * `OFFBOARDING_TEST_BUNDLE=1` runs every action run of the suite through the bundle
 * (`npm run test:bundle` does so for the end-to-end tests).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Emulator } from '../../emulator/index.js';
import { run } from '../../src/action/main.js';
import type { Runner } from '../../src/action/runner.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { main: string };
};

export interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export interface RunOptions {
  readonly event: string;
  readonly payload?: object;
  readonly inputs?: Record<string, string>;
  /** Extra environment (e.g. to break GITHUB_API_URL on purpose). */
  readonly env?: Record<string, string>;
  /** Files present in the checked-out workspace. */
  readonly workspaceFiles?: Record<string, string>;
  /** Scales the client's waits; the emulator answers at once, so tests need not wait a second per write. */
  readonly timeScale?: number;
  /** Run the committed bundle in a child process instead of the source in-process. */
  readonly bundle?: boolean;
  /** The action's folder for a bundle run (default: this repository), e.g. a vendored copy. */
  readonly actionDir?: string;
}

/** The runner substitutes `${{ github.token }}`; everything else is a literal default. */
function inputDefaults(token: string, action = ACTION): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = spec.default ?? '';
    defaults[name] = value.replace(/\$\{\{\s*github\.token\s*\}\}/, token);
  }
  return defaults;
}

function readOutputs(path: string): Record<string, string> {
  const text = readFileSync(path, 'utf8');
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string;
  return outputs;
}

interface Prepared {
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly inputs: Record<string, string>;
  readonly workspace: string;
  readonly outputPath: string;
  readonly summaryPath: string;
}

function prepare(emulator: Emulator, options: RunOptions, action = ACTION): Prepared {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const workspace = join(dir, 'workspace');
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary');
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  mkdirSync(workspace, { recursive: true });
  for (const [path, text] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(join(workspace, path, '..'), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  const inputs = { ...inputDefaults('test-token', action), now: emulator.clock.now().toISOString(), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: emulator.url,
    GITHUB_GRAPHQL_URL: emulator.graphqlUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: `${emulator.owner}/${emulator.repo}`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW_REF: `${emulator.owner}/${emulator.repo}/.github/workflows/offboarding.yml@refs/heads/main`,
    RUNNER_TEMP: dir,
    OFFBOARDING_TIME_SCALE: String(options.timeScale ?? 0.01),
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { dir, env, inputs, workspace, outputPath, summaryPath };
}

/** @actions/core's rule: YAML 1.2 core-schema booleans only. */
function booleanInput(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}`);
}

/** The runner in-process: the same lines on stdout as @actions/core writes, outputs in the same files. */
async function runInProcess(prepared: Prepared): Promise<ActionRun> {
  const lines: string[] = [];
  let code = 0;
  const outputs: Record<string, string> = {};
  const summary: string[] = [];
  const runner: Runner = {
    getInput: (name) => (prepared.inputs[name] ?? '').trim(),
    getBooleanInput: (name) => booleanInput(name, (prepared.inputs[name] ?? '').trim()),
    info: (line) => lines.push(line),
    debug: (line) => lines.push(`::debug::${line}`),
    notice: (line) => lines.push(`::notice::${line}`),
    warning: (line) => lines.push(`::warning::${line}`),
    error: (line) => lines.push(`::error::${line}`),
    group: async (name, fn) => {
      lines.push(`::group::${name}`);
      try {
        return await fn();
      } finally {
        lines.push('::endgroup::');
      }
    },
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    setFailed: (message) => {
      code = 1;
      lines.push(`::error::${message}`);
    },
    writeSummary: async (markdown) => {
      summary.push(markdown);
    },
    // What @actions/github's context reads: the event name and the payload file.
    event: () => ({ name: prepared.env.GITHUB_EVENT_NAME ?? '', payload: JSON.parse(readFileSync(prepared.env.GITHUB_EVENT_PATH ?? '', 'utf8')) as object }),
  };
  await run(runner, prepared.env);
  return { code, stdout: `${lines.join('\n')}\n`, stderr: '', outputs, summary: summary.join('') };
}

async function runBundle(prepared: Prepared, main: string): Promise<ActionRun> {
  const child = spawn(process.execPath, [main], { cwd: prepared.workspace, env: prepared.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
  return { code, stdout, stderr, outputs: readOutputs(prepared.outputPath), summary: readFileSync(prepared.summaryPath, 'utf8') };
}

export async function runAction(emulator: Emulator, options: RunOptions): Promise<ActionRun> {
  if (options.bundle || options.actionDir || process.env['OFFBOARDING_TEST_BUNDLE'] === '1') {
    const dir = options.actionDir ?? ROOT;
    const action = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as typeof ACTION;
    return runBundle(prepare(emulator, options, action), join(dir, action.runs.main));
  }
  return runInProcess(prepare(emulator, options));
}

/**
 * Runs the bundled action the way the Actions runner does: action.yml's input defaults applied,
 * INPUT_* variables (hyphens kept), the event payload in a file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, and GITHUB_API_URL pointing at the emulator.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Emulator } from '../../emulator/index.js';

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
}

/** The runner substitutes `${{ github.token }}`; everything else is a literal default. */
function inputDefaults(token: string): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(ACTION.inputs)) {
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

export async function runAction(emulator: Emulator, options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const workspace = join(dir, 'workspace');
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary');
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(workspace, { recursive: true });
  for (const [path, text] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(join(workspace, path, '..'), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  const inputs = { ...inputDefaults('test-token'), now: emulator.clock.now().toISOString(), ...options.inputs };
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
    RUNNER_TEMP: dir,
    OFFBOARDING_TIME_SCALE: String(options.timeScale ?? 0.01),
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const child = spawn(process.execPath, [join(ROOT, ACTION.runs.main)], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
  return { code, stdout, stderr, outputs: readOutputs(outputPath), summary: readFileSync(summaryPath, 'utf8') };
}

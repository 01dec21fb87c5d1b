/**
 * Runs one measured process against the emulator and collects what the benchmark reports: read and
 * write requests (from the emulator's request log), wall time (spawn to exit, seen by the parent)
 * and the child's own CPU time and peak RSS (from bench/cpu-probe.mjs, preloaded via NODE_OPTIONS).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { Emulator, LogEntry } from '../emulator/index.js';
import { runAction, type ActionRun } from '../test/support/runner.js';

const BENCH = import.meta.dirname;
const PROBE = pathToFileURL(join(BENCH, 'cpu-probe.mjs')).href;

export interface Measurement {
  readonly graphqlReads: number;
  readonly restReads: number;
  readonly writes: number;
  /** Writes by kind, e.g. `POST …/issues/{n}/comments`. */
  readonly writeKinds: ReadonlyMap<string, number>;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

export interface SweepMeasurement extends Measurement {
  readonly run: ActionRun;
  /** The `summary` output's `open` count. */
  readonly open: number;
}

function probeEnv(dir: string): { env: Record<string, string>; read: () => { cpuMs: number; maxRssMb: number } } {
  const file = join(dir, 'cpu.json');
  return {
    env: { NODE_OPTIONS: `--import=${PROBE}`, BENCH_CPU_FILE: file },
    read: () => {
      const usage = JSON.parse(readFileSync(file, 'utf8')) as { userUs: number; systemUs: number; maxRssKb: number };
      return { cpuMs: (usage.userUs + usage.systemUs) / 1000, maxRssMb: usage.maxRssKb / 1024 };
    },
  };
}

/** Collapses ids and numbers so that writes of one kind group together. */
function writeKind(entry: LogEntry): string {
  if (entry.graphql) return 'POST /graphql (mutation)';
  const path = entry.path
    .replace(/\?.*$/, '')
    .replace(/^\/repos\/[^/]+\/[^/]+/, '')
    .replace(/\/issues\/comments\/\d+/, '/issues/comments/{id}')
    .replace(/\/issues\/\d+/, '/issues/{n}')
    .replace(/\/labels\/[^/]+$/, '/labels/{name}');
  return `${entry.method} ${path}`;
}

function fromLog(gh: Emulator): Pick<Measurement, 'graphqlReads' | 'restReads' | 'writes' | 'writeKinds'> {
  const reads = gh.log.reads();
  const writes = gh.log.writes();
  const writeKinds = new Map<string, number>();
  for (const w of writes) writeKinds.set(writeKind(w), (writeKinds.get(writeKind(w)) ?? 0) + 1);
  return {
    graphqlReads: reads.filter((r) => r.graphql).length,
    restReads: reads.filter((r) => !r.graphql).length,
    writes: writes.length,
    writeKinds,
  };
}

/** The scheduled sweep as GitHub runs it: `dist/index.js` in its own process, event `schedule`. */
export async function measureSweep(gh: Emulator, options: { timeScale: number }): Promise<SweepMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sweep-'));
  const probe = probeEnv(dir);
  gh.log.clear();
  const started = performance.now();
  const run = await runAction(gh, {
    event: 'schedule',
    payload: gh.schedulePayload(),
    inputs: { now: gh.clock.now().toISOString() },
    timeScale: options.timeScale,
    env: probe.env,
  });
  const wallMs = performance.now() - started;
  const counts = fromLog(gh);
  if (run.code !== 0) throw new Error(`sweep failed (exit ${run.code}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  const summary = JSON.parse(run.outputs.summary ?? '{}') as { open?: number };
  const usage = probe.read();
  rmSync(dir, { recursive: true, force: true });
  return { ...counts, wallMs, ...usage, run, open: summary.open ?? -1 };
}

let naiveScript: string | undefined;

/** bench/naive.ts as plain JavaScript, so its process starts like the action's: no loader. */
function compiledNaive(): string {
  if (naiveScript) return naiveScript;
  const source = readFileSync(join(BENCH, 'naive.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-naive-'));
  naiveScript = join(dir, 'naive.mjs');
  writeFileSync(naiveScript, outputText);
  return naiveScript;
}

/** The naive REST sweep in its own process; returns what it read. */
export async function measureNaive(gh: Emulator): Promise<Measurement & { trackers: number }> {
  const script = compiledNaive();
  const dir = mkdtempSync(join(tmpdir(), 'bench-naive-run-'));
  const probe = probeEnv(dir);
  gh.log.clear();
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd: resolve(BENCH, '..'),
    env: {
      PATH: process.env.PATH ?? '',
      NAIVE_API_URL: gh.url,
      NAIVE_REPOSITORY: `${gh.owner}/${gh.repo}`,
      NAIVE_LABEL: 'offboarding',
      ...probe.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`naive sweep failed (exit ${code}):\n${stderr}`);
  const result = JSON.parse(stdout) as { trackers: number };
  const usage = probe.read();
  rmSync(dir, { recursive: true, force: true });
  return { ...fromLog(gh), wallMs, ...usage, trackers: result.trackers };
}

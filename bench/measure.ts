/**
 * Runs one measured process against the emulator and collects what the benchmark reports: read and
 * write requests and GraphQL points (from the emulator's request log), content-creating requests
 * (and the most in any minute, timed as they arrive), wall time (spawn to exit, seen by the parent)
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
  /** Every write request: REST writes and GraphQL mutation requests. */
  readonly writes: number;
  /** GraphQL requests carrying mutations (each may carry many writes). */
  readonly mutations: number;
  /** Writes by kind, e.g. `POST …/issues/{n}/comments`. */
  readonly writeKinds: ReadonlyMap<string, number>;
  /** GraphQL points charged (the emulator's estimate, GitHub's documented formula). */
  readonly graphqlPoints: number;
  /** Content-creating requests: comments and issues created. */
  readonly content: number;
  /** The most content-creating requests in any minute of real time (meaningful at time scale 1 only). */
  readonly contentPeakPerMinute: number;
  /** Answers 403/429 (rate limits): the emulator enforces none, so any would be a fault injected by mistake. */
  readonly limitAnswers: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

export interface SweepMeasurement extends Measurement {
  readonly run: ActionRun;
  /** The `summary` output's `open` count. */
  readonly open: number;
  /** Content held back for the next sweep (the `summary` output's `held`), in all. */
  readonly held: number;
  readonly timeScale: number;
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

const CONTENT = /^POST \/issues(\/\{n\}\/comments)?$/;

/** The most of `times` (ms) inside any window of `windowMs`. */
function peak(times: readonly number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j += 1) {
    while ((times[j] as number) - (times[i] as number) >= windowMs) i += 1;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** Real times of content-creating requests, as they reach the emulator. */
function contentClock(gh: Emulator): { stop: () => number[] } {
  const times: number[] = [];
  const hook = gh.onRequest({ method: 'POST', pathPattern: /\/issues(\/\d+\/comments)?$/ }, () => void times.push(performance.now()), { times: Infinity });
  return {
    stop: () => {
      hook.cancel();
      return times;
    },
  };
}

function fromLog(gh: Emulator, contentTimes: readonly number[]): Omit<Measurement, 'wallMs' | 'cpuMs' | 'maxRssMb'> {
  const reads = gh.log.reads();
  const writes = gh.log.writes();
  const writeKinds = new Map<string, number>();
  for (const w of writes) writeKinds.set(writeKind(w), (writeKinds.get(writeKind(w)) ?? 0) + 1);
  const content = [...writeKinds].filter(([kind]) => CONTENT.test(kind)).reduce((sum, [, n]) => sum + n, 0);
  return {
    graphqlReads: reads.filter((r) => r.graphql).length,
    restReads: reads.filter((r) => !r.graphql).length,
    writes: writes.length,
    mutations: writes.filter((w) => w.graphql === 'mutation').length,
    writeKinds,
    graphqlPoints: gh.log.filter((e) => e.graphql).reduce((sum, e) => sum + (e.cost ?? 0), 0),
    content,
    contentPeakPerMinute: peak(contentTimes, 60_000),
    limitAnswers: gh.log.filter((e) => e.status === 403 || e.status === 429).length,
  };
}

/**
 * The scheduled sweep as GitHub runs it: `dist/index.js` (or the action in `actionDir`, e.g. an
 * older build to compare with) in its own process, event `schedule`.
 */
export async function measureSweep(gh: Emulator, options: { timeScale: number; actionDir?: string }): Promise<SweepMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sweep-'));
  const probe = probeEnv(dir);
  gh.log.clear();
  const clock = contentClock(gh);
  const started = performance.now();
  const run = await runAction(gh, {
    event: 'schedule',
    payload: gh.schedulePayload(),
    inputs: { now: gh.clock.now().toISOString() },
    timeScale: options.timeScale,
    env: probe.env,
    bundle: true,
    ...(options.actionDir ? { actionDir: options.actionDir } : {}),
  });
  const wallMs = performance.now() - started;
  const counts = fromLog(gh, clock.stop());
  if (run.code !== 0) throw new Error(`sweep failed (exit ${run.code}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  const summary = JSON.parse(run.outputs.summary ?? '{}') as { open?: number; held?: Record<string, number> };
  const usage = probe.read();
  rmSync(dir, { recursive: true, force: true });
  const held = Object.values(summary.held ?? {}).reduce((sum, n) => sum + n, 0);
  return { ...counts, wallMs, ...usage, run, open: summary.open ?? -1, held, timeScale: options.timeScale };
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
  const clock = contentClock(gh);
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
  return { ...fromLog(gh, clock.stop()), wallMs, ...usage, trackers: result.trackers };
}

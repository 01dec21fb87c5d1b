/**
 * `npm run bench`: what a scheduled sweep costs, against the emulator with 50 ms per request.
 *
 * For N = 10, 100, 1000 open trackers it measures the bundled action (`dist/index.js`, in its own
 * process, event `schedule`) on a quiet sweep and on sweeps where every tracker changes, and a
 * naive REST sweep over the same trackers for comparison. It measures; it does not assert.
 * Prints a Markdown table and writes it to bench/results.md. See bench/README.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { measureNaive, measureSweep, type Measurement } from './measure.js';
import { seedTrackers } from './seed.js';

const sizes = (name: string, fallback: string): number[] =>
  (process.env[name] ?? fallback)
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => Number.parseInt(s, 10));
const SIZES = sizes('BENCH_SIZES', '10,100,1000');
/**
 * Escalation sweeps make four writes per tracker; at N=1000 that is some minutes even at the scaled
 * spacing, so by default only these sizes (BENCH_ESCALATION_SIZES=10,100,1000 runs all).
 */
const ESCALATION_SIZES = new Set(sizes('BENCH_ESCALATION_SIZES', '10,100'));
const LATENCY_MS = 50;
/** Write spacing is 1 s on GitHub; scaled to 10 ms here (see the note under the table). */
const TIME_SCALE = 0.01;
const START = new Date('2026-11-26T10:00:00Z');
/** The seeded trackers' security tasks fall due at the end of 2026-12-04 (UTC); this is 6 h past it. */
const PAST_SECURITY_DEADLINE = new Date('2026-12-05T06:00:00Z');
const TICKED_TASK = 'disable-email';

const USERS = {
  'hr-hana': 'write',
  'mgr-maria': 'write',
  'it-ivan': 'write',
  'it-irene': 'write',
  'cio-carla': 'admin',
} as const;

// In the repository, not the workspace: a sweep workflow need not check out, so the action reads it over REST.
const CHECKLIST = `
owners:
  IT:
    logins: [it-ivan, it-irene]
    escalate-to: [cio-carla]
  HR:
    logins: [hr-hana]
`;

interface SizeResult {
  readonly n: number;
  readonly seedMs: number;
  readonly settle: Measurement & { open: number };
  readonly quiet: Measurement & { open: number };
  readonly ticked: Measurement & { open: number };
  readonly escalation?: Measurement & { open: number };
  readonly naive: Measurement & { trackers: number };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const seconds = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const reads = (m: Measurement): number => m.graphqlReads + m.restReads;
const budget = (n: number): number => Math.ceil(n / 100) + 2;

async function measureSize(n: number): Promise<SizeResult> {
  const gh: Emulator = await startEmulator({ now: START, users: { ...USERS } });
  try {
    gh.state.putFile('.github/offboarding.yml', CHECKLIST);
    const seedStart = performance.now();
    const numbers = await seedTrackers(gh, n, 'hr-hana');
    const seedMs = performance.now() - seedStart;
    log(`N=${n}: seeded in ${seconds(seedMs)}`);

    gh.latencyMs = LATENCY_MS;
    // The first sweep after seeding settles anything the copies left to do (and warms the file cache).
    const settle = await measureSweep(gh, { timeScale: TIME_SCALE });
    log(`N=${n}: settling sweep: ${reads(settle)} reads, ${settle.writes} writes, open=${settle.open}, ${seconds(settle.wallMs)}`);
    if (settle.open !== n) log(`N=${n}: WARNING the sweep sees ${settle.open} open trackers, expected ${n}`);

    const quiet = await measureSweep(gh, { timeScale: TIME_SCALE });
    log(`N=${n}: quiet sweep: ${reads(quiet)} reads, ${quiet.writes} writes, ${seconds(quiet.wallMs)}`);
    if (quiet.writes > 0) log(`N=${n}: quiet sweep WROTE: ${describeKinds(quiet)}`);

    const naive = await measureNaive(gh);
    log(`N=${n}: naive REST sweep: ${reads(naive)} reads, ${naive.trackers} trackers, ${seconds(naive.wallMs)}`);

    // A person ticks a task in every tracker, and no `edited` run recorded it: the sweep attributes it.
    for (const number of numbers) gh.tick(number, { actor: 'it-ivan', taskId: TICKED_TASK });
    const ticked = await measureSweep(gh, { timeScale: TIME_SCALE });
    log(`N=${n}: sweep after a tick in each: ${reads(ticked)} reads, ${ticked.writes} writes (${describeKinds(ticked)}), ${seconds(ticked.wallMs)}`);

    let escalation: (Measurement & { open: number }) | undefined;
    if (ESCALATION_SIZES.has(n)) {
      gh.clock.set(PAST_SECURITY_DEADLINE);
      escalation = await measureSweep(gh, { timeScale: TIME_SCALE });
      log(
        `N=${n}: sweep past the security deadline: ${reads(escalation)} reads, ${escalation.writes} writes (${describeKinds(escalation)}), ${seconds(escalation.wallMs)}`,
      );
    }
    return { n, seedMs, settle, quiet, ticked, escalation, naive };
  } finally {
    await gh.close();
  }
}

function describeKinds(m: Measurement): string {
  return [...m.writeKinds].map(([kind, count]) => `${count}× ${kind}`).join(', ') || 'none';
}

function row(n: number, what: string, m: Measurement): string {
  const cells = [
    String(n),
    what,
    `${reads(m)} (${m.graphqlReads} + ${m.restReads})`,
    String(m.writes),
    seconds(m.wallMs),
    seconds(m.cpuMs),
    `${m.maxRssMb.toFixed(0)} MB`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function ratio(ours: number, theirs: number): string {
  return theirs === 0 ? '—' : `${(ours / theirs).toFixed(3)}×`;
}

/** Write spacing alone on GitHub: 1 s between writes, 3 s between created comments. */
function gitHubSpacingMs(m: Measurement): number {
  const comments = [...m.writeKinds].filter(([kind]) => /^POST \/issues\/\{n\}\/comments$/.test(kind)).reduce((sum, [, c]) => sum + c, 0);
  return Math.max(m.writes * 1000, comments * 3000);
}

function render(results: readonly SizeResult[], totalMs: number): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, Node ${process.version}; the emulator answers every request after ${LATENCY_MS} ms.`,
    '',
    '| N | sweep | reads (GraphQL + REST) | writes | wall time | CPU (user + sys) | peak RSS |',
    '|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(row(r.n, 'quiet', r.quiet), row(r.n, 'a task ticked in each ¹', r.ticked));
    if (r.escalation) lines.push(row(r.n, 'past the security deadline ²', r.escalation));
    lines.push(row(r.n, 'naive REST (reads only) ³', r.naive));
  }
  lines.push(
    '',
    '| N | quiet reads: ours / naive | quiet wall time: ours / naive | quiet sweep vs ceil(N/100)+2 reads, 0 writes |',
    '|---:|---:|---:|---|',
  );
  for (const r of results) {
    const within = reads(r.quiet) <= budget(r.n) && r.quiet.writes === 0;
    lines.push(
      `| ${r.n} | ${reads(r.quiet)} / ${reads(r.naive)} = ${ratio(reads(r.quiet), reads(r.naive))} | ${seconds(r.quiet.wallMs)} / ${seconds(r.naive.wallMs)} = ${ratio(r.quiet.wallMs, r.naive.wallMs)} | ${within ? 'within budget' : 'OVER budget'} (${reads(r.quiet)} reads of ${budget(r.n)}, ${r.quiet.writes} writes) |`,
    );
  }
  const writesOf = (pick: (r: SizeResult) => Measurement | undefined): string =>
    results
      .flatMap((r) => {
        const m = pick(r);
        return m ? [`N=${r.n}: ${describeKinds(m)} (on GitHub the write spacing alone is ≥ ${seconds(gitHubSpacingMs(m))})`] : [];
      })
      .join('; ');
  lines.push(
    '',
    `Sweeps with writes ran with \`OFFBOARDING_TIME_SCALE=${TIME_SCALE}\`: writes ${1000 * TIME_SCALE} ms apart instead of GitHub's 1 s (and comments ${3000 * TIME_SCALE} ms instead of 3 s), and their wall time is for that spacing.`,
    '',
    `¹ A person ticks \`${TICKED_TASK}\` in every tracker and no \`edited\` run recorded it, so the sweep reads each tracker's edit history to attribute the tick, then updates the status comment. Writes: ${writesOf((r) => r.ticked)}.`,
    '',
    `² Then the clock moves 6 h past the security deadline: every tracker gets one escalation comment, the overdue labels and a status update. Only for N in BENCH_ESCALATION_SIZES (default 10,100); on GitHub each comment waits 3 s, so N=1000 escalations take about 50 minutes of spacing alone. Writes: ${writesOf((r) => r.escalation) || 'not run'}.`,
    '',
    '³ Lists the open issues with the label, 100 per page, then `GET …/issues/{n}/comments?per_page=100` per tracker, one request at a time (bench/naive.ts, plain `fetch`, no Octokit, in its own process). It computes nothing and writes nothing.',
    '',
    `Wall time: from spawning the process to its exit, as seen by the benchmark. CPU and peak RSS: the process's own \`process.cpuUsage()\` and \`resourceUsage().maxRSS\` at exit, Node start-up included. Whole benchmark (seeding included): ${seconds(totalMs)}.`,
  );
  return lines.join('\n');
}

const started = performance.now();
const results: SizeResult[] = [];
for (const n of SIZES) results.push(await measureSize(n));
const table = render(results, performance.now() - started);
process.stdout.write(`\n${table}\n`);
writeFileSync(join(import.meta.dirname, 'results.md'), `# Sweep benchmark\n\n\`npm run bench\` — see bench/README.md for how it measures.\n\n${table}\n`);
log('\nWritten to bench/results.md.');

/**
 * `npm run bench`: what a scheduled sweep costs, against the emulator with 50 ms per request.
 *
 * For N = 100 and 1000 open trackers (BENCH_SIZES) it measures the bundled action (`dist/index.js`,
 * in its own process, event `schedule`) on a quiet sweep, a busy one (a task ticked in every
 * tracker, no event run recorded it) and an escalation (every tracker past its security deadline),
 * and a naive REST sweep over the same trackers for comparison. With BENCH_BASELINE=<folder of an
 * older build of the action> each sweep is measured with that build too, on a seeding of its own.
 * It measures; it does not assert. Prints a Markdown table and writes it to bench/results.md.
 * See bench/README.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { measureNaive, measureSweep, type Measurement, type SweepMeasurement } from './measure.js';
import { seedTrackers } from './seed.js';

const list = (name: string, fallback: string): string[] =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const SIZES = list('BENCH_SIZES', '100,1000').map((s) => Number.parseInt(s, 10));
/**
 * Sweeps run at GitHub's real spacing (writes 1 s apart, created comments 3 s apart) unless
 * scaled: an escalation of N trackers posts min(N, 450) comments, 3 s apart, so escalations of
 * more than BENCH_REAL_ESCALATION_UP_TO trackers run at BENCH_SCALED (writes 10 ms apart) and the
 * notes give the spacing GitHub would add.
 */
const REAL_ESCALATION_UP_TO = Number.parseInt(process.env.BENCH_REAL_ESCALATION_UP_TO ?? '100', 10);
const SCALED = Number.parseFloat(process.env.BENCH_SCALED ?? '0.01');
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
const BASELINE_NAME = process.env.BENCH_BASELINE_NAME ?? 'baseline';
const LATENCY_MS = 50;
const START = new Date('2026-11-26T10:00:00Z');
/** The seeded trackers' security tasks fall due at the end of 2026-12-04 (UTC); this is 6 h past it. */
const PAST_SECURITY_DEADLINE = new Date('2026-12-05T06:00:00Z');
const AN_HOUR_LATER = new Date('2026-12-05T07:01:00Z');
const TICKED_TASK = 'disable-email';

const USERS = {
  'hr-hana': 'write',
  'mgr-maria': 'write',
  'it-ivan': 'write',
  'it-irene': 'write',
  'cio-carla': 'admin',
  // The seeded employee: intake checks that the account exists; it cannot read the repository.
  jdoe: 'none',
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

type Row = 'quiet' | 'busy' | 'escalation' | 'backlog';

interface Series {
  readonly build: string;
  readonly rows: Partial<Record<Row, SweepMeasurement>>;
}

interface SizeResult {
  readonly n: number;
  readonly series: readonly Series[];
  readonly naive: Measurement & { trackers: number };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const seconds = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const reads = (m: Measurement): number => m.graphqlReads + m.restReads;
const budget = (n: number): number => Math.ceil(n / 100) + 2;

function describeKinds(m: Measurement): string {
  return [...m.writeKinds].map(([kind, count]) => `${count}× ${kind}`).join(', ') || 'none';
}

/** One build's sweeps over N freshly seeded trackers. */
async function measureBuild(n: number, build: string, actionDir: string | undefined): Promise<{ series: Series; naive?: Measurement & { trackers: number } }> {
  const gh: Emulator = await startEmulator({ now: START, users: { ...USERS } });
  const rows: Partial<Record<Row, SweepMeasurement>> = {};
  const sweep = async (row: Row | 'settle', timeScale: number): Promise<SweepMeasurement> => {
    const m = await measureSweep(gh, { timeScale, ...(actionDir ? { actionDir } : {}) });
    log(`N=${n} ${build} ${row} (scale ${timeScale}): ${reads(m)} reads, ${m.writes} writes (${describeKinds(m)}), ${m.graphqlPoints} points, ${m.content} content (${m.held} held), ${seconds(m.wallMs)}, CPU ${seconds(m.cpuMs)}`);
    if (row !== 'settle') rows[row] = m;
    return m;
  };
  try {
    gh.state.putFile('.github/offboarding.yml', CHECKLIST);
    const seedStart = performance.now();
    const numbers = await seedTrackers(gh, n, 'hr-hana', actionDir);
    log(`N=${n} ${build}: seeded in ${seconds(performance.now() - seedStart)}`);
    gh.latencyMs = LATENCY_MS;
    // The first sweep after seeding settles anything the copies left to do and warms the file
    // cache; it is not reported.
    const settle = await sweep('settle', SCALED);
    if (settle.open !== n) log(`N=${n}: WARNING the sweep sees ${settle.open} open trackers, expected ${n}`);
    // An older build writes each status edit over REST, 1 s apart: its sweeps with writes are scaled.
    const real = actionDir ? SCALED : 1;
    const quiet = await sweep('quiet', 1);
    if (quiet.writes > 0) log(`N=${n}: quiet sweep WROTE: ${describeKinds(quiet)}`);
    const naive = build === 'current' ? await measureNaive(gh) : undefined;
    if (naive) log(`N=${n} naive REST sweep: ${reads(naive)} reads, ${naive.trackers} trackers, ${seconds(naive.wallMs)}`);
    // A person ticks a task in every tracker, and no `edited` run recorded it: the sweep attributes it.
    for (const number of numbers) gh.tick(number, { actor: 'it-ivan', taskId: TICKED_TASK });
    await sweep('busy', real);
    gh.clock.set(PAST_SECURITY_DEADLINE);
    const escalation = await sweep('escalation', n <= REAL_ESCALATION_UP_TO ? real : SCALED);
    // What the content budget held back is posted by the next sweep, an hour later.
    if (escalation.held > 0) {
      gh.clock.set(AN_HOUR_LATER);
      await sweep('backlog', SCALED);
    }
    return { series: { build, rows }, naive };
  } finally {
    await gh.close();
  }
}

async function measureSize(n: number): Promise<SizeResult> {
  const current = await measureBuild(n, 'current', undefined);
  const series = [current.series];
  if (BASELINE) series.push((await measureBuild(n, BASELINE_NAME, BASELINE)).series);
  if (!current.naive) throw new Error('no naive sweep');
  return { n, series, naive: current.naive };
}

const TITLES: Record<Row, string> = {
  quiet: 'quiet',
  busy: 'busy: a task ticked in each ¹',
  escalation: 'escalation: past the security deadline ²',
  backlog: 'escalation backlog, the next sweep ³',
};

function cells(n: number, what: string, m: Measurement & { held?: number; timeScale?: number }): string {
  const held = m.held ? ` (+${m.held} held)` : '';
  return `| ${[
    String(n),
    what,
    `${reads(m)} (${m.graphqlReads} + ${m.restReads})`,
    `${m.writes}${m.mutations > 0 ? ` (${m.mutations} GraphQL)` : ''}`,
    String(m.graphqlPoints),
    `${m.content}${held}`,
    `${seconds(m.wallMs)}${m.timeScale !== undefined && m.timeScale !== 1 ? ` at ×${m.timeScale}` : ''}`,
    seconds(m.cpuMs),
    `${m.maxRssMb.toFixed(0)} MB`,
  ].join(' | ')} |`;
}

function ratio(ours: number, theirs: number): string {
  return theirs === 0 ? '—' : `${(ours / theirs).toFixed(3)}×`;
}

/** Spacing alone on GitHub: writes 1 s apart, created comments 3 s apart (Octokit's throttling). */
function gitHubSpacingMs(m: Measurement): number {
  return Math.max(m.writes * 1000, m.content * 3000);
}

function render(results: readonly SizeResult[], totalMs: number): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const builds = results[0]?.series.map((s) => s.build) ?? ['current'];
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, Node ${process.version}; the emulator answers every request after ${LATENCY_MS} ms.${builds.length > 1 ? ` Builds: ${builds.map((b) => `\`${b}\``).join(', ')}.` : ''}`,
    '',
    `| N | sweep${builds.length > 1 ? ' (build)' : ''} | reads (GraphQL + REST) | write requests | GraphQL points | content-creating | wall time | CPU (user + sys) | peak RSS |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    for (const row of ['quiet', 'busy', 'escalation', 'backlog'] as const) {
      for (const s of r.series) {
        const m = s.rows[row];
        if (m) lines.push(cells(r.n, `${TITLES[row]}${builds.length > 1 ? ` (${s.build})` : ''}`, m));
      }
    }
    lines.push(cells(r.n, 'naive REST (reads only) ⁴', r.naive));
  }
  lines.push(
    '',
    '| N | quiet reads: ours / naive | quiet CPU per tracker | busy reads vs ceil(N/100)+ceil(N/100)+2 | quiet sweep vs ceil(N/100)+2 reads, 0 writes |',
    '|---:|---:|---:|---|---|',
  );
  for (const r of results) {
    const quiet = r.series[0]?.rows.quiet;
    const busy = r.series[0]?.rows.busy;
    if (!quiet || !busy) continue;
    const within = reads(quiet) <= budget(r.n) && quiet.writes === 0;
    const busyBudget = 2 * Math.ceil(r.n / 100) + 2;
    lines.push(
      `| ${r.n} | ${reads(quiet)} / ${reads(r.naive)} = ${ratio(reads(quiet), reads(r.naive))} | ${(quiet.cpuMs / r.n).toFixed(2)} ms | ${reads(busy) <= busyBudget ? 'within' : 'OVER'} (${reads(busy)} of ${busyBudget}) | ${within ? 'within budget' : 'OVER budget'} (${reads(quiet)} reads of ${budget(r.n)}, ${quiet.writes} writes) |`,
    );
  }
  const notes = (pick: (s: Series) => SweepMeasurement | undefined): string =>
    results
      .flatMap((r) =>
        r.series.flatMap((s) => {
          const m = pick(s);
          if (!m) return [];
          // Latency does not scale with the spacing: a scaled run's requests per minute say nothing about GitHub's.
          const pace =
            m.timeScale === 1
              ? m.content > 0
                ? `; at most ${m.contentPeakPerMinute} content-creating requests in any minute`
                : ''
              : `; run at time scale ${m.timeScale}, on GitHub the spacing alone is ≥ ${seconds(gitHubSpacingMs(m))}`;
          return [`N=${r.n}${r.series.length > 1 ? ` (${s.build})` : ''}: ${describeKinds(m)}${pace}`];
        }),
      )
      .join('; ');
  lines.push(
    '',
    `Write requests: REST writes plus GraphQL mutation requests (in brackets; one carries the label changes and status edits of up to 25 trackers). Content-creating: comments and issues created (in brackets what the content budget held back for the next sweep). Quiet and busy sweeps ran at GitHub's real spacing (time scale 1: writes 1 s apart, created comments 3 s apart); escalations of more than ${REAL_ESCALATION_UP_TO} trackers, the backlog sweeps${BASELINE ? ` and the ${BASELINE_NAME} build's sweeps with writes` : ''} at time scale ${SCALED} (marked ×${SCALED}: their wall time is for that spacing; the notes give the spacing GitHub would add). Answers 403/429: ${results.flatMap((r) => r.series.flatMap((s) => Object.values(s.rows))).reduce((sum, m) => sum + (m?.limitAnswers ?? 0), 0)} (the emulator enforces no limit; the columns show how far each sweep stays from GitHub's).`,
    '',
    `¹ A person ticks \`${TICKED_TASK}\` in every tracker and no \`edited\` run recorded it: the sweep reads the edit histories (100 a request) to attribute the ticks, then updates each status comment. Writes: ${notes((s) => s.rows.busy)}.`,
    '',
    `² Then the clock moves 6 h past the security deadline: every tracker is due one escalation comment, the overdue labels and a status update. Writes: ${notes((s) => s.rows.escalation)}.`,
    '',
    `³ An hour later: the next sweep posts what the content budget (450 an hour) held back. Writes: ${notes((s) => s.rows.backlog) || 'not run (nothing was held)'}.`,
    '',
    '⁴ Lists the open issues with the label, 100 per page, then `GET …/issues/{n}/comments?per_page=100` per tracker, one request at a time (bench/naive.ts, plain `fetch`, no Octokit, in its own process). It computes nothing and writes nothing.',
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

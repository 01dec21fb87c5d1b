/**
 * `npm run demo`: one involuntary offboarding from the form to the final report, on a simulated
 * clock, in seconds. The bundled action (dist/index.js) runs exactly as the Actions runner runs it,
 * against the project's GitHub emulator; the terminal shows what people would see in GitHub after
 * each step, and demo-output/offboarding-demo.html shows the issue page at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator, type CommentView, type Emulator } from '../emulator/index.js';
import { formatInstant } from '../src/domain/time.js';
import { runAction } from '../test/support/runner.js';
import { FORM_LABELS, FORM_TITLE, formBody } from './form.js';
import { renderPage, type TimelineStep } from './html.js';
import { commentBlock, issueHeader, paint, taskLines, type Paint } from './terminal.js';

const ROOT = resolve(import.meta.dirname, '..');
const ZONE = 'Europe/Berlin';

/** The company's own checklist: real people own the tasks; everything else is the built-in default. */
export const DEMO_CHECKLIST = `# Acme's offboarding checklist: only the owners differ from the built-in default.
timezone: ${ZONE}
requesters: [hr-hana]
owners:
  IT:
    logins: [it-ivan, it-irene]
    escalate-to: [cio-carla]
  Security:
    logins: [sec-sam]
    escalate-to: [cio-carla]
  HR:
    logins: [hr-hana]
  Facilities:
    logins: [fac-fred]
  Finance:
    logins: [fin-fiona]
`;

const PEOPLE = {
  'hr-hana': 'write',
  'mgr-maria': 'write',
  'it-ivan': 'write',
  'it-irene': 'write',
  'sec-sam': 'write',
  'cio-carla': 'admin',
  'fac-fred': 'write',
  'fin-fiona': 'write',
  jlee: 'read',
} as const;

export interface DemoOptions {
  /** Where the HTML page goes (default: demo-output/ in the repository). */
  readonly outDir?: string;
  /** Where the terminal text goes (default: stdout). */
  readonly print?: (line: string) => void;
  readonly color?: boolean;
}

export interface DemoResult {
  readonly htmlPath: string;
  readonly issue: number;
  readonly closed: boolean;
  readonly comments: readonly CommentView[];
  readonly steps: readonly TimelineStep[];
  readonly actionRuns: number;
  readonly ms: number;
}

interface Step {
  readonly at: string;
  readonly title: string;
  readonly run: (ctx: StepContext) => Promise<void>;
}

interface StepContext {
  /** Records a line of what people did. */
  readonly did: (line: string) => void;
}

/** Flips the checkboxes of `taskIds` in one edit of the description, with `N/A: reason` where given. */
function tickAll(body: string, taskIds: readonly string[], na: Readonly<Record<string, string>> = {}): string {
  return body
    .split('\n')
    .map((line) => {
      const id = /<!-- task:([^ ]+) -->/.exec(line)?.[1];
      if (!id || !taskIds.includes(id)) return line;
      let out = line.replace(/^(\s*[-*+] )\[ \]/, '$1[x]');
      const reason = na[id];
      if (reason) out = out.replace(/ <!-- task:/, ` — N/A: ${reason} <!-- task:`);
      return out;
    })
    .join('\n');
}

/** A task's title as its line shows it, for the narrative. */
function titleOf(body: string, id: string): string {
  const line = body.split('\n').find((l) => l.includes(`<!-- task:${id} -->`)) ?? id;
  return line.replace(/^\s*[-*+] \[[ xX]\] /, '').split(' — ')[0] ?? id;
}

/**
 * Runs the whole demo. Throws when any action run fails (the demo is also a test).
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const p: Paint = paint(options.color ?? false);
  const outDir = resolve(options.outDir ?? join(ROOT, 'demo-output'));
  const gh: Emulator = await startEmulator({ now: new Date('2026-11-30T09:00:00Z'), users: { ...PEOPLE } });
  let runs = 0;
  try {
    gh.state.putFile('.github/offboarding.yml', DEMO_CHECKLIST);
    const workspaceFiles = { '.github/offboarding.yml': DEMO_CHECKLIST };
    let issue = 0;

    const act = async (event: string, payload: object): Promise<void> => {
      const run = await runAction(gh, { event, payload, workspaceFiles, timeScale: 0.002 });
      runs += 1;
      if (run.code !== 0) throw new Error(`the action failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    };
    const sweep = () => act('schedule', gh.schedulePayload());
    /** One person's edit of the description, then the action on its `edited` event. */
    const edit = async (ctx: StepContext, actor: string, ids: readonly string[], na: Record<string, string> = {}) => {
      const body = gh.state.issue(issue).body ?? '';
      for (const id of ids) ctx.did(`**${actor}** ticked ${titleOf(body, id)}${na[id] ? ` as N/A: ${na[id]}` : ''}`);
      await act('issues', gh.editBody(issue, { actor, body: tickAll(body, ids, na) }));
    };
    /** One person clicks boxes one at a time; each click is its own `edited` event. */
    const click = async (ctx: StepContext, actor: string, ids: readonly string[]) => {
      for (const id of ids) {
        ctx.did(`**${actor}** ticked ${titleOf(gh.state.issue(issue).body ?? '', id)}`);
        await act('issues', gh.tick(issue, { actor, taskId: id }));
      }
    };

    const steps: Step[] = [
      {
        at: '2026-11-30T09:00:00Z',
        title: 'HR files the form: an involuntary departure, before the employee is told',
        run: async (ctx) => {
          const body = formBody({
            'employee-name': 'Jordan Lee',
            'employee-login': 'jlee',
            department: 'Engineering',
            manager: 'mgr-maria',
            'last-day': '2026-11-30',
            'departure-type': 'Involuntary',
            assets: 'Laptop MBP-0412\nYubiKey 5C #2231',
            notes: 'Access must be removed before the 11:00 meeting. Do not contact Jordan directly.',
          });
          // A new repository has no `offboarding` label yet: GitHub drops it, the form's shape is recognised.
          const filed = gh.fileIssue({ author: 'hr-hana', title: `${FORM_TITLE}Jordan Lee`, body, labels: FORM_LABELS });
          issue = filed.number;
          ctx.did('**hr-hana** opened the issue from the *Employee offboarding* form');
          await act('issues', filed.payload);
        },
      },
      {
        at: '2026-11-30T09:25:00Z',
        title: 'IT starts locking the account',
        run: (ctx) => click(ctx, 'it-ivan', ['disable-email', 'revoke-vpn']),
      },
      {
        at: '2026-11-30T09:40:00Z',
        title: 'A second IT admin revokes GitHub access',
        run: (ctx) => click(ctx, 'it-irene', ['revoke-github']),
      },
      {
        at: '2026-11-30T10:05:00Z',
        title: 'Hourly sweep, after the one-hour security grace: first escalation to the owners',
        run: () => sweep(),
      },
      {
        at: '2026-11-30T11:20:00Z',
        title: 'Security rotates the shared secrets',
        run: (ctx) => click(ctx, 'sec-sam', ['rotate-shared-secrets']),
      },
      {
        at: '2026-11-30T14:05:00Z',
        title: 'Sweep four hours later: second escalation, to the manager and the CIO too',
        run: () => sweep(),
      },
      {
        at: '2026-11-30T14:40:00Z',
        title: 'IT closes the remaining access',
        run: (ctx) => edit(ctx, 'it-irene', ['remove-slack', 'disable-aws', 'revoke-sessions']),
      },
      {
        at: '2026-12-01T10:15:00Z',
        title: 'Next day: equipment comes back',
        run: async (ctx) => {
          await edit(ctx, 'it-ivan', ['collect-laptop', 'asset-1', 'asset-2', 'transfer-files', 'forward-email'], {
            'forward-email': 'mailbox goes to legal hold instead, per Legal',
          });
          await edit(ctx, 'fac-fred', ['collect-badges']);
        },
      },
      {
        at: '2026-12-03T16:30:00Z',
        title: 'Handover and paperwork',
        run: async (ctx) => {
          await edit(ctx, 'mgr-maria', ['knowledge-transfer']);
          await edit(ctx, 'fin-fiona', ['final-payroll', 'remove-payroll']);
        },
      },
      {
        at: '2026-12-03T16:45:00Z',
        title: 'HR ticks the last tasks during a GitHub Actions outage: no workflow runs',
        run: async (ctx) => {
          const body = gh.state.issue(issue).body ?? '';
          const last = ['benefits-termination', 'exit-interview', 'post-employment-obligations'];
          for (const id of last) ctx.did(`**hr-hana** ticked ${titleOf(body, id)} (its \`edited\` run never happened)`);
          gh.editBody(issue, { actor: 'hr-hana', body: tickAll(body, last) });
        },
      },
      {
        at: '2026-12-03T17:05:00Z',
        title: 'Hourly sweep: ticks attributed from the edit history, report posted, issue closed',
        run: () => sweep(),
      },
    ];

    const seen = new Map<number, string>();
    let labelsBefore: string[] = [];
    let assigneesBefore: string[] = [];
    let stateBefore = 'open';
    const timeline: TimelineStep[] = [];
    for (const [index, step] of steps.entries()) {
      gh.clock.set(new Date(step.at));
      const when = formatInstant(step.at, ZONE);
      const events: string[] = [];
      await step.run({ did: (line) => events.push(line) });

      const view = gh.state.issue(issue);
      const comments = gh.state.comments(issue);
      const created = comments.filter((c) => !seen.has(c.id));
      const updated = comments.filter((c) => seen.has(c.id) && seen.get(c.id) !== c.body);
      const changes: string[] = [];
      const added = view.labels.filter((l) => !labelsBefore.includes(l));
      const removed = labelsBefore.filter((l) => !view.labels.includes(l));
      if (added.length > 0) changes.push(`github-actions added ${added.map((l) => `\`${l}\``).join(', ')}`);
      if (removed.length > 0) changes.push(`github-actions removed ${removed.map((l) => `\`${l}\``).join(', ')}`);
      const assigned = view.assignees.filter((a) => !assigneesBefore.includes(a));
      if (assigned.length > 0) changes.push(`github-actions assigned ${assigned.join(', ')}`);
      for (const c of updated) changes.push(`github-actions updated the status comment: ${headline(c.body)}`);
      if (view.state === 'closed' && stateBefore !== 'closed') changes.push(`github-actions closed this as ${view.stateReason ?? 'closed'}`);
      timeline.push({ at: when, title: step.title, events, changes, comments: created.map((c) => c.id) });

      print('');
      print(p.bold(p.yellow(`━━ ${index + 1}/${steps.length} · ${when} · ${step.title}`)));
      for (const line of events) print(`  • ${line.replace(/\*\*/g, '')}`);
      for (const line of changes) print(p.dim(`  ↳ ${line.replace(/`/g, '')}`));
      print('');
      for (const line of issueHeader(view, p)) print(line);
      print('  Tasks:');
      for (const line of taskLines(view.body ?? '', p)) print(`    ${line}`);
      for (const c of created) print(commentBlock(c, 'new', p));
      for (const c of updated) if (!c.body.includes('<!-- offboarding:status -->')) print(commentBlock(c, 'updated', p));
      for (const c of comments) seen.set(c.id, c.body);
      labelsBefore = view.labels;
      assigneesBefore = view.assignees;
      stateBefore = view.state;
    }

    const final = gh.state.issue(issue);
    const comments = gh.state.comments(issue);
    // The status comment changed in place along the way; show its last version once.
    const status = comments.find((c) => c.body.includes('<!-- offboarding:status -->'));
    if (status) {
      print('');
      print(p.bold('Status comment, final version:'));
      print(commentBlock(status, 'updated', p));
    }
    const ms = Date.now() - started;
    mkdirSync(outDir, { recursive: true });
    const htmlPath = join(outDir, 'offboarding-demo.html');
    writeFileSync(
      htmlPath,
      renderPage({
        repo: `${gh.owner}/${gh.repo}`,
        issue: final,
        comments,
        labels: gh.state.labels(),
        steps: timeline,
        generatedIn: `${(ms / 1000).toFixed(1)} s (${runs} action runs)`,
      }),
    );
    print('');
    print(`${runs} runs of dist/index.js in ${(ms / 1000).toFixed(1)} s. Issue #${issue} is ${final.state}.`);
    print(`HTML page: ${relative(process.cwd(), htmlPath) || htmlPath}`);
    return { htmlPath, issue, closed: final.state === 'closed', comments, steps: timeline, actionRuns: runs, ms };
  } finally {
    await gh.close();
  }
}

/** `### Offboarding status — 3/19 done (16%)` and its overdue list -> `3/19 done (16%), 4 overdue`. */
function headline(body: string): string {
  const line = body.split('\n').find((l) => l.startsWith('### ')) ?? '';
  const overdue = body.split('\n').filter((l) => l.startsWith('- ') && l.includes(' — was due ')).length;
  return `${line.replace(/^###\s*/, '').replace(/^.*?—\s*/, '')}${overdue > 0 ? `, ${overdue} overdue` : ''}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  runDemo({ color }).catch((error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

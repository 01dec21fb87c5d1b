/**
 * `npm run demo`: two offboardings in acme/people-ops on a simulated clock, in seconds. The action
 * runs in-process the way the Actions runner runs it (test/support/runner.ts: action.yml's defaults,
 * INPUT_* variables, the event file) against the project's GitHub emulator, with the checklist the
 * README tells admins to copy.
 *
 * The terminal shows the tracker in full after intake and at the end, and in between only what
 * changed: task lines, new comments in short form, the status comment as a diff, the workflow the
 * action dispatched and what it removed from the organisation. demo-output/offboarding-demo.html
 * shows the issue page at the end, with the timeline of the steps.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator, type CommentView, type DispatchRecord, type Emulator, type Holdings, type IssueView } from '../emulator/index.js';
import { formatInstant } from '../src/domain/time.js';
import { runAction } from '../test/support/runner.js';
import { FORM_LABELS, FORM_TITLE, formBody } from './form.js';
import { renderPage, type TimelineStep } from './html.js';
import {
  castOptions,
  DEMO_CHECKLIST,
  EXAMPLE_CHECKLIST_PATH,
  ORG_APP,
  ORG_APP_TOKEN,
  peopleOpsFiles,
  putPeopleOpsFiles,
  REQUESTER,
  REQUESTS,
  REVOKE_WORKFLOW_FILE,
  seedOrganisation,
} from './people.js';
import { commentKind, commentSummary, diffLines, paint, plain, renderLines, taskLinesById, trackerBlock, type Paint } from './terminal.js';

const ROOT = resolve(import.meta.dirname, '..');
const ZONE = 'Europe/Berlin';
/** What the demo's workflow gives the action besides action.yml's defaults. */
const INPUTS = { 'org-token': ORG_APP_TOKEN, dashboard: 'true' } as const;
/** At most this many lines of one diff in the terminal (the HTML page has every comment whole). */
const DIFF_LINES = 4;

export interface DemoOptions {
  /** Where the HTML page goes (default: demo-output/ in the repository). */
  readonly outDir?: string;
  /** Where the terminal text goes (default: stdout). */
  readonly print?: (line: string) => void;
  readonly color?: boolean;
}

/** A command someone typed in a comment, and how the action answered it. */
export interface CommandAnswer {
  readonly issue: number;
  readonly author: string;
  readonly body: string;
  /** `user:content`, e.g. `github-actions[bot]:+1`. */
  readonly reactions: readonly string[];
  /** The action's reply, if it wrote one. */
  readonly reply?: string;
}

export interface DemoResult {
  readonly htmlPath: string;
  /** Jordan's tracker, carried through to its report. */
  readonly issue: number;
  readonly closed: boolean;
  readonly tracker: IssueView;
  readonly comments: readonly CommentView[];
  /** Dana's tracker: filed, rescheduled, then cancelled. */
  readonly cancelled: IssueView;
  readonly cancelledComments: readonly CommentView[];
  readonly dashboard?: IssueView;
  readonly dispatches: readonly DispatchRecord[];
  /** Organisation writes, `METHOD path → status`, all made with the org-token. */
  readonly orgWrites: readonly string[];
  /** What Jordan still holds in the organisation at the end. */
  readonly holdings: Holdings;
  readonly commands: readonly CommandAnswer[];
  /** The tracker as printed after intake and at the end. */
  readonly printedTrackers: readonly (readonly string[])[];
  readonly steps: readonly TimelineStep[];
  readonly actionRuns: number;
  /** Lines printed. */
  readonly lines: number;
  readonly ms: number;
}

type Leaver = keyof typeof REQUESTS;

/** What the steps do: people's actions in GitHub, and the runs of the action they trigger. */
interface Story {
  readonly gh: Emulator;
  /** Moves the simulated clock on, within a step. */
  readonly at: (iso: string) => void;
  /** Tells what someone did (Markdown; plain in the terminal). */
  readonly did: (line: string) => void;
  /** HR submits the form; the `opened` run converts it. */
  readonly file: (who: Leaver) => Promise<number>;
  /** Someone clicks boxes (tasks by id, or `confirm:github`) one at a time; each click is an `edited` run. */
  readonly click: (issue: number, actor: string, ids: readonly string[]) => Promise<void>;
  /** Someone comments a command; the `issue_comment` run answers it. */
  readonly command: (issue: number, actor: string, body: string) => Promise<void>;
  /** The hourly scheduled run. */
  readonly sweep: () => Promise<void>;
  /** The company's dispatched workflow reports back from its own run (`GITHUB_WORKFLOW_REF`). */
  readonly complete: (dispatch: DispatchRecord, result: 'success' | 'failure', evidence: string) => Promise<void>;
  readonly tracker: (who: Leaver) => number;
}

interface Step {
  /** UTC; shown in the checklist's time zone. */
  readonly at: string;
  readonly title: string;
  readonly run: (story: Story) => Promise<void>;
}

const STEPS: readonly Step[] = [
  {
    at: '2026-11-30T09:00:00Z',
    title: 'HR files the form: an involuntary departure, before Jordan is told',
    run: async (s) => {
      s.did(`**${REQUESTER}** submitted the *Employee offboarding* form; the \`opened\` run made it a tracker`);
      await s.file('jordan');
    },
  },
  {
    at: '2026-11-30T09:10:00Z',
    title: 'IT confirms the GitHub account; HR takes Jordan off the repository',
    run: async (s) => {
      await s.click(s.tracker('jordan'), 'it-irene', ['confirm:github']);
      // The status comment's "Fix this first". A repository setting: no event, no run.
      s.gh.state.setPermission('jlee', 'none');
      s.did('**hr-hana** removed `jlee`’s read access to the repository (no event; the daily check will see it)');
    },
  },
  {
    at: '2026-11-30T09:30:00Z',
    title: 'IT locks what it can by hand',
    run: (s) => s.click(s.tracker('jordan'), 'it-ivan', ['disable-email', 'revoke-vpn', 'remove-slack', 'disable-aws', 'revoke-sessions']),
  },
  {
    at: '2026-11-30T10:05:00Z',
    title: 'Hourly sweep: intake + 1h, the security tasks are due',
    run: (s) => s.sweep(),
  },
  {
    at: '2026-11-30T10:12:00Z',
    title: `The company's ${REVOKE_WORKFLOW_FILE} run reports back`,
    run: async (s) => {
      const dispatch = s.gh.state.dispatches().find((d) => d.workflow === REVOKE_WORKFLOW_FILE);
      if (!dispatch) throw new Error(`the sweep did not dispatch ${REVOKE_WORKFLOW_FILE}`);
      s.did(`run ${dispatch.runId} of \`${REVOKE_WORKFLOW_FILE}\` deactivated the Okta user, then ran the action with \`command: complete\`, \`result: success\``);
      await s.complete(dispatch, 'success', 'Okta user 00u1jlee deactivated');
    },
  },
  {
    at: '2026-11-30T10:40:00Z',
    title: 'Security rotates the secrets; at 12:05 the sweep, an hour past the deadline, verifies GitHub access',
    run: async (s) => {
      await s.click(s.tracker('jordan'), 'sec-sam', ['rotate-shared-secrets']);
      s.at('2026-11-30T11:05:00Z');
      await s.sweep();
    },
  },
  {
    at: '2026-11-30T11:30:00Z',
    title: 'A task that does not apply, by command',
    run: (s) => s.command(s.tracker('jordan'), 'it-ivan', '/offboarding na forward-email mailbox goes to legal hold instead, per Legal'),
  },
  {
    at: '2026-11-30T14:00:00Z',
    title: 'A second request: Dana resigns, last day 18 December',
    run: async (s) => {
      await s.file('dana');
    },
  },
  {
    at: '2026-12-01T07:30:00Z',
    title: 'Next morning: the equipment comes back',
    run: async (s) => {
      await s.click(s.tracker('jordan'), 'it-ivan', ['collect-laptop', 'asset-1', 'asset-2', 'transfer-files']);
      await s.click(s.tracker('jordan'), 'fac-fred', ['collect-badges']);
    },
  },
  {
    at: '2026-12-01T08:30:00Z',
    title: 'Dana’s last day moves',
    run: (s) => s.command(s.tracker('dana'), 'hr-hana', '/offboarding last-day 2026-12-11'),
  },
  {
    at: '2026-12-02T16:00:00Z',
    title: 'Dana withdraws her resignation',
    run: (s) => s.command(s.tracker('dana'), 'hr-hana', '/offboarding cancel Dana withdrew her resignation'),
  },
  {
    at: '2026-12-03T15:30:00Z',
    title: 'Handover and paperwork: the last boxes; at 17:05 the sweep updates the dashboard',
    run: async (s) => {
      const jordan = s.tracker('jordan');
      await s.click(jordan, 'mgr-maria', ['knowledge-transfer']);
      await s.click(jordan, 'fin-fiona', ['final-payroll', 'remove-payroll']);
      await s.click(jordan, 'hr-hana', ['benefits-termination', 'exit-interview', 'post-employment-obligations']);
      s.at('2026-12-03T16:05:00Z');
      await s.sweep();
    },
  },
];

/** What an issue looked like after the previous step. */
interface Seen {
  readonly issue: IssueView;
  readonly comments: ReadonlyMap<number, string>;
  readonly reactions: ReadonlyMap<number, number>;
}

const REACTION: Readonly<Record<string, string>> = { '+1': '👍', '-1': '👎', confused: '😕', eyes: '👀', rocket: '🚀', heart: '❤️', hooray: '🎉', laugh: '😄' };

/** The short title of a rendered task line: box, title, no owners or due date. */
function shortTask(line: string): string {
  return plain(line).split(' — ')[0] ?? plain(line);
}

/** The report's JSON (in its last part), for what the tracker's boxes do not show. */
function reportTasks(comments: readonly CommentView[]): Map<string, { state?: string; how?: string; doneBy?: string; naReason?: string }> {
  const json = comments
    .filter((c) => commentKind(c.body) === 'report')
    .map((c) => /```json\n([\s\S]*?)\n```/.exec(c.body)?.[1])
    .find((j) => j !== undefined);
  const out = new Map<string, { state?: string; how?: string; doneBy?: string; naReason?: string }>();
  if (!json) return out;
  try {
    const report = JSON.parse(json) as { tasks?: Array<{ id: string; state?: string; how?: string; doneBy?: string; naReason?: string }> };
    for (const task of report.tasks ?? []) out.set(`task:${task.id}`, task);
  } catch {
    // A report split so that its JSON is cut: no remarks then.
  }
  return out;
}

/**
 * Runs the whole demo. Throws when any action run fails (the demo is also a test).
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const p: Paint = paint(options.color ?? false);
  let printed = 0;
  const sink = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const print = (line = ''): void => {
    printed += 1;
    sink(line);
  };
  const outDir = resolve(options.outDir ?? join(ROOT, 'demo-output'));
  const gh: Emulator = await startEmulator({ now: new Date(STEPS[0]?.at ?? 0), ...castOptions(), tokens: { [ORG_APP_TOKEN]: ORG_APP } });
  let runs = 0;
  try {
    seedOrganisation(gh);
    putPeopleOpsFiles(gh, DEMO_CHECKLIST);
    const workspaceFiles = peopleOpsFiles(DEMO_CHECKLIST);
    const trackers = new Map<Leaver, number>();
    const when = (iso: string): string => formatInstant(iso, ZONE);

    const act = async (event: string, payload: object, env: Record<string, string> = {}, inputs: Record<string, string> = {}): Promise<void> => {
      const run = await runAction(gh, { event, payload, workspaceFiles, inputs: { ...INPUTS, ...inputs }, env, timeScale: 0.002 });
      runs += 1;
      if (run.code !== 0) throw new Error(`the action failed (${event}, exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    };

    print(p.bold(`Offboarding demo: ${gh.owner}/${gh.repo} on the built-in GitHub emulator, simulated clock, times in ${ZONE}`));
    print(`Checklist: ${EXAMPLE_CHECKLIST_PATH}, the one admins copy, plus the change its closing comment describes: the built-in`);
    print(`  tasks: copied in, disable-okta (workflow: ${REVOKE_WORKFLOW_FILE}) added; revoke-github has github: remove. Inputs: org-token, dashboard: true.`);

    const seen = new Map<number, Seen>();
    const printedTrackers: string[][] = [];
    let dispatchesSeen = 0;
    let logSeen = 0;
    const orgWrites: string[] = [];
    const timeline: TimelineStep[] = [];
    let events: string[] = [];
    /** Who ticked which box in this step, for the changed task lines; the ticks, for the page. */
    let tickedBy = new Map<string, string>();
    let ticks: string[] = [];

    const showTracker = (issue: IssueView, note?: (id: string) => string | undefined): void => {
      const block = trackerBlock(issue, p, note);
      printedTrackers.push(block.map(plain));
      block.forEach((line, i) => print(`  ${i === 0 ? '┌' : i === block.length - 1 ? '└' : '│'} ${line}`));
    };

    /** Prints and records what changed in GitHub during the step. */
    const changed = (): { changes: string[]; comments: number[] } => {
      const changes: string[] = [];
      const created: number[] = [];
      const out = (line: string, change?: string): void => {
        print(`  ${line}`);
        if (change !== undefined) changes.push(change);
      };
      for (const line of events) print(`  • ${plain(line.replace(/\*\*|\*/g, ''))}`);

      for (const d of gh.state.dispatches().slice(dispatchesSeen)) {
        const inputs = ['tracker', 'task', 'employee-login'].map((k) => `${k}=${d.inputs[k] ?? ''}`).join(' ');
        out(p.cyan(`⚙ ${d.actor} dispatched ${d.workflow} (run ${d.runId}): ${inputs} …`), `${d.actor} dispatched \`${d.workflow}\` (run ${d.runId}) for task \`${d.inputs['task'] ?? ''}\``);
      }
      dispatchesSeen = gh.state.dispatches().length;
      for (const e of gh.log.slice(logSeen).filter((entry) => entry.kind === 'write' && entry.path.startsWith('/orgs/'))) {
        const line = `${e.method} ${e.path} → ${e.status}`;
        orgWrites.push(line);
        out(p.cyan(`⚙ ${e.actor ?? '?'} (org-token): ${line}`), `${e.actor ?? '?'} (org-token): \`${line}\``);
      }
      logSeen = gh.log.length;

      for (const issue of gh.state.issues()) {
        const before = seen.get(issue.number);
        const comments = gh.state.comments(issue.number);
        const ref = p.dim(`#${issue.number}`);
        const dashboard = commentKind(issue.body ?? '') === 'dashboard';
        /** Label changes, told with the status comment's (or on their own line after the comments). */
        let labels = '';
        if (!before) {
          changes.push(`${issue.author} opened #${issue.number} “${issue.title}”`);
          if (issue.number === trackers.get('jordan')) showTracker(issue);
          else if (dashboard) {
            out(`${ref} ${p.bold(issue.title)} (${gh.botLogin}, new, label ${issue.labels.join(', ')}):`);
            for (const line of renderLines(issue.body ?? '', p).slice(1, 2)) out(`   │ ${line}`);
          } else {
            const tasks = [...taskLinesById(issue.body ?? '').keys()].filter((id) => id.startsWith('task:')).length;
            out(`${ref} ${p.bold(issue.title)} [Open]: a tracker like #${trackers.get('jordan') ?? '?'}, ${tasks} tasks and the account to confirm`);
          }
        } else {
          if (before.issue.title !== issue.title) out(`${ref} retitled: ${issue.title}`, `retitled #${issue.number}: ${issue.title}`);
          const added = issue.labels.filter((l) => !before.issue.labels.includes(l));
          const removed = before.issue.labels.filter((l) => !issue.labels.includes(l));
          if (added.length + removed.length > 0) {
            labels = [...added.map((l) => `+${l}`), ...removed.map((l) => `-${l}`)].join(' ');
            changes.push(`labels of #${issue.number}: ${labels}`);
          }
          const was = taskLinesById(before.issue.body ?? '', p);
          const now = [...taskLinesById(issue.body ?? '', p)].filter(([id, line]) => was.has(id) && plain(was.get(id) ?? '') !== plain(line));
          const ticked = now.filter(([id, line]) => plain(was.get(id) ?? '').slice(0, 3) !== plain(line).slice(0, 3));
          // One line a box; one line for someone's three or more.
          const groups = new Map<string, string[]>();
          for (const [id, line] of ticked) groups.set(tickedBy.get(id) ?? '', [...(groups.get(tickedBy.get(id) ?? '') ?? []), shortTask(line)]);
          for (const [by, boxes] of groups) {
            const lines = boxes.length >= 3 ? [`${boxes[0] ?? ''} · ${boxes.slice(1).map((b) => b.replace(/^\[[ x]\] /, '')).join(' · ')}`] : boxes;
            for (const line of lines) {
              out(`${ref} ${line.replace(/^\[x\]/, p.green('[x]'))}${by ? p.dim(` ← ${by}`) : ''}`, `#${issue.number} ${line}${by ? ` (${by})` : ''}`);
            }
          }
          const rewritten = now.filter((entry) => !ticked.includes(entry));
          if (rewritten.length > 0) {
            const example = plain(rewritten[0]?.[1] ?? '');
            out(`${ref} ${rewritten.length === 1 ? 'task line rewritten' : `${rewritten.length} task lines rewritten, e.g.`}: ${example}`, `#${issue.number}: ${rewritten.length} task lines rewritten`);
          }
          if (dashboard && before.issue.body !== issue.body) {
            out(p.cyan(`✎ ${ref} ${gh.botLogin} edited the dashboard:`), `${gh.botLogin} edited the dashboard #${issue.number}`);
            showDiff(renderLines(before.issue.body ?? '', p), renderLines(issue.body ?? '', p), out);
          }
        }
        for (const c of comments) {
          const old = before?.comments.get(c.id);
          const kind = commentKind(c.body);
          if (old === undefined) {
            created.push(c.id);
            if (kind === 'command' || kind === 'other') {
              const reactions = gh.state.reactions(c.id).map((r) => `${REACTION[r.content] ?? r.content} ${r.user}`);
              out(p.yellow(`💬 ${ref} ${c.author}: ${plain(renderLines(c.body)[0] ?? '')}`) + p.dim(reactions.length > 0 ? `  → ${reactions.join(', ')}` : ''));
              continue;
            }
            const first = issue.number === trackers.get('jordan') && kind === 'status';
            const [head = '', ...rest] = commentSummary(c, first ? 5 : kind === 'escalation' ? 4 : 2, p);
            const colour = kind === 'escalation' ? p.red : kind === 'report' ? p.green : p.cyan;
            out(`${colour(`💬 ${ref} ${c.author}, ${kind}:`)} ${head}`);
            for (const line of rest) out(`   ${colour('│')} ${line}`);
          } else if (old !== c.body) {
            if (diffLines(renderLines(old), renderLines(c.body)).length === 0) continue;
            const also = kind === 'status' && labels ? p.dim(` · labels ${labels}`) : '';
            if (also) labels = '';
            out(`${p.cyan(`✎ ${ref} ${c.author} edited the ${kind === 'status' ? 'status comment' : `${kind} comment`}`)}${also}:`, `${c.author} updated the ${kind} comment of #${issue.number}`);
            // The status comment's phase table is in the HTML page; its text lines say the same.
            const text = (body: string): string[] => renderLines(kind === 'status' ? body.split('\n').filter((l) => !/^\s*\|/.test(l)).join('\n') : body, p);
            showDiff(text(old), text(c.body), out);
          }
        }
        for (const c of comments) {
          if (before?.comments.get(c.id) === undefined) continue;
          for (const r of gh.state.reactions(c.id).slice(before.reactions.get(c.id) ?? 0)) {
            out(p.dim(`${REACTION[r.content] ?? r.content} ${r.user} reacted to ${c.author}’s comment`));
          }
        }
        for (const c of comments) {
          for (const r of gh.state.reactions(c.id).slice(before?.reactions.get(c.id) ?? 0)) changes.push(`${r.user} reacted ${REACTION[r.content] ?? r.content} to ${c.author}’s comment`);
        }
        if (labels) out(p.dim(`${ref} labels ${labels}`));
        if (before && before.issue.state !== issue.state) {
          const reason = issue.state === 'closed' ? `closed as ${issue.stateReason === 'not_planned' ? 'not planned' : (issue.stateReason ?? 'completed')}` : 'reopened';
          out(p.bold(`#${issue.number} ${reason}`), `${gh.botLogin} ${reason} #${issue.number}`);
        }
        seen.set(issue.number, {
          issue,
          comments: new Map(comments.map((c) => [c.id, c.body])),
          reactions: new Map(comments.map((c) => [c.id, gh.state.reactions(c.id).length])),
        });
      }
      return { changes, comments: created };
    };

    /** A diff, at most DIFF_LINES lines: lines gone are the first left out. */
    const showDiff = (before: string[], after: string[], out: (line: string) => void): void => {
      const diff = diffLines(before, after);
      const keep = new Set<number>();
      for (const pass of [(op: string) => op !== '-', (op: string) => op === '-']) {
        diff.forEach((d, i) => {
          if (keep.size < DIFF_LINES && pass(d.op)) keep.add(i);
        });
      }
      const colour = { '+': p.green, '-': p.red, '~': p.yellow };
      const shown = diff.filter((_d, i) => keep.has(i)).map((d) => `   ${colour[d.op](d.op)} ${d.op === '-' ? p.dim(plain(d.line)) : d.line}`);
      const more = diff.length - shown.length;
      shown.forEach((line, i) => out(i === shown.length - 1 && more > 0 ? `${line}${p.dim(` (+${more} more changed line${more === 1 ? '' : 's'})`)}` : line));
    };

    const story: Story = {
      gh,
      at: (iso) => gh.clock.set(new Date(iso)),
      did: (line) => events.push(line),
      tracker: (who) => {
        const n = trackers.get(who);
        if (n === undefined) throw new Error(`no tracker for ${who} yet`);
        return n;
      },
      file: async (who) => {
        const request = REQUESTS[who];
        // A new repository has no `offboarding` label yet: GitHub drops it; the action knows the form's shape.
        const filed = gh.fileIssue({ author: REQUESTER, title: `${FORM_TITLE}${request['employee-name']}`, body: formBody(request), labels: FORM_LABELS });
        trackers.set(who, filed.number);
        await act('issues', filed.payload);
        return filed.number;
      },
      click: async (issue, actor, ids) => {
        for (const id of ids) {
          const key = id.includes(':') ? id : `task:${id}`;
          tickedBy.set(key, actor);
          const line = (gh.state.issue(issue).body ?? '').split('\n').find((l) => l.includes(`<!-- ${key} -->`)) ?? key;
          ticks.push(`**${actor}** ticked “${shortTask(renderLines(line)[0] ?? key).replace(/^\[[ x]\] /, '')}”`);
          await act('issues', gh.tickText(issue, { actor, match: `<!-- ${key} -->` }));
        }
      },
      command: async (issue, actor, body) => {
        const { payload } = gh.comment(issue, { actor, body });
        await act('issue_comment', payload);
      },
      sweep: () => act('schedule', gh.schedulePayload()),
      complete: async (dispatch, result, evidence) => {
        const env = { GITHUB_WORKFLOW_REF: `${gh.owner}/${gh.repo}/${dispatch.path}@refs/heads/${dispatch.ref}`, GITHUB_RUN_ID: String(dispatch.runId) };
        const inputs = { command: 'complete', tracker: dispatch.inputs['tracker'] ?? '', task: dispatch.inputs['task'] ?? '', result, evidence };
        await act('workflow_dispatch', gh.workflowDispatchPayload({ inputs }), env, inputs);
      },
    };

    for (const [index, step] of STEPS.entries()) {
      gh.clock.set(new Date(step.at));
      const at = when(step.at);
      events = [];
      tickedBy = new Map();
      ticks = [];
      print(p.bold(p.yellow(`━━ ${index + 1}/${STEPS.length} · ${at} · ${step.title}`)));
      await step.run(story);
      const did = [...events, ...ticks];
      const { changes, comments } = changed();
      const jordan = new Set(gh.state.comments(story.tracker('jordan')).map((c) => c.id));
      timeline.push({ at, title: step.title, events: did, changes, comments: comments.filter((id) => jordan.has(id)) });
    }

    const jordan = story.tracker('jordan');
    const final = gh.state.issue(jordan);
    const comments = gh.state.comments(jordan);
    // What the boxes do not show: tasks done by the action or marked N/A by command stay unticked.
    const record = reportTasks(comments);
    print(p.bold('━━ The end'));
    showTracker(final, (id) => {
      const task = record.get(id);
      const box = /\[[xX]\]/.test((final.body ?? '').split('\n').find((l) => l.includes(`<!-- ${id} -->`)) ?? '');
      if (!task || box) return undefined;
      if (task.state === 'na') return `N/A in the report${task.naReason ? `: ${task.naReason}` : ''}`;
      if (task.how === 'automation') return `done by automation (${task.doneBy ?? 'workflow'}), per the report`;
      if (task.how === 'verified') return 'done: removal verified by the action, per the report';
      return task.state === 'done' ? 'done, per the report' : undefined;
    });

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
    const dana = gh.state.issue(story.tracker('dana'));
    const state = (i: IssueView): string => (i.state === 'open' ? 'open' : `closed as ${i.stateReason === 'not_planned' ? 'not planned' : (i.stateReason ?? 'completed')}`);
    print(`#${jordan} is ${state(final)}, #${dana.number} is ${state(dana)}. ${runs} runs of the action (in-process, against the emulator) in ${(ms / 1000).toFixed(1)} s.`);
    print(`HTML page: ${relative(process.cwd(), htmlPath) || htmlPath}`);

    const all = gh.state.issues();
    const commands: CommandAnswer[] = all.flatMap((issue) => {
      const list = gh.state.comments(issue.number);
      return list
        .filter((c) => commentKind(c.body) === 'command')
        .map((c) => ({
          issue: issue.number,
          author: c.author,
          body: c.body,
          reactions: gh.state.reactions(c.id).map((r) => `${r.user}:${r.content}`),
          reply: list.find((r) => r.body.includes(`<!-- offboarding:reply ${c.id} -->`))?.body,
        }));
    });
    return {
      htmlPath,
      issue: jordan,
      closed: final.state === 'closed',
      tracker: final,
      comments,
      cancelled: dana,
      cancelledComments: gh.state.comments(dana.number),
      dashboard: all.find((i) => commentKind(i.body ?? '') === 'dashboard'),
      dispatches: gh.state.dispatches(),
      orgWrites,
      holdings: gh.org.holdings('jlee'),
      commands,
      printedTrackers,
      steps: timeline,
      actionRuns: runs,
      lines: printed,
      ms,
    };
  } finally {
    await gh.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  runDemo({ color }).catch((error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

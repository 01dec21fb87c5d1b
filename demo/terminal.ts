/** What a person would see in GitHub after each step, as plain terminal text. */
import type { CommentView, IssueView } from '../emulator/index.js';

export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

export function paint(color: boolean): Paint {
  const wrap = (code: number) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap(1), dim: wrap(2), green: wrap(32), red: wrap(31), yellow: wrap(33), cyan: wrap(36) };
}

export type CommentKind = 'status' | 'escalation' | 'report' | 'validation' | 'reply' | 'notice' | 'command' | 'other';

/** Which kind of comment a body is, from its hidden marker (or its first line, for a command). */
export function commentKind(body: string): CommentKind {
  if (body.includes('<!-- offboarding:status -->')) return 'status';
  if (body.includes('<!-- offboarding:escalation')) return 'escalation';
  if (body.includes('<!-- offboarding:report')) return 'report';
  if (body.includes('<!-- offboarding:validation -->')) return 'validation';
  if (body.includes('<!-- offboarding:reply')) return 'reply';
  if (body.includes('<!-- offboarding:notice')) return 'notice';
  if (/^\s*\/offboarding\b/i.test(body)) return 'command';
  return 'other';
}

/** The visible text: hidden comments (markers, the ledger) and `<sub>` tags gone, blank runs squeezed. */
export function visible(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?sub>/g, '')
    // Markdown escapes the action adds to typed text (`\#`, `\*`) are not what GitHub shows.
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The report without what a terminal cannot show well: the full task table and the JSON. */
function condensedReport(markdown: string): string {
  const text = visible(markdown);
  const sections = text.split(/\n(?=### )/);
  const kept = sections
    .filter((s) => !s.startsWith('### All tasks'))
    .map((s) => s.replace(/<details>[\s\S]*<\/details>/, '').trim());
  return `${kept.join('\n\n')}\n\n(all tasks and the report as JSON: in the HTML page)`;
}

/** Phase headings and task lines of the tracker body, markers removed, ticks coloured. */
export function taskLines(body: string, p: Paint): string[] {
  const out: string[] = [];
  let fence = false;
  for (const line of body.split('\n')) {
    if (/^\s{0,3}(`{3,}|~{3,})/.test(line)) fence = !fence;
    if (fence) continue;
    const heading = /^## (.*)$/.exec(line);
    if (heading && /<!-- phase:/.test(line)) {
      out.push(p.bold(visible(heading[1] ?? '')));
      continue;
    }
    const task = /^\s*[-*+] \[( |x|X)\] (.*)$/.exec(line);
    if (task) {
      const done = task[1] !== ' ';
      const text = visible(task[2] ?? '');
      out.push(`  ${done ? p.green('[x]') : '[ ]'} ${done ? p.dim(text) : text}`);
    }
  }
  return out;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** A comment as shown in the step's output: escalations in full, the others condensed. */
export function commentBlock(comment: CommentView, change: 'new' | 'updated', p: Paint): string {
  const kind = commentKind(comment.body);
  const head = `${comment.author} ${change === 'new' ? 'commented' : 'updated its comment'} (${kind})`;
  const body = kind === 'report' ? condensedReport(comment.body) : visible(comment.body);
  const colour = kind === 'escalation' ? p.red : kind === 'report' ? p.green : p.cyan;
  return `${colour(`  ┌ ${head}`)}\n${indent(body, `  ${colour('│')} `)}\n${colour('  └')}`;
}

/** Title, state, labels and assignees of the issue. */
export function issueHeader(issue: IssueView, p: Paint): string[] {
  const state = issue.state === 'open' ? p.green('Open') : p.red(`Closed (${issue.stateReason ?? 'closed'})`);
  return [
    `${p.bold(`#${issue.number} ${issue.title}`)}  [${state}]`,
    `  Labels:    ${issue.labels.length > 0 ? issue.labels.join(', ') : '—'}`,
    `  Assignees: ${issue.assignees.length > 0 ? issue.assignees.join(', ') : '—'}`,
  ];
}

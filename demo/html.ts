/**
 * The demo's standalone page: the issue as GitHub shows it (body, then the timeline of events and
 * comments), rendered from Markdown with micromark + GFM. No script, no network.
 */
import { escapeHtml as escape, MARKDOWN_CSS, renderMarkdown } from '../src/markdown/html.js';
import type { CommentView, IssueView, LabelRecord } from '../emulator/index.js';
import { commentKind } from './terminal.js';

export interface TimelineStep {
  readonly at: string;
  readonly title: string;
  /** What people did, one line each. */
  readonly events: readonly string[];
  /** What the action did that is not a new comment: labels, assignees, status updates, closing. */
  readonly changes: readonly string[];
  /** Comments posted in this step, by id. */
  readonly comments: readonly number[];
}

export interface PageInput {
  readonly repo: string;
  readonly issue: IssueView;
  readonly comments: readonly CommentView[];
  readonly labels: readonly LabelRecord[];
  readonly steps: readonly TimelineStep[];
  readonly generatedIn: string;
}

function labelPill(name: string, labels: readonly LabelRecord[]): string {
  const color = labels.find((l) => l.name === name)?.color ?? 'ededed';
  const r = parseInt(color.slice(0, 2), 16);
  const g = parseInt(color.slice(2, 4), 16);
  const b = parseInt(color.slice(4, 6), 16);
  const light = (r * 299 + g * 587 + b * 114) / 1000 > 150;
  return `<span class="label" style="background:#${escape(color)};color:${light ? '#1f2328' : '#ffffff'}">${escape(name)}</span>`;
}

function avatar(login: string): string {
  const bot = login.endsWith('[bot]');
  let hash = 0;
  for (const c of login) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return `<span class="avatar${bot ? ' bot' : ''}" style="background:hsl(${hue} 55% ${bot ? 30 : 55}%)">${escape(bot ? '⚙' : login.slice(0, 1).toUpperCase())}</span>`;
}

function commentCard(comment: CommentView, at: string): string {
  const kind = commentKind(comment.body);
  const edited = comment.updatedAt.getTime() !== comment.createdAt.getTime() ? ' · edited' : '';
  const bot = comment.author.endsWith('[bot]') ? ' <span class="badge">bot</span>' : '';
  return `
      <div class="item">
        ${avatar(comment.author)}
        <div class="card ${kind}">
          <div class="card-head"><b>${escape(comment.author)}</b>${bot} commented ${escape(at)}${edited}<span class="kind">${kind}</span></div>
          <div class="markdown">${renderMarkdown(comment.body)}</div>
        </div>
      </div>`;
}

const CSS = `${MARKDOWN_CSS}
  header.repo { padding:14px 32px; background:var(--canvas); border-bottom:1px solid var(--border); color:var(--muted); }
  header.repo b { color:var(--fg); }
  main { max-width:1216px; margin:0 auto; padding:24px 32px 48px; }
  h1.title { font-size:28px; font-weight:400; margin:0 0 8px; }
  h1.title .num { color:var(--muted); }
  .state { display:inline-block; padding:4px 12px; border-radius:2em; color:#fff; font-weight:600; margin-right:8px; }
  .state.open { background:#1f883d; } .state.closed { background:#8250df; }
  .meta { color:var(--muted); padding-bottom:16px; border-bottom:1px solid var(--border); margin-bottom:24px; }
  .layout { display:grid; grid-template-columns:minmax(0,1fr) 280px; gap:32px; }
  .item { display:flex; gap:12px; margin-bottom:16px; }
  .avatar { flex:none; width:36px; height:36px; border-radius:50%; color:#fff; display:flex; align-items:center; justify-content:center; font-weight:600; }
  .avatar.bot { border-radius:8px; }
  .card { flex:1; min-width:0; border:1px solid var(--border); border-radius:6px; }
  .card-head { background:var(--canvas); border-bottom:1px solid var(--border); padding:8px 16px; color:var(--muted); border-radius:6px 6px 0 0; }
  .card-head b { color:var(--fg); }
  .card.escalation { border-color:#cf222e; } .card.escalation .card-head { background:#ffebe9; }
  .card.report { border-color:#1f883d; } .card.report .card-head { background:#dafbe1; }
  .kind { float:right; font-size:12px; border:1px solid var(--border); border-radius:2em; padding:0 8px; background:#fff; }
  .badge { font-size:12px; border:1px solid var(--border); border-radius:2em; padding:0 6px; }
  .event { margin:0 0 16px 17px; padding:0 0 0 31px; border-left:2px solid var(--border); color:var(--muted); }
  .event .when { display:block; font-weight:600; color:var(--fg); padding-top:6px; }
  .event ul { margin:4px 0 8px; padding-left:18px; }
  .event li.action { color:#6e7781; }
  .event li { overflow-wrap:anywhere; } /* long API paths in code spans wrap instead of widening the page */
  aside section { border-bottom:1px solid var(--border); padding:0 0 14px; margin-bottom:14px; }
  aside h3 { font-size:12px; color:var(--muted); margin:0 0 6px; }
  .label { display:inline-block; padding:0 8px; margin:0 4px 4px 0; border-radius:2em; font-size:12px; font-weight:500; line-height:20px; }
  .assignee { display:flex; align-items:center; gap:6px; margin-bottom:4px; }
  .assignee .avatar { width:20px; height:20px; font-size:11px; }
  ol.steps { padding-left:18px; margin:0; color:var(--muted); font-size:12px; }
  ol.steps b { color:var(--fg); }
  footer { color:var(--muted); font-size:12px; margin-top:24px; }
  /* Phones: one column, the sidebar after the conversation, tighter margins. Wide content
     (tables, code) scrolls inside its card; the page itself never scrolls sideways. */
  @media (max-width: 700px) {
    header.repo { padding:12px 16px; }
    main { padding:16px 12px 32px; }
    h1.title { font-size:22px; }
    .layout { grid-template-columns:minmax(0,1fr); gap:16px; }
    .item { gap:8px; }
    .item > .avatar { width:28px; height:28px; }
    .event { margin-left:13px; padding-left:19px; }
    .card-head { padding:8px 12px; }
    .kind { float:none; margin-left:6px; }
  }
`;

/** The whole page: header, the body card, the timeline (events and comment cards), the sidebar. */
export function renderPage(input: PageInput): string {
  const { issue, comments, labels, steps } = input;
  const byId = new Map(comments.map((c) => [c.id, c]));
  const timeline: string[] = [];
  for (const step of steps) {
    const lines = [
      ...step.events.map((e) => `<li>${renderInline(e)}</li>`),
      ...step.changes.map((c) => `<li class="action">${renderInline(c)}</li>`),
    ];
    timeline.push(
      `      <div class="event"><span class="when">${escape(step.at)} — ${escape(step.title)}</span>${lines.length ? `<ul>${lines.join('')}</ul>` : ''}</div>`,
    );
    for (const id of step.comments) {
      const comment = byId.get(id);
      if (comment) timeline.push(commentCard(comment, step.at));
    }
  }
  const state = issue.state === 'open' ? 'Open' : 'Closed';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(issue.title)} · ${escape(input.repo)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="repo">📁 <b>${escape(input.repo)}</b> · Issues — offboarding demo (GitHub emulator, simulated clock)</header>
<main>
  <h1 class="title">${escape(issue.title)} <span class="num">#${issue.number}</span></h1>
  <div class="meta"><span class="state ${state.toLowerCase()}">${state === 'Open' ? '◯ Open' : '✓ Closed'}</span>
    <b>${escape(issue.author)}</b> opened this issue · ${comments.length} comments${issue.stateReason ? ` · closed as ${escape(issue.stateReason)}` : ''}</div>
  <div class="layout">
    <div class="timeline">
      <div class="item">
        ${avatar(issue.author)}
        <div class="card body">
          <div class="card-head"><b>${escape(issue.author)}</b> opened · edited ${issue.edits.length} times (the action converted the form; people ticked tasks)<span class="kind">tracker</span></div>
          <div class="markdown">${renderMarkdown(issue.body ?? '')}</div>
        </div>
      </div>
${timeline.join('\n')}
    </div>
    <aside>
      <section><h3>Assignees</h3>${issue.assignees.map((a) => `<div class="assignee">${avatar(a)}${escape(a)}</div>`).join('')}</section>
      <section><h3>Labels</h3>${issue.labels.map((l) => labelPill(l, labels)).join('') || '<i>None yet</i>'}</section>
      <section><h3>Demo timeline</h3><ol class="steps">${steps.map((s) => `<li><b>${escape(s.at)}</b><br>${escape(s.title)}</li>`).join('')}</ol></section>
    </aside>
  </div>
  <footer>Generated by <code>npm run demo</code> in ${escape(input.generatedIn)}: the action run in-process as the Actions runner runs it (action.yml's defaults, <code>INPUT_*</code>, the event file), against the project's in-memory GitHub emulator on a simulated clock. Markdown rendered with micromark + GFM; hidden markers are kept as HTML comments.</footer>
</main>
</body>
</html>
`;
}

/** One line of Markdown without the wrapping paragraph. */
function renderInline(markdown: string): string {
  return renderMarkdown(markdown).replace(/^<p>([\s\S]*)<\/p>\s*$/, '$1');
}

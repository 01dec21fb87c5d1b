/**
 * What a person would see in GitHub, as compact terminal text: the Markdown the action writes
 * rendered the way GitHub shows it (hidden markers gone, escapes resolved, `<details>` collapsed),
 * a comment in short form, and the change between two versions of a text as a line diff.
 */
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
  const wrap = (on: number, off: number) => (s: string) => (color ? `\u001b[${on}m${s}\u001b[${off}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

const PLAIN = paint(false);

/** The text without colour codes. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[\d;]*m/g, '');
}

export type CommentKind = 'status' | 'escalation' | 'report' | 'validation' | 'reply' | 'notice' | 'dashboard' | 'command' | 'other';

/** Which kind of comment (or issue body) a text is, from its hidden marker (or its first line, for a command). */
export function commentKind(body: string): CommentKind {
  if (body.includes('<!-- offboarding:status -->')) return 'status';
  if (body.includes('<!-- offboarding:escalation')) return 'escalation';
  if (body.includes('<!-- offboarding:report')) return 'report';
  if (body.includes('<!-- offboarding:validation -->')) return 'validation';
  if (body.includes('<!-- offboarding:reply')) return 'reply';
  if (body.includes('<!-- offboarding:notice')) return 'notice';
  if (body.includes('<!-- offboarding:dashboard -->')) return 'dashboard';
  if (/^\s*\/offboarding\b/i.test(body)) return 'command';
  return 'other';
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * One line of Markdown as GitHub shows it: code spans kept with their backticks (they mark logins
 * that mention nobody), `**bold**` in bold, `[text](url)` as `text <url>`, backslash escapes and
 * entities resolved, inline tags (`<sub>`, `<br>`) dropped.
 */
export function inline(markdown: string, p: Paint = PLAIN): string {
  // Code spans aside first (placeholders), so `**bold with `code` inside**` still pairs up.
  const spans: string[] = [];
  const text = markdown
    .replace(/(`+)[^`]*?\1/g, (span) => `\u0000${spans.push(span) - 1}\u0000`)
    .replace(/<\/?(sub|sup|b|strong|em|i|br)\s*\/?>/gi, '')
    .replace(/(?<!\\)\[([^\]]*)\]\(([^)\s]+)\)/g, '$1 <$2>')
    .replace(/(?<!\\)\*\*(?=\S)(.+?)(?<=[^\s\\])\*\*/g, (_m, bold: string) => p.bold(bold))
    .replace(/(?<![\\*\w])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
  // eslint-disable-next-line no-control-regex
  return decodeEntities(text).replace(/\u0000(\d+)\u0000/g, (_m, i: string) => spans[Number(i)] ?? '');
}

/** Hidden comments gone (markers, the ledger: one line or many). */
export function withoutHidden(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->/g, '');
}

function tableCells(rows: readonly string[], p: Paint): string[][] {
  return rows
    .filter((row) => !/^\s*\|?\s*:?-{3,}/.test(row))
    .map((row) =>
      row
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell) => inline(cell.trim(), p)),
    );
}

const width = (s: string): number => [...plain(s)].length;

/** A table with aligned columns; a two-column `Detail | Value` table as `Detail: value` pairs, a few a line. */
function tableLines(rows: readonly string[], p: Paint): string[] {
  const cells = tableCells(rows, p);
  if (cells.every((row) => row.length === 2) && cells.length > 3) {
    const out: string[] = [];
    let line = '';
    for (const [key, value] of cells.slice(1)) {
      const pair = `${p.dim(`${key ?? ''}:`)} ${value ?? ''}`;
      if (line && width(line) + width(pair) + 3 > 110) {
        out.push(line);
        line = pair;
      } else line = line ? `${line} · ${pair}` : pair;
    }
    if (line) out.push(line);
    return out;
  }
  const widths: number[] = [];
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return cells.map((row, r) => {
    const line = row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
    return r === 0 ? p.dim(line) : line;
  });
}

/**
 * Markdown as terminal lines, the way GitHub lays it out but compact: no blank lines, headings
 * in bold, tables with aligned columns, task-list boxes as `[ ]`/`[x]`, `<details>` collapsed to
 * its summary (as GitHub shows it until clicked), a `> [!CAUTION]` alert on one line.
 */
export function renderLines(markdown: string, p: Paint = PLAIN): string[] {
  const out: string[] = [];
  const lines = withoutHidden(markdown).replace(/\r\n/g, '\n').split('\n');
  let table: string[] = [];
  let fence: string | null = null;
  let details = 0;
  let alert: string | null = null;
  const flush = (): void => {
    if (table.length > 0) out.push(...tableLines(table, p));
    table = [];
  };
  const skip = new Set<number>();
  for (const [index, raw] of lines.entries()) {
    const line = raw.trimEnd();
    if (skip.has(index)) continue;
    if (details > 0) {
      if (/<details\b/i.test(line)) details += 1;
      if (/<\/details>/i.test(line)) details -= 1;
      continue;
    }
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = null;
      else out.push(`    ${line}`);
      continue;
    }
    if (opener) {
      flush();
      fence = opener;
      continue;
    }
    if (/^\s*\|/.test(line)) {
      table.push(line);
      continue;
    }
    flush();
    const summary = /<details\b[^>]*>\s*<summary>([\s\S]*?)<\/summary>/i.exec(line);
    if (summary) {
      out.push(p.dim(`▸ ${inline(summary[1] ?? '', p)}`));
      if (!/<\/details>/i.test(line)) details = 1;
      continue;
    }
    if (line.trim() === '' || /^\s*<\/?(details|summary|pre|p|div)\b[^>]*>\s*$/i.test(line)) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    const task = /^(\s*)(?:[-*+]|\d+[.)])\s+\[( |x|X)\]\s+(.*)$/.exec(line);
    const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (heading) {
      // A heading over a one-line quote (`## Notes`, then the quoted notes): one line.
      const next = lines.slice(index + 1).findIndex((l) => l.trim() !== '') + index + 1;
      const single = next > index && /^\s*>\s?[^\s[]/.test(lines[next] ?? '') && !/^\s*>/.test(lines[next + 1] ?? '');
      out.push(`${p.bold(inline(heading[1] ?? '', p))}${single ? ` ${renderLines(lines[next] ?? '', p)[0] ?? ''}` : ''}`);
      if (single) skip.add(next);
    }
    else if (task) {
      const done = task[2] !== ' ';
      const text = inline(task[3] ?? '', p);
      out.push(`${task[1] ?? ''}${done ? p.green('[x]') : '[ ]'} ${done ? p.dim(text) : text}`);
    } else if (item) out.push(`${item[1] ?? ''}• ${inline(item[2] ?? '', p)}`);
    else if (quote) {
      const kind = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]$/i.exec(quote[1] ?? '')?.[1];
      if (kind) {
        alert = `${kind.charAt(0)}${kind.slice(1).toLowerCase()}`;
        continue;
      }
      out.push(alert ? `${p.red(`▲ ${alert}:`)} ${inline(quote[1] ?? '', p)}` : `│ ${inline(quote[1] ?? '', p)}`);
    } else out.push(inline(line.trim(), p));
    alert = null;
  }
  flush();
  return out;
}

/** Title, state, labels and assignees of the issue. */
export function issueHeader(issue: IssueView, p: Paint = PLAIN): string[] {
  const reason = issue.stateReason === 'not_planned' ? 'not planned' : (issue.stateReason ?? 'completed');
  const state = issue.state === 'open' ? p.green('Open') : p.red(`Closed as ${reason}`);
  return [
    `${p.bold(`#${issue.number} ${issue.title}`)}  [${state}]`,
    p.dim(`labels: ${issue.labels.join(', ') || '—'} · assignees: ${issue.assignees.join(', ') || '—'}`),
  ];
}

/**
 * The whole issue as GitHub shows its description: the header, then the rendered body (its first
 * line, the title again, left out). `note` adds a remark to a task line by its hidden id.
 */
export function trackerBlock(issue: IssueView, p: Paint = PLAIN, note: (id: string) => string | undefined = () => undefined): string[] {
  const body: string[] = [];
  for (const line of (issue.body ?? '').split('\n')) {
    const id = /<!-- (task:[^ ]+|confirm:[^ ]+) -->/.exec(line)?.[1];
    const remark = id ? note(id) : undefined;
    body.push(remark ? `${line.replace(/<!--[\s\S]*?-->/g, '').trimEnd()} ${REMARK}${remark}` : line);
  }
  const rendered = renderLines(body.join('\n'), p)
    .map((line) => line.replace(new RegExp(`${REMARK}(.*)$`), (_m, remark: string) => p.yellow(`  ← ${remark}`)))
    .filter((line, i) => !(i === 0 && plain(line) === issue.title));
  return [...issueHeader(issue, p), ...rendered.map((line) => `  ${line}`)];
}

/** Marks where a remark starts inside a line on its way through the renderer (a private-use character). */
const REMARK = '\u{F8FF}';

/**
 * The task-list lines of a body by their hidden id (`task:ID`, `confirm:github`), rendered, so two
 * versions can be compared line by line.
 */
export function taskLinesById(body: string, p: Paint = PLAIN): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of body.split('\n')) {
    const id = /<!-- (task:[^ ]+|confirm:[^ ]+) -->/.exec(line)?.[1];
    if (id) out.set(id, renderLines(line, p)[0] ?? '');
  }
  return out;
}

/**
 * The lines of a comment to read first: its visible text without tables (the status comment's
 * phase table shows up in the diffs), up to `max` lines. A report: its title, the result and the
 * names of its sections.
 */
export function commentSummary(comment: CommentView, max: number, p: Paint = PLAIN): string[] {
  if (commentKind(comment.body) === 'report') return reportSummary(comment.body, p);
  const visible = withoutHidden(comment.body)
    .split('\n')
    .filter((line) => !/^\s*\|/.test(line))
    .join('\n');
  const lines = renderLines(visible, p);
  const shown = lines.slice(0, max);
  if (lines.length > max) shown[shown.length - 1] = `${shown.at(-1) ?? ''}${p.dim(` (+${lines.length - max} more line${lines.length - max === 1 ? '' : 's'})`)}`;
  return shown;
}

function reportSummary(body: string, p: Paint): string[] {
  const text = withoutHidden(body);
  const title = /^#{1,3}\s+(.*)$/m.exec(text)?.[1];
  const rows = tableCells(text.split('\n').filter((l) => /^\s*\|/.test(l)), p).filter((row) => row.length === 2 && /^(Result|Closed)$/.test(row[0] ?? ''));
  const sections = [...text.matchAll(/^###\s+(.*)$|<summary>(.*?)<\/summary>/gm)].map((m) => inline(m[1] ?? m[2] ?? '', p));
  return [
    ...(title ? [p.bold(inline(title, p))] : []),
    ...(rows.length > 0 ? [rows.map(([k, v]) => `${k}: ${v}`).join(' · ')] : []),
    ...(sections.length > 0 ? [p.dim(`sections: ${sections.join(' · ')}`)] : []),
  ];
}

export interface DiffLine {
  /** `~`: a line changed in place (the same words, other numbers or times). */
  readonly op: '+' | '-' | '~';
  readonly line: string;
}

/** A time as the action writes it: `Mon 30 Nov 2026, 11:00 CET` or, in tables, `Mon 30 Nov 11:00`. */
const INSTANT = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s\d{1,2}\s[A-Z][a-z]{2}(?:\s\d{4},)?\s\d{2}:\d{2}(?:\s(?:[A-Z]{2,5}|[+-]\d{2}(?::?\d{2})?))?/g;

/**
 * The lines removed, added and changed between two versions: a longest common subsequence, lines
 * compared without colour and with runs of spaces squeezed (a re-padded table row is no change).
 * Within a run of changes, a removed and an added line that differ only in numbers, or that start
 * with the same label (`Next deadline:`) or title (`⏳ Task —` → `✅ Task —`), are one `~` line;
 * those that differ only in the times they show (`checked at …`) are left out.
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const untimed = (s: string): string => s.replace(INSTANT, '⌚');
  const shape = (s: string): string => untimed(s).replace(/\d+/g, '#');
  const label = (s: string): string | undefined => {
    const words = s.replace(/^[^\p{L}]+/u, '');
    return /^([^:—]{2,40}?)(?::| — )/.exec(words)?.[1];
  };
  const key = (s: string): string => plain(s).replace(/\s+/g, ' ').trim();
  const a = before.map(key);
  const b = after.map(key);
  // lcs(i, j): the length of the longest common subsequence of a[i..] and b[j..], in one flat table.
  const stride = b.length + 1;
  const table = new Array<number>((a.length + 1) * stride).fill(0);
  const lcs = (i: number, j: number): number => table[i * stride + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * stride + j] = a[i] === b[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
    }
  }
  const out: DiffLine[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = (): void => {
    const used = new Set<number>();
    const lines: DiffLine[] = [];
    for (const j of added) {
      const line = b[j] ?? '';
      // The same line with other numbers or times; else the same label (`Next deadline: …`) or title (`✅ Task — …`).
      const i =
        removed.find((r) => !used.has(r) && shape(a[r] ?? '') === shape(line)) ??
        removed.find((r) => !used.has(r) && label(a[r] ?? '') !== undefined && label(a[r] ?? '') === label(line));
      if (i === undefined) {
        lines.push({ op: '+', line: after[j] ?? '' });
        continue;
      }
      used.add(i);
      if (untimed(a[i] ?? '') !== untimed(line)) lines.push({ op: '~', line: after[j] ?? '' });
    }
    out.push(...removed.filter((i) => !used.has(i)).map((i) => ({ op: '-' as const, line: before[i] ?? '' })), ...lines);
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      i += 1;
      j += 1;
    } else if (j < b.length && (i >= a.length || lcs(i, j + 1) >= lcs(i + 1, j))) {
      added.push(j);
      j += 1;
    } else {
      removed.push(i);
      i += 1;
    }
  }
  flush();
  return out;
}

/**
 * Neutralising text that people typed (form answers) before it reaches a tracker
 * body or a comment. The guarantee: whatever the input, the output renders as
 * plain text — no mention, no HTML (so no forged hidden marker), no task-list
 * item, heading, link, table, fence or quote, and it cannot break out of the
 * construct it is placed in.
 *
 * How: backslash-escape every character that can open an inline construct
 * anywhere in a line, escape the first character of each line when it could
 * open a block construct, put a zero-width space after every `@` (GitHub finds
 * mentions in rendered text, so an escape alone would not stop them), and drop
 * control and bidi-override characters.
 */

import { bareLogin, isLogin } from '../domain/login.js';

/** Zero-width space: breaks mentions and e-mail autolinks without showing. */
export const ZWSP = '\u200b';


// Characters that open an inline construct wherever they stand (emphasis, code,
// links, images, HTML, entities, tables, strikethrough, math) and the escape
// itself. `!` too, so that `<!--` never appears even as escaped text.
const ALWAYS_ESCAPED = /[\\`*_[\]<>|~&$#!]/g;
// C0/C1 controls except tab and newline, DEL, bidi overrides and isolates,
// line/paragraph separators (shown as line breaks by some clients).
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Normalises line endings and drops characters that have no business in a tracker. */
function clean(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(INVISIBLE, '');
}

/** Splits into code points so a cut never halves a surrogate pair. */
function cut(text: string, maxLength: number): { kept: string; removed: number } {
  const points = Array.from(text);
  if (points.length <= maxLength) return { kept: text, removed: 0 };
  const max = Math.max(0, Math.floor(maxLength));
  return { kept: points.slice(0, max).join(''), removed: points.length - max };
}

/** Escapes one line's inline constructs and breaks mentions. */
function escapeInline(text: string): string {
  return text.replace(ALWAYS_ESCAPED, (c) => `\\${c}`).replace(/@/g, `@${ZWSP}`);
}

/**
 * Escapes what could start a block construct at the beginning of a line: list
 * markers (`-`, `+`, `1.`, `1)`), setext underlines (`=`), and — already escaped
 * by {@link escapeInline} — headings, quotes, fences, HTML and tables.
 */
function escapeLineStart(line: string): string {
  return line.replace(/^([\u00a0]*)(?:([-+=])|(\d{1,9})([.)]))/, (_m, lead: string, sign?: string, digits?: string, punct?: string) =>
    sign !== undefined ? `${lead}\\${sign}` : `${lead}${digits ?? ''}\\${punct ?? ''}`,
  );
}

/**
 * One line of plain text, safe anywhere inline: in a paragraph, a heading, a table
 * cell, a task line. Whitespace (newlines included) collapses to single spaces;
 * beyond `maxLength` characters the rest is cut and the cut is stated.
 */
export function inline(text: string, maxLength = 200): string {
  const collapsed = clean(text).replace(/\s+/g, ' ').trim();
  const { kept, removed } = cut(collapsed, maxLength);
  const body = escapeLineStart(escapeInline(kept.trimEnd()));
  return removed > 0 ? `${body}… (${removed} characters cut)` : body;
}

/**
 * Multi-line plain text, safe as its own block (inside `<details>`, or quoted with
 * {@link quote}). Each line is escaped; leading indentation is kept visually as
 * no-break spaces so it can never become an indented code block; runs of blank
 * lines become one. Beyond `maxLength` characters the rest is cut with a note.
 */
export function block(text: string, maxLength = 5000): string {
  const { kept, removed } = cut(clean(text).replace(/\t/g, '    '), maxLength);
  const lines = kept.split('\n').map((raw) => {
    const line = raw.trimEnd();
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    return escapeLineStart('\u00a0'.repeat(indent) + escapeInline(line.slice(indent)));
  });
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  if (removed > 0) out.push('', `… (${removed} characters cut)`);
  return out.join('\n');
}

/** {@link block}, quoted: every line prefixed with `> ` so it renders as one quote. */
export function quote(text: string, maxLength = 5000): string {
  const body = block(text, maxLength);
  if (body === '') return '';
  return body
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/**
 * The departing employee's login, written so it never mentions them: a code span
 * when it is a well-formed login, otherwise neutralised text. A leading `@` is dropped.
 */
export function plainLogin(login: string): string {
  const bare = bareLogin(login);
  return isLogin(bare) ? `\`${bare}\`` : inline(bare, 60);
}

/**
 * A login written as a mention (`@login`) when it is a well-formed login, otherwise
 * as neutralised text. For owners and managers, who should be notified.
 */
export function mention(login: string): string {
  const bare = bareLogin(login);
  return isLogin(bare) ? `@${bare}` : inline(bare, 60);
}

/**
 * Text for the inside of an HTML `<pre>` element: everything that HTML or markdown
 * could read as markup becomes a character reference, and mentions are broken.
 */
export function preformatted(text: string): string {
  return clean(text).replace(/[&<>"'@[\]#`*_|~\\]/g, (c) => {
    if (c === '@') return `&#64;&#8203;`;
    return `&#${c.charCodeAt(0)};`;
  });
}

/**
 * Plain single-line text for places that are not markdown but are shown to people,
 * such as issue titles: whitespace collapsed, controls dropped, mentions broken.
 */
export function plainLine(text: string, maxLength = 200): string {
  // Titles are not rendered, but they are copied into notifications and other tools: no markers there either.
  const collapsed = clean(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/@/g, `@${ZWSP}`)
    .replace(/<!--|-->/g, (m) => `${m[0]}${ZWSP}${m.slice(1)}`);
  const { kept, removed } = cut(collapsed, maxLength);
  return removed > 0 ? `${kept.trimEnd()}…` : kept;
}

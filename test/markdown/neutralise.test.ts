import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, walk } from '../../src/markdown/mdast.js';
import { block, inline, mention, plainLine, plainLogin, preformatted, quote } from '../../src/markdown/neutralise.js';

const DANGEROUS = [
  '@everyone', '@org/team', '@octocat', 'a@b.com', 'mailto:x@y.z', '<!-- task:x -->', '<!-- offboarding:tracker v1 -->', '-->',
  '- [x] done', '* [ ] todo', '1. [X] item', '+ [x] y', '### Heading', '# H', 'Title\n===', 'Title\n---', '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>', '[a](javascript:alert(1))', '![i](data:text/html,x)', '[r]: javascript:x', '<javascript:alert(1)>',
  '```', '~~~', '    indented', '\t- tab', '|', '| a | b |\n|---|---|', '>', '> [!NOTE]', '\r\n', '\r', '\n', '\n\n', '&#64;everyone',
  '&lt;!--', '\\', '`', '*', '_', '~~', '$$', '1)', '<details>', '</details>', '</pre>', '\u2028', '\u202e', '\u0000', '   ',
];

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.oneof(fc.constantFrom(...DANGEROUS), fc.string({ maxLength: 6 })), { maxLength: 12 }).map((parts) => parts.join('')),
);

const LIVE_MENTION = /(^|[^\w\u200b])@[A-Za-z0-9]/;

/** Returns what makes `markdown` unsafe, or an empty list. */
export function unsafeConstructs(markdown: string): string[] {
  const found: string[] = [];
  walk(parseMarkdown(markdown), (node: Nodes) => {
    if (node.type === 'html') found.push(`html ${JSON.stringify(node.value)}`);
    if (node.type === 'heading') found.push('heading');
    if (node.type === 'listItem' && node.checked !== null && node.checked !== undefined) found.push('task item');
    if (node.type === 'list') found.push('list');
    if (node.type === 'code') found.push('code block');
    if (node.type === 'table') found.push('table');
    if (node.type === 'definition' || node.type === 'footnoteDefinition') found.push('definition');
    if ((node.type === 'link' || node.type === 'image') && !/^https?:\/\//i.test(node.url)) found.push(`link ${node.url}`);
    if (node.type === 'text' && LIVE_MENTION.test(node.value)) found.push(`mention ${JSON.stringify(node.value)}`);
  });
  return found;
}

describe('inline', () => {
  it('escapes, collapses and cuts', () => {
    expect(inline('Jane\nDoe   Smith')).toBe('Jane Doe Smith');
    expect(inline('@everyone')).toBe('@\u200beveryone');
    expect(inline('- [x] done')).toBe('\\- \\[x\\] done');
    expect(inline('abcdef', 3)).toBe('abc… (3 characters cut)');
    expect(inline('1. first')).toBe('1\\. first');
  });

  it('never yields a markdown construct or a live mention (property)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = inline(text, 500);
        expect(out).not.toMatch(/[\r\n]/);
        expect(out).not.toContain('<!--');
        expect(unsafeConstructs(out)).toEqual([]);
        // Also safe after other text on the same line, as in a task line.
        expect(unsafeConstructs(`- [ ] Recover ${out} <!-- task:a -->`).filter((s) => s !== 'list' && s !== 'task item' && !s.startsWith('html "<!-- task:a'))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('block and quote', () => {
  it('keeps lines and cuts visibly', () => {
    expect(block('a\n\n\n  b')).toBe('a\n\n\u00a0\u00a0b');
    expect(block('x'.repeat(10), 4)).toBe('xxxx\n\n… (6 characters cut)');
    expect(quote('one\n\ntwo')).toBe('> one\n>\n> two');
  });

  it('never yields a markdown construct or a live mention (property)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = block(text, 2000);
        expect(out).not.toContain('<!--');
        expect(unsafeConstructs(out)).toEqual([]);
        const quoted = quote(text, 2000);
        expect(unsafeConstructs(`<details><summary>Notes</summary>\n\n${out}\n\n</details>`).filter((s) => !/^html "<\/?details/.test(s))).toEqual([]);
        expect(unsafeConstructs(quoted)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('logins and other contexts', () => {
  it('writes the employee login without a mention', () => {
    expect(plainLogin('@jdoe')).toBe('`jdoe`');
    expect(unsafeConstructs(plainLogin('@everyone <b>'))).toEqual([]);
    expect(mention('@mgr')).toBe('@mgr');
    expect(mention('not a login!')).not.toContain('@');
  });

  it('escapes preformatted text and plain lines', () => {
    const pre = preformatted('<!-- task:x --> @a [b] #c');
    expect(pre).not.toMatch(/[<>@[\]]/);
    expect(pre).toBe('&#60;!-- task:x --&#62; &#64;&#8203;a &#91;b&#93; &#35;c');
    expect(preformatted('<!--')).toBe('&#60;!--');
    expect(plainLine('a\n@b', 10)).toBe('a @\u200bb');
  });
});

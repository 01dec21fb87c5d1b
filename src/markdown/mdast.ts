/**
 * GitHub-flavoured markdown to an mdast tree, the one way this project reads
 * markdown structure (task items, headings, hidden comments) instead of
 * guessing it with regular expressions over lines.
 */
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/** Parses GitHub-flavoured markdown (tables, task lists, strikethrough, autolinks). */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Visits every node depth-first in document order (a parent before its children). */
export function walk(node: Nodes, visit: (node: Nodes, ancestors: readonly Nodes[]) => void, ancestors: Nodes[] = []): void {
  visit(node, ancestors);
  if ('children' in node) {
    ancestors.push(node);
    for (const child of node.children) walk(child, visit, ancestors);
    ancestors.pop();
  }
}

/** The visible text of a node: text, inline code and the like, without hidden HTML. */
export function visibleText(node: Nodes): string {
  if (node.type === 'html') return '';
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'break') return ' ';
  if ('children' in node) return node.children.map((child) => visibleText(child)).join('');
  return '';
}

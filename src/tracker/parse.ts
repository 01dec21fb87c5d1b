/**
 * Reading a tracker body back: task-list items (from the markdown tree, so code
 * blocks and raw HTML never count), their hidden ids and phases, N/A marks, and
 * the hidden plan. Never throws: a mangled body yields what can still be read.
 */
import type { Heading, ListItem, Nodes, Paragraph } from 'mdast';
import { isConfirmMarker, readPhaseMarker, readTaskMarker, TRACKER_MARKER } from '../domain/markers.js';
import type { Plan, TaskItem, TrackerBody } from '../domain/types.js';
import { parseMarkdown, visibleText, walk } from '../markdown/mdast.js';
import { decodePlanComment } from './plan-codec.js';
/** `N/A` as a word, then an optional `:` or dash and the reason. */
const NOT_APPLICABLE = /(?:^|[^\p{L}\p{N}_])N\/A(?![\p{L}\p{N}_])(?:\s*[:\-–—]\s*(.*))?/isu;

/** The first hidden marker that `read` recognises among a node's inline descendants. */
function markerIn(node: Nodes, read: (html: string) => string | undefined): string | undefined {
  let found: string | undefined;
  walk(node, (n) => {
    if (found === undefined && n.type === 'html') found = read(n.value);
  });
  return found;
}

function phaseOf(heading: Heading): string | undefined {
  return markerIn(heading, readPhaseMarker);
}

/** Struck through: the paragraph's first visible content is a `~~…~~`. */
function struckThrough(paragraph: Paragraph | undefined): boolean {
  const first = paragraph?.children.find((c) => !(c.type === 'text' && c.value.trim() === '') && c.type !== 'html');
  return first?.type === 'delete';
}

function readItem(item: ListItem, phase: string | undefined): TaskItem {
  const paragraph = item.children[0]?.type === 'paragraph' ? item.children[0] : undefined;
  const id = paragraph ? markerIn(paragraph, readTaskMarker) : undefined;
  const text = (paragraph ? visibleText(paragraph) : '').replace(/\s+/g, ' ').trim();
  const checked = item.checked === true;
  const na = NOT_APPLICABLE.exec(text);
  const notApplicable = checked && (na !== null || struckThrough(paragraph));
  const reason = na?.[1]?.split(' — ')[0]?.trim();
  return {
    ...(id !== undefined ? { id } : {}),
    text,
    checked,
    notApplicable,
    ...(notApplicable && reason ? { naReason: reason } : {}),
    ...(phase !== undefined ? { phase } : {}),
    line: item.position?.start.line ?? 0,
  };
}

/**
 * Parses a tracker body. Items: every task-list item outside code, nested ones
 * included, in document order. Phase: the nearest phase heading above; a heading
 * without a phase marker at the same or a higher level ends that section. Plan:
 * the last top-level hidden plan comment that decodes; visible text never counts.
 */
export function parseTracker(body: string): TrackerBody {
  const hasMarker = body.includes(TRACKER_MARKER);
  const items: TaskItem[] = [];
  let plan: Plan | undefined;
  let confirm: { checked: boolean } | undefined;
  let phase: { id: string; depth: number } | undefined;
  let tree;
  try {
    tree = parseMarkdown(body);
  } catch {
    return { hasMarker, items };
  }
  walk(tree, (node, ancestors) => {
    if (node.type === 'heading') {
      const id = phaseOf(node);
      if (id !== undefined) phase = { id, depth: node.depth };
      else if (phase !== undefined && node.depth <= phase.depth) phase = undefined;
    } else if (node.type === 'listItem' && typeof node.checked === 'boolean') {
      const paragraph = node.children[0]?.type === 'paragraph' ? node.children[0] : undefined;
      if (paragraph && markerIn(paragraph, (html) => (isConfirmMarker(html) ? 'confirm' : undefined)) === 'confirm') {
        confirm ??= { checked: node.checked === true };
      } else {
        items.push(readItem(node, phase?.id));
      }
    } else if (node.type === 'html' && ancestors.length === 1) {
      plan = decodePlanComment(node.value) ?? plan;
    }
  });
  return { hasMarker, ...(plan !== undefined ? { plan } : {}), ...(confirm !== undefined ? { confirm } : {}), items };
}

/** How many parsed bodies `readTracker` keeps: more than the trackers of a large run, with their revisions. */
const REMEMBERED = 5000;
const remembered = new Map<string, TrackerBody>();

/**
 * `parseTracker`, remembered: one run reads the same body in several places (the run's index of
 * trackers, the access check, the decision, the edit history's newest revision), and parsing is
 * most of the CPU a sweep spends. Parsing is pure, so a remembered result is the same result.
 */
export function readTracker(body: string): TrackerBody {
  const known = remembered.get(body);
  if (known) return known;
  const parsed = parseTracker(body);
  if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(body, parsed);
  return parsed;
}

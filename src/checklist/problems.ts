import { isMap, isScalar, type Document, type LineCounter, type Node } from 'yaml';

/** One thing wrong with a checklist file, pointing at where it is. */
export interface ChecklistProblem {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Dotted path such as `tasks[3].owner`; `(root)` for the whole file, `(yaml)` for syntax. */
  readonly key: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Formats a problem the way compilers do, so editors and Actions annotations can jump to it. */
export function formatProblem(problem: ChecklistProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.key}: ${problem.message}`;
}

/** A checklist that cannot be used; `problems` lists every reason at once, in file order. */
export class ChecklistError extends Error {
  readonly problems: readonly ChecklistProblem[];

  constructor(problems: readonly ChecklistProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ChecklistError';
    this.problems = problems;
  }
}

/** A path into the checklist value: map keys and sequence indices. */
export type Path = readonly (string | number)[];

/** `['tasks', 3, 'owner']` -> `tasks[3].owner`. */
export function keyOf(path: Path): string {
  let key = '';
  for (const segment of path) {
    key += typeof segment === 'number' ? `[${segment}]` : key === '' ? segment : `.${segment}`;
  }
  return key === '' ? '(root)' : key;
}

/**
 * Finds where `path` is written: the value's node, or with `atKey` the key's node
 * (for unknown and duplicate keys, the key is what is wrong). Falls back to the nearest
 * parent that exists, then to the start of the file.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: Path,
  atKey = false,
): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const at = path.slice(0, depth);
    let node: unknown;
    if (atKey && depth === path.length && depth > 0) {
      const parent = at.length === 1 ? doc.contents : doc.getIn(at.slice(0, -1), true);
      const last = at[at.length - 1];
      if (isMap(parent)) {
        node = parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key;
      }
    } else {
      node = depth === 0 ? doc.contents : doc.getIn(at, true);
    }
    const offset = startOf(node);
    if (offset !== undefined) {
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

function startOf(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as Node).range;
    if (Array.isArray(range)) return range[0];
  }
  return undefined;
}

/**
 * Golden files for rendered output: compared as text, rewritten with `UPDATE_FIXTURES=1`. Hidden
 * payloads (the compressed ledger, plan and report data, the report's completion key) change with
 * every code change and are no part of what people read: they are cut to a placeholder first.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const UPDATING = process.env['UPDATE_FIXTURES'] === '1';

const HIDDEN_DATA = /<!-- offboarding:([\w-]+) z:[A-Za-z0-9+/]*={0,2} -->/g;
const REPORT_KEY = /(<!-- offboarding:report-key )[A-Za-z0-9]+/g;

/** The text with hidden payloads replaced by `…`, so a fixture pins only what people read. */
export function normalise(text: string): string {
  return text.replace(REPORT_KEY, '$1…').replace(HIDDEN_DATA, '<!-- offboarding:$1 z:… -->');
}

/** A unified-style line diff (expected → actual) with a few lines of context, cut after `maxLines`. */
export function lineDiff(expected: string, actual: string, context = 3, maxLines = 80): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // Trim the common head and tail so the quadratic table covers only the part that differs.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  type Op = { kind: ' ' | '-' | '+'; text: string; lineA: number; lineB: number };
  const ops: Op[] = [];
  if (midA.length * midB.length > 4_000_000) {
    midA.forEach((text, i) => ops.push({ kind: '-', text, lineA: start + i + 1, lineB: start + 1 }));
    midB.forEach((text, i) => ops.push({ kind: '+', text, lineA: endA + 1, lineB: start + i + 1 }));
  } else {
    const lcs: number[][] = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0));
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
        ops.push({ kind: ' ', text: midA[i]!, lineA: start + i + 1, lineB: start + j + 1 });
        i++;
        j++;
      } else if (j < midB.length && (i === midA.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
        ops.push({ kind: '+', text: midB[j]!, lineA: start + i + 1, lineB: start + j + 1 });
        j++;
      } else {
        ops.push({ kind: '-', text: midA[i]!, lineA: start + i + 1, lineB: start + j + 1 });
        i++;
      }
    }
  }
  const head = a.slice(Math.max(0, start - context), start).map((text, k, all) => ({ kind: ' ' as const, text, lineA: start - all.length + k + 1, lineB: start - all.length + k + 1 }));
  const tail = a.slice(endA, endA + context).map((text, k) => ({ kind: ' ' as const, text, lineA: endA + k + 1, lineB: endB + k + 1 }));
  const all = [...head, ...ops, ...tail];
  // Keep changed lines and `context` lines around each.
  const keep = all.map((op, k) => all.slice(Math.max(0, k - context), k + context + 1).some((o) => o.kind !== ' ') || op.kind !== ' ');
  const out: string[] = [];
  let gap = false;
  all.forEach((op, k) => {
    if (!keep[k]) {
      gap = true;
      return;
    }
    if (gap || out.length === 0) out.push(`@@ expected line ${op.lineA}, actual line ${op.lineB} @@`);
    gap = false;
    out.push(`${op.kind} ${op.text}`);
  });
  return out.length > maxLines ? [...out.slice(0, maxLines), `… (${out.length - maxLines} more diff lines)`].join('\n') : out.join('\n');
}

/**
 * Compares `actual` with the golden file, or rewrites it in update mode. Returns a problem to
 * report (a readable diff), or undefined when it matches.
 */
export function checkGolden(dir: string, file: string, actual: string): string | undefined {
  const path = join(dir, file);
  const text = actual.endsWith('\n') ? actual : `${actual}\n`;
  if (UPDATING) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
    return undefined;
  }
  if (!existsSync(path)) return `${file} is missing: run UPDATE_FIXTURES=1 npx vitest run test/rendered.test.ts to write it`;
  const expected = readFileSync(path, 'utf8');
  if (expected === text) return undefined;
  return `${file} differs from the rendered output (- fixture, + now); if the change is intended, run UPDATE_FIXTURES=1 npx vitest run test/rendered.test.ts\n${lineDiff(expected, text)}`;
}

/** Output files in `dir` matching `pattern` that this run did not produce: deleted in update mode, else reported. */
export function checkStale(dir: string, pattern: RegExp, produced: readonly string[]): string | undefined {
  const stale = readdirSync(dir).filter((f) => pattern.test(f) && !produced.includes(f));
  if (stale.length === 0) return undefined;
  if (UPDATING) {
    for (const f of stale) unlinkSync(join(dir, f));
    return undefined;
  }
  return `${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} no longer rendered: run UPDATE_FIXTURES=1 npx vitest run test/rendered.test.ts to remove ${stale.length === 1 ? 'it' : 'them'}`;
}

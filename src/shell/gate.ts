/**
 * The one write gate: the core's writes are performed here, in order and one at a time (GitHub
 * asks for serial writes), or in a dry run printed instead. Nowhere else decides dry-run.
 */
import { describeWrite, type Write, type WritePerformer } from '../domain/writes.js';

export interface GateOptions {
  readonly dryRun: boolean;
  readonly log: (line: string) => void;
}

/** A body as a person would read it: hidden comments cut to a short mention, indented. */
export function visibleText(body: string): string {
  return body
    .replace(/<!--[\s\S]*?-->/g, (comment) => (comment.length > 60 ? `<!-- ${comment.slice(5, 30).trim()}… -->` : comment))
    .split('\n')
    .map((line) => `    | ${line}`)
    .join('\n');
}

/**
 * Executes writes in order. In a dry run prints each (with the text people would see) instead.
 * Stops at the first failure and rethrows it: the caller isolates per tracker.
 */
export async function executeWrites(writes: readonly Write[], perform: WritePerformer, options: GateOptions): Promise<number> {
  for (const write of writes) {
    if (options.dryRun) {
      options.log(`[dry-run] would ${describeWrite(write)}`);
      if ('body' in write) options.log(visibleText(write.body));
      continue;
    }
    options.log(describeWrite(write));
    await perform(write);
  }
  return options.dryRun ? 0 : writes.length;
}

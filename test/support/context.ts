/**
 * A run's context for tests that call the shell directly (a sweep, the dashboard step), built as
 * the CLI's `connect` builds it, against the emulator at its clock's time. Every line the run logs
 * goes to `lines`.
 */
import type { Emulator } from '../../emulator/index.js';
import { createCliClient } from '../../src/cli/client.js';
import { labelSet } from '../../src/domain/labels.js';
import { DEFAULT_TRUST } from '../../src/domain/trust.js';
import { createContext, type ContextOptions, type RunContext } from '../../src/shell/context.js';
import { fileReader } from '../../src/shell/files.js';

export function testContext(gh: Emulator, lines: string[] = [], options: Partial<ContextOptions> = {}): RunContext {
  const client = createCliClient({ token: 'test-token', baseUrl: gh.url, log: (l) => lines.push(`client: ${l}`), timeScale: 0.01 }, {});
  const repo = { owner: gh.owner, repo: gh.repo };
  return createContext({
    client,
    repo,
    labels: labelSet('offboarding'),
    now: gh.clock.now(),
    timezone: 'UTC',
    dryRun: false,
    trust: DEFAULT_TRUST,
    readFile: fileReader(client, repo, undefined),
    log: (l) => lines.push(l),
    warn: (l) => lines.push(`warning: ${l}`),
    error: (l) => lines.push(`error: ${l}`),
    ...options,
  });
}

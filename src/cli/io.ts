/** Where the CLI writes and what it reads from its environment: process.* in use, buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A mistake in how the CLI was called or set up: one line on stderr, exit status 2. */
export class UsageError extends Error {}

/**
 * Pacing of content-creating writes (comments, issues): at most `perMinute` in any sliding minute,
 * below GitHub's 80 (GITHUB-FACTS "Limits"). Octokit's throttling already spaces created comments
 * 3 s apart (at most 20 a minute); this holds whatever else creates content, and any change to
 * that spacing, to the budget.
 */
export interface ContentPacer {
  /** Waits, if need be, until one more content-creating request fits in the minute. */
  readonly before: () => Promise<void>;
  /** Content-creating requests made through the pacer so far in this run. */
  readonly made: () => number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `windowMs` is a minute on GitHub, scaled down with the client's waits in emulator runs. */
export function contentPacer(perMinute: number, windowMs: number, wait: (ms: number) => Promise<void> = sleep): ContentPacer {
  const recent: number[] = [];
  let made = 0;
  return {
    made: () => made,
    before: async () => {
      for (;;) {
        const now = performance.now();
        while (recent.length > 0 && (recent[0] as number) <= now - windowMs) recent.shift();
        if (recent.length < Math.max(1, perMinute)) break;
        await wait((recent[0] as number) + windowMs - now + 1);
      }
      recent.push(performance.now());
      made += 1;
    },
  };
}

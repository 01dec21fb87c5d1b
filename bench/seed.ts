/**
 * Seeds N open trackers fast: ONE through a real intake run of the bundled action, then N-1 copies
 * of it (title, body, labels, assignees and the bot's status comment with its hidden ledger) written
 * straight into the emulator's state, each for a different employee.
 */
import type { Emulator } from '../emulator/index.js';
import { form } from '../test/support/form.js';
import { runAction } from '../test/support/runner.js';

export const SEED_NAME = 'Jane Doe';
export const SEED_LOGIN = 'jdoe';

/** Replaces `from` with `to` everywhere, including inside the base64 JSON of hidden markers. */
function rename(text: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  const swap = (s: string): string => pairs.reduce((acc, [from, to]) => acc.replaceAll(from, to), s);
  const decoded = text.replace(/(<!-- offboarding:(?:plan|ledger) )([A-Za-z0-9+/=]+)( -->)/g, (_m, pre: string, b64: string, post: string) => {
    const json = swap(Buffer.from(b64, 'base64').toString('utf8'));
    return `${pre}${Buffer.from(json, 'utf8').toString('base64')}${post}`;
  });
  // Outside the markers only; the base64 above is already final.
  return decoded
    .split(/(<!-- offboarding:(?:plan|ledger) [A-Za-z0-9+/=]+ -->)/)
    .map((part, i) => (i % 2 === 1 ? part : swap(part)))
    .join('');
}

/** The employee of the i-th seeded tracker (0 is the one made by real intake). */
export function employee(i: number): { name: string; login: string } {
  if (i === 0) return { name: SEED_NAME, login: SEED_LOGIN };
  const tag = String(i).padStart(4, '0');
  return { name: `${SEED_NAME} ${tag}`, login: `${SEED_LOGIN}${tag}` };
}

/**
 * Creates `count` open trackers in `gh`; returns their issue numbers. The first goes through
 * `dist/index.js` (event `issues`, `opened`), so every copy has exactly what the action writes.
 */
export async function seedTrackers(gh: Emulator, count: number, requester: string): Promise<number[]> {
  const { number, payload } = gh.fileIssue({ author: requester, title: 'Offboarding: ', body: form(), labels: ['offboarding'] });
  const intake = await runAction(gh, { event: 'issues', payload, timeScale: 0.01 });
  if (intake.code !== 0 || intake.outputs.tracker !== String(number)) {
    throw new Error(`seed intake failed (exit ${intake.code}):\n${intake.stdout}\n${intake.stderr}`);
  }
  const raw = gh.state.raw;
  const seed = raw.issue(number);
  const labels = raw.issueLabels(seed).map((l) => l.name);
  const comments = raw.comments(number);
  if (!comments.every((c) => c.author === gh.botLogin)) throw new Error('seed tracker has comments not written by the bot');

  const numbers = [number];
  for (let i = 1; i < count; i += 1) {
    const who = employee(i);
    const pairs = [
      [SEED_NAME, who.name],
      [SEED_LOGIN, who.login],
    ] as const;
    const copy = raw.createIssue({
      author: seed.author,
      title: rename(seed.title, pairs),
      body: rename(seed.body ?? '', pairs),
      labels,
      assignees: seed.assignees,
      createMissingLabels: false,
    });
    // Authored by the bot, as the action trusts only its own comments.
    for (const c of comments) raw.addComment(copy.number, rename(c.body, pairs), gh.botLogin);
    numbers.push(copy.number);
  }
  return numbers;
}

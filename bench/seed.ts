/**
 * Seeds N open trackers fast: ONE through a real intake run of the bundled action, then N-1 copies
 * of it (title, body, labels, assignees and the bot's status comment with its hidden ledger) written
 * straight into the emulator's state, each for a different employee.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Emulator } from '../emulator/index.js';
import { bodyHash } from '../src/update/quiet.js';
import { form } from '../test/support/form.js';
import { runAction } from '../test/support/runner.js';

export const SEED_NAME = 'Jane Doe';
export const SEED_LOGIN = 'jdoe';

const HIDDEN = /(<!-- offboarding:(plan|ledger) )(z:)?([A-Za-z0-9+/=]+)( -->)/g;

/**
 * Replaces `from` with `to` everywhere, including inside the (deflated) base64 JSON of the hidden
 * plan and ledger, whose plan is made to name issue `issue` and whose record of the body seen is
 * the copy's own body (`body`): each copy is a tracker as the action would have left it.
 */
function rename(text: string, pairs: ReadonlyArray<readonly [string, string]>, issue: number, body?: string): string {
  const swap = (s: string): string => pairs.reduce((acc, [from, to]) => acc.replaceAll(from, to), s);
  const own = (plan: unknown): unknown => (plan && typeof plan === 'object' && 'issue' in plan ? { ...plan, issue } : plan);
  const decoded = text.replace(HIDDEN, (_m, pre: string, kind: string, z: string | undefined, b64: string, post: string) => {
    const bytes = Buffer.from(b64, 'base64');
    const value = JSON.parse(swap((z ? inflateRawSync(bytes) : bytes).toString('utf8'))) as Record<string, unknown>;
    const seen = value.seen && body !== undefined ? { seen: { ...(value.seen as object), body: bodyHash(body) } } : {};
    const renamed = kind === 'plan' ? own(value) : { ...value, plan: own(value.plan), ...seen };
    const json = Buffer.from(JSON.stringify(renamed), 'utf8');
    return `${pre}${z ?? ''}${(z ? deflateRawSync(json) : json).toString('base64')}${post}`;
  });
  // Outside the markers only; the base64 above is already final.
  return decoded
    .split(/(<!-- offboarding:(?:plan|ledger) (?:z:)?[A-Za-z0-9+/=]+ -->)/)
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
 * Creates `count` open trackers in `gh`; returns their issue numbers. The first goes through the
 * action's intake (event `issues`, `opened`; with `actionDir`, that build's bundle), so every copy
 * has exactly what the action writes.
 */
export async function seedTrackers(gh: Emulator, count: number, requester: string, actionDir?: string): Promise<number[]> {
  const { number, payload } = gh.fileIssue({ author: requester, title: 'Offboarding: ', body: form(), labels: ['offboarding'] });
  const intake = await runAction(gh, { event: 'issues', payload, timeScale: 0.01, ...(actionDir ? { actionDir } : {}) });
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
    // Issues are numbered in order: the copy's plan names the number it will get.
    const expected = number + i;
    const body = rename(seed.body ?? '', pairs, expected);
    const copy = raw.createIssue({
      author: seed.author,
      title: rename(seed.title, pairs, expected),
      body,
      labels,
      assignees: seed.assignees,
      createMissingLabels: false,
    });
    if (copy.number !== expected) throw new Error(`seed copy got #${copy.number}, its plan names #${expected}`);
    // Authored by the bot, as the action trusts only its own comments.
    for (const c of comments) raw.addComment(copy.number, rename(c.body, pairs, expected, body), gh.botLogin);
    numbers.push(copy.number);
  }
  return numbers;
}

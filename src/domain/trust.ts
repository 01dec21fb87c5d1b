/** Whose comments carry the action's markers: its own (a bot, or the personal token's user), never a person's. */
import type { ActionComment, TrackerSnapshot } from './types.js';

/** Comments by bots and by these logins are the action's own; markers in anyone else's comment are ignored. */
export interface Trust {
  readonly logins: ReadonlySet<string>;
}

export const DEFAULT_TRUST: Trust = { logins: new Set(['github-actions[bot]', 'github-actions']) };

/** True when the actor is the action: a bot (the workflow token's github-actions, a GitHub App) or a trusted login. */
export function isOwn(actor: { readonly login: string; readonly bot: boolean } | undefined, trust: Trust): boolean {
  return actor !== undefined && (actor.bot || trust.logins.has(actor.login));
}

/** The snapshot with only the comments the action itself wrote. */
export function trustedComments(snapshot: TrackerSnapshot, trust: Trust): TrackerSnapshot {
  return { ...snapshot, comments: snapshot.comments.filter((c) => isOwn(c.author, trust)) };
}

/** True when a marker comment was written by someone `trust` does not know (a personal token, or a person). */
export function hasUnknownAuthor(snapshot: TrackerSnapshot, trust: Trust): boolean {
  return snapshot.comments.some((c: ActionComment) => c.author !== undefined && !isOwn(c.author, trust));
}

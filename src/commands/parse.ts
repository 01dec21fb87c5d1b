/**
 * Commands in comments: a comment whose first line starts with `/offboarding` is a command.
 * Parsing says which one, or what is wrong with it and how to write it.
 */
import { isLogin, normaliseLogin } from '../domain/login.js';
import { strictDate } from '../domain/time.js';

export type Command =
  | { readonly kind: 'last-day'; readonly lastDay: string }
  | { readonly kind: 'cancel'; readonly reason: string }
  | { readonly kind: 'na'; readonly task: string; readonly reason: string }
  | { readonly kind: 'owner'; readonly task: string; readonly logins: readonly string[] }
  | { readonly kind: 'help' };

export type Parsed =
  | { readonly kind: 'command'; readonly command: Command; readonly text: string }
  /** A command that cannot be carried out as written: `problem` says what is wrong, `usage` how to write it. */
  | { readonly kind: 'invalid'; readonly problem: string; readonly usage: string; readonly text: string };

export const USAGE: Readonly<Record<Command['kind'], string>> = {
  'last-day': '/offboarding last-day 2026-12-18',
  cancel: '/offboarding cancel the resignation was withdrawn',
  na: '/offboarding na collect-badges she never had a badge',
  owner: '/offboarding owner collect-laptop @it-irene',
  help: '/offboarding help',
};

export const DESCRIPTIONS: Readonly<Record<Command['kind'], string>> = {
  'last-day': 'reschedule: every task not done gets its deadline from the new last day',
  cancel: 'call the offboarding off (a withdrawn resignation): closes the tracker as not planned',
  na: 'mark a task not applicable, with the reason',
  owner: "make these people the task's owners (assigned, escalated to)",
  help: 'list the commands',
};

const PREFIX = /^\s*\/offboarding(?:\s+|$)/i;

/** The first line of a comment body, trimmed. */
function firstLine(body: string): string {
  return (body.replace(/\r\n?/g, '\n').split('\n')[0] ?? '').trim();
}

/** Whether the comment is a command at all (its first line starts with `/offboarding`). */
export function isCommand(body: string): boolean {
  return PREFIX.test(firstLine(body));
}

/** Parses a command comment; undefined when the comment is not a command. */
export function parseCommand(body: string): Parsed | undefined {
  const line = firstLine(body);
  if (!PREFIX.test(line)) return undefined;
  const text = line.slice(0, 300);
  const words = line.replace(PREFIX, '').trim().split(/\s+/).filter((w) => w !== '');
  const [name, ...args] = words;
  const invalid = (kind: Command['kind'] | undefined, problem: string): Parsed => ({
    kind: 'invalid',
    problem,
    usage: kind ? USAGE[kind] : Object.values(USAGE).join('\n'),
    text,
  });
  const ok = (command: Command): Parsed => ({ kind: 'command', command, text });
  switch (name?.toLowerCase()) {
    case undefined:
      return invalid(undefined, 'there is no command after `/offboarding`');
    case 'help':
      return ok({ kind: 'help' });
    case 'last-day': {
      const date = args[0] === undefined ? undefined : strictDate(args[0]);
      if (args.length !== 1 || date === undefined) {
        return invalid('last-day', args.length === 0 ? 'the new last day is missing' : `\`${args.join(' ').slice(0, 40)}\` is not one date written YYYY-MM-DD`);
      }
      return ok({ kind: 'last-day', lastDay: date });
    }
    case 'cancel': {
      const reason = args.join(' ').trim();
      if (reason === '') return invalid('cancel', 'the reason is missing: say why the offboarding is called off');
      return ok({ kind: 'cancel', reason });
    }
    case 'na': {
      const [task, ...rest] = args;
      const reason = rest.join(' ').trim();
      if (task === undefined) return invalid('na', 'the task id is missing');
      if (reason === '') return invalid('na', 'the reason is missing: say why the task does not apply');
      return ok({ kind: 'na', task, reason });
    }
    case 'owner': {
      const [task, ...rest] = args;
      if (task === undefined) return invalid('owner', 'the task id is missing');
      if (rest.length === 0) return invalid('owner', 'the new owners are missing: name them as @login');
      const logins = rest.map(normaliseLogin);
      const bad = rest.filter((_, i) => !isLogin(logins[i] ?? ''));
      if (bad.length > 0) return invalid('owner', `${bad.map((b) => `\`${b.slice(0, 40)}\``).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a GitHub login`);
      return ok({ kind: 'owner', task, logins });
    }
    default:
      return invalid(undefined, `\`${(name ?? '').slice(0, 40)}\` is not a command`);
  }
}

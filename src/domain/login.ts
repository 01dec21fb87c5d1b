/**
 * The one login rule. GitHub logins are letters, digits and single hyphens between them, at most
 * 39 characters; Enterprise Managed Users add an underscore and their enterprise's short code
 * (`mona_acme`). Logins compare case-insensitively.
 */

const BODY = '[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:_[A-Za-z0-9]{1,37})?';

/** The rule as a JSON Schema pattern: an optional leading `@` is tolerated (and stripped on load). */
export const LOGIN_SCHEMA_PATTERN = `^@?(?=[^@]{1,39}$)${BODY}$`;

const LOGIN = new RegExp(`^(?=.{1,39}$)${BODY}$`);

/** True for a well-formed login (no `@`). */
export function isLogin(text: string): boolean {
  return LOGIN.test(text);
}

/** `@login`, ` login ` → `login`. */
export function bareLogin(text: string): string {
  return text.trim().replace(/^@+/, '');
}

/** A login as typed into a form: `@login`, `login` or `https://github.com/login`, to `login`. */
export function normaliseLogin(text: string): string {
  const trimmed = text.trim();
  const url = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^/?#\s]+)\/?(?:[?#].*)?$/i.exec(trimmed);
  if (url?.[1] !== undefined) return url[1];
  return bareLogin(trimmed);
}

export function sameLogin(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && bareLogin(a).toLowerCase() === bareLogin(b).toLowerCase();
}

/** Logins without `@`, each once, in first-seen order; empty ones dropped. */
export function uniqueLogins(logins: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of logins) {
    const login = bareLogin(raw);
    const key = login.toLowerCase();
    if (login === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(login);
  }
  return out;
}

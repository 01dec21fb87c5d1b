/**
 * The rules for every setting, shared by the Action's inputs and the CLI's flags. A rule returns the
 * value or throws a SettingError whose message says what is wrong and how to fix it; the caller
 * puts the setting's own name in front (`Input 'timezone' …`, `--timezone …`).
 */
import { isTimeZone, strictDate } from '../domain/time.js';

export class SettingError extends Error {}

function fail(detail: string): never {
  throw new SettingError(detail);
}

export function timezone(raw: string | undefined): string {
  const zone = raw?.trim() || 'UTC';
  if (!isTimeZone(zone)) fail(`is '${zone}', which is not an IANA time zone: use a name such as Europe/Berlin or UTC`);
  return zone;
}

export function label(raw: string | undefined): string {
  const value = raw?.trim() || 'offboarding';
  if (value.length > 40 || value.includes(',')) fail(`is '${value}': use a label name of at most 40 characters without commas`);
  return value;
}

/** An ISO-8601 instant, or now when empty. */
export function instant(raw: string | undefined, now: () => Date = () => new Date()): Date {
  const text = raw?.trim() ?? '';
  if (text === '') return now();
  const value = new Date(text);
  if (Number.isNaN(value.getTime()) || !/^\d{4}-\d{2}-\d{2}(T|$)/.test(text)) {
    fail(`is '${text}', which is not an ISO-8601 instant: use e.g. 2026-12-01T09:00:00Z, or leave it empty`);
  }
  return value;
}

/** A calendar date `YYYY-MM-DD`; `fallback` when empty (undefined: required). */
export function date(raw: string | undefined, fallback?: string): string {
  const text = raw?.trim() ?? '';
  if (text === '') {
    if (fallback !== undefined) return fallback;
    fail('is empty: give a date as YYYY-MM-DD, e.g. 2026-01-01');
  }
  return strictDate(text) ?? fail(`is '${text}', which is not a date: write it as YYYY-MM-DD, e.g. 2026-01-01`);
}

/** `OWNER/NAME`, checked the way GitHub names repositories. */
export function repository(raw: string | undefined): { owner: string; repo: string } {
  const text = raw?.trim() ?? '';
  if (text === '') fail('is empty: it must be OWNER/NAME, e.g. acme/people-ops');
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(text);
  if (!match || match[2] === '.' || match[2] === '..') fail(`is '${text}', which is not OWNER/NAME: use e.g. acme/people-ops`);
  return { owner: match[1] as string, repo: match[2] as string };
}

/** An organisation login. */
export function organisation(raw: string | undefined, fallback: string): string {
  const text = raw?.trim() || fallback;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(text)) fail(`is '${text}', which is not an organisation login: use e.g. acme`);
  return text;
}

/** A whole number within bounds. */
export function count(raw: string | undefined, fallback: number, max: number): number {
  const text = raw?.trim() ?? '';
  if (text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) fail(`is '${text}': use a whole number from 0 to ${max}`);
  return Number(text);
}

/** One of a fixed set of words (case-insensitive). */
export function oneOf<T extends string>(raw: string | undefined, allowed: readonly T[], fallback: T): T {
  const text = (raw?.trim() || fallback).toLowerCase();
  const found = allowed.find((a) => a === text);
  if (found === undefined) fail(`is '${text}': use one of ${allowed.join(', ')}`);
  return found;
}

/** GITHUB_API_URL (GitHub Enterprise Server), or github.com's API when unset; no trailing slash. */
export function apiUrl(raw: string | undefined): string {
  const value = (raw || 'https://api.github.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(value) || !URL.canParse(value)) {
    fail(`is '${value}', which is not a URL: unset it for github.com, or use e.g. https://github.example.com/api/v3`);
  }
  return value;
}

/** The web address that goes with an API address (github.com, or GHES's `/api/v3`). */
export function serverUrlFor(api: string): string {
  if (/^https:\/\/api\.github\.com$/i.test(api)) return 'https://github.com';
  return api.replace(/\/api\/v3$/i, '');
}

/** OFFBOARDING_TIME_SCALE: shrinks the client's waits for emulator runs; 1 unless a number in (0, 1]. */
export function timeScale(raw: string | undefined): number {
  const scale = Number(raw ?? '1');
  return Number.isFinite(scale) && scale > 0 && scale <= 1 ? scale : 1;
}

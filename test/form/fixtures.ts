/** Golden form fixtures: `test/fixtures/forms/<case>/issue.md` + `expected.json`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseForm } from '../../src/form/parse.js';
import { validateForm, type ValidationContext } from '../../src/form/validate.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'forms');
export const NOW = new Date('2026-11-26T10:00:00Z');

export interface FixtureContext {
  readonly now?: string;
  readonly timeZone?: string;
  readonly managerAssignable?: boolean | null;
}

export function fixtureCases(): string[] {
  return readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, 'issue.md'))).sort();
}

export function readContext(name: string): FixtureContext {
  const file = join(FIXTURES, name, 'expected.json');
  if (!existsSync(file)) return {};
  const json = JSON.parse(readFileSync(file, 'utf8')) as { context?: FixtureContext };
  return json.context ?? {};
}

/** What a fixture's expected.json holds: the context, then parsed and validated output (JSON-normalised). */
export function evaluate(name: string): unknown {
  const body = readFileSync(join(FIXTURES, name, 'issue.md'), 'utf8');
  const context = readContext(name);
  const ctx: ValidationContext = {
    now: context.now !== undefined ? new Date(context.now) : NOW,
    timeZone: context.timeZone ?? 'Europe/Berlin',
    managerAssignable: context.managerAssignable === null ? undefined : (context.managerAssignable ?? true),
  };
  const answers = parseForm(body);
  const result = validateForm(answers, ctx);
  const out = { ...(Object.keys(context).length > 0 ? { context } : {}), answers, ...result };
  return JSON.parse(JSON.stringify(out));
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, FIXTURES, fixtureCases } from './fixtures.js';

describe('golden form fixtures', () => {
  const cases = fixtureCases();

  it('has the expected cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  it.each(cases)('%s', (name) => {
    const expected: unknown = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8'));
    expect(evaluate(name)).toEqual(expected);
  });
});

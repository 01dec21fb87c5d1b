import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultChecklist, loadChecklist } from '../../src/checklist/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the embedded default', () => {
  it('is exactly what scripts/embed-default.mjs makes of checklists/default.yml', () => {
    const expected = execFileSync(process.execPath, ['scripts/embed-default.mjs', '--print'], { cwd: root, encoding: 'utf8' });
    const actual = readFileSync(`${root}src/checklist/default-text.ts`, 'utf8');
    expect(actual, 'run `node scripts/embed-default.mjs` after editing checklists/default.yml').toBe(expected);
  });

  it('says the same as the YAML file loaded as a company checklist', () => {
    const text = readFileSync(`${root}checklists/default.yml`, 'utf8');
    expect({ ...loadChecklist(text, 'checklists/default.yml'), source: 'built-in' }).toEqual(defaultChecklist());
  });
});

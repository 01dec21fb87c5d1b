import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { form } from '../support/form.js';
import { runAction } from '../support/runner.js';

let gh: Emulator;
beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: { 'hr-hana': 'write', 'mgr-maria': 'write', jdoe: 'write' } });
});
afterEach(async () => gh.close());

it('command: export writes both files, their SHA-256 in the output and the job summary, and writes nothing to GitHub', async () => {
  const { payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding', body: form(), labels: ['offboarding'] });
  expect((await runAction(gh, { event: 'issues', payload })).code).toBe(0);
  gh.log.clear();
  const run = await runAction(gh, { event: 'schedule', payload: gh.schedulePayload(), inputs: { command: 'export', since: '2026-12-01', until: '2026-12-31' } });
  expect(run.code, run.stdout).toBe(0);
  const output = JSON.parse(run.outputs.export ?? '{}') as { csv: string; json: string };
  const dir = /\s(\/\S+)offboarding-export\.csv/.exec(run.stdout)?.[1] ?? '';
  const csv = readFileSync(join(dir, 'offboarding-export.csv'));
  expect(createHash('sha256').update(csv).digest('hex')).toBe(output.csv);
  const json = JSON.parse(readFileSync(join(dir, 'offboarding-export.json'), 'utf8')) as { offboardings: Array<{ employee: { name: string } }> };
  expect(json.offboardings.map((o) => o.employee.name)).toEqual(['Jane Doe']);
  expect(run.summary).toContain(output.json);
  expect(gh.log.writes()).toEqual([]);
  const bad = await runAction(gh, { event: 'schedule', payload: {}, inputs: { command: 'export', since: '2026-12-31', until: '2026-12-01' } });
  expect(bad.code).toBe(1);
  expect(bad.stdout).toMatch(/Input 'until' is 2026-12-01, before the start of the period/);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { runAction } from '../support/runner.js';

let gh: Emulator;
beforeAll(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z') });
});
afterAll(async () => gh.close());

describe('bad inputs get one clear message and a failed run', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>, RegExp]> = [
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, {}, /Input 'timezone' is 'Mars\/Olympus'.*IANA/],
    ['a dry-run that is not a boolean', { 'dry-run': 'maybe' }, {}, /Input 'dry-run' is 'maybe': use true or false/],
    ['an unparsable now', { now: 'tomorrow' }, {}, /Input 'now' is 'tomorrow'.*ISO-8601/],
    ['an unknown command', { command: 'purge' }, {}, /Input 'command' is 'purge': use one of auto, intake, sweep/],
    ['an empty token', { 'github-token': '' }, {}, /Input 'github-token' is empty/],
    ['a malformed GITHUB_API_URL', {}, { GITHUB_API_URL: 'not a url' }, /GITHUB_API_URL is 'not a url', which is not a URL/],
    ['a checklist input naming a missing file', { checklist: 'config/missing.yml' }, {}, /config\/missing\.yml:1:1: \(file\): the checklist file named by the 'checklist' input does not exist/],
  ];
  for (const [name, inputs, env, message] of cases) {
    it(name, async () => {
      const run = await runAction(gh, { event: 'schedule', payload: {}, inputs, env });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/::error::/);
      expect(run.stdout).toMatch(message);
      expect(gh.log.writes()).toEqual([]);
    });
  }

  it('runs on the current time when `now` is left at its default', async () => {
    const run = await runAction(gh, { event: 'workflow_dispatch', payload: {}, inputs: { now: '' } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.outputs.summary ?? '{}')).toMatchObject({ open: 0, overdue: 0 });
  });

  it('does nothing, successfully, on an event it does not handle', async () => {
    const run = await runAction(gh, { event: 'push', payload: {} });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Nothing to do for the 'push' event/);
  });
});

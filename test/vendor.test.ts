/**
 * `npm run vendor`: the action copied into a people-ops repository (`uses: ./.github/actions/offboarding`)
 * runs there. The copy lives in a temporary folder with no node_modules above it, and the runner
 * starts `<action folder>/<runs.main>` as the Actions runner does, so a pass shows that the copy is
 * complete and self-contained and that runs.main resolves relative to the action's own folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { form } from './support/form.js';
import { runAction } from './support/runner.js';

const ROOT = resolve(import.meta.dirname, '..');
const ACTION_DIR = '.github/actions/offboarding';

function vendor(...args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'vendor.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function files(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(dir, join(base, entry.name)) : [join(base, entry.name)],
  );
}

const temps: string[] = [];
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('npm run vendor', () => {
  let peopleOps: string;
  let copy: string;

  beforeAll(() => {
    peopleOps = temp('people-ops-');
    mkdirSync(join(peopleOps, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(peopleOps, 'README.md'), '# people-ops\n');
    const run = vendor(peopleOps);
    expect(run.code, run.stderr).toBe(0);
    copy = join(peopleOps, ACTION_DIR);
    expect(run.stdout).toContain(`uses: ./${ACTION_DIR}`);
  });

  it('copies action.yml and all of dist/ (both bundles, their licenses), and says where they came from', () => {
    expect(readFileSync(join(copy, 'action.yml'), 'utf8')).toBe(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    expect(files(join(copy, 'dist')).sort()).toEqual(files(join(ROOT, 'dist')).sort());
    for (const name of ['index.js', 'licenses.txt', 'cli/index.js', 'cli/licenses.txt']) {
      expect(readFileSync(join(copy, 'dist', name)).equals(readFileSync(join(ROOT, 'dist', name))), name).toBe(true);
    }
    const note = readFileSync(join(copy, 'VENDORED.md'), 'utf8');
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(note).toContain(`Version ${version}`);
    expect(note).toContain(`uses: ./${ACTION_DIR}`);
    // Only the action's folder is touched.
    expect(readFileSync(join(peopleOps, 'README.md'), 'utf8')).toBe('# people-ops\n');
    const action = parse(readFileSync(join(copy, 'action.yml'), 'utf8')) as { runs: { main: string } };
    expect(existsSync(join(copy, action.runs.main))).toBe(true);
  });

  describe('the vendored copy runs', () => {
    let gh: Emulator;
    beforeEach(async () => {
      gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: { 'hr-hana': 'write', 'mgr-maria': 'write', jdoe: 'none' } });
    });
    afterEach(async () => gh.close());

    it('converts a valid request, started from the action folder as the runner starts it', async () => {
      const { number, payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(), labels: ['offboarding'] });
      const run = await runAction(gh, { event: 'issues', payload, actionDir: copy });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs.tracker).toBe(String(number));
      const issue = gh.state.issue(number);
      expect(issue.title).toBe('Offboarding: Jane Doe — last day 2026-12-04');
      expect(issue.body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
      expect(issue.labels).toContain('offboarding');
      expect(gh.state.comments(number).some((c) => c.body.includes('<!-- offboarding:status -->'))).toBe(true);
    });

    it('it is the copy that runs: without its bundle the run fails naming the vendored path', async () => {
      const elsewhere = temp('people-ops-broken-');
      expect(vendor(elsewhere).code).toBe(0);
      const broken = join(elsewhere, ACTION_DIR);
      rmSync(join(broken, 'dist', 'index.js'));
      const { payload } = gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(), labels: ['offboarding'] });
      const run = await runAction(gh, { event: 'issues', payload, actionDir: broken });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(join(broken, 'dist', 'index.js'));
      expect(gh.log.writes()).toHaveLength(0);
    });
  });

  it('the vendored CLI bundle runs from the copy', () => {
    const result = spawnSync(process.execPath, [join(copy, 'dist', 'cli', 'index.js'), '--version'], { cwd: peopleOps, encoding: 'utf8' });
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('vendoring again replaces the folder whole: no file of an older copy lingers', () => {
    writeFileSync(join(copy, 'dist', 'stale-chunk.js'), '// from an older version\n');
    const run = vendor(peopleOps);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(copy, 'dist', 'stale-chunk.js'))).toBe(false);
    expect(existsSync(join(copy, 'dist', 'index.js'))).toBe(true);
  });

  it('refuses a missing folder, an action it did not make, and bad arguments', () => {
    expect(vendor(join(temp('gone-'), 'nope')).code).toBe(1);
    const other = temp('people-ops-other-');
    mkdirSync(join(other, ACTION_DIR), { recursive: true });
    writeFileSync(join(other, ACTION_DIR, 'action.yml'), 'name: something else\n');
    const run = vendor(other);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/holds an action that was not vendored by this script/);
    expect(readFileSync(join(other, ACTION_DIR, 'action.yml'), 'utf8')).toBe('name: something else\n');
    expect(vendor().code).toBe(2);
    expect(vendor(other, '--dir', '../outside').code).toBe(2);
    expect(vendor(ROOT).code).toBe(1);
  });
});

/**
 * `npm run release`: run as a person runs it, in a temporary git repository holding the minimum
 * a release needs (package.json, action.yml, dist/, scripts/check-dist.mjs). The dist check is the
 * repository's own scripts/check-dist.mjs: a stand-in that answers at once in most cases, and the
 * real one (a real ncc build of a tiny source) where the refusal of a stale dist/ is the point.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SCRIPT = join(ROOT, 'scripts', 'release.mjs');

/** git without the machine's own configuration (signing, hooks, default branch) and with an identity. */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release@example.com',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release@example.com',
};

const STUB_CHECK = `// Stand-in for the real check-dist (which builds with ncc): answers what the test wrote.
console.log('stub check-dist: dist/ matches a fresh build.');
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

interface RepoOptions {
  readonly version?: string;
  readonly tags?: readonly string[];
  /** The repository's scripts/check-dist.mjs (default: a stand-in that passes). */
  readonly checkDist?: string;
  readonly files?: Record<string, string>;
}

/** A committed repository with the release's minimum, and the given tags on its first commit. */
function repo(options: RepoOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-'));
  dirs.push(dir);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write(dir, {
    'package.json': `${JSON.stringify({ name: 'offboarding-action', version: options.version ?? '1.2.3', private: true, type: 'module' }, null, 2)}\n`,
    'dist/index.js': '// bundle\n',
    'scripts/check-dist.mjs': options.checkDist ?? STUB_CHECK,
    '.gitignore': 'node_modules\n',
    ...options.files,
  });
  copyFileSync(join(ROOT, 'action.yml'), join(dir, 'action.yml'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'initial');
  for (const tag of options.tags ?? []) git(dir, 'tag', '-a', tag, '-m', tag);
  return dir;
}

function commit(dir: string, files: Record<string, string>, message = 'change'): string {
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function release(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd, env: GIT_ENV, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, out: result.stdout + result.stderr };
}

/** tag name → the commit it points at. */
function tags(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of git(dir, 'for-each-ref', '--format=%(refname:short) %(*objectname)%(objectname)', 'refs/tags').split('\n').filter(Boolean)) {
    const [name, ids] = line.split(' ') as [string, string];
    // An annotated tag prints the commit (*objectname) then the tag object: keep the commit.
    out[name] = ids.slice(0, 40);
  }
  return out;
}

describe('npm run release', () => {
  it('tags vX.Y.Z at HEAD, force-moves vX, and prints the push commands without pushing', () => {
    const dir = repo({ version: '1.2.3', tags: ['v1.2.2', 'v1'] });
    const head = commit(dir, { 'dist/index.js': '// bundle 1.2.3\n' });
    const run = release(dir, '1.2.3');
    expect(run.code, run.out).toBe(0);
    // The repository's own check-dist ran.
    expect(run.stdout).toContain('stub check-dist: dist/ matches a fresh build.');
    expect(tags(dir)).toMatchObject({ 'v1.2.3': head, v1: head });
    expect(tags(dir)['v1.2.2']).not.toBe(head);
    expect(git(dir, 'cat-file', '-t', 'v1.2.3').trim()).toBe('tag');
    expect(run.stdout).toContain('git push origin v1.2.3 && git push -f origin v1');
    expect(run.stdout).toContain(`uses: OWNER/REPO@${head} # v1.2.3`);
  });

  it('makes the first release and its major tag in a repository without tags; accepts v1.0.0 too', () => {
    const dir = repo({ version: '1.0.0' });
    const run = release(dir, 'v1.0.0');
    expect(run.code, run.out).toBe(0);
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    expect(tags(dir)).toEqual({ 'v1.0.0': head, v1: head });
    expect(run.stdout).toContain('(first release)');
  });

  it('a new major creates vX and leaves the old major where it was', () => {
    const dir = repo({ version: '1.4.0', tags: ['v1.4.0', 'v1'] });
    const old = git(dir, 'rev-parse', 'HEAD').trim();
    const head = commit(dir, { 'package.json': JSON.stringify({ name: 'offboarding-action', version: '2.0.0' }) });
    const run = release(dir, '2.0.0');
    expect(run.code, run.out).toBe(0);
    expect(tags(dir)).toEqual({ 'v1.4.0': old, v1: old, 'v2.0.0': head, v2: head });
  });

  it('refuses a dirty tree (modified or untracked files) and writes no tag', () => {
    const dir = repo({ version: '1.2.3', tags: ['v1.2.2', 'v1'] });
    const before = tags(dir);
    writeFileSync(join(dir, 'dist/index.js'), '// rebuilt, not committed\n');
    let run = release(dir, '1.2.3');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/release refused: the working tree is not clean/);
    expect(run.stderr).toContain('dist/index.js');
    git(dir, 'checkout', '--', 'dist/index.js');
    writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
    run = release(dir, '1.2.3');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('notes.txt');
    expect(tags(dir)).toEqual(before);
    expect(run.stdout).not.toContain('check-dist');
  });

  it('refuses a version that is not newer than the latest release, equal or older, local or on the remote', () => {
    const dir = repo({ version: '1.2.3', tags: ['v1.2.3', 'v1.10.0', 'v1'] });
    const before = tags(dir);
    for (const version of ['1.2.3', '1.9.9']) {
      const run = release(dir, version);
      expect(run.code, run.out).toBe(1);
      expect(run.stderr).toContain(`v${version} is not newer than the latest release v1.10.0`);
    }
    expect(tags(dir)).toEqual(before);

    // A tag that exists only on the remote counts too (10 > 9 numerically, not as text).
    const local = repo({ version: '1.10.0', tags: ['v1.9.0'] });
    const remote = mkdtempSync(join(tmpdir(), 'release-remote-'));
    dirs.push(remote);
    git(remote, 'init', '--quiet', '--bare');
    git(local, 'remote', 'add', 'origin', remote);
    git(local, 'push', '--quiet', 'origin', 'main');
    git(remote, 'tag', 'v1.10.0', 'main');
    const run = release(local, '1.10.0');
    expect(run.code, run.out).toBe(1);
    expect(run.stderr).toContain('v1.10.0 is not newer than the latest release v1.10.0');
  });

  it('refuses what is not X.Y.Z, and a package.json version that differs', () => {
    const dir = repo({ version: '1.2.3' });
    for (const version of ['1.2', '1.2.3-rc.1', 'latest', '01.2.3']) {
      const run = release(dir, version);
      expect(run.code, version).toBe(1);
      expect(run.stderr).toMatch(/is not a release version: use X\.Y\.Z/);
    }
    const run = release(dir, '1.2.4');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('package.json says version 1.2.3, not 1.2.4');
    expect(release(dir).code).toBe(2);
    expect(release(dir, '1.2.3', '--bogus').code).toBe(2);
    expect(tags(dir)).toEqual({});
  });

  it('refuses when check-dist fails, and says what it said', () => {
    const dir = repo({
      version: '1.2.3',
      checkDist: "console.error(\"dist/ is stale: index.js differ from a fresh build. Run 'npm run build' and commit dist/.\");\nprocess.exit(1);\n",
    });
    const run = release(dir, '1.2.3');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/release refused: dist\/ does not match a fresh build: dist\/ is stale: index\.js differ/);
    expect(tags(dir)).toEqual({});
  });

  it('with --push pushes both tags, moving the major tag on the remote', () => {
    const remote = mkdtempSync(join(tmpdir(), 'release-remote-'));
    dirs.push(remote);
    git(remote, 'init', '--quiet', '--bare');
    const dir = repo({ version: '1.0.0' });
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '--quiet', 'origin', 'main');
    expect(release(dir, '1.0.0', '--push').code).toBe(0);
    const first = git(dir, 'rev-parse', 'HEAD').trim();
    const head = commit(dir, { 'package.json': JSON.stringify({ name: 'offboarding-action', version: '1.1.0' }) });
    git(dir, 'push', '--quiet', 'origin', 'main');
    const run = release(dir, '1.1.0', '--push');
    expect(run.code, run.out).toBe(0);
    expect(run.stdout).toContain('Pushed v1.1.0 and v1 to origin.');
    expect(tags(remote)).toEqual({ 'v1.0.0': first, 'v1.1.0': head, v1: head });
  });

  it(
    'runs the real scripts/check-dist.mjs: a dist/ that is not what the source builds to is refused',
    { timeout: 180_000 },
    () => {
      const dir = repo({
        version: '1.2.3',
        files: {
          'src/action/index.ts': "console.log('action');\n",
          'src/cli/index.ts': "console.log('cli');\n",
          'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true }, include: ['src'] }),
          'dist/index.js': '// committed by hand, not built\n',
        },
        checkDist: '',
      });
      copyFileSync(join(ROOT, 'scripts', 'check-dist.mjs'), join(dir, 'scripts', 'check-dist.mjs'));
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      git(dir, 'add', '-A');
      git(dir, 'commit', '--quiet', '-m', 'the real check-dist');
      const run = release(dir, '1.2.3');
      expect(run.code, run.out).toBe(1);
      expect(run.stderr).toMatch(/release refused: dist\/ does not match a fresh build: dist\/ is stale: .*index\.js/);
      expect(tags(dir)).toEqual({});
    },
  );
});

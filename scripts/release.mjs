#!/usr/bin/env node
// `npm run release -- 1.2.3 [--push] [--remote NAME]`: tags a release of the action the way
// actions/typescript-action's script/release does, after checking what a tag promises:
//
//   1. the working tree is clean (the tag is exactly what is committed);
//   2. the version is X.Y.Z and newer than every vX.Y.Z tag, local or on the remote;
//   3. package.json's version is the release's (the CLI bundle prints it as `--version`);
//   4. dist/ equals a fresh build: `node scripts/check-dist.mjs` of the repository being
//      released (the one check-dist, spawned, not a copy of its logic);
//
// then makes the annotated tag vX.Y.Z and force-moves the major tag vX to it. It prints the push
// commands; with --push it runs them. Nothing is written before every check has passed.
//
// Runs in the repository that holds the current directory. Exit status: 0 tagged, 1 refused
// (a check failed), 2 usage.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const USAGE = 'usage: npm run release -- X.Y.Z [--push] [--remote NAME]';

class Refusal extends Error {}
class UsageError extends Error {}

/** Runs git in `cwd`; returns stdout, or throws a Refusal with git's own message. */
function git(cwd, args, { allowFailure = false } = {}) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Refusal(`git ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0 && !allowFailure) {
    throw new Refusal(`git ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim()}`);
  }
  return result.status === 0 ? result.stdout : undefined;
}

/** `1.2.3` or `v1.2.3` → [1, 2, 3]; anything else (pre-releases, build metadata) → undefined. */
function parseVersion(text) {
  const match = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(text);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function compare(a, b) {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The highest vX.Y.Z among tag names (other tags, such as v1, are ignored). */
function latestTag(names) {
  let best;
  for (const name of names) {
    const version = parseVersion(name);
    if (version && name.startsWith('v') && (!best || compare(version, best.version) > 0)) best = { name, version };
  }
  return best;
}

function parseArgs(argv) {
  const options = { version: undefined, push: false, remote: 'origin' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--push') options.push = true;
    else if (arg === '--remote') options.remote = argv[++i];
    else if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (options.version === undefined) options.version = arg;
    else throw new UsageError(`one version, please (got ${options.version} and ${arg})`);
  }
  if (!options.version) throw new UsageError('which version? e.g. npm run release -- 1.2.3');
  if (!options.remote) throw new UsageError('--remote needs a name');
  return options;
}


function remoteTags(root, remote, log) {
  if (git(root, ['remote', 'get-url', remote], { allowFailure: true }) === undefined) return [];
  const listing = git(root, ['ls-remote', '--tags', '--refs', remote], { allowFailure: true });
  if (listing === undefined) {
    log(`warning: could not list the tags of ${remote}; comparing with local tags only (run git fetch --tags).`);
    return [];
  }
  return listing.split('\n').filter(Boolean).map((line) => line.replace(/^\S+\s+refs\/tags\//, ''));
}

/**
 * Checks, tags and (with `push`) pushes. `root` is the repository's top level; `log` prints.
 * Throws Refusal when a check fails, before anything is written.
 */
function release({ root, version: input, push = false, remote = 'origin', log = console.log }) {
  const version = parseVersion(input);
  if (!version) throw new Refusal(`"${input}" is not a release version: use X.Y.Z (e.g. 1.2.3), no pre-release suffix.`);
  const tag = `v${version.join('.')}`;
  const major = `v${version[0]}`;

  const dirty = git(root, ['status', '--porcelain', '--untracked-files=all']).trimEnd();
  if (dirty) {
    throw new Refusal(`the working tree is not clean; commit or stash first:\n${dirty}`);
  }

  const tags = [...git(root, ['tag', '--list']).split('\n').filter(Boolean), ...remoteTags(root, remote, log)];
  const latest = latestTag(tags);
  if (latest && compare(version, latest.version) <= 0) {
    throw new Refusal(`${tag} is not newer than the latest release ${latest.name}.`);
  }

  const pkgPath = join(root, 'package.json');
  const pkgVersion = existsSync(pkgPath) ? JSON.parse(readFileSync(pkgPath, 'utf8')).version : undefined;
  if (pkgVersion !== version.join('.')) {
    throw new Refusal(
      `package.json says version ${pkgVersion ?? '(none)'}, not ${version.join('.')}: the CLI prints it as --version. ` +
        `Run: npm version ${version.join('.')} --no-git-tag-version && npm run build, commit, then release.`,
    );
  }

  log('Checking that dist/ equals a fresh build (scripts/check-dist.mjs)…');
  const check = spawnSync(process.execPath, [join(root, 'scripts', 'check-dist.mjs')], { cwd: root, encoding: 'utf8' });
  if (check.error || check.status !== 0) {
    const said = (check.stderr || check.stdout || check.error?.message || '').trim().split('\n').slice(0, 20).join('\n');
    throw new Refusal(`dist/ does not match a fresh build: ${said || `check-dist exited ${check.status}`}`);
  }
  log(check.stdout.trim());

  const head = git(root, ['rev-parse', 'HEAD']).trim();
  git(root, ['tag', '--annotate', tag, '--message', `${tag} release`, head]);
  // A major tag is moved on every release of that major: `uses: owner/action@v1` follows it.
  git(root, ['tag', '--force', '--annotate', major, '--message', `${major}: points at ${tag}`, head]);
  log(`Tagged ${tag} and moved ${major} to ${head.slice(0, 12)}${latest ? ` (previous release ${latest.name})` : ' (first release)'}.`);

  const commands = [
    ['push', remote, `refs/tags/${tag}`],
    ['push', '--force', remote, `refs/tags/${major}`],
  ];
  if (push) {
    for (const args of commands) {
      log(`git ${args.join(' ')}`);
      git(root, args);
    }
    log(`Pushed ${tag} and ${major} to ${remote}.`);
  } else {
    log('Nothing pushed. To publish:');
    log(`  git push ${remote} ${tag} && git push -f ${remote} ${major}`);
  }
  log(`Users pin this release by its commit: uses: OWNER/REPO@${head} # ${tag}`);
  return { tag, major, commit: head, pushed: push };
}

/** The command line: `node scripts/release.mjs X.Y.Z [--push] [--remote NAME]`. */
function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`release: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const root = git(process.cwd(), ['rev-parse', '--show-toplevel']).trim();
    release({ root, version: options.version, push: options.push, remote: options.remote });
    return 0;
  } catch (error) {
    if (error instanceof Refusal) {
      console.error(`release refused: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));

#!/usr/bin/env node
// `npm run vendor -- <path-to-people-ops-repo> [--dir .github/actions/offboarding]`: copies the
// action — action.yml and the whole of dist/ (the action's bundle, the CLI's bundle dist/cli/,
// their licenses.txt) — into the people-ops repository, so that its workflow can say
// `uses: ./.github/actions/offboarding` and HR data and code stay in one private repository.
//
// The target folder is replaced whole (no file of an older version lingers) and gets a
// VENDORED.md saying where the copy came from. Nothing is committed: review and commit it there.
// Exit status: 0 copied, 1 refused, 2 usage.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DIR = '.github/actions/offboarding';
const USAGE = `usage: npm run vendor -- <path-to-people-ops-repo> [--dir ${DEFAULT_DIR}]`;
const MARKER = 'VENDORED.md';

class Refusal extends Error {}

function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function parseArgs(argv) {
  let target;
  let dir = DEFAULT_DIR;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--dir') dir = argv[++i];
    else if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg.startsWith('-')) return { error: `unknown option ${arg}` };
    else if (target === undefined) target = arg;
    else return { error: `one repository, please (got ${target} and ${arg})` };
  }
  if (!target) return { error: 'which repository? e.g. npm run vendor -- ../people-ops' };
  if (!dir || isAbsolute(dir) || dir.split(/[\\/]/).includes('..')) return { error: '--dir must be a folder inside the repository' };
  return { target, dir };
}

/** What the copy is: this repository's tag or commit, and whether the tree had local changes. */
function provenance() {
  const commit = git(SOURCE, ['rev-parse', 'HEAD']);
  const describe = git(SOURCE, ['describe', '--tags', '--always', '--dirty']);
  const dirty = git(SOURCE, ['status', '--porcelain', '--', 'action.yml', 'dist']);
  const version = JSON.parse(readFileSync(join(SOURCE, 'package.json'), 'utf8')).version;
  return { commit, describe, dirty: Boolean(dirty), version };
}

function vendor(targetInput, dir) {
  const target = resolve(targetInput);
  if (!existsSync(target) || !statSync(target).isDirectory()) throw new Refusal(`${target} is not a folder.`);
  if (target === SOURCE) throw new Refusal('that is this repository; name the people-ops repository.');

  const action = parse(readFileSync(join(SOURCE, 'action.yml'), 'utf8'));
  const main = action?.runs?.main;
  if (typeof main !== 'string' || !main.startsWith('dist/') || !existsSync(join(SOURCE, main))) {
    throw new Refusal(`action.yml's runs.main (${main}) is not a file under dist/: run npm run build first.`);
  }
  for (const bundle of ['dist/index.js', 'dist/cli/index.js']) {
    if (!existsSync(join(SOURCE, bundle))) throw new Refusal(`${bundle} is missing: run npm run build first.`);
  }

  const dest = join(target, dir);
  // Refuse to replace a folder this script did not make: it might be someone's own action.
  if (existsSync(dest) && !existsSync(join(dest, MARKER)) && existsSync(join(dest, 'action.yml'))) {
    throw new Refusal(`${dest} holds an action that was not vendored by this script (no ${MARKER}); move it away first.`);
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  cpSync(join(SOURCE, 'action.yml'), join(dest, 'action.yml'));
  cpSync(join(SOURCE, 'dist'), join(dest, 'dist'), { recursive: true });
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt']) {
    if (existsSync(join(SOURCE, name))) cpSync(join(SOURCE, name), join(dest, name));
  }

  const from = provenance();
  const where = relative(target, dest).split('\\').join('/');
  writeFileSync(
    join(dest, MARKER),
    [
      '# Vendored copy of the offboarding action',
      '',
      `Version ${from.version}, ${from.describe ?? 'not a git checkout'}${from.commit ? ` (commit ${from.commit})` : ''}.`,
      from.dirty ? '\n**Copied from a tree with uncommitted changes to action.yml or dist/.**\n' : '',
      'Made by `npm run vendor` in the offboarding action\'s repository. Do not edit these files:',
      'run it again to update, and review the diff like any other change to this repository.',
      '',
      `The workflow uses it with \`uses: ./${where}\` after an \`actions/checkout\` step.`,
      '',
    ].join('\n'),
  );
  return { dest, where, from };
}

function main(argv) {
  const options = parseArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.error) {
    console.error(`vendor: ${options.error}\n${USAGE}`);
    return 2;
  }
  try {
    const { dest, where, from } = vendor(options.target, options.dir);
    console.log(`Copied action.yml and dist/ (offboarding ${from.version}, ${from.describe ?? 'no git'}) to ${dest}.`);
    if (from.dirty) console.log('warning: action.yml or dist/ has uncommitted changes here; the copy includes them.');
    console.log('In the workflow, check the repository out first, then use the local copy:');
    console.log('      - uses: actions/checkout@<full commit SHA> # pin it');
    console.log(`      - uses: ./${where}`);
    console.log(`Review and commit ${where}/ in that repository.`);
    return 0;
  } catch (error) {
    if (error instanceof Refusal) {
      console.error(`vendor refused: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));

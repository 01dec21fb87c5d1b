// Fails when dist/ is not what a fresh build of the committed source produces (typescript-action's check-dist).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** The two bundles: the action (dist/) and the CLI (dist/cli/). */
const BUNDLES = [
  ['src/action/index.ts', ''],
  ['src/cli/index.ts', 'cli'],
];

function files(dir, base = dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    out = statSync(full).isDirectory() ? [...out, ...files(full, base)] : [...out, relative(base, full)];
  }
  return out;
}

const out = mkdtempSync(join(tmpdir(), 'check-dist-'));
try {
  for (const [entry, sub] of BUNDLES) {
    execFileSync('npx', ['ncc', 'build', entry, '-o', join(out, sub), '--license', 'licenses.txt'], { stdio: 'pipe' });
  }
  const differ = [];
  const names = new Set([...files('dist'), ...files(out)]);
  for (const name of names) {
    let committed;
    let fresh;
    try { committed = readFileSync(join('dist', name)); } catch { committed = undefined; }
    try { fresh = readFileSync(join(out, name)); } catch { fresh = undefined; }
    if (!committed || !fresh || !committed.equals(fresh)) differ.push(name);
  }
  if (differ.length > 0) {
    console.error(`dist/ is stale: ${differ.join(', ')} differ from a fresh build. Run 'npm run build' and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ matches a fresh build.');
} finally {
  rmSync(out, { recursive: true, force: true });
}

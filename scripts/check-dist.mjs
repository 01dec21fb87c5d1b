// Fails when dist/ is not what a fresh build of the committed source produces (typescript-action's check-dist).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'check-dist-'));
try {
  execFileSync('npx', ['ncc', 'build', 'src/index.ts', '-o', out, '--license', 'licenses.txt'], { stdio: 'pipe' });
  const differ = [];
  const names = new Set([...readdirSync('dist'), ...readdirSync(out)]);
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

// Builds the published library into a folder (`npm run build`: dist/): every module's types from tsc
// (ES modules, and CommonJS in <out>/cjs), the code compiled by tsc and bundled by scripts/bundle.js,
// <out>/cjs marked CommonJS, the CLI made executable. Another folder than dist/ (the bench's copy of
// the package) leaves dist/ alone, which npm pack may be rebuilding meanwhile.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'dist');
const root = resolve(import.meta.dirname, '..');
const compiled = join(root, '.build', `lib-${randomUUID()}`);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const node = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

rmSync(out, { recursive: true, force: true });
try {
  node(tsc, '-p', 'tsconfig.build.json', '--outDir', compiled, '--declarationDir', out);
  node(tsc, '-p', 'tsconfig.build.cjs.json', '--declarationDir', join(out, 'cjs'));
  node(join(root, 'scripts', 'bundle.js'), compiled, out);
  node(join(root, 'scripts', 'mark-commonjs.js'), join(out, 'cjs'));
  chmodSync(join(out, 'cli', 'main.js'), 0o755);
} finally {
  rmSync(compiled, { recursive: true, force: true });
}

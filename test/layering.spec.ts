import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|fixture)\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('layering (eslint.config.js)', () => {
  it('gives every file of src/ but the specs a layer: a rule on what it may import', async () => {
    const eslint = new ESLint({ cwd: root });
    const unlayered: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      const config = (await eslint.calculateConfigForFile(file)) as {
        rules?: Record<string, unknown>;
      };
      const rule = config.rules?.['@typescript-eslint/no-restricted-imports'];
      if (!Array.isArray(rule) || rule[0] !== 2) unlayered.push(relative(root, file));
    }
    expect(unlayered).toEqual([]);
  });
});

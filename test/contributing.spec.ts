import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMarkdown, root, sectionUnder } from './support/markdown.js';

const contributing = readMarkdown('CONTRIBUTING.md');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

describe('CONTRIBUTING.md', () => {
  it('names the packaged Chromium the browser specs fall back to, at its pinned version', () => {
    const version = manifest.devDependencies['@sparticuz/chromium'];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const section = sectionUnder(contributing, 'Browser tests\n');
    expect(section).toContain(`\`@sparticuz/chromium\` ${version} devDependency`);
    expect(section).toContain(`node_modules/.cache/sparticuz-chromium/${version}/chromium`);
    expect(section).toContain('`CHROMIUM_PATH`');
  });

  it('maps each concept under "Developing" to a file that exists', () => {
    const section = sectionUnder(contributing, 'Developing\n');
    const files = [...section.matchAll(/`(src\/[\w./-]+\.ts)`/g)].map((match) => match[1] ?? '');
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const ci = readFileSync(join(root, '.ci/run'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};

describe('README', () => {
  it('gives the two commands: npm install && npm start, and npm test', () => {
    expect(readme).toContain('```sh\nnpm install\nnpm start\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
    expect(ci).toMatch(/^\s*npm test$/m);
  });

  it('states the Node lines that CI tests, and engines allows from the oldest of them on', () => {
    const lines = (/^NODE_LINES=\(([\d ]+)\)$/m.exec(ci)?.[1] ?? '').split(' ').map(Number);
    const [oldest, ...newer] = [...lines].sort((a, b) => a - b);
    expect(oldest).toBeGreaterThanOrEqual(22);
    expect(manifest.engines.node).toBe(`>=${oldest}`);
    const named =
      newer.length === 0
        ? `${oldest}`
        : `${[oldest, ...newer.slice(0, -1)].join(', ')} and ${newer.at(-1)}`;
    expect(readme).toContain(`- Node.js ${named} (\`engines\`: \`node ${manifest.engines.node}\`)`);
  });

  it('stays a first page: a few hundred lines, the details in docs/', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  });
});

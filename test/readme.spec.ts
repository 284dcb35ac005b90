import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { npmInstalls } from './support/readme-commands.js';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const ci = readFileSync(join(root, '.ci/run'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  peerDependencies: Record<string, string>;
};

describe('README', () => {
  it('installs with the Quick start the package and the AWS SDK only', () => {
    // Nothing of a NestJS major (such as @nestjs/config, ES modules only from 12), so that one line
    // suits NestJS 11 CommonJS apps and NestJS 12 ES-modules apps alike.
    const [quickStart] = npmInstalls(readme, '## Quick start');
    expect(quickStart).toEqual([
      'nestjs-dynamodb-session',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/lib-dynamodb',
    ]);
  });

  it('installs @nestjs/config with one command per NestJS major, each a major the peer range allows', () => {
    const commands = npmInstalls(readme, '### With `@nestjs/config`');
    expect(commands).toEqual([['@nestjs/config@12'], ['@nestjs/config@4']]);
    const allowed = [...(manifest.peerDependencies['@nestjs/config'] ?? '').matchAll(/\^(\d+)\./g)]
      .map((match) => match[1])
      .sort();
    expect(allowed).toEqual(['12', '4']);
  });

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

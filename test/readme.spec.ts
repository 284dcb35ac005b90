import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ResolvedCookieOptions,
  ResolvedSessionOptions,
} from '../src/options/resolved-session-options.js';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const ci = readFileSync(join(root, '.ci/run'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

/** The rows of the README's "## Options" table: [option, environment variable, default, meaning]. */
function optionRows(): string[][] {
  const section = readme.split('\n## Options\n')[1]?.split('\nModule extras')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '').trim()));
}

describe('README', () => {
  it('documents every option, and no option that does not exist', () => {
    const documented = optionRows().map((row) => row[0]?.replace(/`/g, ''));
    const options = Object.keys(new ResolvedSessionOptions())
      .filter((key) => key !== 'cookie')
      .map((key) => (key === 'secrets' ? 'secret' : key));
    const cookie = Object.keys(new ResolvedCookieOptions()).map((key) => `cookie.${key}`);
    expect([...documented].sort()).toEqual([...options, ...cookie].sort());
  });

  it('documents exactly the environment variables dynamoSessionConfig reads', () => {
    const source = readFileSync(join(root, 'src/options/dynamo-session.config.ts'), 'utf8');
    const read = [...source.matchAll(/'((?:SESSION|DYNAMODB|AWS)_[A-Z_]+)'/g)].map(
      (match) => match[1],
    );
    const documented = optionRows().flatMap((row) =>
      [...(row[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]),
    );
    expect([...new Set(documented)].sort()).toEqual([...new Set(read)].sort());
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

  it('names the packaged Chromium the browser specs fall back to, at its pinned version', () => {
    const version = manifest.devDependencies['@sparticuz/chromium'];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const section = readme.split('\n## Browser tests\n')[1]?.split('\n## ')[0] ?? '';
    expect(section).toContain(`\`@sparticuz/chromium\` ${version} devDependency`);
    expect(section).toContain(`node_modules/.cache/sparticuz-chromium/${version}/chromium`);
    expect(section).toContain('`CHROMIUM_PATH`');
  });

  it('shows, under "Testing your app", exactly the example spec that runs', () => {
    const example = readFileSync(join(root, 'test/examples/testing-your-app.e2e.spec.ts'), 'utf8')
      .replace("'../../src/index.js'", "'nestjs-dynamodb-session'")
      .replace("'../../src/testing/index.js'", "'nestjs-dynamodb-session/testing'");
    expect(example).toContain("from 'nestjs-dynamodb-session/testing'");
    const section = readme.split('\n## Testing your app\n')[1]?.split('\n## ')[0] ?? '';
    expect(section).toContain(`\n\`\`\`ts\n${example}\`\`\`\n`);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envVariableNames } from '../src/options/environment-variables.js';
import type { OptionDefinition } from '../src/options/option-definition.js';
import { SESSION_OPTION_DEFINITIONS } from '../src/options/session-option-definitions.js';
import { npmInstalls } from './support/readme-commands.js';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const ci = readFileSync(join(root, '.ci/run'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

/** The rows of the README's "## Options" table: [option, environment variable, default, meaning]. */
function optionRows(): string[][] {
  const section = readme.split('\n## Options\n')[1]?.split('\nModule extras')[0] ?? '';
  return (
    section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      // The first three cells hold no `|`; the meaning, last, may.
      .map((line) =>
        line
          .slice(1)
          .split('|')
          .map((cell) => cell.trim()),
      )
  );
}

/** The README's row of each option, as its definition says it: `cookie` a row per field. */
function definedRows(): [string, OptionDefinition<unknown>][] {
  const { cookie, ...options } = SESSION_OPTION_DEFINITIONS;
  return [
    ...Object.entries(options),
    ...Object.entries(cookie.fields ?? {}).map(
      ([name, field]): [string, OptionDefinition<unknown>] => [`cookie.${name}`, field],
    ),
  ];
}

/** The Default cell a definition asks for: its own words, or the default value in backticks. */
function defaultCell(definition: OptionDefinition<unknown>): string {
  return definition.documentedDefault ?? `\`${String(definition.default)}\``;
}

describe('README', () => {
  const rows = new Map(optionRows().map((row) => [row[0]?.replace(/`/g, ''), row]));

  it('documents every option, and no option that does not exist', () => {
    const documented = optionRows().map((row) => row[0]?.replace(/`/g, ''));
    const defined = definedRows().map(([name]) => name);
    expect([...documented].sort()).toEqual([...defined].sort());
  });

  it("names each option's environment variables, exactly those sessionOptionsFromEnv reads", () => {
    for (const [name, definition] of definedRows()) {
      const documented = [...(rows.get(name)?.[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(
        (match) => match[1],
      );
      expect({ name, env: documented.sort() }).toEqual({
        name,
        env: envVariableNames(definition).sort(),
      });
    }
  });

  it("states each option's default as its definition has it", () => {
    for (const [name, definition] of definedRows()) {
      const cell = rows.get(name)?.[2] ?? '';
      const expected = defaultCell(definition);
      // The cell may go on after the default, e.g. "`1209600` (14 days)".
      expect({ name, default: cell === expected ? cell : cell.split(' (')[0] }).toEqual({
        name,
        default: expected,
      });
    }
  });

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

  it('maps each concept under "Developing" to a file that exists', () => {
    const section = readme.split('\n## Developing\n')[1] ?? '';
    const files = [...section.matchAll(/`(src\/[\w./-]+\.ts)`/g)].map((match) => match[1] ?? '');
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });
});

import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localEndpoint } from './support/dynamodb.js';

const root = join(import.meta.dirname, '..');
/**
 * The library built as `npm run build` builds it (scripts/build.js: compiled, bundled, the bin made
 * executable), for this spec alone (inside the package, so that its imports resolve to node_modules)
 * rather than into dist/, which npm pack in test/published-package.e2e.spec.ts rebuilds in parallel.
 */
const outDir = join(root, '.build', `cli-bin-${randomUUID()}`);
const bin = join(outDir, 'cli', 'main.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built bin as its own process, by its shebang (the file is executable). */
function runBin(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      {
        encoding: 'utf8',
        timeout: 20_000,
        env: {
          PATH: process.env['PATH'],
          HOME: process.env['HOME'],
          AWS_REGION: process.env['AWS_REGION'],
          AWS_ACCESS_KEY_ID: process.env['AWS_ACCESS_KEY_ID'],
          AWS_SECRET_ACCESS_KEY: process.env['AWS_SECRET_ACCESS_KEY'],
          DYNAMODB_ENDPOINT: localEndpoint(),
          NODE_OPTIONS: '--no-warnings',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the package bin (dist/cli/main.js)', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.js'), outDir], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0 || !existsSync(bin))
      throw new Error(`scripts/build.js did not build ${bin}:\n${build.stdout}${build.stderr}`);
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is what package.json names as the bin, and keeps its shebang', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin?: Record<string, string>;
      scripts?: Record<string, string>;
    };
    expect(manifest.bin).toEqual({ 'nestjs-dynamodb-session': './dist/cli/main.js' });
    expect(manifest.scripts?.['build']).toBe('node scripts/build.js dist');
    expect(readFileSync(join(root, 'src/cli/main.ts'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    // The build made it executable.
    expect(statSync(bin).mode & 0o111).not.toBe(0);
  });

  it('creates and checks a table on DynamoDB Local, with exit codes', async () => {
    const table = `cli-bin-${randomUUID()}`;
    const created = await runBin(['create-table', '--table', table]);
    expect(created).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Created table ${table}`),
    });
    expect(created.stderr).toContain(`Table ${table} is ACTIVE`);

    const checked = await runBin(['check'], { SESSION_TABLE: table });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('All 5 checks passed.');

    const refused = await runBin(['delete-table', '--table', table]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Add --yes to confirm');
    expect((await runBin(['delete-table', '--table', table, '--yes'])).code).toBe(0);
    expect((await runBin(['check', '--table', table])).code).toBe(1);
  });

  it('prints the usage: exit 0 for --help, 2 for an unknown command', async () => {
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: nestjs-dynamodb-session <command> \[options\]/);
    const unknown = await runBin(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});

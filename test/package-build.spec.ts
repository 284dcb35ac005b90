import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function run(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The names a fresh Node process gets from the built package, loaded one way or the other. */
function exportedNames(
  loader: 'require' | 'import',
  specifier = 'nestjs-dynamodb-session',
): string[] {
  const script =
    loader === 'require'
      ? `console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`
      : `import('${specifier}').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))`;
  const output = run(process.execPath, ['--no-warnings', '-e', script]);
  return JSON.parse(output.trim().split('\n').pop() as string) as string[];
}

describe('the published package', () => {
  beforeAll(() => {
    run('npm', ['run', '--silent', 'build']);
  }, 120_000);

  it('loads the same API through import (ESM) and require (CommonJS, for NestJS 11 apps)', () => {
    const esm = exportedNames('import');
    expect(esm).toEqual(
      expect.arrayContaining([
        'DynamoSessionModule',
        'Session',
        'SessionGuard',
        'dynamoSessionConfig',
      ]),
    );
    expect(exportedNames('require')).toEqual(esm);
  });

  it('loads the terminus health indicator from its own entry point, both ways', () => {
    const names = ['DynamoSessionHealthIndicator'];
    expect(exportedNames('import', 'nestjs-dynamodb-session/terminus')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/terminus')).toEqual(names);
    // The main entry does not pull @nestjs/terminus in.
    expect(exportedNames('import')).not.toContain('DynamoSessionHealthIndicator');
  });

  it('ships the builds and their types, and no specs', () => {
    const [pack] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--silent'])) as [
      { files: { path: string }[] },
    ];
    const files = pack.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
        'dist/cjs/package.json',
        'README.md',
        'package.json',
      ]),
    );
    expect(files.filter((file) => file.includes('.spec.'))).toEqual([]);
  });
});

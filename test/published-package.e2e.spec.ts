import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { freePort } from '../sample/embedded-dynamodb.js';
import { ConsumerApp } from './support/consumer-app.js';
import { npmInstalls } from './support/readme-commands.js';

const root = join(import.meta.dirname, '..');

interface Manifest {
  bin: Record<string, string>;
  exports: Record<string, string | { require?: { types?: string } }>;
  typesVersions?: Record<string, Record<string, string[]>>;
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

/** The package's entry points (its exports and bin), as paths in dist/ without extension. */
const ENTRY_POINTS = [
  ...new Set(
    [
      ...Object.values(manifest.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : (JSON.stringify(target).match(/[^"]+\.js/g) ?? []),
      ),
      ...Object.values(manifest.bin),
    ]
      .filter((path) => path.startsWith('./dist/') && !path.startsWith('./dist/cjs/'))
      .map((path) => path.replace(/^\.\/dist\/|\.js$/g, '')),
  ),
].sort();

function run(command: string, args: string[], cwd = root): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `\`${[command, ...args].join(' ')}\` failed:\n${stdout ?? ''}\n${stderr ?? ''}`,
      { cause: error },
    );
  }
}

/** Every file below `dir`, as paths relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
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

/** Whether requiring `specifier` in a fresh Node process loads the package `name`. */
function loads(specifier: string, name: string): boolean {
  const script = `require('${specifier}'); console.log(JSON.stringify(Object.keys(require.cache).some((path) => path.includes('/node_modules/${name}/'))))`;
  return JSON.parse(run(process.execPath, ['--no-warnings', '-e', script]).trim()) as boolean;
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The README's Quick start install line, and its line for @nestjs/config on NestJS 12. */
const QUICK_START = npmInstalls(readme, '## Quick start')[0] ?? [];
const CONFIG_ON_NEST_12 =
  npmInstalls(readme, '### With `@nestjs/config`').find((args) =>
    args.includes('@nestjs/config@12'),
  ) ?? [];

/**
 * The two apps of test/consumer-apps/, what each installs (the README's commands, on top of its own
 * Nest and test dependencies), and how each one's compiled code loads the package. The NestJS 11
 * app follows the Quick start alone: it has no @nestjs/config, so its Jest run proves that the
 * package's CommonJS entry does not need it. The NestJS 12 app registers through @nestjs/config.
 */
const APPS = [
  {
    name: 'nest11-cjs',
    installs: [QUICK_START],
    withConfig: false,
    compiledImport: /require\("nestjs-dynamodb-session"\)/,
    // Passport (passport-local, a whole-user serializer, login on `/`, a guarded route, logout)
    // through DynamoSessionPassportModule, and through express-session with DynamoSessionStore.
    specs: ['app', 'testing', 'passport', 'passport-express-session'],
  },
  {
    name: 'nest12-esm',
    installs: [QUICK_START, CONFIG_ON_NEST_12],
    withConfig: true,
    compiledImport: /^import .* from 'nestjs-dynamodb-session';$/m,
    specs: ['app', 'testing'],
  },
] as const;

/**
 * The package as users get it: `npm pack` (which builds first) into a temporary folder, and that
 * tarball installed into two fresh Nest apps, a NestJS 11 one compiled to CommonJS and a NestJS 12
 * one compiled to ES modules, which run their own e2e specs on this run's DynamoDB Local.
 */
describe('the published package (npm pack)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'nestjs-dynamodb-session-pack-'));
  const apps = new Map(APPS.map(({ name }) => [name, new ConsumerApp(name, workDir)]));
  /** Each app's install and build, started together once the tarball exists (they run in parallel). */
  const prepared = new Map<string, Promise<void>>();
  let packed: string[] = [];

  beforeAll(() => {
    const packDir = join(workDir, 'pack');
    mkdirSync(packDir);
    run('npm', ['pack', '--silent', '--pack-destination', packDir]);
    const [tarball, ...others] = readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
    if (tarball === undefined || others.length > 0)
      throw new Error(`npm pack did not make one tarball: ${readdirSync(packDir).join(', ')}`);
    const extracted = join(workDir, 'extracted');
    mkdirSync(extracted);
    run('tar', ['-xzf', join(packDir, tarball), '-C', extracted]);
    packed = filesBelow(join(extracted, 'package')).sort();
    for (const { name, installs } of APPS) {
      const preparing = (apps.get(name) as ConsumerApp).prepare(join(packDir, tarball), installs);
      preparing.catch(() => undefined); // awaited (and so reported) by the app's own beforeAll
      prepared.set(name, preparing);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(prepared.values());
    rmSync(workDir, { recursive: true, force: true });
  });

  it('holds both builds (one file per entry point, shared chunks, the types of every module), the executable bin, README, LICENSE and docs/, and nothing else', () => {
    const modules = filesBelow(join(root, 'src'))
      .filter((path) => path.endsWith('.ts') && !/\.(spec|fixture)\.ts$/.test(path))
      .map((path) => path.replace(/\.ts$/, ''));
    expect(modules).toContain('index');
    const chunks = packed
      .filter((path) => /^dist\/chunks\/[^/]+\.js$/.test(path))
      .map((path) => path.replace(/^dist\/|\.js$/g, ''));
    expect(chunks.length).toBeGreaterThan(0);
    const bundles = [...ENTRY_POINTS, ...chunks];
    const expected = [
      ...['dist', 'dist/cjs'].flatMap((build) => [
        ...modules.map((module) => `${build}/${module}.d.ts`),
        ...bundles.flatMap((bundle) => ['.js', '.js.map'].map((ext) => `${build}/${bundle}${ext}`)),
      ]),
      'dist/cjs/package.json',
      'LICENSE',
      ...filesBelow(join(root, 'docs')).map((path) => `docs/${path}`),
      'README.md',
      'package.json',
    ];
    expect(packed).toEqual(expected.sort());

    const bin = (manifest.bin['nestjs-dynamodb-session'] ?? '').replace(/^\.\//, '');
    expect(packed).toContain(bin);
    const extractedBin = join(workDir, 'extracted', 'package', bin);
    expect(statSync(extractedBin).mode & 0o111).not.toBe(0);
    expect(readFileSync(extractedBin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('ships source maps that carry their sources (src/ is not in the package)', () => {
    const maps = packed.filter((path) => path.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const path of maps) {
      const map = JSON.parse(readFileSync(join(workDir, 'extracted', 'package', path), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      expect({ path, sources: map.sourcesContent?.length }).toEqual({
        path,
        sources: map.sources.length,
      });
      expect(
        map.sourcesContent?.every((source) => typeof source === 'string' && source !== ''),
      ).toBe(true);
    }
  });

  it('loads the main entry point from a few files, not one per module (import time is per file)', () => {
    const script = `require('nestjs-dynamodb-session'); console.log(Object.keys(require.cache).filter((path) => path.includes('/dist/cjs/') && !path.includes('/node_modules/')).length)`;
    const files = Number(run(process.execPath, ['--no-warnings', '-e', script]).trim());
    const modules = filesBelow(join(root, 'src')).filter((path) => /(?<!\.spec)\.ts$/.test(path));
    expect(modules.length).toBeGreaterThan(100);
    expect(files).toBeGreaterThan(0);
    // The entry point and the chunks it shares with the others (22 files today) rather than one per
    // module (over 100).
    expect(files).toBeLessThanOrEqual(30);
  });

  it("keeps the classes' names (Nest's logs and errors name them) and has no import() in the CommonJS build", () => {
    const subpaths = Object.keys(manifest.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => subpath.replace(/^\./, 'nestjs-dynamodb-session'));
    const script = `
      const renamed = [];
      const check = (specifier, exports) => {
        for (const [name, value] of Object.entries(exports))
          if (typeof value === 'function' && /^class[\\s{]/.test(Function.prototype.toString.call(value)) && value.name !== name)
            renamed.push(specifier + ': ' + name + ' is ' + value.name);
      };
      (async () => {
        for (const specifier of ${JSON.stringify(subpaths)}) {
          check(specifier, require(specifier));
          check(specifier, await import(specifier));
        }
        console.log(JSON.stringify(renamed));
      })();`;
    expect(JSON.parse(run(process.execPath, ['--no-warnings', '-e', script]).trim())).toEqual([]);
    // CommonJS Jest (no --experimental-vm-modules) cannot run import(): the CommonJS build requires.
    const cjs = packed.filter((path) => /^dist\/cjs\/.+\.js$/.test(path));
    expect(cjs.length).toBeGreaterThan(5);
    const withImport = cjs.filter((path) =>
      /\bimport\(/.test(readFileSync(join(workDir, 'extracted', 'package', path), 'utf8')),
    );
    expect(withImport).toEqual([]);
  });

  it('loads the same API through import (ESM) and require (CommonJS)', () => {
    const esm = exportedNames('import');
    expect(esm).toEqual(
      expect.arrayContaining([
        'DynamoSessionModule',
        'Session',
        'SessionGuard',
        'sessionOptionsFromEnv',
      ]),
    );
    expect(exportedNames('require')).toEqual(esm);
  });

  it('loads dynamoSessionConfig from its own entry point, both ways; the main entry never loads @nestjs/config', () => {
    const names = ['dynamoSessionConfig'];
    expect(exportedNames('import', 'nestjs-dynamodb-session/config')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/config')).toEqual(names);
    expect(exportedNames('import')).not.toContain('dynamoSessionConfig');
    const loaded = (specifier: string): boolean => loads(specifier, '@nestjs/config');
    expect(loaded('nestjs-dynamodb-session/config')).toBe(true);
    expect(loaded('nestjs-dynamodb-session')).toBe(false);
  });

  it('loads the terminus health indicator from its own entry point, both ways', () => {
    const names = ['DynamoSessionHealthIndicator'];
    expect(exportedNames('import', 'nestjs-dynamodb-session/terminus')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/terminus')).toEqual(names);
    // The main entry does not pull @nestjs/terminus in.
    expect(exportedNames('import')).not.toContain('DynamoSessionHealthIndicator');
  });

  it('loads the express-session Store from its own entry point, both ways; the main entry never loads express-session', () => {
    const names = ['DynamoSessionStore', 'UnsupportedStoreOperationError'];
    expect(exportedNames('import', 'nestjs-dynamodb-session/express-session')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/express-session')).toEqual(names);
    const loaded = (specifier: string): boolean => loads(specifier, 'express-session');
    expect(loaded('nestjs-dynamodb-session/express-session')).toBe(true);
    expect(loaded('nestjs-dynamodb-session')).toBe(false);
  });

  it('loads the WebSocket adapter from its own entry point, both ways; the main entry never loads @nestjs/websockets', () => {
    const names = ['DynamoSessionWebSocketModule', 'SessionNotStoredError', 'keepUpgradeRequest'];
    expect(exportedNames('import', 'nestjs-dynamodb-session/websocket')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/websocket')).toEqual(names);
    const loaded = (specifier: string): boolean => loads(specifier, '@nestjs/websockets');
    expect(loaded('nestjs-dynamodb-session/websocket')).toBe(true);
    expect(loaded('nestjs-dynamodb-session')).toBe(false);
  });

  it('loads the Passport module from its own entry point, both ways; the main entry never loads passport', () => {
    const names = ['DynamoSessionPassportModule', 'PassportSessionMiddleware'];
    expect(exportedNames('import', 'nestjs-dynamodb-session/passport')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/passport')).toEqual(names);
    const loaded = (specifier: string): boolean => loads(specifier, 'passport');
    expect(loaded('nestjs-dynamodb-session/passport')).toBe(true);
    expect(loaded('nestjs-dynamodb-session')).toBe(false);
  });

  it('loads the testing utilities from their own entry point, both ways, without the AWS SDK', () => {
    const names = [
      'DynamoSessionTestingModule',
      'InMemorySessionRepository',
      'SessionClock',
      'TestClock',
      'createSessionCookie',
    ];
    expect(exportedNames('import', 'nestjs-dynamodb-session/testing')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/testing')).toEqual(names);
    expect(loads('nestjs-dynamodb-session/testing', '@aws-sdk')).toBe(false);
    expect(exportedNames('import')).not.toContain('DynamoSessionTestingModule');
  });

  it('loads the stream handler from its own entry point, both ways, without Nest or the AWS SDK (a Lambda function of its own)', () => {
    const names = ['sessionExpiryHandler'];
    expect(exportedNames('import', 'nestjs-dynamodb-session/streams')).toEqual(names);
    expect(exportedNames('require', 'nestjs-dynamodb-session/streams')).toEqual(names);
    expect(loads('nestjs-dynamodb-session/streams', '@aws-sdk')).toBe(false);
    expect(loads('nestjs-dynamodb-session/streams', '@nestjs')).toBe(false);
    expect(exportedNames('import')).not.toContain('sessionExpiryHandler');
  });

  it('types every subpath for apps whose TypeScript ignores `exports` (module: commonjs)', () => {
    // `module: commonjs` implies moduleResolution node10, which reads typesVersions, not exports.
    const subpaths = Object.entries(manifest.exports).filter(
      ([subpath]) => subpath !== '.' && subpath !== './package.json',
    );
    expect(subpaths.length).toBeGreaterThan(0);
    for (const [subpath, target] of subpaths) {
      const types = typeof target === 'string' ? undefined : target.require?.types;
      expect([subpath, manifest.typesVersions?.['*']?.[subpath.replace(/^\.\//, '')]]).toEqual([
        subpath,
        [types],
      ]);
    }
  });

  describe.each(APPS)('in a fresh $name app', ({ name, withConfig, compiledImport, specs }) => {
    const app = apps.get(name) as ConsumerApp;

    beforeAll(() => prepared.get(name), 300_000);
    afterAll(async () => {
      const ready = await prepared.get(name)?.then(
        () => true,
        () => false,
      );
      if (ready) await app.dispose();
    });

    it("has @nestjs/config only from the README's command for it (the Quick start does not install it)", () => {
      expect(existsSync(join(app.dir, 'node_modules', '@nestjs', 'config', 'package.json'))).toBe(
        withConfig,
      );
    });

    it('compiles with tsc to the module format it is meant to have', () => {
      expect(readFileSync(join(app.dir, 'dist', 'app.module.js'), 'utf8')).toMatch(compiledImport);
    });

    it('passes each of its own e2e specs (supertest): on DynamoDB Local (Passport too, on NestJS 11), and on nestjs-dynamodb-session/testing', async () => {
      const { stderr } = await app.run('npm', ['run', 'test:e2e']);
      const [, passed, total] = /^Tests:\s+(\d+) passed, (\d+) total$/m.exec(stderr) ?? [];
      expect(Number(passed)).toBeGreaterThan(0);
      expect(passed).toBe(total);
      const passedSpecs = [...stderr.matchAll(/^PASS test\/(.+)\.e2e-spec\.ts/gm)].map(
        ([, spec]) => spec,
      );
      expect(passedSpecs.sort()).toEqual([...specs].sort());
    }, 120_000);

    it('runs compiled (node dist/main.js) and keeps a login across requests', async () => {
      const running = await app.start(await freePort());
      try {
        const login = await fetch(`${running.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'grace' }),
        });
        expect(login.status).toBe(200);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
        expect(cookie).toMatch(/^sid=./);
        const me = await fetch(`${running.url}/auth/me`, { headers: { cookie } });
        expect([me.status, await me.json()]).toEqual([200, { username: 'grace' }]);
      } finally {
        await running.stop();
      }
    }, 60_000);
  });
});

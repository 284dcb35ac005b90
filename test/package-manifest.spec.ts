import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { loadedFrom, packageOf, packagesOf } from './support/source-imports.js';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
};
/** Peer dependencies the library needs without importing them, and why. */
const UNIMPORTED_PEERS: Record<string, string> = {
  'reflect-metadata': "Nest's decorators need it; the app imports it",
  '@nestjs/platform-socket.io': 'one of the WebSocket platforms the websocket entry point serves',
  '@nestjs/platform-ws': 'one of the WebSocket platforms the websocket entry point serves',
  '@nestjs/event-emitter':
    "the events go to the app's EventEmitter2, found among its providers, never imported",
};
const unimported = (name: string): boolean => UNIMPORTED_PEERS[name] !== undefined;

function libraryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return libraryFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Whether Node would find `name` from the package at `path`, looking up its node_modules folders. */
function resolvable(packages: Record<string, unknown>, path: string, name: string): boolean {
  const parts = path.split('/node_modules/');
  for (let depth = parts.length; depth > 0; depth -= 1) {
    const candidate = `${parts.slice(0, depth).join('/node_modules/')}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return true;
  }
  return packages[`node_modules/${name}`] !== undefined;
}

describe('package manifest', () => {
  const imported = new Set(
    libraryFiles(join(root, 'src')).flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /^(?:import|export)\s[^;]*?from\s+'([^'.][^']*)'/gms,
        ),
        // A dynamic import() too: an optional peer loaded only when the app has it.
        ...readFileSync(file, 'utf8').matchAll(/\bimport\(\s*'([^'.][^']*)'\s*\)/g),
      ]
        .map((match) => match[1] as string)
        .filter(
          (specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier),
        )
        .map(packageOf),
    ),
  );

  it('declares every package the library imports as a dependency or peer dependency', () => {
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    expect([...imported].filter((name) => !declared.has(name))).toEqual([]);
    expect(imported.size).toBeGreaterThan(5);
  });

  it('declares as a peer dependency only what the library imports (or Nest needs of the app)', () => {
    const stale = Object.keys(manifest.peerDependencies ?? {}).filter(
      (name) => !imported.has(name) && !unimported(name),
    );
    expect(stale).toEqual([]);
  });

  describe('the main entry point (what an app does not use, it does not load)', () => {
    const peers = manifest.peerDependencies ?? {};
    const optional = (name: string): boolean =>
      manifest.peerDependenciesMeta?.[name]?.optional === true;
    const loaded = new Set(
      [...loadedFrom(join(root, 'src', 'index.ts'))].flatMap(packagesOf).map(packageOf),
    );

    it('loads only dependencies and required peer dependencies', () => {
      const declared = (name: string): boolean =>
        manifest.dependencies?.[name] !== undefined ||
        (peers[name] !== undefined && !optional(name));
      expect([...loaded].filter((name) => !declared(name))).toEqual([]);
      expect(loaded).toContain('@nestjs/common');
    });

    it('marks optional every peer dependency it does not load, so npm does not install it unasked', () => {
      // npm installs a required peer dependency that is missing: @nestjs/config 12 (ES modules only)
      // would land in a NestJS 11 CommonJS app that never asked for it.
      const required = Object.keys(peers).filter((name) => !optional(name) && !unimported(name));
      expect(required.filter((name) => !loaded.has(name))).toEqual([]);
      expect(optional('@nestjs/config')).toBe(true);
    });
  });

  it('also installs every peer dependency for its own build and tests', () => {
    const dev = manifest.devDependencies ?? {};
    expect(
      Object.keys(manifest.peerDependencies ?? {}).filter((name) => dev[name] === undefined),
    ).toEqual([]);
  });

  it('locks every optional dependency, so `npm ci` accepts the lock on a clean clone', () => {
    // npm ci refuses a lock that names an optional dependency without an entry for it; that happens
    // when the registry lacks a platform build of the version asked for (fixed with an override).
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolvable(lock.packages, path, name))
        .map((name) => `${path} -> ${name}`),
    );
    expect(missing).toEqual([]);
  });
});

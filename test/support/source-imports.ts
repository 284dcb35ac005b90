import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, resolve } from 'node:path';

/** An import or export statement's specifier, type-only ones left out: relative or a package's. */
const RUNTIME_IMPORT = /^(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)'/gms;

function runtimeSpecifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(RUNTIME_IMPORT)].map(
    (match) => match[1] as string,
  );
}

/** Every file of src/ that `entry` loads, following relative imports (type-only ones left out). */
export function loadedFrom(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const specifier of runtimeSpecifiers(entry).filter((name) => name.startsWith('.')))
    loadedFrom(resolve(dirname(entry), specifier.replace(/\.js$/, '.ts')), seen);
  return seen;
}

/** The packages a file imports at run time (type-only imports and Node's own left out), as written. */
export function packagesOf(file: string): string[] {
  return runtimeSpecifiers(file).filter(
    (specifier) => !specifier.startsWith('.') && !isBuiltin(specifier),
  );
}

/** The package a specifier names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'esbuild';
import type { LibraryPackage } from './library-package.js';

/** The library's entry points that the bench's targets import from src/, and the package subpath of each. */
const SOURCE_ENTRIES: Readonly<Record<string, string>> = {
  'src/index.js': '.',
  'src/config/index.js': './config',
};

/**
 * An esbuild plugin that bundles the library as users get it: an import of one of its entry points
 * from the compiled bench (`.../src/index.js`, as the targets import it) resolves to the built
 * package's file for that entry (what `import 'nestjs-dynamodb-session'` resolves to). Any other
 * import of src/ (no user can import that), or any at all without a built `library`, fails the build.
 *
 * @param compiledRoot where tsc compiled the bench, with the library's sources as `src/`.
 */
export function libraryFromPackage(
  compiledRoot: string,
  library: LibraryPackage | undefined,
): Plugin {
  return {
    name: 'library-from-package',
    setup(build) {
      build.onResolve({ filter: /(^|\/)src\// }, (args) => {
        const inRoot = relative(compiledRoot, resolve(args.resolveDir, args.path))
          .split(sep)
          .join('/');
        if (!inRoot.startsWith('src/') || isAbsolute(inRoot)) return undefined;
        const subpath = SOURCE_ENTRIES[inRoot];
        if (subpath === undefined || library === undefined) {
          const why =
            subpath === undefined
              ? 'which is no entry point of the package'
              : 'but the library was not built';
          return { errors: [{ text: `${args.importer} imports the library's ${inRoot}, ${why}` }] };
        }
        return { path: library.entry(subpath, 'esm') };
      });
    },
  };
}

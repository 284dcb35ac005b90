import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { fencedBlocks, readMarkdown, root } from './markdown.js';
import { UNINSTALLED_PACKAGE_TYPES } from './uninstalled-packages.js';

/**
 * A ```ts block of the docs, as the snippet spec compiles it: a module of its own, importing the
 * package by its public names. An HTML comment right above the fence may give
 * - `<!-- snippet prelude: ... -->`: code put before the snippet (imports, a DTO class, `declare const
 *   app: ...`) for the names a fragment uses without defining them;
 * - `<!-- snippet skip: <reason> -->`: not compiled, for the reason given (code for another
 *   toolchain, such as the AWS CDK).
 */
export interface Snippet {
  file: string;
  /** 1-based line of the snippet's first line in `file`. */
  line: number;
  prelude: string;
  code: string;
  skip?: string;
}

const MARKER = /<!--\s*snippet (prelude|skip):([\s\S]*?)-->\s*$/;

/** The TypeScript snippets of a markdown file (a path from the root). */
export function snippetsOf(file: string): Snippet[] {
  return fencedBlocks(readMarkdown(file))
    .filter((block) => block.language === 'ts' || block.language === 'typescript')
    .map((block) => {
      const [, kind, text = ''] = MARKER.exec(block.above) ?? [];
      const snippet: Snippet = { file, line: block.line, prelude: '', code: block.code };
      if (kind === 'skip') {
        if (text.trim() === '') throw new Error(`${file}:${block.line}: a skip must say why`);
        return { ...snippet, skip: text.trim() };
      }
      return kind === 'prelude' ? { ...snippet, prelude: `${text.trim()}\n` } : snippet;
    });
}

/**
 * Each public module name (`nestjs-dynamodb-session`, `nestjs-dynamodb-session/graphql`...) and the
 * source file behind it, read from package.json's exports (`./dist/x/index.d.ts` is built from
 * `src/x/index.ts`).
 */
export function publicEntryPoints(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { import: { types: string } }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.exports).flatMap(([subpath, target]) =>
      typeof target === 'string'
        ? []
        : [
            [
              `${manifest.name}${subpath.slice(1)}`,
              join(
                root,
                target.import.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'),
              ),
            ],
          ],
    ),
  );
}

/** The project's compiler options (strict), checking only, with the public names mapped to src/. */
function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const paths = Object.fromEntries(
    Object.entries(publicEntryPoints()).map(([name, source]) => [name, [source]]),
  );
  return { ...parsed.options, noEmit: true, declaration: false, sourceMap: false, paths };
}

/** Where a snippet is compiled: inside the repository, so its package.json and node_modules apply. */
const moduleFileOf = (snippet: Snippet): string =>
  join(root, '.snippets', `${snippet.file.replace(/\//g, '--')}-${snippet.line}.ts`);

/** A program of the given files, held in memory (path -> text), over the files on disk they import. */
function inMemoryProgram(files: Map<string, string>): ts.Program {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => files.has(path) || fileExists(path);
  host.readFile = (path) => files.get(path) ?? readFile(path);
  host.getSourceFile = (path, language, ...rest) => {
    const text = files.get(path);
    return text === undefined
      ? getSourceFile(path, language, ...rest)
      : ts.createSourceFile(path, text, language, true);
  };
  return ts.createProgram([...files.keys()], options, host);
}

const messageOf = (diagnostic: ts.Diagnostic): string =>
  `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;

/** A snippet's problems, each at its line in the markdown (or in the prelude). */
function problemsOf(program: ts.Program, path: string, snippet: Snippet): string[] {
  const source = program.getSourceFile(path);
  if (source === undefined) throw new Error(`${path} is not in the program`);
  const preludeLines = snippet.prelude.split('\n').length - 1;
  return [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ].map((diagnostic) => {
    const at = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    const where =
      at < preludeLines
        ? `${snippet.file}:${snippet.line} (its prelude, line ${at + 1})`
        : `${snippet.file}:${snippet.line + at - preludeLines}`;
    return `${where}: ${messageOf(diagnostic)}`;
  });
}

/**
 * Compiles each snippet (but the skipped) as a module of its own, in one program, writing nothing.
 * Resolves the problems found, as `file:line: TS<code>: <message>` with the markdown's line.
 */
export function compileSnippets(snippets: Snippet[]): string[] {
  const compiled = snippets.filter((snippet) => snippet.skip === undefined);
  const files = new Map([
    // `export {}`: a module even without imports, so `declare module` augments the package.
    ...compiled.map(
      (snippet) =>
        [moduleFileOf(snippet), `${snippet.prelude}${snippet.code}export {};\n`] as const,
    ),
    [join(root, '.snippets', 'uninstalled-packages.d.ts'), UNINSTALLED_PACKAGE_TYPES],
  ]);
  const program = inMemoryProgram(files);
  return [
    ...[...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(messageOf),
    ...compiled.flatMap((snippet) => problemsOf(program, moduleFileOf(snippet), snippet)),
  ];
}

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, imports running one way: the module and the Nest-facing pieces (nest/) -> the
 * transport adapters (http/, graphql/, websocket/) -> the session core (session/) -> the repository
 * (repository/) -> the table's layout and tools (table/) -> DynamoDB; and cli/ -> table/. The testing
 * module (testing/) stands in for the repository: it uses the core and the repository, no transport,
 * and nothing but its entry point loads it. Each entry forbids a folder's backward imports (one entry
 * per file: a later no-restricted-imports entry for the same file would replace an earlier one).
 */
const ADAPTERS = ['http', 'graphql', 'websocket', 'express-session', 'passport'];
const entryPoints = '(dynamo-session\\.module(-definition)?|index)\\.js$';
const folder = (...names) => `^\\.\\./(${names.join('|')})/`;
const layer = (files, message, ...regexes) => ({
  files,
  // An adapter's module adds its transport to the Nest-facing pieces (addSessionTransport); entry points
  // export from several layers.
  ignores: ['src/**/*.spec.ts', 'src/*/index.ts', 'src/*/*.module.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: regexes.map((regex) => ({
          regex,
          message: `${message} (layering, see eslint.config.js)`,
        })),
      },
    ],
  },
});
const layering = [
  layer(
    ['src/repository/**/*.ts'],
    'The repository knows no session core, transport, Nest-facing piece or module',
    folder('session', 'nest', 'cli', 'health', 'testing', ...ADAPTERS),
    `^\\.\\./${entryPoints}`,
  ),
  layer(
    ['src/session/**/*.ts'],
    'The session core knows no transport: a transport feeds it a SessionInput and maps its errors',
    folder('nest', 'table', 'cli', 'health', 'testing', ...ADAPTERS),
    `^\\.\\./${entryPoints}`,
  ),
  ...ADAPTERS.map((adapter) =>
    layer(
      [`src/${adapter}/**/*.ts`],
      `A transport adapter (${adapter}/) uses the session core, never the Nest-facing pieces, another transport or the module`,
      folder(
        'nest',
        'cli',
        'testing',
        // GraphQL and Passport ride on HTTP: they read the request as the HTTP adapter does.
        ...ADAPTERS.filter(
          (other) =>
            other !== adapter && !(['graphql', 'passport'].includes(adapter) && other === 'http'),
        ),
      ),
      `^\\.\\./${entryPoints}`,
    ),
  ),
  layer(
    ['src/nest/**/*.ts'],
    'The Nest-facing pieces do not import the module or the public barrel',
    folder('cli', 'testing'),
    `^\\.\\./${entryPoints}`,
  ),
  layer(
    ['src/testing/**/*.ts'],
    'The testing module stands in for the repository under the core: it knows no transport, CLI or health indicator',
    folder('cli', 'health', ...ADAPTERS),
  ),
  layer(
    ['src/table/**/*.ts', 'src/cli/**/*.ts'],
    'The table tools and the CLI know no session core, repository or transport',
    folder('session', 'repository', 'nest', 'health', 'testing', ...ADAPTERS),
    `^\\.\\./${entryPoints}`,
  ),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.build/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Nest modules are empty classes by design.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  ...layering,
);

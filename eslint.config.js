import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, imports running one way: the module and the Nest-facing pieces (nest/) -> the
 * transport adapters (http/, graphql/, websocket/) -> the session core (session/) -> the repository
 * (repository/) -> the options (options/) -> the table's layout and tools (table/) -> DynamoDB; and
 * cli/ -> table/. The options (defaults, environment variables, validation) are read by every layer
 * above them and know none of them; they read table/ for the table's layout (its name rules, default
 * names and the rules between them are the table tools' too: one home for both). The testing module
 * (testing/) stands in for the repository: it uses the core and the repository, no transport, and
 * nothing but its entry point loads it. The health indicator (health/) reads the options and the table.
 * The stream handler (streams/) turns the table's stream records into session events: it reads the
 * table layout, the handle's form and the event type, and needs neither Nest nor the AWS SDK.
 * The @nestjs/config namespace (config/) reads the options only, and only its entry point loads it, so
 * an app without @nestjs/config (or with an ES-modules-only one under CommonJS) never loads it.
 * The session rules (rules/: lifetime, touch, changes, identity) are pure functions that import nothing
 * of src/, so every layer that applies a rule uses the same one. The connect-dynamodb migration
 * (legacy/) is a plug-in of the core: it reaches it through SessionFallback and uses the repository;
 * neither imports it.
 *
 * The files at the root of src/ are two layers, not one:
 * - the top: the module, its definition, its providers, the client factory and the public barrel. No
 *   folder imports them, but for two other ways into the same core: testing/ builds its module from
 *   the providers, and express-session/'s Store (built without Nest) its client from the factory. They
 *   load no optional entry point (graphql/, websocket/, express-session/, passport/, testing/, health/:
 *   each is a subpath of its own, with its own peer dependencies), nor cli/.
 * - the bottom: the injection tokens (dynamo-session.constants.ts) and the clock (session-clock.ts),
 *   which nest/, the core, the repository, testing/ and health/ inject, and the base class of every
 *   error of the library (dynamo-session.error.ts). They import nothing of src/.
 *   They stay two leaf files rather than a folder of their own: a rule keeps them leaves as well, and
 *   moving them would change the import lines of every layer for no change in what depends on what.
 *
 * Each entry forbids a layer's backward imports; together they cover every file of src/ but the specs
 * (a spec, and a fixture only specs use, may build what it tests from any layer). One entry per file: a later entry of the same rule
 * for a file would replace an earlier one.
 */
const ADAPTERS = ['http', 'graphql', 'websocket', 'express-session', 'passport'];
const ENTRY_POINTS = [
  'graphql',
  'websocket',
  'express-session',
  'passport',
  'testing',
  'health',
  'config',
  'streams',
];
const folder = (...names) => `^\\.\\./(${names.join('|')})/`;
/** The root's top files, as a folder's file imports them, but for `allowed`. */
const rootTop = (...allowed) => {
  const top = [
    'dynamo-session\\.module',
    'dynamo-session\\.module-definition',
    'dynamo-session\\.providers',
    'dynamodb-client\\.factory',
    'index',
  ].filter((name) => !allowed.includes(name));
  return `^\\.\\./(${top.join('|')})\\.js$`;
};
// An adapter's module adds its transport to the Nest-facing pieces (addSessionTransport); entry points
// export from several layers.
const WIRING = ['src/*/index.ts', 'src/*/*.module.ts'];
/** `regexes`: forbidden import paths; `{ regex, allowTypeImports: true }` forbids all but types. */
const layer = (files, message, ...regexes) => ({
  files,
  ignores: ['src/**/*.spec.ts', 'src/**/*.fixture.ts', ...(files === WIRING ? [] : WIRING)],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: regexes.map((regex) => ({
          ...(typeof regex === 'string' ? { regex } : regex),
          message: `${message} (layering, see eslint.config.js)`,
        })),
      },
    ],
  },
});
const layering = [
  layer(
    [
      'src/dynamo-session.module.ts',
      'src/dynamo-session.module-definition.ts',
      'src/dynamo-session.providers.ts',
      'src/dynamodb-client.factory.ts',
      'src/index.ts',
    ],
    'The module, its providers and the public barrel load no optional entry point and no CLI',
    `^\\./(${['cli', ...ENTRY_POINTS].join('|')})/`,
  ),
  layer(
    ['src/dynamo-session.constants.ts', 'src/session-clock.ts', 'src/dynamo-session.error.ts'],
    "The injection tokens, the clock and the errors' base class are the bottom every layer uses: they import nothing of src/",
    '^\\.',
  ),
  layer(
    WIRING,
    "An entry point or an adapter's module wires its folder in: no CLI, main module or public barrel",
    folder('cli'),
    '^\\.\\./(dynamo-session\\.module|index)\\.js$',
  ),
  layer(
    ['src/options/**/*.ts'],
    'The options know no layer above them, only the table layout (the Session type is for isAuthenticated)',
    folder('repository', 'nest', 'cli', 'health', 'streams', 'testing', 'config', ...ADAPTERS),
    { regex: folder('session'), allowTypeImports: true },
    // At the root, only the errors' base class (a leaf every layer's errors extend).
    '^\\.\\./(?!dynamo-session\\.error\\.js$)[^/]+\\.js$',
  ),
  layer(
    ['src/rules/**/*.ts'],
    'The session rules are pure: they import nothing of src/',
    '^\\.\\./',
  ),
  layer(
    ['src/legacy/**/*.ts'],
    'The connect-dynamodb migration is a plug-in of the core (SessionFallback): it knows no transport, Nest-facing piece, testing module or the module',
    folder('config', 'nest', 'cli', 'health', 'streams', 'testing', ...ADAPTERS),
    rootTop(),
  ),
  layer(
    ['src/repository/**/*.ts'],
    'The repository knows no session core, transport, Nest-facing piece or module',
    folder(
      'config',
      'session',
      'legacy',
      'nest',
      'cli',
      'health',
      'streams',
      'testing',
      ...ADAPTERS,
    ),
    rootTop(),
  ),
  layer(
    ['src/session/**/*.ts'],
    'The session core knows no transport or plug-in: a transport feeds it a SessionInput and maps its errors; a plug-in (legacy/) reaches it through SessionFallback',
    folder('config', 'nest', 'table', 'cli', 'health', 'streams', 'testing', 'legacy', ...ADAPTERS),
    rootTop(),
  ),
  ...ADAPTERS.map((adapter) =>
    layer(
      [`src/${adapter}/**/*.ts`],
      `A transport adapter (${adapter}/) uses the session core, never the Nest-facing pieces, another transport or the module`,
      folder(
        'nest',
        'cli',
        'testing',
        'health',
        'streams',
        'config',
        // GraphQL and Passport ride on HTTP: they read the request as the HTTP adapter does.
        ...ADAPTERS.filter(
          (other) =>
            other !== adapter && !(['graphql', 'passport'].includes(adapter) && other === 'http'),
        ),
      ),
      // The Store, built without Nest, builds its client as the module does.
      adapter === 'express-session' ? rootTop('dynamodb-client\\.factory') : rootTop(),
    ),
  ),
  layer(
    ['src/nest/**/*.ts'],
    'The Nest-facing pieces do not import the module or the public barrel',
    folder('config', 'cli', 'testing', 'health', 'streams'),
    rootTop(),
  ),
  layer(
    ['src/testing/**/*.ts'],
    'The testing module stands in for the repository under the core: it knows no transport, CLI or health indicator',
    folder('config', 'cli', 'health', 'streams', ...ADAPTERS),
    rootTop('dynamo-session\\.module-definition', 'dynamo-session\\.providers'),
  ),
  layer(
    ['src/health/**/*.ts'],
    'The health indicator checks the table: it knows no session core, transport, Nest-facing piece or module',
    folder('config', 'session', 'nest', 'cli', 'testing', ...ADAPTERS),
    rootTop(),
  ),
  layer(
    ['src/streams/**/*.ts'],
    "The stream handler knows the table's layout, a handle's form and the event type: no core, Nest-facing piece, transport or module",
    folder('config', 'options', 'legacy', 'nest', 'cli', 'health', 'testing', ...ADAPTERS),
    { regex: folder('session'), allowTypeImports: true },
    rootTop(),
  ),
  layer(
    ['src/config/**/*.ts'],
    'The @nestjs/config namespace reads the options from the environment: it knows no other layer',
    folder(
      'session',
      'repository',
      'legacy',
      'nest',
      'cli',
      'health',
      'streams',
      'testing',
      'table',
      ...ADAPTERS,
    ),
    rootTop(),
  ),
  layer(
    ['src/table/**/*.ts', 'src/cli/**/*.ts'],
    'The table tools and the CLI know no options, session core, repository or transport',
    folder(
      'options',
      'session',
      'repository',
      'legacy',
      'nest',
      'health',
      'streams',
      'testing',
      'config',
      ...ADAPTERS,
    ),
    rootTop(),
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

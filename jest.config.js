/** Jest in native ESM mode (NestJS 12 is ESM-only): run through `NODE_OPTIONS=--experimental-vm-modules`. */

// @fastify/static (through @nestjs/platform-fastify and mercurius) require()s content-disposition 3,
// and light-my-request (Fastify's inject, which @fastify/aws-lambda uses) its own cookie, ES modules.
// Jest can require() an ES module only on Node 24.9 and later; below that (Node 22), those packages
// are compiled to CommonJS for the tests. Node itself (npm start) loads them either way.
const [major, minor] = process.versions.node.split('.').map(Number);
const jestRequiresEsm = major > 24 || (major === 24 && minor >= 9);
const esmOnlyPackages = jestRequiresEsm
  ? {}
  : {
      transformIgnorePatterns: [
        // Both node_modules of a nested path must let it through: the pattern is tried at each.
        '/node_modules/(?!(?:@fastify/static/node_modules/)?content-disposition/|(?:light-my-request/node_modules/)?cookie/)',
      ],
      esmOnlyTransform: {
        '/node_modules/(?:(?:@fastify/static/node_modules/)?content-disposition|light-my-request/node_modules/cookie)/.+\\.js$':
          '<rootDir>/test/support/esm-to-commonjs.transform.js',
      },
    };

export default {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/sample/**/*.spec.ts',
  ],
  // The consumer apps are templates with dependencies of their own, run by their own jest
  // (test/published-package.e2e.spec.ts copies them to a temporary folder first).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer-apps/'],
  modulePathIgnorePatterns: ['<rootDir>/test/consumer-apps/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
    ...esmOnlyPackages.esmOnlyTransform,
  },
  ...(esmOnlyPackages.transformIgnorePatterns && {
    transformIgnorePatterns: esmOnlyPackages.transformIgnorePatterns,
  }),
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};

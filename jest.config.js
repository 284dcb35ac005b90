/** Jest in native ESM mode (NestJS 12 is ESM-only): run through `NODE_OPTIONS=--experimental-vm-modules`. */
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
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};

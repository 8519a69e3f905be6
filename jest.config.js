/**
 * Two projects in one configuration, so `npm test` stays one jest run (one JSON result for CI):
 * `unit` is the specs beside the code, with mocks only and no global setup (nothing has to run);
 * `e2e` is the suites under test/, which need the harness (PostgreSQL, Redis, S3, SMTP, the build).
 * `npm run test:unit` and `npm run test:e2e` select one project each (their trailing
 * `--logHeapUsage=false` only ends `--selectProjects`' list, so that paths given after reach jest).
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@foyer/(api|worker|cli)$': '<rootDir>/apps/$1/src',
    '^@foyer/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@foyer/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/migrations'],
      testRegex: '.*\\.spec\\.ts$',
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testRegex: '.*\\.e2e-spec\\.ts$',
      // A project's global setup runs only when one of its suites is selected.
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
};

// Mutation testing (`npm run test:mutation`, not part of `npm test`): mutants in every domain/
// folder and in the kernel's pipeline and idempotency, killed only by the specs that cover them.
// One folder at a time: npm run test:mutation -- --mutate "libs/materialization/src/domain/**/*.ts,!**/*.spec.ts"
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) would re-run every selected spec each: ~80% of the time.
  // They are reported as ignored; drop this to include them.
  ignoreStatic: true,
  // 2 shared cores: one test runner process.
  concurrency: 1,
  mutate: [
    'libs/*/src/domain/**/*.ts',
    'libs/kernel/src/pipeline/**/*.ts',
    'libs/kernel/src/idempotency/**/*.ts',
    '!**/*.spec.ts',
    '!**/index.ts',
  ],
  // The sandbox needs the sources and the jest config, not builds, data, the console or benches.
  ignorePatterns: ['dist', 'data', 'coverage', 'console', 'bench', 'reports', '.tmp', 'docs'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Only the specs of the mutated code: domain specs, the pipeline's spec and the idempotency e2e test.
    config: {
      roots: ['<rootDir>/libs', '<rootDir>/test'],
      testMatch: [
        '<rootDir>/libs/*/src/domain/**/*.spec.ts',
        '<rootDir>/libs/kernel/test/command-pipeline.spec.ts',
        '<rootDir>/test/engine/idempotency.e2e-spec.ts',
      ],
    },
    enableFindRelatedTests: false,
  },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  timeoutMS: 20000,
};
export default config;

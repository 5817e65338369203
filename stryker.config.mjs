// Mutation testing (`npm run test:mutation`, not part of `npm test`): mutants in every domain/
// folder and in the kernel's pipeline and idempotency, killed only by the specs that cover them.
// One folder at a time (mutates that folder and runs only the specs that cover it):
//   MUTATE_FOLDER=libs/materialization/src/domain nice -n 10 npm run test:mutation
// @ts-check

/** The specs that cover each folder outside a domain/ folder (a domain folder's own specs cover it). */
const SPECS_OF = {
  'libs/kernel/src/pipeline': ['<rootDir>/libs/kernel/test/command-pipeline*.spec.ts'],
  'libs/kernel/src/idempotency': [
    '<rootDir>/libs/kernel/test/idempotency*.spec.ts',
    '<rootDir>/test/engine/idempotency.e2e-spec.ts',
  ],
};

const folder = process.env.MUTATE_FOLDER?.replace(/\/+$/, '');
const mutate = folder
  ? [`${folder}/**/*.ts`, '!**/*.spec.ts', '!**/index.ts']
  : [
      'libs/*/src/domain/**/*.ts',
      'libs/kernel/src/pipeline/**/*.ts',
      'libs/kernel/src/idempotency/**/*.ts',
      '!**/*.spec.ts',
      '!**/index.ts',
    ];
const testMatch = folder
  ? (SPECS_OF[folder] ?? [`<rootDir>/${folder}/**/*.spec.ts`])
  : ['<rootDir>/libs/*/src/domain/**/*.spec.ts', ...Object.values(SPECS_OF).flat()];

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
  mutate,
  // The sandbox needs the sources and the jest config, not builds, data, the console or benches.
  ignorePatterns: ['dist', 'data', 'coverage', 'console', 'bench', 'reports', '.tmp', 'docs'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: { roots: ['<rootDir>/libs', '<rootDir>/test'], testMatch },
    enableFindRelatedTests: false,
  },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${folder ? folder.replace(/\//g, '_') : 'all'}.html` },
  jsonReporter: { fileName: `reports/mutation/${folder ? folder.replace(/\//g, '_') : 'all'}.json` },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  timeoutMS: 20000,
};
export default config;

// Mutation testing (`npm run test:mutation`, not part of `npm test`): mutants in every domain/
// folder and in the kernel's pipeline and idempotency, killed only by the specs that cover them.
// One folder at a time (mutates that folder and runs only the specs that cover it):
//   MUTATE_FOLDER=libs/materialization/src/domain nice -n 10 npm run test:mutation
// @ts-check

/**
 * The specs that cover each folder outside a domain/ folder (a domain folder's own specs cover it),
 * with the folders jest must crawl for them.
 */
const ROOTS_OF = {
  'libs/kernel/src/pipeline': ['<rootDir>/libs/kernel/test'],
  'libs/kernel/src/idempotency': ['<rootDir>/libs/kernel/test'],
};
const SPECS_OF = {
  'libs/kernel/src/pipeline': ['<rootDir>/libs/kernel/test/command-pipeline*.spec.ts'],
  // The kernel spec drives the real interceptor over HTTP in ~2 s; the engine's end-to-end suite
  // (test/engine/idempotency.e2e-spec.ts, still part of `npm test`) starts engines, ~30 s a mutant.
  'libs/kernel/src/idempotency': ['<rootDir>/libs/kernel/test/idempotency*.spec.ts'],
};

const folder = process.env.MUTATE_FOLDER?.replace(/\/+$/, '');
/** Specs and their test-data builders (no production code imports them) are not mutated. */
const NOT_MUTATED = ['!**/*.spec.ts', '!**/*fixtures.ts', '!**/*spec.helpers.ts', '!**/index.ts'];
const mutate = folder
  ? [`${folder}/**/*.ts`, ...NOT_MUTATED]
  : [
      'libs/*/src/domain/**/*.ts',
      'libs/kernel/src/pipeline/**/*.ts',
      'libs/kernel/src/idempotency/**/*.ts',
      ...NOT_MUTATED,
    ];
const testMatch = folder
  ? (SPECS_OF[folder] ?? [`<rootDir>/${folder}/**/*.spec.ts`])
  : ['<rootDir>/libs/*/src/domain/**/*.spec.ts', ...Object.values(SPECS_OF).flat()];

const name = folder ? folder.replace(/\//g, '_') : 'all';
const roots = folder ? (ROOTS_OF[folder] ?? [`<rootDir>/${folder}`]) : ['<rootDir>/libs', '<rootDir>/test'];

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
  ignorePatterns: [
    'dist',
    'data',
    'coverage',
    'console',
    'bench',
    'reports',
    '.tmp',
    'docs',
    '.stryker-tmp*',
  ],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Crawling only the folder with the specs saves a second per mutant on 2 busy cores.
    config: { roots, testMatch },
    enableFindRelatedTests: false,
  },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  thresholds: { high: 90, low: 80, break: null },
  // A second run re-tests only the mutants whose code or covering specs changed.
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  timeoutMS: 20000,
};
export default config;

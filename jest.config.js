// One jest run covers domain specs, adapter contracts and end-to-end tests.
// @swc/jest keeps transpilation fast on 2 cores; `npm run typecheck` does the type checking.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const libs = ['eventstore', 'kernel', 'testing', 'segments', 'mergetree', 'catalog', 'compaction', 'materialization', 'audit'];
const moduleNameMapper = {};
for (const lib of libs) {
  moduleNameMapper[`^@engine/${lib}$`] = `<rootDir>/libs/${lib}/src`;
  moduleNameMapper[`^@engine/${lib}/(.*)$`] = `<rootDir>/libs/${lib}/src/$1`;
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper,
  testTimeout: 60000,
  maxWorkers: 2,
};

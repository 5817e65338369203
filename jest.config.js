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

const libs = ['eventstore', 'kernel', 'testing', 'segments', 'mergetree', 'catalog', 'compaction', 'materialization', 'audit', 'restore'];
const moduleNameMapper = {};
for (const lib of libs) {
  moduleNameMapper[`^@engine/${lib}$`] = `<rootDir>/libs/${lib}/src`;
  moduleNameMapper[`^@engine/${lib}/(.*)$`] = `<rootDir>/libs/${lib}/src/$1`;
}

const fs = require('node:fs');
const path = require('node:path');

/** Installed packages that ship only ES modules (NestJS 12 and some of its dependencies). */
function esmPackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = [];
  const isEsm = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  };
  for (const entry of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    if (entry.startsWith('@')) {
      for (const sub of fs.readdirSync(path.join(root, entry))) {
        if (isEsm(path.join(root, entry, sub))) names.push(`${entry}/${sub}`);
      }
    } else if (isEsm(path.join(root, entry))) names.push(entry);
  }
  return names.map((n) => n.replace(/[.+]/g, '\\$&'));
}
const ESM_PACKAGES = esmPackages();

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // Stryker's sandboxes (copies of the repo) must never be collected as tests or modules.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  // NestJS 12 ships ES modules only; jest on Node 20 cannot require() them, so they are
  // transpiled to CommonJS like our own sources.
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest', swc] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper,
  testTimeout: 60000,
  maxWorkers: 2,
};

// Shared jest settings: SWC transpiles TypeScript (with decorator metadata, which NestJS DI
// needs) and the tsconfig path aliases resolve to each library's single public entry.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const workspaceRoot = __dirname;
// Each project's results land here as JSON (nx.json's test target); jest does not create the folder.
require('node:fs').mkdirSync(path.join(workspaceRoot, 'tmp', 'test-results'), { recursive: true });
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')}$`,
    path.join(workspaceRoot, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  clearMocks: true,
};

// Runs TypeScript sources directly with Node (`node -r ./tools/ts-register.cjs file.ts`), for
// tools and local development: SWC transpiles each file (keeping decorator metadata, which NestJS
// dependency injection reads) and the tsconfig path aliases resolve to each library's entry.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');
const tsconfigPaths = require('tsconfig-paths');

const workspaceRoot = path.resolve(__dirname, '..');
const { compilerOptions } = require(path.join(workspaceRoot, 'tsconfig.base.json'));
tsconfigPaths.register({ baseUrl: workspaceRoot, paths: compilerOptions.paths });

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
  });
  module._compile(code, filename);
};

// Lint rules for the whole workspace. The module-boundary constraints are the architecture:
// apps are shells over libs, no app imports another, domain libs stay pure.
import nx from '@nx/eslint-plugin';

const frameworkImports = {
  patterns: [
    { group: ['@nestjs/*', 'kafkajs', 'typeorm', 'pg', 'express', 'prom-client'], message: 'Domain and contract libraries stay framework-free: move I/O to an app or a data-access lib.' },
  ],
};

const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:data-access', 'type:util'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:data-access', 'type:util', 'type:testing'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:pos', onlyDependOnLibsWithTags: ['scope:pos', 'scope:shared'] },
  { sourceTag: 'scope:inventory', onlyDependOnLibsWithTags: ['scope:inventory', 'scope:shared'] },
  { sourceTag: 'scope:forecasting', onlyDependOnLibsWithTags: ['scope:forecasting', 'scope:shared'] },
  { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:ops', 'scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:pos', 'scope:inventory', 'scope:forecasting', 'scope:shared'] },
];

// Tests may use the shared test helpers wherever they live; production code may not.
const testDepConstraints = depConstraints.map((constraint) =>
  constraint.onlyDependOnLibsWithTags.some((tag) => tag.startsWith('type:'))
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

const moduleBoundaries = (constraints) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], banTransitiveDependencies: false, depConstraints: constraints },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'tools/kafka/.dist', 'tools/kafka/.data', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(depConstraints),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': moduleBoundaries(testDepConstraints),
    },
  },
  {
    // The fault drills start the real ledger (and reorder-forecasting) in-process and drive the
    // ledger's LedgerWriter directly: the one place outside those apps allowed to import them.
    files: ['tools/chaos/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['../../../apps/inventory-ledger/src/**', '../../../apps/reorder-forecasting/src/**'], banTransitiveDependencies: false, depConstraints: testDepConstraints },
      ],
    },
  },
  {
    // The history benchmark loads the real online-retail year as the POS simulator's replay maps it.
    files: ['tools/bench/src/workload/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['../../../pos-simulator/src/replay/**'], banTransitiveDependencies: false, depConstraints },
      ],
    },
  },
  {
    // Times the ledger's own batch statement as months accumulate: it needs LedgerSql itself.
    files: ['tools/bench/src/batch-reads-by-months.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['../../../apps/inventory-ledger/src/**'], banTransitiveDependencies: false, depConstraints },
      ],
    },
  },
  {
    // Times pos-ingestion's own stages per POS line in process: it needs their code itself.
    files: ['tools/bench/src/pos-intake-cpu.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['../../../apps/pos-ingestion/src/**'], banTransitiveDependencies: false, depConstraints },
      ],
    },
  },
  {
    files: ['libs/*/domain/**/*.ts', 'libs/shared/contracts/**/*.ts'],
    ignores: ['**/*.int-spec.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
];

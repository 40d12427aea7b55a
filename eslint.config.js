import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

const postgresImport = {
  name: 'postgres',
  allowTypeImports: true,
  message: 'Open clients with openPostgres (db/connection.ts).',
}
const reactQueryImport = {
  name: '@tanstack/react-query',
  allowTypeImports: true,
  message:
    "Import react-query's hooks from #app/lib/trpc.ts: it brings the query layer before this module renders (ADR 034).",
}
/** Where react-query itself may be imported: the query layer, server code and tests. */
const QUERY_LAYER_FILES = [
  'app/lib/trpc.ts',
  'app/lib/live-runtime.ts',
  'app/**/*.server.ts',
  'app/**/*.test.ts',
  'app/**/*.test.tsx',
]

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'public/build/**',
      'node_modules/**',
      '.data/**',
      'tests/.tmp/**',
      'db/migrations/**',
      'bench/results/**',
      'bench/.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'deploy/scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'parseFloat', message: 'Money is parsed from text into integer cents.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Number',
          property: 'parseFloat',
          message: 'Money is parsed from text into integer cents.',
        },
      ],
    },
  },
  {
    // Route modules are shells: loader, action, meta and composition (issue #12). Their parts
    // live in app/components/<area>/ and use-*.ts hooks.
    files: ['app/routes/**'],
    rules: {
      'max-lines': ['error', { max: 200, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // One opener for postgres.js clients, so DATABASE_PREPARE reaches every connection (ADR 008).
    files: ['app/**', 'server/**', 'db/**', 'scripts/**'],
    ignores: ['db/connection.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [postgresImport] }] },
  },
  {
    // React-query's hooks through #app/lib/trpc.ts, which brings the query layer (ADR 034).
    files: ['app/**'],
    ignores: [...QUERY_LAYER_FILES, 'app/components/**', 'app/**/*.client.*'],
    rules: { 'no-restricted-imports': ['error', { paths: [postgresImport, reactQueryImport] }] },
  },
  {
    // Browser code must not pull server modules into the client bundle.
    files: ['app/components/**', 'app/**/*.client.*'],
    ignores: QUERY_LAYER_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [postgresImport, reactQueryImport],
          patterns: [
            {
              // Server code stays out of the browser bundle, but for the schema modules a page
              // shares with the server: server/lib/browser-safe-schemas.test.ts bundles each of
              // them for the browser (keep the two lists the same).
              regex:
                '^#(db/|server/(?!(lib/(validation|money-schema|reason-schema|reason)|' +
                'services/(users/fields|credits/adjustment-schema|credits/bulk-csv|' +
                'payments/topup-schema|virtfusion/schemas|dns-plans/plan-schemas|' +
                'dns-plans/schemas|api-tokens/schemas|catalog/schemas|provisioning/schemas|' +
                'services/schemas|settings/(schemas|defaults|credits-labels)))\\.ts$))',
              allowTypeImports: true,
              message: 'Use a .server bridge in app/lib, or a browser-safe schema module.',
            },
          ],
        },
      ],
    },
  },
  {
    // Asymmetric matchers (expect.any, expect.stringMatching) are typed any by design.
    files: ['tests/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  prettier,
)

// @ts-check
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.test-data/**', 'dist/**', 'web/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The domain core is pure: no I/O, no database, no HTTP. Keeping it so is what lets it be
    // unit tested exhaustively and shared with the web app.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'net',
                'http',
                'pg',
                'kysely',
                'fastify',
                '**/db/**',
                '**/http/**',
                '**/modules/**',
              ],
              message: 'src/core must stay free of I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The contract between server and clients: schemas, enums, the event map. The web app
    // bundles it, so it may import zod, src/core and itself, nothing else.
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'net',
                'http',
                'pg',
                'kysely',
                'fastify',
                'fastify-*',
                '@fastify/*',
                '**/db/**',
                '**/http/**',
                '**/modules/**',
                '**/voice/**',
                '**/app/**',
                '**/realtime/**',
                '**/channels/**',
                '**/config/**',
              ],
              message: 'src/contract may import only zod, src/core and itself.',
            },
          ],
        },
      ],
    },
  },
  {
    // The value lists and the permission table are read by every screen of the web app: kept
    // free of zod, so importing them does not put zod in the operator's first load.
    files: ['src/contract/enums.ts', 'src/contract/access.ts', 'src/contract/events.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'Keep this contract file zod-free (see its README).' }],
          patterns: [
            {
              group: ['./*', '!./enums.ts', '!./chat.ts'],
              message: 'Import only zod-free contract files here.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The browser bundle shares src/contract and src/core (both pure), never server modules.
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                '**/src/modules/**',
                '**/src/db/**',
                '**/src/http/**',
                '**/src/voice/**',
                '**/src/realtime/**',
                '**/src/app/**',
              ],
              message:
                'The web app may import only src/contract and src/core from the server code.',
            },
          ],
        },
      ],
    },
  },
);

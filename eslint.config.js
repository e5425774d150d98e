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
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The browser bundle may share src/core (pure) and type-only imports of the server's event
    // map, but never pull server modules into the page.
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/src/modules/**', '**/src/db/**', '**/src/http/**'],
              message: 'The web app may import only src/core (pure) from the server code.',
            },
          ],
        },
      ],
    },
  },
);

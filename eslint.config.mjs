// A small rule set: eslint's and typescript-eslint's recommended rules (no type-aware rules, so a lint of the whole
// tree takes seconds), plus the layering rules of CONTRIBUTING.md, which nothing else enforces.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** `from` may not import any of `patterns` (relative paths are matched by their tail). */
const forbid = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }] },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.vscode-test/', 'test-artifacts/', '.bench-out/', 'src/engine/kernels/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
      // `_name` marks an unused binding on purpose (a destructured field dropped, a callback's unused argument)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // finding control characters is this project's job (visible-text.ts, the message validator, their tests)
      'no-control-regex': 'off',
    },
  },
  // INVISIBLE matches UTF-16 code units on purpose (a lone surrogate pair range for the tag characters)
  { files: ['src/core/visible-text.ts'], rules: { 'no-misleading-character-class': 'off' } },
  { files: ['webview/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  // UI tests run part of their code in the page (page.evaluate)
  { files: ['test/ui/**/*.mjs'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  // tests, benchmarks and the bin shim load some modules lazily or by path, and may use `any` for test doubles
  {
    files: ['test/**', 'bench/**', 'bin/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The layers: core is pure (no vscode, no engine, no host code); the engine knows workers and wasm, never vscode;
  // the webviews run in a browser and share only the protocol and pure core helpers with the host.
  forbid(['src/core/**/*.ts'], ['vscode', '**/engine/*', '**/extension/*', '**/cli/*', 'node:worker_threads'],
    'src/core is pure: no vscode, engine, host or CLI code (see CONTRIBUTING.md)'),
  forbid(['src/engine/**/*.ts'], ['vscode', '**/extension/*', '**/cli/*'],
    'src/engine knows workers and wasm, never vscode or the host (see CONTRIBUTING.md)'),
  forbid(['src/protocol/**/*.ts'], ['vscode', '**/engine/*', '**/extension/*', 'node:*'],
    'the protocol is shared with the webviews: types, constants and pure core only'),
  forbid(['webview/**/*.ts'], ['vscode', '**/src/engine/*', '**/src/extension/*', '**/src/cli/*', 'node:*'],
    'webviews run in a browser: only src/protocol and pure src/core (see CONTRIBUTING.md)'),
);

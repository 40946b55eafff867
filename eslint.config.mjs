import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test/workspace/**', 'test/fixtures/**', 'bench/results/**', '**/*.js', '!test/fake-cli/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'test/*.mjs', 'bench/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    // Custom LSP messages are grouped per method in namespaces, as vscode-languageserver does.
    files: ['common/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    // The language-service core stays free of VS Code and of the LSP connection.
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'fs', 'node:fs', 'child_process', 'node:child_process'] }],
    },
  },
);

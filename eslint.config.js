// Lint rules that carry the architecture: electron stays in main/index.ts and main/platform,
// so everything else runs and is tested under plain Node or in Chromium.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: 'Only main/index.ts and main/platform/ may import electron; take it through a constructor.' }],
      patterns: [{ group: ['electron/*', 'electron-store', 'electron-updater'], message: 'Electron modules belong in main/platform/.' }]
    }
  ]
}

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'coverage/', '**/*.d.ts', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off'
    }
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['main/services/**/*.ts', 'common/**/*.ts', 'renderer/**/*.{ts,tsx}', 'server/**/*.ts'], rules: noElectron }
)

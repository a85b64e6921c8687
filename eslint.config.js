// Lint rules that carry the architecture: electron stays in main/index.ts and main/platform,
// so everything else runs and is tested under plain Node or in Chromium; and the features
// depend one way (docs/architecture.md): core ← calls ← updates ← desktop in main/services,
// ui → calling in the renderer, never back.
import js from '@eslint/js'
import i18next from 'eslint-plugin-i18next'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electronPaths = [{ name: 'electron', message: 'Only main/index.ts and main/platform/ may import electron; take it through a constructor.' }]
const electronPatterns = [{ group: ['electron/*', 'electron-store', 'electron-updater'], message: 'Electron modules belong in main/platform/.' }]

/** No electron, and none of `forbidden` (import paths, gitignore-style) for the files it is given to. */
function layer(forbidden = [], message = '') {
  const patterns = forbidden.length > 0 ? [...electronPatterns, { group: forbidden, message }] : electronPatterns
  return { 'no-restricted-imports': ['error', { paths: electronPaths, patterns }] }
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
  { files: ['main/services/**/*.ts', 'common/**/*.ts', 'renderer/**/*.{ts,tsx}', 'server/**/*.ts'], rules: layer() },
  {
    // The Platform interface names the desktop ports and the update backend it carries: types only.
    files: ['main/services/core/**/*.ts'],
    rules: layer(['../calls/*', '../desktop/*', '!../desktop/ports', '../updates/*', '!../updates/backend'], 'core depends on no feature.')
  },
  { files: ['main/services/calls/**/*.ts'], rules: layer(['../desktop/*', '../updates/*'], 'calls depends on core only.') },
  { files: ['main/services/updates/**/*.ts'], rules: layer(['../desktop/*'], 'updates depends on core and calls only.') },
  { files: ['renderer/calling/**/*.ts'], rules: layer(['../ui/*', '../ui/**'], 'The calls themselves know nothing of the screens.') },
  {
    // Every word a person reads on a screen goes through t() (common/i18n/locales): literal
    // text in JSX, and strings or templates in JSX attributes and expressions, fail here.
    // Attributes that are never shown or read out are allowed to be literal.
    files: ['renderer/ui/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'should-validate-template': true,
          // These lists replace the plugin's defaults, which they repeat.
          'jsx-attributes': {
            exclude: [
              'className', 'style', 'type', 'key', 'id', 'width', 'height', 'htmlFor', 'name', 'value', 'role', 'autoComplete',
              'inputMode', 'dateTime', 'lang', 'size', 'i18nKey', 'titleKey', 'initialMode', 'aria-live', 'aria-current', 'aria-haspopup',
              'aria-keyshortcuts', 'aria-hidden', 'aria-labelledby', 'aria-describedby', 'aria-invalid', 'src'
            ]
          },
          // Code that takes identifiers, not words: IPC channels, form fields, notice levels.
          callees: {
            exclude: ['i18n(ext)?', 't', 'require', 'addEventListener', 'removeEventListener', 'includes', 'indexOf', 'endsWith', 'startsWith', 'request', 'errorText', 'fieldError']
          },
          'object-properties': { exclude: ['[A-Z_-]+', 'level'] },
          // Punctuation, symbols and digits between translated parts (" · ", "@", "×", arrows)
          // are not words; nor are CONSTANT_NAMES.
          words: { exclude: [/^[\p{P}\p{S}\s\d]*$/u, /^[A-Z_-]+$/] }
        }
      ]
    }
  }
)

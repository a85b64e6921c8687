// i18next's types take their keys from the English resource: t('no.such.key') and a
// missing {{variable}} are type errors everywhere (main, renderer, tests).
import 'i18next'
import type { en } from './locales/en'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof en }
  }
}

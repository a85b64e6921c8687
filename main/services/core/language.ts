// The language main speaks and tells the windows to speak: the Language setting, or the
// OS's preferred languages when it says 'system'. Owns main's i18next instance, so the
// tray, menus, notifications and dialogs translate through `t` and re-render on `changed`.
import type { TFunction } from 'i18next'
import { createI18n, translatorOf, type I18n } from '../../../common/i18n/create'
import { resolveLanguage, systemLanguage, type Language } from '../../../common/i18n/languages'
import type { LanguageView } from '../../../common/ipc'
import { Emitter, type Unsubscribe } from './emitter'
import type { Logger } from './platform'
import type { SettingsService } from './settings'

export interface LanguageServiceOptions {
  settings: Pick<SettingsService, 'get' | 'onChange'>
  /** The OS's preferred languages, most preferred first (Platform.preferredLanguages). */
  preferredLanguages?: () => readonly string[]
  logger?: Logger
}

export class LanguageService {
  readonly #events = new Emitter<{ changed: LanguageView }>()
  readonly #i18n: I18n
  readonly #unsubscribe: Unsubscribe
  #view: LanguageView
  /** Translates in the current language (bound: safe to pass around). */
  readonly t: TFunction

  constructor(private readonly options: LanguageServiceOptions) {
    this.#view = this.#resolve()
    this.#i18n = createI18n(this.#view.language)
    this.t = translatorOf(this.#i18n)
    this.#unsubscribe = options.settings.onChange(() => this.refresh())
  }

  /** The language shown now. */
  language(): Language {
    return this.#view.language
  }

  view(): LanguageView {
    return { ...this.#view }
  }

  /** Resolves again (after a setting change; or when the OS's languages may have changed). */
  refresh(): void {
    const next = this.#resolve()
    if (next.language === this.#view.language && next.system === this.#view.system) return
    this.#view = next
    void this.#i18n.changeLanguage(next.language)
    this.options.logger?.info('language: changed', { language: next.language })
    this.#events.emit('changed', this.view())
  }

  onChange(listener: (view: LanguageView) => void): Unsubscribe {
    return this.#events.on('changed', listener)
  }

  dispose(): void {
    this.#unsubscribe()
  }

  #resolve(): LanguageView {
    const preferred = this.options.preferredLanguages?.() ?? []
    return { language: resolveLanguage(this.options.settings.get().language, preferred), system: systemLanguage(preferred) }
  }
}

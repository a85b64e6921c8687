// Secrets (OAuth and video tokens) encrypted with the OS keyring and kept in a small store.
// Modelled on Element Desktop's store.ts: remember which keyring backend wrote the secrets,
// never write them where the OS offers no real keyring, and treat a changed backend as
// "sign in again, here is why" rather than a crash or a silent sign-out.
import type { TFunction } from 'i18next'
import { createI18n, translatorOf } from '../../../common/i18n/create'
import type { SecretStorageView } from '../../../common/ipc'
import type { KeyValueStore, Logger, SecretStorage } from './platform'

const BACKEND_KEY = 'backend'
const SECRETS_KEY = 'secrets'

type EncryptedSecrets = Record<string, string>

export class SecretVault {
  readonly #memory = new Map<string, string>()
  /** Worded when taken, so it is in the language of that moment. */
  #notice: ((t: TFunction) => string) | undefined
  readonly #t: TFunction

  constructor(
    private readonly storage: SecretStorage,
    private readonly store: KeyValueStore,
    private readonly logger: Logger,
    /** The app's translator (default: English). */
    t?: TFunction
  ) {
    this.#t = t ?? translatorOf(createI18n('en'))
    this.#load()
  }

  /** Why secrets from a previous run could not be used, if they could not (shown once at sign-in). */
  takeNotice(): string | undefined {
    const notice = this.#notice
    this.#notice = undefined
    return notice?.(this.#t)
  }

  view(): SecretStorageView {
    if (this.storage.isPersistent) return { persistent: true, backend: this.storage.backend }
    return {
      persistent: false,
      backend: this.storage.backend,
      warning: this.storage.backend === 'basic_text' ? this.#t('mainErrors.noKeyring') : this.#t('mainErrors.noSecureStorage')
    }
  }

  get(name: string): string | undefined {
    return this.#memory.get(name)
  }

  set(name: string, value: string): void {
    this.#memory.set(name, value)
    this.#persist()
  }

  delete(name: string): void {
    if (this.#memory.delete(name)) this.#persist()
  }

  /** Forgets every secret, in memory and on disk, whichever backend wrote it. */
  wipe(): void {
    this.#memory.clear()
    this.store.delete(SECRETS_KEY)
    this.store.delete(BACKEND_KEY)
  }

  #persist(): void {
    // Without a real keyring nothing is written: plaintext (or basic_text obfuscation) on
    // disk is worse than signing in again. Secrets another backend wrote stay untouched, so
    // they come back when that keyring does.
    if (!this.storage.isPersistent) return
    if (this.#memory.size === 0) {
      this.store.delete(SECRETS_KEY)
      this.store.delete(BACKEND_KEY)
      return
    }
    const encrypted: EncryptedSecrets = {}
    for (const [name, value] of this.#memory) encrypted[name] = this.storage.encrypt(value).toString('base64')
    this.store.set(SECRETS_KEY, encrypted)
    this.store.set(BACKEND_KEY, this.storage.backend)
  }

  #load(): void {
    const stored = this.store.get(SECRETS_KEY)
    if (stored === undefined) return
    if (!isEncryptedSecrets(stored)) {
      this.logger.warn('vault: the stored secrets are not in the expected shape; ignoring them')
      this.#notice = (t) => t('mainErrors.signInUnreadable')
      return
    }
    const writtenBy = this.store.get(BACKEND_KEY)
    const writer = typeof writtenBy === 'string' ? writtenBy : 'unknown'
    if (!this.storage.isPersistent) {
      this.logger.warn('vault: no usable keyring now; leaving the stored secrets for later', { writer, now: this.storage.backend })
      this.#notice = (t) => t('mainErrors.keyringUnavailable', { writer })
      return
    }
    const decrypted = new Map<string, string>()
    for (const [name, cipher] of Object.entries(stored)) {
      try {
        decrypted.set(name, this.storage.decrypt(Buffer.from(cipher, 'base64')))
      } catch {
        this.logger.warn('vault: a stored secret could not be decrypted', { name, writer, now: this.storage.backend })
        decrypted.clear()
        const now = this.storage.backend
        this.#notice = (t) => (writer !== now ? t('mainErrors.keyringChanged', { from: writer, to: now }) : t('mainErrors.signInUndecryptable'))
        return
      }
    }
    for (const [name, value] of decrypted) this.#memory.set(name, value)
    if (writer !== this.storage.backend) {
      // The new keyring can read what the old one wrote (e.g. kwallet5 → kwallet6):
      // re-encrypt so the record names the backend that now holds the key.
      this.logger.info('vault: secrets migrated to the current keyring', { from: writer, to: this.storage.backend })
      this.#persist()
    }
  }
}

function isEncryptedSecrets(value: unknown): value is EncryptedSecrets {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  )
}

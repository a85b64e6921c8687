// Keyring stand-ins shaped like Electron's safeStorage: a real one (AES-256-GCM with a key
// held in memory, like a keyring would hold it), Linux's basic_text, and none at all.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretStorage } from '../../../main/services/core/platform'

export class TestKeyring implements SecretStorage {
  readonly isPersistent = true
  encryptCalls = 0

  constructor(
    readonly backend = 'gnome_libsecret',
    private readonly key: Buffer = randomBytes(32)
  ) {}

  /** The same keyring key under another backend name (a keyring that can read the old data). */
  renamed(backend: string): TestKeyring {
    return new TestKeyring(backend, this.key)
  }

  encrypt(plain: string): Buffer {
    this.encryptCalls += 1
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body])
  }

  decrypt(data: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12))
    decipher.setAuthTag(data.subarray(12, 28))
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8')
  }
}

/** safeStorage on Linux without a keyring: "encrypts" with a hard-coded key, so not persistent for us. */
export class NoKeyring implements SecretStorage {
  readonly isPersistent = false
  constructor(readonly backend: 'basic_text' | 'unavailable' = 'unavailable') {}
  encrypt(): Buffer {
    throw new Error('encryption is not available')
  }
  decrypt(): string {
    throw new Error('encryption is not available')
  }
}

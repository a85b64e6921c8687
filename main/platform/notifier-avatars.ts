// Notification servers want a local file for an icon, and the caller's avatar is a URL on
// someone else's server: fetch it once into a cache directory, with a size cap and a type
// check, and fall back to the app icon on any doubt.
import { createHash } from 'node:crypto'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const MAX_AVATAR_BYTES = 1024 * 1024
const FETCH_TIMEOUT_MS = 5_000
const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' }

export interface AvatarCacheOptions {
  directory: string
  fetch: typeof globalThis.fetch
}

export class AvatarCache {
  constructor(private readonly options: AvatarCacheOptions) {}

  /** A local path for the image at `url`, or undefined when it cannot be had safely. */
  async localPathFor(url: string | null | undefined): Promise<string | undefined> {
    if (!url) return undefined
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return undefined
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined
    const key = createHash('sha256').update(parsed.href).digest('hex').slice(0, 32)
    for (const extension of new Set(Object.values(EXTENSIONS))) {
      const cached = join(this.options.directory, `${key}.${extension}`)
      if (await exists(cached)) return cached
    }
    try {
      const response = await this.options.fetch(parsed.href, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' })
      const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      const extension = EXTENSIONS[type]
      const length = Number(response.headers.get('content-length') ?? 0)
      if (!response.ok || !extension || length > MAX_AVATAR_BYTES) return undefined
      const body = new Uint8Array(await response.arrayBuffer())
      if (body.byteLength === 0 || body.byteLength > MAX_AVATAR_BYTES) return undefined
      await mkdir(this.options.directory, { recursive: true })
      const path = join(this.options.directory, `${key}.${extension}`)
      await writeFile(path, body)
      return path
    } catch {
      return undefined
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

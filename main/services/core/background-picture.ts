// The user's own call background: one picture they picked, kept in the user data folder
// (backgrounds/own.<ext>), replaced by the next one. What the renderer sends is checked
// twice: the contract's schema (type, size) and the file's own first bytes, so a file
// named .png that is not one is refused.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { BACKGROUND_PICTURE_TYPES, BackgroundPictureUploadSchema, type BackgroundPictureUpload } from '../../../common/background'
import { InvalidRequestError } from './errors'

type PictureType = (typeof BACKGROUND_PICTURE_TYPES)[number]

const EXTENSIONS: Readonly<Record<PictureType, string>> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' }

/** Whether `bytes` start the way a file of `type` does. */
export function looksLike(type: PictureType, bytes: Uint8Array): boolean {
  const starts = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte)
  switch (type) {
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff)
    case 'image/webp':
      return starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP'
  }
}

export class BackgroundPictureStore {
  readonly #dir: string

  constructor(dataDir: string) {
    this.#dir = path.join(dataDir, 'backgrounds')
  }

  async set(upload: unknown): Promise<void> {
    const parsed = BackgroundPictureUploadSchema.safeParse(upload)
    if (!parsed.success) throw new InvalidRequestError('That picture is not a PNG, JPEG or WebP file of at most 5 MB.')
    const { type, bytes } = parsed.data
    if (!looksLike(type, bytes)) throw new InvalidRequestError('That file is not the picture it claims to be.')
    await mkdir(this.#dir, { recursive: true })
    await this.#removeAll()
    await writeFile(path.join(this.#dir, `own${EXTENSIONS[type]}`), bytes)
  }

  async get(): Promise<BackgroundPictureUpload | null> {
    const names = await readdir(this.#dir).catch(() => [] as string[])
    for (const [type, extension] of Object.entries(EXTENSIONS) as [PictureType, string][]) {
      if (!names.includes(`own${extension}`)) continue
      const bytes = new Uint8Array(await readFile(path.join(this.#dir, `own${extension}`)))
      const checked = BackgroundPictureUploadSchema.safeParse({ type, bytes })
      return checked.success && looksLike(type, bytes) ? checked.data : null
    }
    return null
  }

  async #removeAll(): Promise<void> {
    await Promise.all(Object.values(EXTENSIONS).map((extension) => rm(path.join(this.#dir, `own${extension}`), { force: true })))
  }
}

// The user's own background picture as main keeps it: a real PNG is stored and read back,
// the next replaces it, and a file that is too big, of another type, or not what its type
// says is refused.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BACKGROUND_PICTURE_MAX_BYTES } from '../../../common/background'
import { BackgroundPictureStore } from '../../../main/services/core/background-picture'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 9])

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shoutit-background-picture-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('background picture store', () => {
  it('keeps one picture in the data folder, the last one set', async () => {
    const store = new BackgroundPictureStore(dir)
    expect(await store.get()).toBeNull()
    await store.set({ type: 'image/png', bytes: PNG })
    expect(await store.get()).toEqual({ type: 'image/png', bytes: PNG })
    await store.set({ type: 'image/jpeg', bytes: JPEG })
    expect(await store.get()).toEqual({ type: 'image/jpeg', bytes: JPEG })
    expect(await readdir(path.join(dir, 'backgrounds'))).toEqual(['own.jpg'])
  })

  it('refuses another type, a file too big, and bytes that are not the type named', async () => {
    const store = new BackgroundPictureStore(dir)
    await expect(store.set({ type: 'image/gif', bytes: PNG })).rejects.toThrow(/PNG, JPEG or WebP/)
    const big = new Uint8Array(BACKGROUND_PICTURE_MAX_BYTES + 1)
    big.set(PNG)
    await expect(store.set({ type: 'image/png', bytes: big })).rejects.toThrow(/at most 5 MB/)
    await expect(store.set({ type: 'image/png', bytes: JPEG })).rejects.toThrow(/not the picture it claims/)
    await expect(store.set({ type: 'image/png', bytes: 'not bytes' })).rejects.toThrow()
    expect(await store.get()).toBeNull()
  })
})

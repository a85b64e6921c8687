// The local update feed the Electron update test points the app at: what it serves must be
// what electron-updater's generic provider reads (a channel file whose checksum matches).
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startUpdateFeed, type UpdateFeed } from '../../support/update-feed'

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }
const ChannelSchema = z.object({
  version: z.string(),
  files: z.array(z.object({ url: z.string(), sha512: z.string(), size: z.number() })).length(1),
  path: z.string(),
  sha512: z.string(),
  releaseDate: z.string()
})

let feed: UpdateFeed | undefined
afterEach(async () => {
  await feed?.close()
  feed = undefined
})

describe('the local update feed', () => {
  it.each(['linux', 'darwin', 'win32'] as const)('serves a %s channel file naming an artifact whose size and sha512 match', async (platform) => {
    const artifact = Buffer.from('pretend installer bytes')
    feed = await startUpdateFeed({ version: '99.0.0', artifact, platform })
    const channel = ChannelSchema.parse(yaml.load(await (await fetch(new URL(feed.channelFile, feed.url))).text()))
    expect(channel.version).toBe('99.0.0')
    const file = channel.files[0]!
    expect(file.url).toBe(feed.artifactName)
    const served = Buffer.from(await (await fetch(new URL(file.url, feed.url))).arrayBuffer())
    expect(served.equals(artifact)).toBe(true)
    expect(file.size).toBe(artifact.length)
    expect(file.sha512).toBe(createHash('sha512').update(served).digest('base64'))
    expect(feed.requests()).toEqual([`/${feed.channelFile}`, `/${feed.artifactName}`])
    expect((await fetch(new URL('other.yml', feed.url))).status).toBe(404)
  })
})

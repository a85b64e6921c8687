// electron-builder.yml, read and schema-checked by electron-builder itself, and the promises
// the issue makes about it (ids, scheme, hardened macOS, per-user Windows, Linux packages).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Configuration } from 'electron-builder'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../../..')
const quietDebugLogger = { isEnabled: false, add() {} } as unknown as Parameters<typeof validateConfiguration>[1]

async function loadConfig(): Promise<Configuration> {
  return getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)
}

/** Target names of one platform section, whatever form (string, object, list) they take. */
function targetNames(section: { target?: unknown } | null | undefined): string[] {
  const targets = section?.target
  const list = Array.isArray(targets) ? targets : targets === undefined ? [] : [targets]
  return list.map((target: unknown) => (typeof target === 'string' ? target : String((target as { target: string }).target)))
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(await loadConfig(), quietDebugLogger)).resolves.toBeUndefined()
  })

  it('the validation is live: a misspelt option is rejected', async () => {
    const config = { ...(await loadConfig()), asarUnpak: ['x'] } as Configuration
    await expect(validateConfiguration(config, quietDebugLogger)).rejects.toThrow(/asarUnpak/)
  })

  it('names the app as the app names itself (Windows AppUserModelID) and registers shoutit://', async () => {
    const config = await loadConfig()
    expect(config.appId).toBe('app.shoutit.desktop')
    expect(config.productName).toBe('Shoutit')
    const protocols = Array.isArray(config.protocols) ? config.protocols : [config.protocols]
    expect(protocols.flatMap((protocol) => protocol?.schemes ?? [])).toContain('shoutit')
  })

  it('macOS: dmg and zip (the updater needs the zip), hardened runtime, camera, microphone and JIT', async () => {
    const { mac } = await loadConfig()
    expect(targetNames(mac).sort()).toEqual(['dmg', 'zip'])
    expect(mac?.hardenedRuntime).toBe(true)
    expect(mac?.extendInfo).toMatchObject({
      NSCameraUsageDescription: expect.stringMatching(/camera/i),
      NSMicrophoneUsageDescription: expect.stringMatching(/microphone/i)
    })
    for (const file of [mac?.entitlements, mac?.entitlementsInherit]) {
      expect(file).toBeTypeOf('string')
      const plist = readFileSync(join(ROOT, file as string), 'utf8')
      for (const key of ['com.apple.security.cs.allow-jit', 'com.apple.security.device.camera', 'com.apple.security.device.audio-input']) {
        expect(plist).toMatch(new RegExp(`<key>${key.replaceAll('.', '\\.')}</key>\\s*<true/>`))
      }
      // Entitlements that would weaken the hardened runtime for no need of ours.
      expect(plist).not.toMatch(/disable-library-validation|allow-unsigned-executable-memory|allow-dyld-environment-variables/)
    }
  })

  it('Windows: a per-user NSIS installer', async () => {
    const config = await loadConfig()
    expect(targetNames(config.win)).toEqual(['nsis'])
    expect(config.nsis?.perMachine).toBe(false)
    expect(config.nsis?.allowElevation).toBe(false)
  })

  it('Linux: AppImage and deb in the Network category, the deb depending on libnotify', async () => {
    const config = await loadConfig()
    expect(targetNames(config.linux).sort()).toEqual(['AppImage', 'deb'])
    expect(config.linux?.category).toBe('Network')
    const entry = config.linux?.desktop?.entry as Record<string, string> | undefined
    expect(entry?.Categories).toMatch(/^Network;.*VideoConference;/)
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libnotify4', 'libnotify-bin']))
  })

  it('every icon file the configuration names exists', async () => {
    const config = await loadConfig()
    for (const icon of [config.mac?.icon, config.win?.icon, config.linux?.icon]) {
      expect(icon).toBeTypeOf('string')
      expect(existsSync(join(ROOT, icon as string)), icon as string).toBe(true)
    }
  })

  it('packs into an asar with node-notifier helpers unpacked, flips fuses after packing, and publishes a feed', async () => {
    const config = await loadConfig()
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toEqual(expect.arrayContaining([expect.stringContaining('node-notifier/vendor')]))
    expect(config.afterPack).toBe('./build/fuses.ts')
    const hook: unknown = (await import('../../../build/fuses')).default
    expect(hook).toBeTypeOf('function')
    expect(config.npmRebuild).toBe(false)
    expect(config.publish).toMatchObject({ provider: 'github' })
  })
})

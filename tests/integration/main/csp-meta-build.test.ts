// Every page of a fresh production build carries the app's Content-Security-Policy as a meta
// tag, generated from the header's own function: identical apart from frame-ancestors,
// which a meta tag cannot carry (main/platform/csp-meta.ts).
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../main/platform/csp'
import { cspMetaContents, metaPolicy } from '../../../main/platform/csp-meta'
import { DEFAULT_LOCAL_SERVER_URL } from '../../../main/services/core/servers'
import { buildRenderer, type RendererBuild } from '../../support/harness/renderer-build'

let build: RendererBuild

beforeAll(async () => {
  build = await buildRenderer()
}, 300_000)

afterAll(async () => {
  await build?.dispose()
})

describe('the built renderer pages', () => {
  it("each carry exactly one CSP meta, first in <head>, equal to the header's policy apart from frame-ancestors", async () => {
    const pages = (await readdir(build.dir)).filter((file) => file.endsWith('.html'))
    expect(pages).toContain('index.html')
    const header = contentSecurityPolicy({ serverUrl: DEFAULT_LOCAL_SERVER_URL })
    for (const page of pages) {
      const html = await readFile(path.join(build.dir, page), 'utf8')
      expect(cspMetaContents(html), page).toEqual([metaPolicy(header)])
      expect(metaPolicy(header)).toBe(header.replace("; frame-ancestors 'none'", ''))
      const head = html.slice(html.indexOf('<head>') + '<head>'.length).trimStart()
      expect(head.startsWith('<meta http-equiv="Content-Security-Policy"'), page).toBe(true)
    }
  })
})

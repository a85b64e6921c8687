// A local electron-updater feed (the "generic" provider): the channel file for this system
// (latest.yml, latest-mac.yml or latest-linux.yml) naming one artifact, and the artifact's
// bytes, on a loopback port. The Electron update test points the app at it with
// SHOUTIT_UPDATE_FEED_URL and watches which files the app fetched.
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { listenOnLoopback } from './loopback-server'

export interface UpdateFeed {
  /** The feed's base URL, ending in /. */
  url: string
  version: string
  channelFile: string
  artifactName: string
  /** Every path requested, oldest first. */
  requests(): string[]
  close(): Promise<void>
}

/** What electron-updater looks for on each system: its channel file and the artifact type it installs. */
export function feedFilesFor(platform: NodeJS.Platform, version: string): { channelFile: string; artifactName: string } {
  if (platform === 'darwin') return { channelFile: 'latest-mac.yml', artifactName: `Shoutit-${version}-mac.zip` }
  if (platform === 'win32') return { channelFile: 'latest.yml', artifactName: `Shoutit-Setup-${version}.exe` }
  return { channelFile: 'latest-linux.yml', artifactName: `Shoutit-${version}.AppImage` }
}

/** The channel file electron-builder would publish for one artifact (sha512 in base64, as it writes it). */
export function channelFileText(version: string, artifactName: string, artifact: Buffer, releaseDate: string): string {
  const sha512 = createHash('sha512').update(artifact).digest('base64')
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${artifactName}`,
    `    sha512: ${sha512}`,
    `    size: ${artifact.length}`,
    `path: ${artifactName}`,
    `sha512: ${sha512}`,
    `releaseDate: '${releaseDate}'`,
    ''
  ].join('\n')
}

export async function startUpdateFeed(options: { version: string; artifact?: Buffer; platform?: NodeJS.Platform }): Promise<UpdateFeed> {
  const artifact = options.artifact ?? Buffer.from(`not a real installer: Shoutit ${options.version}\n`)
  const { channelFile, artifactName } = feedFilesFor(options.platform ?? process.platform, options.version)
  const channel = channelFileText(options.version, artifactName, artifact, new Date(0).toISOString())
  const seen: string[] = []
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname
    seen.push(pathname)
    if (pathname === `/${channelFile}`) {
      response.writeHead(200, { 'Content-Type': 'text/yaml' }).end(channel)
    } else if (pathname === `/${artifactName}`) {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': artifact.length }).end(artifact)
    } else {
      response.writeHead(404).end()
    }
  })
  const listening = await listenOnLoopback(server)
  return { url: listening.url, version: options.version, channelFile, artifactName, requests: () => [...seen], close: listening.close }
}

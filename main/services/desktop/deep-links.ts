// shoutit:// links from the OS (second instance argv, macOS open-url) and from the
// notifications: parsed strictly, refused with a message when unknown or malformed, and
// handed to the navigation queue (core/navigation.ts), which holds them until the main
// window's renderer is ready, since macOS delivers the launch link before any window exists.
import type { TFunction } from 'i18next'
import { UsernameSchema } from '../../../common/api'
import { createI18n, translatorOf } from '../../../common/i18n/create'
import type { Navigate } from '../../../common/ipc'
import type { NavigationQueue } from '../core/navigation'
import type { Logger } from '../core/platform'

export const DEEP_LINK_SCHEME = 'shoutit'
const MAX_LINK_LENGTH = 512
const PROFILE_TYPES = new Set(['user', 'page'])

export type DeepLink = { kind: 'call'; username: string } | { kind: 'profile'; username: string }
export type DeepLinkParse = { ok: true; link: DeepLink } | { ok: false; reason: string }

const refuse = (reason: string): DeepLinkParse => ({ ok: false, reason })

/**
 * Accepts exactly `shoutit://call/<username>` and the historic
 * `shoutit://profile?username=<u>&type=user|page`. Everything else is refused.
 */
export function parseDeepLink(raw: unknown): DeepLinkParse {
  if (typeof raw !== 'string') return refuse('not a link')
  if (raw.length === 0 || raw.length > MAX_LINK_LENGTH) return refuse('the link is empty or too long')
  // Whitespace, control characters and escapes have no place in our links; URL parsing would quietly drop or decode them.
  if (/[\s\p{Cc}\p{Cf}%\\]/u.test(raw)) return refuse('the link contains characters Shoutit links never have')
  if (!raw.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) return refuse('not a shoutit:// link')
  // URL parsing resolves dot segments (call/alice/../bob is bob): refuse them instead.
  if (/\/\.{1,2}(?=\/|\?|$)/.test(raw)) return refuse('the link is malformed')

  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('the link is malformed')
  }
  if (url.username || url.password || url.port || url.hash) return refuse('the link is malformed')

  const target = url.hostname.toLowerCase()
  if (target === 'call') {
    if (url.search) return refuse('a call link takes no parameters')
    const match = /^\/([^/]+)\/?$/.exec(url.pathname)
    if (!match) return refuse('a call link names one username: shoutit://call/<username>')
    const username = parseUsername(match[1])
    if (!username) return refuse('the link names an invalid username')
    return { ok: true, link: { kind: 'call', username } }
  }
  if (target === 'profile') {
    if (url.pathname !== '' && url.pathname !== '/') return refuse('a profile link has no path')
    const keys = [...url.searchParams.keys()]
    if (keys.some((key) => key !== 'username' && key !== 'type') || new Set(keys).size !== keys.length) {
      return refuse('a profile link takes only username and type')
    }
    const type = url.searchParams.get('type')
    if (type !== null && !PROFILE_TYPES.has(type)) return refuse('unknown profile type')
    const username = parseUsername(url.searchParams.get('username'))
    if (!username) return refuse('the link names an invalid username')
    return { ok: true, link: { kind: 'profile', username } }
  }
  return refuse('Shoutit does not know this kind of link')
}

function parseUsername(value: unknown): string | undefined {
  const parsed = UsernameSchema.safeParse(value)
  return parsed.success && !/^\.+$/.test(parsed.data) ? parsed.data : undefined
}

/** Finds shoutit:// links among a second instance's (or the first launch's) command-line arguments. */
export function deepLinksInArgv(argv: readonly string[]): string[] {
  return argv.filter((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`))
}

export function navigationFor(link: DeepLink): Navigate {
  // A link from outside the app never starts a call without the user's say-so.
  return link.kind === 'call' ? { to: 'call', username: link.username, confirm: true } : { to: 'profile', username: link.username }
}

export interface DeepLinkHandlerOptions {
  queue: Pick<NavigationQueue, 'navigate' | 'notice'>
  showMain(): void
  logger: Logger
  /** Translates the notice (default: English); the reason itself is a technical phrase and stays English. */
  t?: TFunction
}

export class DeepLinkHandler {
  readonly #t: TFunction

  constructor(private readonly options: DeepLinkHandlerOptions) {
    this.#t = options.t ?? translatorOf(createI18n('en'))
  }

  handle(raw: unknown): DeepLinkParse {
    const parsed = parseDeepLink(raw)
    this.options.showMain()
    if (!parsed.ok) {
      // Never log or echo the link itself: it may be crafted to look like something else.
      this.options.logger.warn('deep link refused', { reason: parsed.reason })
      this.options.queue.notice({ level: 'warning', message: this.#t('notifications.linkFailed', { reason: parsed.reason }) })
      return parsed
    }
    this.options.logger.info('deep link accepted', { kind: parsed.link.kind })
    this.options.queue.navigate(navigationFor(parsed.link))
    return parsed
  }
}

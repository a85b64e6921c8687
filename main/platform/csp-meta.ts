// The renderer pages carry their Content-Security-Policy twice: as the response header and as
// a <meta http-equiv> tag, so a scanner reading the built files and a protocol handler that
// lost its headers both see it. The build writes the tag (scripts/lib/csp-meta-plugin.ts) for the
// default local server; the app's scheme rewrites it on every response to the header's exact
// policy, because the policy names the server chosen at runtime. Pure: tested in Node.

/** A meta CSP ignores these (CSP3 §4.2 / HTML): they exist only as a response header. */
export const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'report-to', 'sandbox'] as const

/** The header's policy without the directives a meta tag cannot carry, directives in the same order. */
export function metaPolicy(headerPolicy: string): string {
  return headerPolicy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !(HEADER_ONLY_DIRECTIVES as readonly string[]).includes(directive.split(/\s+/)[0]!.toLowerCase()))
    .join('; ')
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function cspMetaTag(headerPolicy: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(metaPolicy(headerPolicy))}">`
}

const CSP_META = /<meta\s+http-equiv=["']?Content-Security-Policy["']?[^>]*>/gi

/** The page with exactly one CSP meta, for this policy, first in <head> (a meta CSP governs only what follows it). */
export function withCspMeta(html: string, headerPolicy: string): string {
  const withoutMeta = html.replace(CSP_META, '')
  const head = /<head(\s[^>]*)?>/i.exec(withoutMeta)
  if (!head) throw new Error('the page has no <head> to carry its Content-Security-Policy')
  const at = head.index + head[0].length
  return `${withoutMeta.slice(0, at)}${cspMetaTag(headerPolicy)}${withoutMeta.slice(at)}`
}

/** What the meta tags of a page say, in order (values unescaped): one, by construction. */
export function cspMetaContents(html: string): string[] {
  return [...html.matchAll(CSP_META)].map((tag) => {
    const content = /\scontent="([^"]*)"/i.exec(tag[0])
    return (content?.[1] ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  })
}

/** The page without its CSP meta: for serving the build from an origin the policy does not name. */
export function withoutCspMeta(html: string): string {
  return html.replace(CSP_META, '')
}

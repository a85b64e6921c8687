// Writes the renderer's Content-Security-Policy into every built page as a meta tag, from the
// same function that builds the response header (main/platform/csp.ts), so the two cannot
// drift. The build cannot know the server a user will pick: it writes the policy for the
// default local server, and the app's scheme rewrites the tag per response to the header.
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from '../../main/platform/csp'
import { withCspMeta } from '../../main/platform/csp-meta'
import { DEFAULT_LOCAL_SERVER_URL } from '../../main/services/core/servers'

export function cspMetaPlugin(): Plugin {
  const policy = contentSecurityPolicy({ serverUrl: DEFAULT_LOCAL_SERVER_URL })
  return {
    name: 'shoutit-csp-meta',
    // The dev server injects inline scripts this policy forbids; the app always loads the build.
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: (html) => withCspMeta(html, policy) }
  }
}

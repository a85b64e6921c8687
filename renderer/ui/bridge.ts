// The renderer's only way to main: the preload's `window.shoutit`, found on the page and
// handed to the screens through a React context. `request` (shared with the call code)
// unwraps its replies so screens can use try/catch and show the message.
import { createContext, useContext } from 'react'
import type { ShoutitBridge } from '../../common/ipc'
import { t } from '../i18n'

export { BridgeError, request } from '../calling/bridge-calls'

/** The bridge the preload (or a test) bound to the page, if any. */
export function findBridge(scope: object = globalThis): ShoutitBridge | null {
  const candidate = (scope as { shoutit?: unknown }).shoutit
  if (typeof candidate !== 'object' || candidate === null) return null
  const { invoke, on } = candidate as Partial<ShoutitBridge>
  return typeof invoke === 'function' && typeof on === 'function' ? (candidate as ShoutitBridge) : null
}

/** A message a person can read, whatever was thrown. */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error && thrown.message) return thrown.message
  return t('common.somethingWentWrong')
}

export const BridgeContext = createContext<ShoutitBridge | null>(null)

export function useBridge(): ShoutitBridge {
  const bridge = useContext(BridgeContext)
  if (!bridge) throw new Error('useBridge needs a BridgeContext provider')
  return bridge
}

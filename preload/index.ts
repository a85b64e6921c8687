// The preload: exposes exactly the IPC contract as window.shoutit (ShoutitBridge), nothing
// generic. Channel names are checked here so nothing outside the contract reaches
// ipcRenderer; main validates sender and payload again. Listeners receive only the payload,
// never the IPC event (which would expose the sender object).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isEventChannel, isInvokeChannel } from '../common/ipc-channels'

const bridge = Object.freeze({
  invoke(channel: unknown, request: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) return Promise.reject(new Error(`unknown channel ${String(channel)}`))
    return ipcRenderer.invoke(channel, request)
  },
  on(channel: unknown, listener: unknown): () => void {
    if (!isEventChannel(channel)) throw new Error(`unknown channel ${String(channel)}`)
    if (typeof listener !== 'function') throw new TypeError('listener must be a function')
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => (listener as (payload: unknown) => void)(payload)
    ipcRenderer.on(channel, wrapped)
    return () => void ipcRenderer.removeListener(channel, wrapped)
  }
})

contextBridge.exposeInMainWorld('shoutit', bridge)

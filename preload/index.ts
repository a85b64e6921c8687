import { contextBridge, ipcRenderer } from 'electron'
import { isEventChannel, isInvokeChannel } from '../common/ipc-channels'

contextBridge.exposeInMainWorld('shoutit', {
  invoke: (channel: string, request: unknown) => {
    if (!isInvokeChannel(channel)) return Promise.reject(new Error(`unknown channel ${channel}`))
    return ipcRenderer.invoke(channel, request)
  },
  on: (channel: string, listener: (payload: unknown) => void) => {
    if (!isEventChannel(channel)) throw new Error(`unknown channel ${channel}`)
    const wrapped = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.removeListener(channel, wrapped)
  }
})

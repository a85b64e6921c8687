// Electron's ipcMain as one transport of the IPC router: every contract channel gets a
// handler that first checks the calling frame is app:// content, then hands the call to the
// router with the webContents id (which the router checks is one of our windows).
import { ipcMain } from 'electron'
import type { IpcResult } from '../../common/ipc'
import { INVOKE_CHANNEL_NAMES } from '../../common/ipc-channels'
import { isAppUrl } from './renderer-files'

export interface InvokeTarget {
  invoke(senderId: number, channel: string, request: unknown): Promise<IpcResult<unknown>>
}

export function bindIpcMain(target: InvokeTarget): () => void {
  for (const channel of INVOKE_CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, request: unknown): Promise<IpcResult<unknown>> => {
      // A frame inside our window that is not our page (none should exist) is refused too.
      const frameUrl = event.senderFrame?.url ?? ''
      if (!isAppUrl(frameUrl)) return { ok: false, error: { code: 'forbidden_sender', message: 'This frame may not use the app.' } }
      return target.invoke(event.sender.id, channel, request)
    })
  }
  return () => {
    for (const channel of INVOKE_CHANNEL_NAMES) ipcMain.removeHandler(channel)
  }
}

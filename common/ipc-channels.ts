// The contract's channel names alone, free of zod, so that the sandboxed preload stays
// small. common/ipc.ts checks at compile time that these lists match its schemas exactly.
export const INVOKE_CHANNEL_NAMES = [
  'session:get',
  'session:signIn',
  'session:signUp',
  'session:continueAsGuest',
  'session:signOut',
  'servers:get',
  'servers:select',
  'people:search',
  'people:get',
  'video:getToken',
  'video:tokenState',
  'video:identity',
  'video:ring',
  'video:reportMissed',
  'video:profileOf',
  'video:janusRoomToken',
  'realtime:config',
  'realtime:authorizeRoom',
  'presence:watch',
  'realtime:state',
  'check:server',
  'ring:current',
  'ring:accept',
  'ring:decline',
  'ring:callBack',
  'ring:dismiss',
  'call:activity',
  'call:finished',
  'history:list',
  'history:clear',
  'history:restoreCleared',
  'missed:markSeen',
  'missed:count',
  'settings:get',
  'settings:update',
  'background:getPicture',
  'background:setPicture',
  'screen:sources',
  'screen:choose',
  'app:openExternal',
  'app:ready',
  'app:about',
  'app:language',
  'app:showMain',
  'app:openDeviceCheck',
  'app:platform',
  'app:openPrivacySettings',
  'update:state',
  'update:installNow',
  'update:defer'
] as const

export const EVENT_CHANNEL_NAMES = [
  'session:changed',
  'video:tokenStateChanged',
  'realtime:stateChanged',
  'ring:incoming',
  'ring:ended',
  'call:rejected',
  'history:changed',
  'missed:countChanged',
  'presence:changed',
  'settings:changed',
  'navigate',
  'notice',
  'screen:pick',
  'update:stateChanged',
  'call:command',
  'app:languageChanged'
] as const

export type InvokeChannelName = (typeof INVOKE_CHANNEL_NAMES)[number]
export type EventChannelName = (typeof EVENT_CHANNEL_NAMES)[number]

export function isInvokeChannel(name: unknown): name is InvokeChannelName {
  return typeof name === 'string' && (INVOKE_CHANNEL_NAMES as readonly string[]).includes(name)
}

export function isEventChannel(name: unknown): name is EventChannelName {
  return typeof name === 'string' && (EVENT_CHANNEL_NAMES as readonly string[]).includes(name)
}

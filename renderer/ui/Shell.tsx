import { lazy, Suspense, useEffect, useState } from 'react'
import type { Profile } from '../../common/api'
import type { SessionView, Settings } from '../../common/ipc'
import { messageOf, request, useBridge } from './bridge'
import type { CallOptions } from '../calling/controller-types'
import type { LoadCallController } from './call/types'
import { useCallSession } from './call/useCallSession'
import { Avatar } from './components/Avatar'
import { Dialog } from './components/Dialog'
import { ScreenPicker } from './components/ScreenPicker'
import { StatusBanners } from './components/StatusBanners'
import { useBridgeEvent } from './hooks/useBridgeEvent'
import { useMainState } from './hooks/useMainState'
import { useNotify } from './hooks/useNotices'
import { PeopleScreen } from './screens/PeopleScreen'
import { SettingsScreen } from './screens/SettingsScreen'
import { displayName } from '../../common/display-name'

// The call view travels with the controller: neither is fetched before a call starts or rings.
const CallScreen = lazy(() => import('./call/CallScreen'))
const CallPip = lazy(() => import('./pip/CallPip'))

type SignedIn = Extract<SessionView, { state: 'signed-in' }>
type View = { screen: 'people'; search: string } | { screen: 'settings' }

interface ShellProps {
  session: SignedIn
  onSession: (session: SessionView) => void
  loadCallController: LoadCallController
  onCreateAccount: () => void
}

export function Shell({ session, onSession, loadCallController, onCreateAccount }: ShellProps) {
  const bridge = useBridge()
  const notify = useNotify()
  const [view, setView] = useState<View>({ screen: 'people', search: '' })
  const [confirmCall, setConfirmCall] = useState<Profile | null>(null)
  const [settings, setSettings] = useMainState('settings:get', 'settings:changed')
  const [history] = useMainState('history:list', 'history:changed')
  const [missed] = useMainState('missed:count', 'missed:countChanged')
  const [realtime] = useMainState('realtime:state', 'realtime:stateChanged')
  const [token] = useMainState('video:tokenState', 'video:tokenStateChanged')
  const [update] = useMainState('update:state', 'update:stateChanged')
  const canCall = !session.isGuest

  const callSession = useCallSession(bridge, loadCallController, {
    devices: { cameraId: settings?.cameraId, microphoneId: settings?.microphoneId }
  })
  const inCall = callSession.phase.phase !== 'idle'

  const saveSettings = (change: Partial<Settings>, failure: string) => {
    request(bridge, 'settings:update', change)
      .then(setSettings)
      .catch((thrown: unknown) => notify({ level: 'error', message: `${failure}: ${messageOf(thrown)}` }))
  }

  const updateDevices = (change: Pick<Settings, 'cameraId' | 'microphoneId' | 'speakerId'>) => {
    // An explicit '' clears a choice in main, where an absent key would mean "unchanged".
    const saved: Partial<Settings> = {}
    for (const key of ['cameraId', 'microphoneId', 'speakerId'] as const) if (key in change) saved[key] = change[key] ?? ''
    saveSettings(saved, 'The device was not saved')
  }

  const startCall = (peer: Profile, options?: CallOptions) => {
    if (!canCall) {
      notify({ level: 'warning', message: 'Video calls need an account. Create one to call people.' })
      return
    }
    callSession.call(peer, options)
  }

  const showPeople = (search = '') => setView({ screen: 'people', search })

  useBridgeEvent('navigate', (target) => {
    switch (target.to) {
      case 'people':
        showPeople()
        return
      case 'settings':
        setView({ screen: 'settings' })
        return
      case 'profile':
        showPeople(target.username)
        return
      case 'answer':
        callSession.answer({ room: target.room, callerIdentity: target.callerIdentity, caller: target.caller }, { video: target.video })
        return
      case 'call':
        request(bridge, 'people:get', { username: target.username })
          .then((peer) => (target.confirm ? setConfirmCall(peer) : startCall(peer, target.video === false ? { video: false } : undefined)))
          .catch((thrown: unknown) => notify({ level: 'error', message: `Cannot call ${target.username}: ${messageOf(thrown)}` }))
        return
    }
  })

  useBridgeEvent('ring:incoming', () => {
    if (canCall) callSession.warmUp()
  })
  useBridgeEvent('ring:ended', ({ reason }) => {
    if (reason !== 'accepted') callSession.coolDown()
  })

  // Navigation buffered in main (a deep link that opened the app) is delivered once we listen.
  useEffect(() => {
    void request(bridge, 'app:ready', {}).catch(() => undefined)
  }, [bridge])

  const missedCount = missed?.count ?? 0
  return (
    <div className={inCall ? 'app calling' : 'app'}>
      {!inCall && (
        <header className="app-header">
          <span className="brand">Shoutit</span>
          <nav aria-label="Main">
            <button type="button" aria-current={view.screen === 'people' ? 'page' : undefined} onClick={() => showPeople()}>
              People
              {missedCount > 0 && (
                <span className="badge" aria-label={`, ${missedCount} missed`}>
                  {missedCount}
                </span>
              )}
            </button>
            <button type="button" aria-current={view.screen === 'settings' ? 'page' : undefined} onClick={() => setView({ screen: 'settings' })}>
              Settings
            </button>
          </nav>
          {settings && canCall && (
            <button
              type="button"
              className="dnd-toggle"
              aria-pressed={settings.doNotDisturb}
              title="While on, calls to you don't ring; they are listed as missed."
              onClick={() => saveSettings({ doNotDisturb: !settings.doNotDisturb }, 'Do not disturb was not changed')}
            >
              Do not disturb
            </button>
          )}
          <span className="me">
            <Avatar profile={session.profile} />
            <span className="me-name" title={displayName(session.profile)}>
              {displayName(session.profile)}
            </span>
            {session.isGuest && <span className="pill">Guest</span>}
          </span>
        </header>
      )}
      <StatusBanners
        realtime={realtime}
        token={token}
        update={update}
        inCall={inCall}
        isGuest={session.isGuest}
        storageWarning={session.storage.warning}
      />
      {callSession.controller && callSession.phase.phase !== 'idle' ? (
        <Suspense fallback={<p role="status">Opening the call…</p>}>
          <CallScreen
            controller={callSession.controller}
            phase={callSession.phase}
            devices={settings ?? {}}
            onDevicesChange={updateDevices}
            onCallAgain={canCall ? (ended) => startCall(ended.peer) : undefined}
          />
        </Suspense>
      ) : view.screen === 'people' ? (
        <PeopleScreen
          key={view.search}
          canCall={canCall}
          history={history}
          missedCount={missedCount}
          initialSearch={view.search}
          onCall={startCall}
          onCreateAccount={onCreateAccount}
        />
      ) : (
        <SettingsScreen
          session={session}
          settings={settings}
          onSettings={setSettings}
          onDevicesChange={updateDevices}
          onSession={onSession}
        />
      )}
      {callSession.controller && callSession.phase.phase !== 'idle' && (
        // Its own boundary: the small window's chunk never holds up the call screen.
        <Suspense fallback={null}>
          <CallPip controller={callSession.controller} phase={callSession.phase} enabled={settings?.pictureInPicture === true} />
        </Suspense>
      )}
      {callSession.loading && (
        <p role="status" className="loading-call">
          Getting the call ready…
        </p>
      )}
      {confirmCall && (
        <Dialog title={`Call ${displayName(confirmCall)}?`} onCancel={() => setConfirmCall(null)}>
          <p>A video call starts and {displayName(confirmCall)} is rung.</p>
          <div className="button-row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                const peer = confirmCall
                setConfirmCall(null)
                startCall(peer)
              }}
            >
              Call
            </button>
            <button type="button" onClick={() => setConfirmCall(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
      <ScreenPicker />
    </div>
  )
}

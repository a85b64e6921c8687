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
import { realtimeLost, StatusBanners } from './components/StatusBanners'
import { useBridgeEvent } from './hooks/useBridgeEvent'
import { useMainState } from './hooks/useMainState'
import { useNotify } from './hooks/useNotices'
import { useWords } from './i18n/LanguageProvider'
import { PeopleScreen } from './screens/PeopleScreen'
import { SettingsScreen } from './screens/SettingsScreen'
import type { DeviceChoice } from './settings/DeviceSettings'
import { displayName } from '../../common/display-name'

// The call view travels with the controller: neither is fetched before a call starts or rings.
const CallScreen = lazy(() => import('./call/CallScreen'))
const CallPip = lazy(() => import('./pip/CallPip'))
// The device check opens the camera and may load twilio-video's preflight: not on the first screen either.
const DeviceCheckScreen = lazy(() => import('./check/DeviceCheckScreen'))

type SignedIn = Extract<SessionView, { state: 'signed-in' }>
type View = { screen: 'people'; search: string } | { screen: 'settings' } | { screen: 'device-check'; back: 'people' | 'settings' }
/** An outgoing call waiting for the device check's "Start call" ("Check my devices before each call"). */
type PendingCall = { peer: Profile; options: CallOptions | undefined }

interface ShellProps {
  session: SignedIn
  onSession: (session: SessionView) => void
  loadCallController: LoadCallController
  onCreateAccount: () => void
}

export function Shell({ session, onSession, loadCallController, onCreateAccount }: ShellProps) {
  const bridge = useBridge()
  const notify = useNotify()
  const { t } = useWords()
  const [view, setView] = useState<View>({ screen: 'people', search: '' })
  // A call main asks to confirm (the tray's recent calls), with its kind: voice or video, as the call it calls back.
  const [confirmCall, setConfirmCall] = useState<{ peer: Profile; options?: CallOptions } | null>(null)
  const [pendingCall, setPendingCall] = useState<PendingCall | null>(null)
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
      .catch((thrown: unknown) => notify({ level: 'error', message: t('common.failedBecause', { what: failure, error: messageOf(thrown) }) }))
  }

  const updateDevices = (change: DeviceChoice) => {
    if (change.noiseSuppression !== undefined) {
      saveSettings({ noiseSuppression: change.noiseSuppression }, t('app.noiseSuppressionNotSaved'))
      return
    }
    if (change.background !== undefined) {
      saveSettings({ background: change.background, ...(change.backgroundPictureId ? { backgroundPictureId: change.backgroundPictureId } : {}) }, t('app.backgroundNotSaved'))
      return
    }
    // An explicit '' clears a choice in main, where an absent key would mean "unchanged".
    const saved: Partial<Settings> = {}
    for (const key of ['cameraId', 'microphoneId', 'speakerId'] as const) if (key in change) saved[key] = change[key] ?? ''
    saveSettings(saved, t('app.deviceNotSaved'))
  }

  const startCall = (peer: Profile, options?: CallOptions) => {
    if (!canCall) {
      notify({ level: 'warning', message: t('app.callsNeedAccount') })
      return
    }
    if (settings?.checkDevicesBeforeCall) {
      setPendingCall({ peer, options })
      return
    }
    callSession.call(peer, options)
  }

  const showPeople = (search = '') => setView({ screen: 'people', search })
  const leaveDeviceCheck = () => (view.screen === 'device-check' && view.back === 'settings' ? setView({ screen: 'settings' }) : showPeople())
  const showDeviceCheck = () => setView((current) => (current.screen === 'device-check' ? current : { screen: 'device-check', back: current.screen }))

  useBridgeEvent('navigate', (target) => {
    switch (target.to) {
      case 'people':
        showPeople()
        return
      case 'settings':
        setView({ screen: 'settings' })
        return
      case 'device-check':
        showDeviceCheck()
        return
      case 'profile':
        showPeople(target.username)
        return
      case 'answer':
        callSession.answer({ room: target.room, callerIdentity: target.callerIdentity, caller: target.caller }, { video: target.video })
        return
      case 'call':
        request(bridge, 'people:get', { username: target.username })
          .then((peer) => {
            const options = target.video === false ? { video: false } : undefined
            if (target.confirm) setConfirmCall({ peer, ...(options ? { options } : {}) })
            else startCall(peer, options)
          })
          .catch((thrown: unknown) => notify({ level: 'error', message: t('app.cannotCall', { username: target.username, error: messageOf(thrown) }) }))
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
          <span className="brand">{t('app.title')}</span>
          <nav aria-label={t('header.navigation')}>
            <button type="button" aria-current={view.screen === 'people' ? 'page' : undefined} onClick={() => showPeople()}>
              {t('header.people')}
              {missedCount > 0 && (
                <span className="badge" aria-label={t('header.missedSuffix', { count: missedCount })}>
                  {missedCount}
                </span>
              )}
            </button>
            <button type="button" aria-current={view.screen === 'settings' ? 'page' : undefined} onClick={() => setView({ screen: 'settings' })}>
              {t('header.settings')}
            </button>
          </nav>
          {settings && canCall && (
            <button
              type="button"
              className="dnd-toggle"
              aria-pressed={settings.doNotDisturb}
              title={t('header.doNotDisturbHint')}
              onClick={() => saveSettings({ doNotDisturb: !settings.doNotDisturb }, t('app.dndNotChanged'))}
            >
              {t('header.doNotDisturb')}
            </button>
          )}
          <span className="me">
            <Avatar profile={session.profile} />
            <span className="me-name" title={displayName(session.profile)}>
              {displayName(session.profile)}
            </span>
            {session.isGuest && <span className="pill">{t('header.guest')}</span>}
          </span>
        </header>
      )}
      <StatusBanners
        realtime={realtime}
        token={token}
        update={update}
        inCall={inCall}
        callConnected={callSession.phase.phase === 'in-call'}
        isGuest={session.isGuest}
        storageWarning={session.storage.warning}
      />
      {callSession.controller && callSession.phase.phase !== 'idle' ? (
        <Suspense fallback={<p role="status">{t('app.openingCall')}</p>}>
          <CallScreen
            controller={callSession.controller}
            phase={callSession.phase}
            devices={settings ?? {}}
            onDevicesChange={updateDevices}
            presenceKnown={!realtimeLost(realtime)}
            onCallAgain={canCall ? (ended) => startCall(ended.peer, ended.voice ? { video: false } : undefined) : undefined}
          />
        </Suspense>
      ) : pendingCall || view.screen === 'device-check' ? (
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <DeviceCheckScreen
            // A new check for each call: nothing of the last one's results carries over.
            key={pendingCall ? `call-${pendingCall.peer.username}` : 'check'}
            isGuest={session.isGuest}
            devices={settings ?? {}}
            onDevicesChange={updateDevices}
            realtime={realtime}
            {...(pendingCall
              ? {
                  beforeCall: {
                    peer: pendingCall.peer,
                    onStart: () => {
                      setPendingCall(null)
                      callSession.call(pendingCall.peer, pendingCall.options)
                    },
                    onCancel: () => setPendingCall(null)
                  }
                }
              : {})}
            onDone={leaveDeviceCheck}
          />
        </Suspense>
      ) : view.screen === 'people' ? (
        <PeopleScreen
          key={view.search}
          canCall={canCall}
          presenceKnown={session.isGuest || !realtimeLost(realtime)}
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
          onCheckDevices={showDeviceCheck}
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
          {t('app.gettingCallReady')}
        </p>
      )}
      {confirmCall && (
        <Dialog title={t('app.confirmCallTitle', { name: displayName(confirmCall.peer) })} onCancel={() => setConfirmCall(null)}>
          <p>{t(confirmCall.options?.video === false ? 'app.confirmVoiceCallText' : 'app.confirmCallText', { name: displayName(confirmCall.peer) })}</p>
          <div className="button-row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                const { peer, options } = confirmCall
                setConfirmCall(null)
                startCall(peer, options)
              }}
            >
              {t('app.confirmCallButton')}
            </button>
            <button type="button" onClick={() => setConfirmCall(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
      <ScreenPicker />
    </div>
  )
}

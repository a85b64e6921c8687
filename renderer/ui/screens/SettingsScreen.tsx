import { useId, useState } from 'react'
import type { SessionView, Settings } from '../../../common/ipc'
import { messageOf, request, useBridge } from '../bridge'
import { FocusHeading } from '../components/FocusHeading'
import { AboutSection } from '../settings/AboutSection'
import { AppearanceSettings } from '../settings/AppearanceSettings'
import { DeviceSettings } from '../settings/DeviceSettings'
import { SoundSettings } from '../settings/SoundSettings'
import { displayName } from '../../../common/display-name'

type SignedIn = Extract<SessionView, { state: 'signed-in' }>

interface SettingsScreenProps {
  session: SignedIn
  settings: Settings | null
  onSettings: (settings: Settings) => void
  onDevicesChange: (change: Pick<Settings, 'cameraId' | 'microphoneId' | 'speakerId'>) => void
  onSession: (session: SessionView) => void
}

export function SettingsScreen({ session, settings, onSettings, onDevicesChange, onSession }: SettingsScreenProps) {
  const bridge = useBridge()
  const [error, setError] = useState<string | null>(null)
  const retryId = useId()
  const accelerationNoteId = useId()

  const update = (change: Partial<Settings>) => {
    setError(null)
    request(bridge, 'settings:update', change)
      .then(onSettings)
      .catch((thrown: unknown) => setError(`The setting was not saved: ${messageOf(thrown)}`))
  }

  return (
    <main className="screen settings-screen">
      <FocusHeading>Settings</FocusHeading>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!settings ? (
        <p role="status">Loading settings…</p>
      ) : (
        <>
          <section aria-labelledby="settings-calls">
            <h2 id="settings-calls">Calls</h2>
            <label className="check">
              <input
                type="checkbox"
                checked={settings.doNotDisturb}
                onChange={(event) => update({ doNotDisturb: event.target.checked })}
              />
              Do not disturb: incoming calls don't ring and are listed as missed
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={settings.launchAtLogin}
                onChange={(event) => update({ launchAtLogin: event.target.checked })}
              />
              Start Shoutit when I sign in to this computer
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={settings.pictureInPicture}
                onChange={(event) => update({ pictureInPicture: event.target.checked })}
              />
              Show a small call window when Shoutit is in the background
            </label>
            <div className="field">
              <label htmlFor={retryId}>Pause between ring attempts (seconds)</label>
              <input
                id={retryId}
                type="number"
                min={0}
                max={15}
                step={1}
                inputMode="numeric"
                value={settings.retryPauseSeconds}
                onChange={(event) => {
                  const seconds = Number(event.target.value)
                  if (Number.isInteger(seconds) && seconds >= 0 && seconds <= 15) update({ retryPauseSeconds: seconds })
                }}
              />
            </div>
          </section>
          <section aria-labelledby="settings-sounds">
            <h2 id="settings-sounds">Ringtone and notifications</h2>
            <SoundSettings settings={settings} update={update} />
          </section>
          <section aria-labelledby="settings-devices">
            <h2 id="settings-devices">Camera, microphone and speaker</h2>
            <DeviceSettings choice={settings} onChange={onDevicesChange} />
          </section>
          <section aria-labelledby="settings-app">
            <h2 id="settings-app">App</h2>
            <label className="check">
              <input
                type="checkbox"
                checked={settings.hardwareAcceleration}
                aria-describedby={accelerationNoteId}
                onChange={(event) => update({ hardwareAcceleration: event.target.checked })}
              />
              Use hardware acceleration
            </label>
            <p id={accelerationNoteId} className="hint">
              Applies after Shoutit restarts. Turn it off if video flickers or windows stay blank.
            </p>
            <AppearanceSettings settings={settings} update={update} />
          </section>
        </>
      )}
      <section aria-labelledby="settings-account">
        <h2 id="settings-account">Account</h2>
        <p>
          Signed in as <strong>{displayName(session.profile)}</strong> (@{session.profile.username})
          {session.isGuest ? ', a guest account' : ''}.
        </p>
        {session.storage.warning && <p className="warning">{session.storage.warning}</p>}
        <button
          type="button"
          onClick={() => {
            request(bridge, 'session:signOut', {})
              .then(onSession)
              .catch((thrown: unknown) => setError(messageOf(thrown)))
          }}
        >
          Sign out
        </button>
      </section>
      <AboutSection />
    </main>
  )
}

import { useId, useState } from 'react'
import { Trans } from 'react-i18next'
import type { SessionView, Settings } from '../../../common/ipc'
import { messageOf, request, useBridge } from '../bridge'
import { FocusHeading } from '../components/FocusHeading'
import { useWords } from '../i18n/LanguageProvider'
import { AboutSection } from '../settings/AboutSection'
import { AppearanceSettings } from '../settings/AppearanceSettings'
import { BackgroundSettings } from '../settings/BackgroundSettings'
import { DeviceSettings, type DeviceChoice } from '../settings/DeviceSettings'
import { LanguageSettings } from '../settings/LanguageSettings'
import { SettingCheckbox } from '../settings/SettingCheckbox'
import { SoundSettings } from '../settings/SoundSettings'
import { SETTINGS_SECTIONS, SettingsNav } from '../settings/SettingsNav'
import { displayName } from '../../../common/display-name'

type SignedIn = Extract<SessionView, { state: 'signed-in' }>

interface SettingsScreenProps {
  session: SignedIn
  settings: Settings | null
  onSettings: (settings: Settings) => void
  onDevicesChange: (change: DeviceChoice) => void
  onSession: (session: SessionView) => void
  /** Opens "Check your devices". */
  onCheckDevices: () => void
}

export function SettingsScreen({ session, settings, onSettings, onDevicesChange, onSession, onCheckDevices }: SettingsScreenProps) {
  const bridge = useBridge()
  const { t } = useWords()
  const [error, setError] = useState<string | null>(null)
  const retryId = useId()
  const accelerationNoteId = useId()

  const update = (change: Partial<Settings>) => {
    setError(null)
    request(bridge, 'settings:update', change)
      .then(onSettings)
      .catch((thrown: unknown) => setError(t('settings.notSaved', { error: messageOf(thrown) })))
  }

  return (
    <main className="screen settings-screen">
      <FocusHeading>{t('settings.heading')}</FocusHeading>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="settings-layout">
      {/* While settings load, only the sections shown so far are linked. */}
      <SettingsNav sections={settings ? SETTINGS_SECTIONS : SETTINGS_SECTIONS.filter((section) => section.id === 'settings-account' || section.id === 'settings-about')} />
      <div className="settings-sections">
      {!settings ? (
        <p role="status">{t('settings.loading')}</p>
      ) : (
        <>
          <section aria-labelledby="settings-calls">
            <h2 id="settings-calls" tabIndex={-1}>{t('settings.calls')}</h2>
            <SettingCheckbox settings={settings} update={update} name="doNotDisturb">
              {t('settings.doNotDisturb')}
            </SettingCheckbox>
            <SettingCheckbox settings={settings} update={update} name="launchAtLogin">
              {t('settings.launchAtLogin')}
            </SettingCheckbox>
            <SettingCheckbox settings={settings} update={update} name="pictureInPicture">
              {t('settings.pictureInPicture')}
            </SettingCheckbox>
            {!session.isGuest && (
              <SettingCheckbox settings={settings} update={update} name="checkDevicesBeforeCall">
                {t('settings.checkDevicesBeforeCall')}
              </SettingCheckbox>
            )}
            <div className="field">
              <label htmlFor={retryId}>{t('settings.retryPause')}</label>
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
            <h2 id="settings-sounds" tabIndex={-1}>{t('settings.sounds')}</h2>
            <SoundSettings settings={settings} update={update} />
          </section>
          <section aria-labelledby="settings-devices">
            <h2 id="settings-devices" tabIndex={-1}>{t('settings.devices')}</h2>
            <DeviceSettings choice={settings} onChange={onDevicesChange} />
            <BackgroundSettings choice={settings} onChange={onDevicesChange} />
            <button type="button" className="check-devices" onClick={onCheckDevices}>
              {t('settings.checkDevices')}
            </button>
          </section>
          <section aria-labelledby="settings-app">
            <h2 id="settings-app" tabIndex={-1}>{t('settings.app')}</h2>
            <LanguageSettings settings={settings} update={update} />
            <SettingCheckbox settings={settings} update={update} name="hardwareAcceleration" describedBy={accelerationNoteId}>
              {t('settings.hardwareAcceleration')}
            </SettingCheckbox>
            <p id={accelerationNoteId} className="hint">
              {t('settings.hardwareAccelerationHint')}
            </p>
            <AppearanceSettings settings={settings} update={update} />
          </section>
        </>
      )}
      <section aria-labelledby="settings-account">
        <h2 id="settings-account" tabIndex={-1}>{t('settings.account')}</h2>
        <p>
          <Trans
            i18nKey={session.isGuest ? 'settings.signedInAsGuest' : 'settings.signedInAs'}
            components={{ name: <strong>{displayName(session.profile)}</strong>, username: <span>{session.profile.username}</span> }}
          />
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
          {t('settings.signOut')}
        </button>
      </section>
      <AboutSection />
      </div>
      </div>
    </main>
  )
}

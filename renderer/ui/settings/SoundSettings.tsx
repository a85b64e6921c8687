import { useEffect, useId, useRef, useState } from 'react'
// Types only: common/ipc.ts at runtime brings zod, which the renderer's CSP (no eval) refuses.
import type { RingtoneName, Settings } from '../../../common/ipc'
import { formatPercent } from '../../../common/i18n/durations'
import { useWords } from '../i18n/LanguageProvider'
import { startRingtone, type Ringtone } from '../ring/ringtone'
import { SettingCheckbox } from './SettingCheckbox'

/** In the order the list shows them; each is named by `sounds.<name>`. */
const RINGTONES: readonly RingtoneName[] = ['classic', 'chime', 'pulse']
/** A test plays about one ring, then stops by itself. */
const TEST_SECONDS = 3

interface SoundSettingsProps {
  settings: Settings
  update: (change: Partial<Settings>) => void
}

/** Ringtone, its volume and a test, and whether missed calls show a notification. */
export function SoundSettings({ settings, update }: SoundSettingsProps) {
  const { t, language } = useWords()
  const volume = formatPercent(settings.ringtoneVolume, language)
  const toneId = useId()
  const volumeId = useId()
  const [testing, setTesting] = useState(false)
  const playing = useRef<{ tone: Ringtone; timer: ReturnType<typeof setTimeout> } | null>(null)

  const stopTest = () => {
    if (!playing.current) return
    clearTimeout(playing.current.timer)
    playing.current.tone.stop()
    playing.current = null
    setTesting(false)
  }
  const startTest = (tone: RingtoneName, volume: number) => {
    stopTest()
    playing.current = { tone: startRingtone({ tone, volume }), timer: setTimeout(stopTest, TEST_SECONDS * 1000) }
    setTesting(true)
  }
  // A test still sounding when the screen goes away stops with it.
  useEffect(() => stopTest, [])

  return (
    <>
      <div className="field ringtone-field">
        <label htmlFor={toneId}>{t('sounds.ringtone')}</label>
        <select
          id={toneId}
          value={settings.ringtone}
          onChange={(event) => {
            const tone = event.target.value as RingtoneName
            update({ ringtone: tone })
            if (testing) startTest(tone, settings.ringtoneVolume)
          }}
        >
          {RINGTONES.map((tone) => (
            <option key={tone} value={tone}>
              {t(`sounds.${tone}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field volume-field">
        <label htmlFor={volumeId}>{t('sounds.volume')}</label>
        <div className="volume-row">
          <input
            id={volumeId}
            type="range"
            min={0}
            max={100}
            step={5}
            value={settings.ringtoneVolume}
            aria-valuetext={volume}
            onChange={(event) => update({ ringtoneVolume: Number(event.target.value) })}
          />
          <output htmlFor={volumeId}>{volume}</output>
          <button type="button" aria-pressed={testing} onClick={() => (testing ? stopTest() : startTest(settings.ringtone, settings.ringtoneVolume))}>
            {testing ? t('sounds.stop') : t('sounds.test')}
          </button>
        </div>
      </div>
      <SettingCheckbox settings={settings} update={update} name="missedCallNotifications">
        {t('sounds.missedNotifications')}
      </SettingCheckbox>
    </>
  )
}

import { useEffect, useId, useRef, useState } from 'react'
import type { Settings } from '../../../common/ipc'
import { messageOf } from '../bridge'
import { useAudioLevel } from './useAudioLevel'
import { deviceLabel, useMediaDevices } from './useMediaDevices'
import { useMediaPreview } from './useMediaPreview'
import { playTestSound } from './speaker'
import { useWords } from '../i18n/LanguageProvider'

/** The devices, and whether the microphone's background noise is suppressed in calls. */
export type DeviceChoice = Partial<Pick<Settings, 'cameraId' | 'microphoneId' | 'speakerId' | 'noiseSuppression' | 'background' | 'backgroundPictureId'>>

interface DeviceSettingsProps {
  choice: DeviceChoice
  onChange: (change: DeviceChoice) => void
  /** The preview opens the camera: leave it off where something else holds it (a call). */
  preview?: boolean
}

/**
 * Camera, microphone and speaker pickers that follow plugged devices, with a live preview,
 * and the noise-suppression switch (a call follows it at once).
 */
export function DeviceSettings({ choice, onChange, preview = true }: DeviceSettingsProps) {
  const { t } = useWords()
  const devices = useMediaDevices()
  const { stream, error } = useMediaPreview(choice.cameraId, choice.microphoneId, preview)
  const level = useAudioLevel(stream)
  const [speakerError, setSpeakerError] = useState<string | null>(null)
  const videoRef = useRef<HTMLVideoElement>(null)
  const { refresh } = devices

  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = stream
    // Permission just granted: the device names are readable now.
    if (stream) refresh()
  }, [stream, refresh])

  return (
    <div className="device-settings">
      <div className="device-pickers">
        <DevicePicker
          label={t('devices.camera')}
          devices={devices.cameras}
          value={choice.cameraId}
          onChange={(cameraId) => onChange({ cameraId })}
        />
        <DevicePicker
          label={t('devices.microphone')}
          devices={devices.microphones}
          value={choice.microphoneId}
          onChange={(microphoneId) => onChange({ microphoneId })}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={choice.noiseSuppression !== false}
            onChange={(event) => onChange({ noiseSuppression: event.target.checked })}
          />
          {t('devices.noiseSuppression')}
        </label>
        {preview && (
          <div className="field">
            <span id="mic-level-label">{t('devices.microphoneLevel')}</span>
            <meter aria-labelledby="mic-level-label" min={0} max={1} low={0.1} high={0.8} optimum={0.5} value={level} />
          </div>
        )}
        <DevicePicker
          label={t('devices.speaker')}
          devices={devices.speakers}
          value={choice.speakerId}
          onChange={(speakerId) => onChange({ speakerId })}
          emptyText={t('devices.speakerNotSelectable')}
        />
        <button
          type="button"
          onClick={() => {
            setSpeakerError(null)
            playTestSound(choice.speakerId).catch((thrown: unknown) => setSpeakerError(messageOf(thrown)))
          }}
        >
          {t('devices.playTestSound')}
        </button>
        {speakerError && (
          <p role="alert" className="error">
            {t('devices.testSoundFailed', { error: speakerError })}
          </p>
        )}
      </div>
      {preview && (
        <figure className="preview">
          <video ref={videoRef} autoPlay muted playsInline aria-label={t('devices.preview')} />
          {error && (
            <figcaption role="alert" className="error">
              {t(error)}
            </figcaption>
          )}
        </figure>
      )}
    </div>
  )
}

interface DevicePickerProps {
  label: string
  devices: MediaDeviceInfo[]
  value: string | undefined
  onChange: (deviceId: string | undefined) => void
  emptyText?: string
}

export function DevicePicker({ label, devices, value, onChange, emptyText }: DevicePickerProps) {
  const { t } = useWords()
  const id = useId()
  // A saved device that is unplugged now is shown as such rather than silently replaced.
  const missing = value !== undefined && value !== '' && devices.length > 0 && !devices.some((device) => device.deviceId === value)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{devices.length === 0 && emptyText ? emptyText : t('devices.systemDefault')}</option>
        {devices
          .filter((device) => device.deviceId && device.deviceId !== 'default')
          .map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {deviceLabel(device, index, label, t)}
            </option>
          ))}
        {missing && <option value={value}>{t('devices.notConnected', { device: label })}</option>}
      </select>
    </div>
  )
}

// Camera, microphone and screen capture for a call, with errors a person can act on:
// a denied permission names what to allow, a missing or busy camera falls back to audio.
import type { PrivacyDevice } from '../../common/ipc'
import { t } from '../i18n'

export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>
  getDisplayMedia(options?: DisplayMediaStreamOptions): Promise<MediaStream>
}

export interface DeviceChoice {
  cameraId?: string
  microphoneId?: string
  /**
   * The browser's own noise suppression (default on). Off while RNNoise cleans the
   * microphone: the two together muffle speech more than either alone.
   */
  browserNoiseSuppression?: boolean
}

export class MediaAccessError extends Error {
  constructor(
    message: string,
    /** The OS or the user refused this device (the one asked for; a camera and microphone request names the camera). */
    readonly blocked?: PrivacyDevice
  ) {
    super(message)
    this.name = 'MediaAccessError'
  }
}


function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : ''
}

export function videoConstraints(cameraId?: string): MediaTrackConstraints {
  return { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } }
}

export function audioConstraints(microphoneId?: string, { browserNoiseSuppression = true }: { browserNoiseSuppression?: boolean } = {}): MediaTrackConstraints {
  return {
    ...(microphoneId ? { deviceId: { exact: microphoneId } } : {}),
    echoCancellation: true,
    autoGainControl: true,
    noiseSuppression: browserNoiseSuppression
  }
}

/** Camera and microphone; audio only when there is no usable camera, or when `video` is false (a voice call: the camera is never asked for). */
export async function getCallMedia(devices: MediaDevicesLike, choice: DeviceChoice, { video = true }: { video?: boolean } = {}): Promise<{ stream: MediaStream; cameraMissing: boolean }> {
  if (!video) {
    try {
      return { stream: await devices.getUserMedia({ audio: audioConstraints(choice.microphoneId, choice), video: false }), cameraMissing: false }
    } catch (error) {
      throw describeMediaError(error)
    }
  }
  try {
    return { stream: await devices.getUserMedia({ audio: audioConstraints(choice.microphoneId, choice), video: videoConstraints(choice.cameraId) }), cameraMissing: false }
  } catch (error) {
    if (errorName(error) === 'NotAllowedError' || errorName(error) === 'SecurityError') throw new MediaAccessError(t('callErrors.mediaNotAllowed'), 'camera')
    // No camera, a camera another app holds, or a chosen camera that is gone: talk without video.
    if (!['NotFoundError', 'NotReadableError', 'OverconstrainedError', 'AbortError'].includes(errorName(error))) throw describeMediaError(error)
  }
  try {
    return { stream: await devices.getUserMedia({ audio: audioConstraints(choice.microphoneId, choice), video: false }), cameraMissing: true }
  } catch (error) {
    throw describeMediaError(error)
  }
}

export async function getTrack(
  devices: MediaDevicesLike,
  kind: 'audio' | 'video',
  deviceId?: string,
  audio: { browserNoiseSuppression?: boolean } = {}
): Promise<MediaStreamTrack> {
  try {
    const stream = await devices.getUserMedia(kind === 'audio' ? { audio: audioConstraints(deviceId, audio) } : { video: videoConstraints(deviceId) })
    const track = stream.getTracks()[0]
    if (!track) throw new MediaAccessError(kind === 'audio' ? t('callErrors.noMicrophone') : t('callErrors.noCamera'))
    return track
  } catch (error) {
    throw describeMediaError(error, kind === 'audio' ? 'microphone' : 'camera')
  }
}

/** The screen or window the user picks; null when they cancel the picker. */
export async function getScreenTrack(devices: MediaDevicesLike): Promise<MediaStreamTrack | null> {
  try {
    const stream = await devices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false })
    return stream.getVideoTracks()[0] ?? null
  } catch (error) {
    if (errorName(error) === 'NotAllowedError' || errorName(error) === 'AbortError') return null
    throw new MediaAccessError(t('callErrors.screenShareFailed', { error: error instanceof Error ? error.message : String(error) }))
  }
}

function describeMediaError(error: unknown, asked: PrivacyDevice = 'microphone'): MediaAccessError {
  if (error instanceof MediaAccessError) return error
  switch (errorName(error)) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MediaAccessError(t('callErrors.mediaNotAllowed'), asked)
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MediaAccessError(t('callErrors.noMicrophoneChooseAnother'))
    case 'NotReadableError':
      return new MediaAccessError(t('callErrors.deviceInUse'))
    default:
      return new MediaAccessError(t('callErrors.deviceFailed', { error: error instanceof Error ? error.message : String(error) }))
  }
}

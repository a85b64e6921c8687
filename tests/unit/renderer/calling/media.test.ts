import { describe, expect, it } from 'vitest'
import { getCallMedia, getScreenTrack, getTrack, MediaAccessError, type MediaDevicesLike } from '../../../../renderer/calling/media'
import { domError, fakeStream } from './fakes'
import { fakeTrack } from './fake-twilio-video'

/** Devices that fail video requests with one error and audio requests with another (or not). */
function devices(failures: { video?: Error; audio?: Error; display?: Error }): MediaDevicesLike & { asked: MediaStreamConstraints[] } {
  const asked: MediaStreamConstraints[] = []
  return {
    asked,
    async getUserMedia(constraints) {
      asked.push(constraints)
      if (constraints.video && failures.video) throw failures.video
      if (constraints.audio && failures.audio) throw failures.audio
      return fakeStream([...(constraints.audio ? [fakeTrack('audio')] : []), ...(constraints.video ? [fakeTrack('video')] : [])])
    },
    async getDisplayMedia() {
      if (failures.display) throw failures.display
      return fakeStream([fakeTrack('video')])
    }
  }
}

describe('call media', () => {
  it('asks for the chosen camera and microphone exactly', async () => {
    const media = devices({})
    const { stream, cameraMissing } = await getCallMedia(media, { cameraId: 'cam-1', microphoneId: 'mic-1' })
    expect(cameraMissing).toBe(false)
    expect(stream.getTracks().map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(media.asked[0]).toMatchObject({ audio: { deviceId: { exact: 'mic-1' } }, video: { deviceId: { exact: 'cam-1' } } })
  })

  it.each(['NotFoundError', 'NotReadableError', 'OverconstrainedError'])('falls back to audio only when the camera fails with %s', async (name) => {
    const media = devices({ video: domError(name) })
    const { stream, cameraMissing } = await getCallMedia(media, {})
    expect(cameraMissing).toBe(true)
    expect(stream.getTracks().map((track) => track.kind)).toEqual(['audio'])
  })

  it('a denied permission names what to allow, and does not retry without video', async () => {
    const media = devices({ video: domError('NotAllowedError') })
    await expect(getCallMedia(media, {})).rejects.toThrow(/Shoutit may not use your camera or microphone/)
    expect(media.asked).toHaveLength(1)
  })

  it('no microphone either is a clear error', async () => {
    const media = devices({ video: domError('NotFoundError'), audio: domError('NotFoundError') })
    await expect(getCallMedia(media, {})).rejects.toBeInstanceOf(MediaAccessError)
    await expect(getCallMedia(media, {})).rejects.toThrow(/No microphone was found/)
  })

  it('a microphone held by another app says so', async () => {
    await expect(getTrack(devices({ audio: domError('NotReadableError') }), 'audio', 'mic-1')).rejects.toThrow(/in use by another application/)
  })

  it('a cancelled screen picker is null, not an error; other failures are explained', async () => {
    await expect(getScreenTrack(devices({ display: domError('NotAllowedError') }))).resolves.toBeNull()
    await expect(getScreenTrack(devices({ display: domError('NotSupportedError') }))).rejects.toThrow(/Could not share the screen/)
    await expect(getScreenTrack(devices({}))).resolves.toMatchObject({ kind: 'video' })
  })
})

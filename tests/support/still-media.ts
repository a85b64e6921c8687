// A still camera picture and a silent microphone for Chromium's fake capture devices, so
// that screenshots are the same on every run: the default fake camera draws a moving
// pattern with a clock in it, and the default fake microphone beeps (a level meter that
// moves). Chromium loops a file it is given, so one frame of video is a still picture.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

export const STILL_CAMERA_SIZE = { width: 320, height: 240 } as const

/**
 * One 4:2:0 frame in YUV4MPEG2 (the format `--use-file-for-fake-video-capture` reads): a
 * soft grey-blue backdrop with a darker head-and-shoulders shape, so a self view looks like
 * a person in front of a wall rather than a test card.
 */
export function stillCameraY4m(): Buffer {
  const { width, height } = STILL_CAMERA_SIZE
  const luma = Buffer.alloc(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const head = ((x - width / 2) / 42) ** 2 + ((y - height * 0.4) / 52) ** 2 <= 1
      const shoulders = y > height * 0.68 && Math.abs(x - width / 2) < 95 - (height - y) * 0.2
      // A gentle vertical gradient keeps the backdrop from looking like a flat fill.
      luma[y * width + x] = head || shoulders ? 70 : 150 + Math.round((y / height) * 30)
    }
  }
  const chroma = (value: number) => Buffer.alloc((width / 2) * (height / 2), value)
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii')
  return Buffer.concat([header, luma, chroma(140), chroma(120)])
}

/** One second of 16-bit mono silence at 48 kHz as a WAV file (`--use-file-for-fake-audio-capture`). */
export function silentWav(): Buffer {
  const sampleRate = 48_000
  const dataBytes = sampleRate * 2
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + dataBytes, 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(16, 16) // PCM format chunk size
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * 2, 28) // bytes per second
  header.writeUInt16LE(2, 32) // bytes per frame
  header.writeUInt16LE(16, 34) // bits per sample
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(dataBytes, 40)
  return Buffer.concat([header, Buffer.alloc(dataBytes)])
}

/** Writes both files into `dir` and returns the Chromium switches that use them. */
export async function stillMediaArgs(dir: string): Promise<string[]> {
  const camera = path.join(dir, 'still-camera.y4m')
  const microphone = path.join(dir, 'silence.wav')
  await writeFile(camera, stillCameraY4m())
  await writeFile(microphone, silentWav())
  return [`--use-file-for-fake-video-capture=${camera}`, `--use-file-for-fake-audio-capture=${microphone}`]
}

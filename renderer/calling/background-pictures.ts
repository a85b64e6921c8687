// The pictures a call's background can be: the built-in scenes (drawn by
// scripts/make-background-pictures.ts, emitted by Vite as assets of the app's origin) and
// the user's own, which main keeps and hands over as bytes (a blob: URL here).
import { BUILT_IN_BACKGROUND_PICTURES, type BackgroundPictureId } from '../../common/background'
import dawn from './backgrounds/dawn.png?url'
import lake from './backgrounds/lake.png?url'
import shelves from './backgrounds/shelves.png?url'

export const BUILT_IN_PICTURE_URLS: Readonly<Record<(typeof BUILT_IN_BACKGROUND_PICTURES)[number], string>> = { dawn, lake, shelves }

export function isBuiltInPicture(id: string): id is (typeof BUILT_IN_BACKGROUND_PICTURES)[number] {
  return (BUILT_IN_BACKGROUND_PICTURES as readonly string[]).includes(id)
}

/** The URL of a picture; the user's own through `customPicture` (null when they have none). */
export async function pictureUrl(id: BackgroundPictureId | string, customPicture: () => Promise<Blob | null>): Promise<string> {
  if (isBuiltInPicture(id)) return BUILT_IN_PICTURE_URLS[id]
  const blob = await customPicture()
  if (!blob) throw new Error('there is no picture of your own')
  return URL.createObjectURL(blob)
}

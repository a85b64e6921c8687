// The camera's background during calls (renderer/calling/camera-chain.ts): what the user
// picked, the pictures there are, and the limits on a picture of their own (kept by main).
import { z } from 'zod'

export const BACKGROUND_KINDS = ['none', 'blur', 'picture'] as const
export const BackgroundKindSchema = z.enum(BACKGROUND_KINDS)
export type BackgroundKind = z.infer<typeof BackgroundKindSchema>

/** The pictures that come with the app (renderer/calling/background-pictures.ts), and the user's own. */
export const BUILT_IN_BACKGROUND_PICTURES = ['dawn', 'lake', 'shelves'] as const
export const CUSTOM_BACKGROUND_PICTURE = 'custom' as const
export const BackgroundPictureIdSchema = z.enum([...BUILT_IN_BACKGROUND_PICTURES, CUSTOM_BACKGROUND_PICTURE])
export type BackgroundPictureId = z.infer<typeof BackgroundPictureIdSchema>

export type BackgroundChoice = { kind: 'none' } | { kind: 'blur' } | { kind: 'picture'; pictureId: BackgroundPictureId }

/** 'unavailable': the effect could not load (or failed), so the raw camera goes out. */
export type BackgroundState = 'off' | 'loading' | 'on' | 'unavailable'

/** A picture of the user's own: these types only, at most this size. */
export const BACKGROUND_PICTURE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const
export const BackgroundPictureTypeSchema = z.enum(BACKGROUND_PICTURE_TYPES)
export const BACKGROUND_PICTURE_MAX_BYTES = 5 * 1024 * 1024

/** The picked file as the renderer sends it to main. */
export const BackgroundPictureUploadSchema = z.strictObject({
  type: BackgroundPictureTypeSchema,
  bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= BACKGROUND_PICTURE_MAX_BYTES, 'picture too large or empty')
})
export type BackgroundPictureUpload = z.infer<typeof BackgroundPictureUploadSchema>

/** The settings' two keys as one choice ('picture' without a picture falls back to none). */
export function backgroundChoice(kind: BackgroundKind, pictureId: BackgroundPictureId | undefined): BackgroundChoice {
  if (kind === 'picture') return pictureId ? { kind, pictureId } : { kind: 'none' }
  return { kind }
}

// Every language's resource, and the type each must have: English's shape with a string at
// each leaf. Both are bundled: the app is small and offline-first, and a resource fetched at
// run time could fail when nothing else does.
import type { Language } from './languages'
import { en } from './locales/en'
import { de } from './locales/de'

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** What a language file exports: the English keys, its own sentences. */
export type Translation = Strings<typeof en>

export const RESOURCES: Record<Language, Translation> = { en, de }

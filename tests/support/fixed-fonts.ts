// Pictures compared pixel by pixel need the same fonts on every machine. Chromium on Linux
// asks fontconfig which font `system-ui` and `sans-serif` are, and the answer depends on
// whatever font packages happen to be installed. A fontconfig file of our own gives
// Chromium the Liberation fonts (Debian's fonts-liberation, which CI installs) and, for the
// symbols Liberation lacks (the history's call-direction arrows), DejaVu Sans
// (fonts-dejavu-core), and nothing else, with fixed rendering settings.
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

export const LIBERATION_FONTS_DIR = process.env.SHOUTIT_LIBERATION_FONTS ?? '/usr/share/fonts/truetype/liberation'
export const DEJAVU_FONTS_DIR = process.env.SHOUTIT_DEJAVU_FONTS ?? '/usr/share/fonts/truetype/dejavu'

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function fixedFontsConfig(fontsDir: string, symbolFontsDir: string, cacheDir: string): string {
  const alias = (generic: string, family: string) =>
    `  <alias binding="strong"><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    `  <dir>${escapeXml(fontsDir)}</dir>`,
    `  <dir>${escapeXml(symbolFontsDir)}</dir>`,
    `  <cachedir>${escapeXml(cacheDir)}</cachedir>`,
    alias('system-ui', 'Liberation Sans'),
    alias('sans-serif', 'Liberation Sans'),
    alias('serif', 'Liberation Serif'),
    alias('monospace', 'Liberation Mono'),
    // Chromium asks for `system-ui` under names of its own (and a page may name a font that
    // is not here); without fontconfig's usual rules such a request would get whichever
    // font sorts first. Every request ends with Liberation Sans, then DejaVu Sans for
    // the characters Liberation has no glyph for.
    '  <match target="pattern">',
    '    <edit name="family" mode="append_last"><string>Liberation Sans</string></edit>',
    '    <edit name="family" mode="append_last"><string>DejaVu Sans</string></edit>',
    '  </match>',
    '  <match target="font">',
    '    <edit name="antialias" mode="assign"><bool>true</bool></edit>',
    '    <edit name="hinting" mode="assign"><bool>true</bool></edit>',
    '    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>',
    '    <edit name="rgba" mode="assign"><const>none</const></edit>',
    '  </match>',
    '</fontconfig>',
    ''
  ].join('\n')
}

/** Writes the fontconfig file into `dir` and returns the environment that makes Chromium use it. */
export async function fixedFontsEnvironment(dir: string): Promise<Record<string, string>> {
  if (!existsSync(path.join(LIBERATION_FONTS_DIR, 'LiberationSans-Regular.ttf'))) {
    throw new Error(
      `Screenshots need the Liberation fonts in ${LIBERATION_FONTS_DIR} (Debian: apt-get install fonts-liberation; elsewhere set SHOUTIT_LIBERATION_FONTS to their folder)`
    )
  }
  if (!existsSync(path.join(DEJAVU_FONTS_DIR, 'DejaVuSans.ttf'))) {
    throw new Error(
      `Screenshots need DejaVu Sans in ${DEJAVU_FONTS_DIR} (Debian: apt-get install fonts-dejavu-core; elsewhere set SHOUTIT_DEJAVU_FONTS to its folder)`
    )
  }
  const cacheDir = path.join(dir, 'fontconfig-cache')
  await mkdir(cacheDir, { recursive: true })
  const file = path.join(dir, 'fonts.conf')
  await writeFile(file, fixedFontsConfig(LIBERATION_FONTS_DIR, DEJAVU_FONTS_DIR, cacheDir))
  return { FONTCONFIG_FILE: file }
}

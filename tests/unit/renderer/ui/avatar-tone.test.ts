// Avatar colours: each person's tone comes from their username (the same in every window and
// run), and every tone styles.css defines keeps white initials readable (WCAG AA, 4.5:1).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AVATAR_TONES, avatarTone } from '../../../../renderer/ui/components/avatarTone'

const STYLES = readFileSync(new URL('../../../../renderer/ui/styles.css', import.meta.url), 'utf8')

/** The value of a custom property in the light :root block (the first one in the sheet). */
function token(name: string): string {
  const match = new RegExp(`${name}:\\s*([^;]+);`).exec(STYLES)
  if (!match?.[1]) throw new Error(`${name} is not defined in styles.css`)
  return match[1].trim()
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255)
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

describe('avatar tones', () => {
  it('checks contrast the WCAG way (black on white is 21:1, white on white 1:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#ffffff', '#ffffff')).toBe(1)
  })

  it('keeps white initials at 4.5:1 or more on every tone styles.css defines, and defines as many as the hash picks from', () => {
    const text = token('--avatar-text')
    expect(text).toBe('#ffffff')
    for (let tone = 0; tone < AVATAR_TONES; tone++) {
      const fill = token(`--avatar-tone-${tone}`)
      expect(fill, `--avatar-tone-${tone}`).toMatch(/^#[0-9a-f]{6}$/i)
      expect(contrast(text, fill), `--avatar-tone-${tone} ${fill}`).toBeGreaterThanOrEqual(4.5)
    }
    expect(STYLES).not.toContain(`--avatar-tone-${AVATAR_TONES}:`)
    for (let tone = 0; tone < AVATAR_TONES; tone++) expect(STYLES).toContain(`.avatar[data-tone='${tone}'] { background: var(--avatar-tone-${tone}); }`)
  })

  it('gives a username the same tone every time, whatever its case, and a known value', () => {
    expect(avatarTone('alice')).toBe(avatarTone('alice'))
    expect(avatarTone('Alice')).toBe(avatarTone('alice'))
    // FNV-1a of "alice" is 0x872213e7 (2267157479), and 2267157479 % 8 = 7. Pinned so colours do not change between versions.
    expect(avatarTone('alice')).toBe(7)
  })

  it('spreads people over the tones: 400 usernames use every tone, none more than twice its share', () => {
    const counts = new Array<number>(AVATAR_TONES).fill(0)
    for (let i = 0; i < 400; i++) counts[avatarTone(`user${i}`)]! += 1
    for (const count of counts) {
      expect(count).toBeGreaterThan(0)
      expect(count).toBeLessThanOrEqual((400 / AVATAR_TONES) * 2)
    }
  })
})

// The lint rule that keeps new words out of the screens' code: literal JSX text and
// user-visible attributes fail, words through t() and attributes nobody reads pass.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })
const RULE = 'i18next/no-literal-string'

async function literalStrings(source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: 'renderer/ui/screens/Example.tsx' })
  return (result?.messages ?? []).filter((message) => message.ruleId === RULE).map((message) => message.message)
}

const component = (jsx: string) => `import { useWords } from '../i18n/LanguageProvider'
export function Example({ name }: { name: string }) {
  const { t } = useWords()
  return (${jsx})
}
`

describe('i18next/no-literal-string on renderer/ui', () => {
  it('fails literal text, labels, titles, placeholders and alt text', async () => {
    expect(await literalStrings(component('<button type="button">Hang up</button>'))).toHaveLength(1)
    expect(await literalStrings(component('<button type="button" aria-label="Close">×</button>'))).toHaveLength(1)
    expect(await literalStrings(component('<span title="Muted">{name}</span>'))).toHaveLength(1)
    expect(await literalStrings(component('<input placeholder="Name or username" />'))).toHaveLength(1)
    expect(await literalStrings(component('<img src="x.png" alt="Your camera" />'))).toHaveLength(1)
    expect(await literalStrings(component('<p>{name ? `Call ${name}` : t(\'call.calling\')}</p>'))).toHaveLength(1)
  })

  it('passes translated words, punctuation between them, and attributes nobody reads', async () => {
    expect(await literalStrings(component('<button type="button" className="danger" aria-label={t(\'call.hangUp\')}>{t(\'call.hangUp\')}</button>'))).toEqual([])
    expect(await literalStrings(component('<p role="status" aria-live="polite">@{name} · {t(\'people.online\')}</p>'))).toEqual([])
  })
})

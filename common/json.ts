/** What `text` holds as JSON, or undefined when there is no text or it is not JSON: for a schema to judge next. */
export function parseJsonOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

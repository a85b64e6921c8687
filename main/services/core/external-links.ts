// Which links may leave the app for the user's browser: absolute http(s) URLs, nothing else
// (no file:, no custom schemes that could launch other programs).
import { InvalidRequestError } from './errors'

export function checkExternalUrl(candidate: string): string {
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    throw new InvalidRequestError('Not a valid web address.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidRequestError('Only http and https links open in the browser.')
  }
  if (url.username !== '' || url.password !== '') throw new InvalidRequestError('Links with credentials are not opened.')
  return url.toString()
}

export function isExternalWebUrl(candidate: string): boolean {
  try {
    checkExternalUrl(candidate)
    return true
  } catch {
    return false
  }
}

import { useEffect, useState } from 'react'
import type { About } from '../../../common/ipc'
import { messageOf, request, useBridge } from '../bridge'

/** The app's name and version (from main), and who makes it. */
export function AboutSection() {
  const bridge = useBridge()
  const [about, setAbout] = useState<About | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    request(bridge, 'app:about', {})
      .then(setAbout)
      .catch((thrown: unknown) => setError(messageOf(thrown)))
  }, [bridge])
  return (
    <section aria-labelledby="settings-about" className="about">
      <h2 id="settings-about">About</h2>
      {error ? (
        <p className="error">Could not read the version: {error}</p>
      ) : !about ? (
        <p role="status">Loading…</p>
      ) : (
        <p>
          <strong>{about.name}</strong> version <span className="about-version">{about.version}</span>
        </p>
      )}
      <p>Desktop video calling for the Shoutit calling API.</p>
      <p className="hint">© Shoutit Desktop contributors · desktop@shoutit.app</p>
    </section>
  )
}

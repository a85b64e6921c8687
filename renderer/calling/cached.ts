// A value fetched once and shared, for things that stay valid for the session (the realtime
// config, an engine's code): calls while the first fetch runs share it, and a failed fetch
// is forgotten so that the next call tries again.
export function cachedUntilFailure<T>(load: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | null = null
  return () => {
    if (!cached) {
      const loading = load()
      cached = loading
      loading.catch(() => {
        if (cached === loading) cached = null
      })
    }
    return cached
  }
}

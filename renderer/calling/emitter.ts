// A tiny typed event emitter for the engines' rooms: listeners are isolated, so one that
// throws cannot stop the others or break the engine that emitted.
type Listener = (...args: never[]) => void

export class TypedEmitter<Events extends { [K in keyof Events]: Listener }> {
  private readonly listeners = new Map<keyof Events, Set<Listener>>()

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener)
    return () => set.delete(listener)
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        ;(listener as (...values: Parameters<Events[E]>) => void)(...args)
      } catch (error) {
        console.error(`call: a ${String(event)} listener failed`, error)
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}

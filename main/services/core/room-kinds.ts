// Which kind (voice or video) each recent call's room was made as. The renderer's call report
// does not say, but main hears it twice: when the renderer rings someone (video:ring) and when
// a ring arrives. The history keeps it, so calling back is the same kind of call.
import type { CallKind } from '../../../common/api'

/** More rooms than anyone calls between two reports; the oldest are forgotten first. */
const REMEMBERED_ROOMS = 200

export class RoomKinds {
  readonly #kinds = new Map<string, CallKind>()

  remember(room: string, kind: CallKind): void {
    this.#kinds.delete(room)
    this.#kinds.set(room, kind)
    for (const oldest of this.#kinds.keys()) {
      if (this.#kinds.size <= REMEMBERED_ROOMS) break
      this.#kinds.delete(oldest)
    }
  }

  of(room: string | undefined): CallKind | undefined {
    return room === undefined ? undefined : this.#kinds.get(room)
  }
}

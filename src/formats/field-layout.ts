// A #Fields list (W3C and Exchange logs alike) with its name lookups computed once, not per line.
export class FieldLayout {
  readonly names: readonly string[]
  readonly #index = new Map<string, number>()

  constructor(names: readonly string[]) {
    this.names = names
    names.forEach((name, i) => {
      const key = name.toLowerCase()
      if (!this.#index.has(key)) this.#index.set(key, i)
    })
  }

  /** Position of a field (case-insensitive), or -1. */
  indexOf(name: string): number {
    return this.#index.get(name.toLowerCase()) ?? -1
  }
}

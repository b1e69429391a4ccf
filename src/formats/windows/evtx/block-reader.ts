// Reads a byte stream in blocks of a requested size (the 4 KiB file header, then 64 KiB chunks),
// whatever sizes the stream delivers. Holds at most one delivered piece besides the caller's block.
export class BlockReader {
  readonly #source: AsyncIterator<unknown>
  #piece: Buffer | undefined
  #piecePos = 0
  #done = false

  constructor(source: AsyncIterable<unknown>) {
    this.#source = source[Symbol.asyncIterator]()
  }

  /** Fills `target[0, length)`; returns the bytes filled, less than `length` only at the end of the stream. */
  async read(target: Buffer, length: number): Promise<number> {
    let filled = 0
    while (filled < length) {
      if (this.#piece === undefined || this.#piecePos >= this.#piece.length) {
        if (this.#done) break
        const next = await this.#source.next()
        if (next.done === true) {
          this.#done = true
          break
        }
        const v = next.value
        this.#piece = Buffer.isBuffer(v) ? v : v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.from(String(v), 'latin1')
        this.#piecePos = 0
        continue
      }
      const n = Math.min(length - filled, this.#piece.length - this.#piecePos)
      this.#piece.copy(target, filled, this.#piecePos, this.#piecePos + n)
      this.#piecePos += n
      filled += n
    }
    return filled
  }

  /** Stops the stream early (closes a file stream). */
  async close(): Promise<void> {
    if (!this.#done) {
      this.#done = true
      await this.#source.return?.()
    }
  }
}

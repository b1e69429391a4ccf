// Reading an input source once: its first bytes are peeked from the stream the readers then
// consume (a binary signature is recognised without opening the file twice), and a whole source
// is hashed where a re-ingest check or a reader that stopped early needs its sha256.
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { InputSource } from './discover.js'

/** The first chunk of the stream (at least the bytes the stream has), left in the stream to be read again. */
export async function peekHead(stream: Readable): Promise<Buffer> {
  for (;;) {
    const chunk = stream.read() as Buffer | null
    if (chunk !== null) {
      stream.unshift(chunk)
      return chunk
    }
    if (stream.readableEnded || stream.destroyed) return Buffer.alloc(0)
    const ended = await new Promise<boolean>((resolve) => {
      const done = (): void => {
        stream.off('readable', ready)
        stream.off('error', done)
        resolve(true)
      }
      const ready = (): void => {
        stream.off('end', done)
        stream.off('error', done)
        resolve(false)
      }
      stream.once('readable', ready)
      stream.once('end', done)
      stream.once('error', done)
    })
    if (ended) return Buffer.alloc(0)
  }
}

export interface WholeHash {
  sha256: string
  bytes: number
  /** Set when reading broke: the sha256 covers only the bytes before it. */
  error?: Error
}

export async function hashWholeSource(source: InputSource): Promise<WholeHash> {
  const hash = createHash('sha256')
  let bytes = 0
  try {
    for await (const chunk of await source.open()) {
      hash.update(chunk as Buffer)
      bytes += (chunk as Buffer).length
    }
    return { sha256: hash.digest('hex'), bytes }
  } catch (error) {
    return { sha256: hash.digest('hex'), bytes, error: error as Error }
  }
}

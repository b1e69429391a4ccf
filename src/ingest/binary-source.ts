// The way in for binary formats (EVTX): the decompressed bytes are hashed and counted on their way
// to the format's reader, which is fed a stream, so memory does not grow with the file.
import { createHash } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import type { InputSource } from '../io/discover.js'
import type { FormatModule, ParseContext } from '../formats/format.js'

/** Bytes enough for every binary signature. */
const SIGNATURE_BYTES = 16

export interface BinaryRead {
  sha256: string
  bytes: number
  /** Set when the stream broke; what was read before it is kept. */
  error?: Error
}

/** The binary format whose signature the file starts with, if any (a forced format is taken as is). */
export async function binaryFormatOf(source: InputSource, formats: readonly FormatModule[], forced?: FormatModule): Promise<FormatModule | undefined> {
  if (forced !== undefined) return forced.binary === undefined ? undefined : forced
  const candidates = formats.filter((f) => f.binary !== undefined)
  if (candidates.length === 0) return undefined
  const head = await peek(source, SIGNATURE_BYTES)
  return candidates.find((f) => f.binary!.matches(head))
}

async function peek(source: InputSource, count: number): Promise<Buffer> {
  let stream: Readable | undefined
  try {
    stream = await source.open()
    const chunks: Buffer[] = []
    let length = 0
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer)
      length += (chunk as Buffer).length
      if (length >= count) break
    }
    return Buffer.concat(chunks).subarray(0, count)
  } catch {
    // Unreadable: the text path reports it.
    return Buffer.alloc(0)
  } finally {
    stream?.destroy()
  }
}

export async function readBinarySource(source: InputSource, format: FormatModule, ctx: ParseContext, onBytes: (total: number) => void): Promise<BinaryRead> {
  const hash = createHash('sha256')
  let bytes = 0
  let error: Error | undefined
  let wholeFile = false
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      bytes += chunk.length
      onBytes(bytes)
      done(null, chunk)
    },
    flush(done) {
      wholeFile = error === undefined
      done()
    },
  })
  const stream = await source.open()
  stream.on('error', (e: Error) => {
    error = e
    counter.end()
  })
  stream.pipe(counter)
  try {
    await format.binary!.read(counter, ctx)
  } finally {
    stream.destroy()
    counter.destroy()
  }
  if (error !== undefined) return { sha256: hash.digest('hex'), bytes, error }
  // The reader stopped before the end (a damaged tail): the sha256 must still cover every byte.
  if (!wholeFile) return hashWhole(source)
  return { sha256: hash.digest('hex'), bytes }
}

async function hashWhole(source: InputSource): Promise<BinaryRead> {
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

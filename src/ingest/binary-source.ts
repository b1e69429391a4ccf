// The way in for binary formats (EVTX): the decompressed bytes are hashed and counted on their way
// to the format's reader, which is fed a stream, so memory does not grow with the file.
import { createHash } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import type { InputSource } from '../io/discover.js'
import { hashWholeSource, type WholeHash } from '../io/source-stream.js'
import type { FormatModule, ParseContext } from '../formats/format.js'

export type BinaryRead = WholeHash

/** The binary format whose signature the file starts with, if any (a forced format is taken as is). */
export function binaryFormatOf(head: Buffer, formats: readonly FormatModule[], forced?: FormatModule): FormatModule | undefined {
  if (forced !== undefined) return forced.binary === undefined ? undefined : forced
  return formats.find((f) => f.binary?.matches(head) === true)
}

/** Reads `stream` (the source, opened once) with the format's reader, hashing and counting every byte. */
export async function readBinarySource(
  source: InputSource,
  stream: Readable,
  format: FormatModule,
  ctx: ParseContext,
  onBytes: (total: number) => void,
): Promise<BinaryRead> {
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
  if (!wholeFile) return hashWholeSource(source)
  return { sha256: hash.digest('hex'), bytes }
}

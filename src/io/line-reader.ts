// Reads a byte stream as lines of text: detects the encoding from the head, hashes every byte
// (sha256 of the evidence as read), splits on \n (a trailing \r is dropped) and refuses to hold
// lines longer than a limit in memory: those are reported, with their start, and skipped.
import { createHash } from 'node:crypto'
import { TextDecoder } from 'node:util'
import type { Readable } from 'node:stream'
import { decoderLabel, detectEncoding, type EncodingGuess } from './encoding.js'

export const HEAD_BYTES = 64 * 1024

export interface LineSink {
  /** `text` has no terminator; `lineNo` is 1-based. */
  line(text: string, lineNo: number): void
  /** A line longer than the limit: only its first characters are given. */
  oversized(lineNo: number, start: string): void
  /** Called between chunks so the consumer can apply back-pressure (flush buffers). */
  drain?(): Promise<void> | undefined
}

export interface ReadResult {
  sha256: string
  bytes: number
  lines: number
  encoding: EncodingGuess
  /** The last line had no terminator (the file may have been cut short). */
  lastLineUnterminated: boolean
  /** Set when the stream failed before its end (damaged archive, I/O error); what came before was delivered. */
  error?: Error
}

export interface ReadOptions {
  maxLineChars: number
  /** Receives the first bytes (up to HEAD_BYTES) and the encoding; returns where lines go, or undefined to only hash. */
  onHead(head: Uint8Array, encoding: EncodingGuess): LineSink | undefined
  /** Bytes read so far, for progress. */
  onBytes?(bytes: number): void
}

export async function readLines(stream: Readable, options: ReadOptions): Promise<ReadResult> {
  const hash = createHash('sha256')
  let bytes = 0
  let lineNo = 0
  let carry = ''
  let skipping = false
  let sink: LineSink | undefined
  let decoder: TextDecoder | undefined
  let encoding: EncodingGuess | undefined
  const headParts: Buffer[] = []
  let headLength = 0

  const takeText = (text: string): void => {
    if (sink === undefined) return
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl === -1) break
      lineNo++
      if (skipping) {
        skipping = false
      } else {
        let line = carry === '' ? text.slice(start, nl) : carry + text.slice(start, nl)
        carry = ''
        if (line.length > options.maxLineChars) {
          sink.oversized(lineNo, line.slice(0, 200))
        } else {
          if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1)
          sink.line(line, lineNo)
        }
      }
      start = nl + 1
    }
    if (start < text.length && !skipping) {
      carry = carry === '' ? text.slice(start) : carry + text.slice(start)
      if (carry.length > options.maxLineChars) {
        sink.oversized(lineNo + 1, carry.slice(0, 200))
        carry = ''
        skipping = true
      }
    }
  }

  const startDecoding = (head: Buffer): void => {
    encoding = detectEncoding(head)
    sink = options.onHead(head, encoding)
    if (sink === undefined) return
    decoder = new TextDecoder(decoderLabel(encoding.encoding), { fatal: false, ignoreBOM: false })
    takeText(decoder.decode(head, { stream: true }))
  }

  let lastByte = -1
  let error: Error | undefined
  try {
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk)
    bytes += chunk.length
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!
    options.onBytes?.(bytes)
    if (encoding === undefined) {
      headParts.push(chunk)
      headLength += chunk.length
      if (headLength < HEAD_BYTES) continue
      startDecoding(Buffer.concat(headParts))
      headParts.length = 0
    } else if (decoder !== undefined) {
      takeText(decoder.decode(chunk, { stream: true }))
    }
    const pending = sink?.drain?.()
    if (pending !== undefined) await pending
  }
  } catch (caught) {
    error = caught instanceof Error ? caught : new Error(String(caught))
  }
  if (encoding === undefined) startDecoding(Buffer.concat(headParts))
  if (decoder !== undefined) takeText(decoder.decode())
  // UTF-16 ends with a zero byte after '\n'; what matters is whether text remains after the last newline.
  const lastLineUnterminated = carry !== '' || (skipping && lastByte !== 0x0a)
  if (sink !== undefined && carry !== '') {
    lineNo++
    const line = carry.charCodeAt(carry.length - 1) === 13 ? carry.slice(0, -1) : carry
    sink.line(line, lineNo)
  } else if (skipping) {
    lineNo++
  }
  return {
    sha256: hash.digest('hex'),
    bytes,
    lines: lineNo,
    encoding: encoding ?? { encoding: 'utf-8', bomLength: 0 },
    lastLineUnterminated,
    ...(error === undefined ? {} : { error }),
  }
}

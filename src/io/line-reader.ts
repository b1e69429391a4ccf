// Reads a byte stream as lines: detects the encoding from the head, hashes every byte (sha256 of the
// evidence as read), splits on \n (a trailing \r is dropped) and refuses to hold lines longer than a
// limit in memory: those are reported, with their start, and skipped.
// Lines are delivered either as decoded text (any encoding) or, for UTF-8 input whose consumer can
// use them, as byte ranges that never become JavaScript strings: the fast path for bulk loading.
import { isUtf8 } from 'node:buffer'
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { TextDecoder } from 'node:util'
import { decoderLabel, detectEncoding, type EncodingGuess } from './encoding.js'

export const HEAD_BYTES = 64 * 1024

export interface LineSink {
  kind: 'text'
  /** `text` has no terminator; `lineNo` is 1-based. */
  line(text: string, lineNo: number): void
  /** A line longer than the limit: only its first characters are given. */
  oversized(lineNo: number, start: string): void
  /** Called between chunks so the consumer can apply back-pressure (flush buffers). */
  drain?(): Promise<void> | undefined
}

export interface ByteLineSink {
  kind: 'bytes'
  /** `buf[start, end)` is one UTF-8 line without terminator; the buffer is not kept by the reader. */
  line(buf: Buffer, start: number, end: number, lineNo: number): void
  oversized(lineNo: number, start: string): void
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
  /** UTF-8 input with byte sequences that are not UTF-8 (delivered with U+FFFD in their place). */
  invalidUtf8: boolean
}

export interface ReadOptions {
  maxLineChars: number
  /**
   * Receives the first bytes (up to HEAD_BYTES) and the encoding; returns where lines go, or
   * undefined to only hash. A ByteLineSink is honoured for UTF-8 input only.
   */
  onHead(head: Uint8Array, encoding: EncodingGuess): LineSink | ByteLineSink | undefined
  /** Bytes read so far, for progress. */
  onBytes?(bytes: number): void
}

interface Splitter {
  push(chunk: Buffer): void
  finish(): void
  readonly lineNo: number
  readonly unterminated: boolean
}

export async function readLines(stream: Readable, options: ReadOptions): Promise<ReadResult> {
  const hash = createHash('sha256')
  let bytes = 0
  let splitter: Splitter | undefined
  let sink: LineSink | ByteLineSink | undefined
  let encoding: EncodingGuess | undefined
  const headParts: Buffer[] = []
  let headLength = 0

  const start = (head: Buffer): void => {
    encoding = detectEncoding(head)
    sink = options.onHead(head, encoding)
    if (sink === undefined) return
    const utf8 = encoding.encoding === 'utf-8' || encoding.encoding === 'utf-8-bom'
    if (sink.kind === 'bytes' && utf8) {
      splitter = new ByteSplitter(sink, options.maxLineChars)
      splitter.push(head.subarray(encoding.bomLength))
    } else {
      splitter = new TextSplitter(asTextSink(sink), options.maxLineChars, decoderLabel(encoding.encoding))
      splitter.push(head)
    }
  }

  let error: Error | undefined
  let invalidUtf8 = false
  let previousTail = Buffer.alloc(0)
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk)
      if (!invalidUtf8 && (encoding === undefined || encoding.encoding === 'utf-8' || encoding.encoding === 'utf-8-bom')) {
        // A character may straddle two chunks: check this chunk with the last bytes of the previous one.
        const joined = Buffer.concat([previousTail, chunk])
        const cut = completeUtf8Length(joined)
        if (!isUtf8(joined.subarray(0, cut))) invalidUtf8 = true
        previousTail = Buffer.from(joined.subarray(cut))
      }
      bytes += chunk.length
      options.onBytes?.(bytes)
      if (encoding === undefined) {
        headParts.push(chunk)
        headLength += chunk.length
        if (headLength < HEAD_BYTES) continue
        start(Buffer.concat(headParts))
        headParts.length = 0
      } else {
        splitter?.push(chunk)
      }
      const pending = sink?.drain?.()
      if (pending !== undefined) await pending
    }
  } catch (caught) {
    error = caught instanceof Error ? caught : new Error(String(caught))
  }
  if (encoding === undefined) start(Buffer.concat(headParts))
  splitter?.finish()
  return {
    sha256: hash.digest('hex'),
    bytes,
    lines: splitter?.lineNo ?? 0,
    encoding: encoding ?? { encoding: 'utf-8', bomLength: 0 },
    lastLineUnterminated: splitter?.unterminated ?? false,
    ...(error === undefined ? {} : { error }),
    invalidUtf8: isUtf8Encoding(encoding) && (invalidUtf8 || (previousTail.length > 0 && error === undefined)),
  }
}

function isUtf8Encoding(encoding: EncodingGuess | undefined): boolean {
  return encoding === undefined || encoding.encoding === 'utf-8' || encoding.encoding === 'utf-8-bom'
}

// Length of the prefix that does not end inside a multi-byte UTF-8 character.
function completeUtf8Length(buf: Buffer): number {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const b = buf[buf.length - back]!
    if ((b & 0xc0) === 0x80) continue // continuation byte: look further back
    if ((b & 0xc0) === 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      return need > back ? buf.length - back : buf.length
    }
    return buf.length
  }
  return buf.length
}

// A byte sink given a file that is not UTF-8 gets decoded text through this adapter.
function asTextSink(sink: LineSink | ByteLineSink): LineSink {
  if (sink.kind === 'text') return sink
  return {
    kind: 'text',
    line(text, lineNo) {
      const buf = Buffer.from(text, 'utf8')
      sink.line(buf, 0, buf.length, lineNo)
    },
    oversized: (lineNo, s) => sink.oversized(lineNo, s),
  }
}

class TextSplitter implements Splitter {
  lineNo = 0
  unterminated = false
  readonly #sink: LineSink
  readonly #max: number
  readonly #decoder: TextDecoder
  #carry = ''
  #skipping = false

  constructor(sink: LineSink, max: number, label: string) {
    this.#sink = sink
    this.#max = max
    this.#decoder = new TextDecoder(label, { fatal: false, ignoreBOM: false })
  }

  push(chunk: Buffer): void {
    this.#take(this.#decoder.decode(chunk, { stream: true }))
  }

  finish(): void {
    this.#take(this.#decoder.decode())
    this.unterminated = this.#carry !== '' || this.#skipping
    if (this.#carry !== '') {
      this.lineNo++
      const line = this.#carry.charCodeAt(this.#carry.length - 1) === 13 ? this.#carry.slice(0, -1) : this.#carry
      this.#carry = ''
      this.#sink.line(line, this.lineNo)
    } else if (this.#skipping) {
      this.lineNo++
    }
  }

  #take(text: string): void {
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl === -1) break
      this.lineNo++
      if (this.#skipping) {
        this.#skipping = false
      } else {
        let line = this.#carry === '' ? text.slice(start, nl) : this.#carry + text.slice(start, nl)
        this.#carry = ''
        if (line.length > this.#max) {
          this.#sink.oversized(this.lineNo, line.slice(0, 200))
        } else {
          if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1)
          this.#sink.line(line, this.lineNo)
        }
      }
      start = nl + 1
    }
    if (start < text.length && !this.#skipping) {
      this.#carry = this.#carry === '' ? text.slice(start) : this.#carry + text.slice(start)
      if (this.#carry.length > this.#max) {
        this.#sink.oversized(this.lineNo + 1, this.#carry.slice(0, 200))
        this.#carry = ''
        this.#skipping = true
      }
    }
  }
}

class ByteSplitter implements Splitter {
  lineNo = 0
  unterminated = false
  readonly #sink: ByteLineSink
  readonly #max: number
  #carry: Buffer | undefined
  #skipping = false

  constructor(sink: ByteLineSink, max: number) {
    this.#sink = sink
    this.#max = max
  }

  push(chunk: Buffer): void {
    let pos = 0
    if (this.#carry !== undefined || this.#skipping) {
      const nl = chunk.indexOf(10)
      if (nl === -1) {
        this.#extendCarry(chunk)
        return
      }
      this.lineNo++
      if (this.#skipping) {
        this.#skipping = false
      } else {
        const line = Buffer.concat([this.#carry!, chunk.subarray(0, nl)])
        this.#carry = undefined
        this.#emit(line, 0, line.length)
      }
      pos = nl + 1
    }
    for (;;) {
      const nl = chunk.indexOf(10, pos)
      if (nl === -1) break
      this.lineNo++
      this.#emit(chunk, pos, nl)
      pos = nl + 1
    }
    if (pos < chunk.length) this.#extendCarry(chunk.subarray(pos))
  }

  finish(): void {
    this.unterminated = this.#carry !== undefined || this.#skipping
    if (this.#carry !== undefined) {
      this.lineNo++
      const line = this.#carry
      this.#carry = undefined
      this.#emit(line, 0, line.length)
    } else if (this.#skipping) {
      this.lineNo++
    }
  }

  #extendCarry(part: Buffer): void {
    if (this.#skipping) return
    // Copy: the stream may reuse its chunk buffers.
    this.#carry = this.#carry === undefined ? Buffer.from(part) : Buffer.concat([this.#carry, part])
    if (this.#carry.length > this.#max) {
      this.#sink.oversized(this.lineNo + 1, this.#carry.subarray(0, 200).toString('utf8'))
      this.#carry = undefined
      this.#skipping = true
    }
  }

  #emit(buf: Buffer, start: number, end: number): void {
    if (end - start > this.#max) {
      this.#sink.oversized(this.lineNo, buf.subarray(start, start + 200).toString('utf8'))
      return
    }
    if (end > start && buf[end - 1] === 13) end--
    this.#sink.line(buf, start, end, this.lineNo)
  }
}

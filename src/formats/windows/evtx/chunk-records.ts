// The event records of one chunk: checks the chunk header and its CRC-32s, then reads record after
// record from offset 512. A damaged record is reported and skipped by searching for the next record
// signature whose size and copy of size agree; records past the free space offset are read only
// while they continue the chunk's record identifiers (a dirty chunk whose header lags its data).
// Every loop moves forward through at most 64 KiB.
import { ChunkBinXml, CHUNK_HEADER_SIZE } from './binxml-parser.js'
import { BinXmlError } from './binxml-tree.js'
import { CHUNK_SIZE, computeChunkHeaderChecksum, computeRecordsChecksum, isChunkSignature, parseChunkHeader } from './chunk-header.js'
import { EventBuilder } from './event-builder.js'
import type { EvtxRecord } from './evtx-record.js'
import type { EvtxReport } from './evtx-problem.js'
import { RecordRenderer } from './render.js'
import { filetimeToMs } from './windows-time.js'
import { TeeSink } from './xml-sink.js'
import { XmlTextWriter } from './xml-text-writer.js'

const RECORD_SIGNATURE = Buffer.from([0x2a, 0x2a, 0x00, 0x00])
/** Record header (24 bytes) and trailing copy of the size (4). */
const MIN_RECORD_SIZE = 28


export interface ChunkContext {
  readonly index: number
  /** File offset of the chunk. */
  readonly fileOffset: number
  /** The file header counts this chunk as in use. */
  readonly declared: boolean
  readonly report: EvtxReport
  /** Records read from the file so far (for EvtxRecord.ordinal). */
  readonly counter: { records: number }
}

/**
 * Size of the event record at `pos`, or 0 when there is none: the signature, and a size that fits
 * the chunk; `strict` also wants the copy of the size at the record's end to agree.
 */
export function recordSizeAt(buf: Buffer, pos: number, length: number, strict: boolean): number {
  if (pos + MIN_RECORD_SIZE > length || buf.readUInt32LE(pos) !== 0x2a2a) return 0
  const size = buf.readUInt32LE(pos + 4)
  if (size < MIN_RECORD_SIZE || pos + size > length) return 0
  return !strict || buf.readUInt32LE(pos + size - 4) === size ? size : 0
}

/** The next well-formed record (signature, size and copy of size) in `[from, before)`, or -1. */
function findRecord(buf: Buffer, from: number, before: number, length: number): number {
  for (let pos = buf.indexOf(RECORD_SIGNATURE, from); pos !== -1 && pos < before; pos = buf.indexOf(RECORD_SIGNATURE, pos + 1)) {
    if (recordSizeAt(buf, pos, length, true) > 0) return pos
  }
  return -1
}

function allZero(buf: Buffer, length: number): boolean {
  for (let i = 0; i < length; i++) if (buf[i] !== 0) return false
  return true
}

/** Checks the chunk header; returns where its records end (the free space offset), or -1 to skip the chunk. */
function checkHeader(buf: Buffer, length: number, ctx: ChunkContext): number {
  const at = ctx.fileOffset
  if (length < CHUNK_HEADER_SIZE) {
    ctx.report({ code: 'truncated', offset: at, chunk: ctx.index, skipped: 'chunk', message: `the file ends ${length} bytes into chunk ${ctx.index}, inside its header` })
    return -1
  }
  if (!isChunkSignature(buf)) {
    if (allZero(buf, length)) {
      if (ctx.declared) ctx.report({ code: 'chunk_zeroed', offset: at, chunk: ctx.index, skipped: 'chunk', message: `chunk ${ctx.index} is zero-filled although the file header counts it` })
    } else {
      ctx.report({ code: 'chunk_signature', offset: at, chunk: ctx.index, skipped: 'chunk', message: `no "ElfChnk" signature at the start of chunk ${ctx.index}: chunk skipped` })
    }
    return -1
  }
  const header = parseChunkHeader(buf)
  const computed = computeChunkHeaderChecksum(buf)
  if (computed !== header.headerChecksum) {
    ctx.report({ code: 'chunk_header_crc', offset: at, chunk: ctx.index, skipped: 'none', message: `chunk ${ctx.index} header CRC-32 is 0x${header.headerChecksum.toString(16)}, computed 0x${computed.toString(16)}: records read anyway` })
  }
  const free = header.freeSpaceOffset
  if (free < CHUNK_HEADER_SIZE || free > CHUNK_SIZE) {
    ctx.report({ code: 'chunk_header', offset: at, chunk: ctx.index, skipped: 'none', message: `chunk ${ctx.index} free space offset ${free} is outside the chunk: records read up to the first gap` })
    return length
  }
  if (length < CHUNK_SIZE) {
    const lost = free > length ? `its records reach ${free}: the record cut short is lost` : `after its last record (${free}): nothing lost`
    ctx.report({ code: 'truncated', offset: at + length, chunk: ctx.index, skipped: free > length ? 'record' : 'none', message: `the file ends ${length} bytes into chunk ${ctx.index}, ${lost}` })
    if (free > length) return length
  }
  const recordsCrc = computeRecordsChecksum(buf, free)
  if (recordsCrc !== header.recordsChecksum) {
    ctx.report({ code: 'chunk_records_crc', offset: at, chunk: ctx.index, skipped: 'none', message: `chunk ${ctx.index} event records CRC-32 is 0x${header.recordsChecksum.toString(16)}, computed 0x${recordsCrc.toString(16)}: records read anyway` })
  }
  return free
}

export function* readChunkRecords(buf: Buffer, length: number, ctx: ChunkContext): Generator<EvtxRecord> {
  const free = checkHeader(buf, length, ctx)
  if (free < 0) return
  const lastRecordId = Number(buf.readBigUInt64LE(32))
  const chunk = new ChunkBinXml(buf, length)
  const writer = new XmlTextWriter()
  const builder = new EventBuilder()
  const renderer = new RecordRenderer(chunk, new TeeSink(writer, builder))
  let pos = CHUNK_HEADER_SIZE
  let lastId = -1
  while (pos + MIN_RECORD_SIZE <= length) {
    const size = recordSizeAt(buf, pos, length, false)
    const fileOffset = ctx.fileOffset + pos
    if (pos >= free) {
      if (size === 0 || lastId < 0 || Number(buf.readBigUInt64LE(pos + 8)) !== lastId + 1) break
    } else if (size === 0) {
      // a record cut off by the end of a truncated file (reported with the chunk)
      if (length < CHUNK_SIZE && buf.readUInt32LE(pos) === 0x2a2a) break
      const next = findRecord(buf, pos + 1, free, length)
      const end = next < 0 ? free : next
      const what = allZero(buf.subarray(pos, end), end - pos) ? `${end - pos} zero bytes` : `${end - pos} bytes`
      ctx.report({
        code: 'record_header',
        offset: fileOffset,
        chunk: ctx.index,
        skipped: 'bytes',
        message:
          next < 0
            ? `no event record at chunk offset ${pos}: ${what} skipped to the end of the records (the chunk header counts records up to ${lastRecordId})`
            : `no event record at chunk offset ${pos}: ${what} skipped to the next record`,
      })
      if (next < 0) break
      pos = next
      continue
    }
    const recordId = Number(buf.readBigUInt64LE(pos + 8))
    const sizeCopyOk = buf.readUInt32LE(pos + size - 4) === size
    let record: EvtxRecord | undefined
    try {
      renderer.render(pos + 24, pos + size - 4)
      const xml = writer.take()
      record = {
        recordId,
        chunk: ctx.index,
        offset: fileOffset,
        ordinal: ctx.counter.records + 1,
        writtenTime: filetimeToMs(buf.readUInt32LE(pos + 16), buf.readUInt32LE(pos + 20)),
        event: builder.take(xml, recordId),
      }
    } catch (e) {
      if (!(e instanceof BinXmlError)) throw e
      writer.take()
      builder.take('', recordId)
      ctx.report({ code: 'record_binxml', offset: fileOffset, chunk: ctx.index, recordId, skipped: 'record', message: `record ${recordId}: ${e.message}` })
    }
    if (record !== undefined) {
      if (!sizeCopyOk) ctx.report({ code: 'record_header', offset: fileOffset, chunk: ctx.index, recordId, skipped: 'none', message: `record ${recordId}: the copy of its size at its end does not match (${size}); its Binary XML reads whole, so it is kept` })
      ctx.counter.records++
      yield record
      lastId = recordId
      pos += size
    } else if (sizeCopyOk) {
      lastId = recordId
      pos += size
    } else {
      // neither the size nor the content can be trusted: look for the next well-formed record
      const next = findRecord(buf, pos + 1, free, length)
      if (next < 0) break
      pos = next
    }
  }
}

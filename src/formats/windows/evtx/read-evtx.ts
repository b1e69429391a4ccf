// Reads an EVTX file from a stream, chunk by chunk: memory holds one 64 KiB chunk (and that chunk's
// names and templates) whatever the file's size. Every chunk present is read, not only those the
// header counts, so a file that was not cleanly closed (dirty flag, header behind its data) is read to
// its last valid chunk. Problems are reported with their offsets and reading goes on; the generator
// itself never throws on bad input.
import { isChunkSignature, CHUNK_SIZE } from './chunk-header.js'
import { readChunkRecords } from './chunk-records.js'
import type { EvtxRecord } from './evtx-record.js'
import type { EvtxReport } from './evtx-problem.js'
import { BlockReader } from './block-reader.js'
import type { EvtxFileHeader } from './file-header.js'
import { FILE_HEADER_SIZE, FileFlags, parseFileHeader } from './file-header.js'

export interface ReadEvtxOptions {
  /** Told the file header's fields once they are read. */
  readonly onHeader?: (header: EvtxFileHeader) => void
}

export async function* readEvtx(stream: AsyncIterable<unknown>, report: EvtxReport, options: ReadEvtxOptions = {}): AsyncGenerator<EvtxRecord> {
  const reader = new BlockReader(stream)
  try {
    const head = Buffer.alloc(FILE_HEADER_SIZE)
    const got = await reader.read(head, FILE_HEADER_SIZE)
    if (got < 128) {
      report({ code: 'truncated', offset: 0, skipped: 'none', message: got === 0 ? 'empty file' : `the file ends ${got} bytes into its header` })
      return
    }
    const header = parseFileHeader(head)
    options.onHeader?.(header)
    if (!header.signatureOk) {
      report({ code: 'not_evtx', offset: 0, skipped: 'none', message: 'no "ElfFile" signature in the file header' })
    } else if (header.checksum !== header.computedChecksum) {
      report({ code: 'file_header_crc', offset: 0, skipped: 'none', message: `file header CRC-32 is 0x${header.checksum.toString(16)}, computed 0x${header.computedChecksum.toString(16)}` })
    }
    if (got < FILE_HEADER_SIZE) {
      report({ code: 'truncated', offset: got, skipped: 'none', message: `the file ends ${got} bytes into its 4096-byte header` })
      return
    }
    const buf = Buffer.allocUnsafe(CHUNK_SIZE)
    let index = 0
    const counter = { records: 0 }
    let chunksWithRecords = 0
    let maxRecordId = 0
    let end = FILE_HEADER_SIZE
    for (;;) {
      const length = await reader.read(buf, CHUNK_SIZE)
      if (length === 0) break
      end += length
      const fileOffset = FILE_HEADER_SIZE + index * CHUNK_SIZE
      if (index === 0 && !header.signatureOk && !isChunkSignature(buf)) {
        report({ code: 'not_evtx', offset: fileOffset, skipped: 'chunk', message: 'no chunk signature at 4096 either: not read as EVTX' })
        return
      }
      let any = false
      for (const record of readChunkRecords(buf, length, { index, fileOffset, declared: index < header.chunkCount, report, counter })) {
        any = true
        if (record.recordId > maxRecordId) maxRecordId = record.recordId
        yield record
      }
      if (any) chunksWithRecords = index + 1
      index++
      if (length < CHUNK_SIZE) break
    }
    if (header.signatureOk && index < header.chunkCount) {
      report({ code: 'truncated', offset: end, skipped: 'chunk', message: `the file header counts ${header.chunkCount} chunks; the file holds ${index}` })
    }
    const notes: string[] = []
    if (header.flags & FileFlags.Dirty) notes.push('the dirty flag is set (not cleanly closed)')
    if (header.signatureOk && chunksWithRecords > header.chunkCount) notes.push(`records in ${chunksWithRecords} chunks, the header counts ${header.chunkCount}`)
    if (header.signatureOk && maxRecordId >= header.nextRecordId && maxRecordId > 0) notes.push(`record ${maxRecordId} read, the header's next record identifier is ${header.nextRecordId}`)
    if (notes.length > 0) report({ code: 'file_header_stale', offset: 0, skipped: 'none', message: `file header behind the data: ${notes.join('; ')}; every chunk present was read` })
  } finally {
    await reader.close()
  }
}

// The 512-byte header of a 64 KiB chunk: record number and identifier ranges, the offset of the
// last record and of the free space, and two CRC-32s (of the header itself, and of the records).
import { crc32 } from './crc32.js'

export const CHUNK_SIZE = 65536
export const CHUNK_SIGNATURE = Buffer.from('ElfChnk\0', 'latin1')

export interface ChunkHeader {
  readonly firstRecordNumber: number
  readonly lastRecordNumber: number
  readonly firstRecordId: number
  readonly lastRecordId: number
  readonly headerSize: number
  readonly lastRecordOffset: number
  readonly freeSpaceOffset: number
  readonly recordsChecksum: number
  readonly flags: number
  readonly headerChecksum: number
}

export function isChunkSignature(buf: Buffer): boolean {
  return buf.subarray(0, 8).equals(CHUNK_SIGNATURE)
}

/** Fields of the chunk header at the start of `buf` (which holds at least 512 bytes). */
export function parseChunkHeader(buf: Buffer): ChunkHeader {
  return {
    firstRecordNumber: Number(buf.readBigUInt64LE(8)),
    lastRecordNumber: Number(buf.readBigUInt64LE(16)),
    firstRecordId: Number(buf.readBigUInt64LE(24)),
    lastRecordId: Number(buf.readBigUInt64LE(32)),
    headerSize: buf.readUInt32LE(40),
    lastRecordOffset: buf.readUInt32LE(44),
    freeSpaceOffset: buf.readUInt32LE(48),
    recordsChecksum: buf.readUInt32LE(52),
    flags: buf.readUInt32LE(120),
    headerChecksum: buf.readUInt32LE(124),
  }
}

/** CRC-32 of the header's first 120 bytes and of bytes 128 to 512 (the string and template tables). */
export function computeChunkHeaderChecksum(buf: Buffer): number {
  return crc32(buf, 128, 512, crc32(buf, 0, 120))
}

/** CRC-32 of the event records: from the end of the header to the free space offset. */
export function computeRecordsChecksum(buf: Buffer, freeSpaceOffset: number): number {
  return crc32(buf, 512, freeSpaceOffset)
}

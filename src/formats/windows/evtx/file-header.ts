// The 4096-byte EVTX file header: signature, chunk numbers, next record identifier, version,
// chunk count, flags (dirty, full) and the CRC-32 of its first 120 bytes.
import { crc32 } from './crc32.js'

export const FILE_HEADER_SIZE = 4096
export const FILE_SIGNATURE = Buffer.from('ElfFile\0', 'latin1')

export const FileFlags = { Dirty: 0x1, Full: 0x2 } as const

export interface EvtxFileHeader {
  readonly signatureOk: boolean
  readonly firstChunkNumber: number
  readonly lastChunkNumber: number
  readonly nextRecordId: number
  readonly headerSize: number
  readonly minorVersion: number
  readonly majorVersion: number
  /** Where the first chunk starts (4096). */
  readonly headerBlockSize: number
  readonly chunkCount: number
  readonly flags: number
  readonly checksum: number
  readonly computedChecksum: number
}

/** Reads the header fields from the first bytes of the file (at least 128 of them). */
export function parseFileHeader(buf: Buffer): EvtxFileHeader {
  return {
    signatureOk: buf.subarray(0, 8).equals(FILE_SIGNATURE),
    firstChunkNumber: Number(buf.readBigUInt64LE(8)),
    lastChunkNumber: Number(buf.readBigUInt64LE(16)),
    nextRecordId: Number(buf.readBigUInt64LE(24)),
    headerSize: buf.readUInt32LE(32),
    minorVersion: buf.readUInt16LE(36),
    majorVersion: buf.readUInt16LE(38),
    headerBlockSize: buf.readUInt16LE(40),
    chunkCount: buf.readUInt16LE(42),
    flags: buf.readUInt32LE(120),
    checksum: buf.readUInt32LE(124),
    computedChecksum: crc32(buf, 0, 120),
  }
}

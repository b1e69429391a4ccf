// What the EVTX reader could not read, or read only in part. Every problem carries the file offset
// of the structure it is about, so an examiner can look at the bytes with any hex viewer.

export const EVTX_PROBLEM_CODES = [
  'not_evtx', // the file header has no "ElfFile" signature
  'file_header_crc', // the file header's CRC-32 does not match its first 120 bytes
  'file_header_stale', // the header is behind the data (dirty flag, chunk count, next record id): nothing lost
  'truncated', // the file ends inside its header or inside a chunk
  'chunk_signature', // a 64 KiB block that is not a chunk: skipped
  'chunk_zeroed', // a zero-filled block where the header promises a chunk: skipped
  'chunk_header', // impossible values in a chunk header (offsets out of range)
  'chunk_header_crc', // the chunk header's CRC-32 does not match
  'chunk_records_crc', // the CRC-32 of the chunk's event records does not match
  'record_header', // bytes that should be an event record are not one: skipped up to the next record found
  'record_binxml', // an event record whose Binary XML cannot be read: skipped
] as const
export type EvtxProblemCode = (typeof EVTX_PROBLEM_CODES)[number]

export interface EvtxProblem {
  readonly code: EvtxProblemCode
  readonly message: string
  /** Byte offset in the file of the header, chunk or record the problem is about. */
  readonly offset: number
  /** 0-based index of the 64 KiB chunk, when the problem is inside one. */
  readonly chunk?: number
  /** The event record identifier from the record header, when it could be read. */
  readonly recordId?: number
  /** What was left out because of the problem: nothing, one record, or a whole chunk. */
  readonly skipped: 'none' | 'record' | 'chunk' | 'bytes'
}

export type EvtxReport = (problem: EvtxProblem) => void

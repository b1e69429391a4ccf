// CRC-32 (RFC 1952, the zlib/gzip polynomial) as EVTX uses it for the file header, the chunk
// header and the event records of a chunk. Node 20.15+ has it in node:zlib; older Node 20 releases
// get the table-driven version below.
import zlib from 'node:zlib'

type Crc32 = (data: Uint8Array, value?: number) => number

const native = (zlib as unknown as { crc32?: Crc32 }).crc32

function makeTable(): Uint32Array {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
}

const TABLE: Uint32Array | undefined = native === undefined ? makeTable() : undefined

function tableCrc32(data: Uint8Array, value = 0): number {
  const table = TABLE ?? makeTable()
  let crc = ~value >>> 0
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)
  return ~crc >>> 0
}

/** CRC-32 of `data[start, end)`, continuing from `value` (the CRC of the bytes before). */
export function crc32(data: Uint8Array, start = 0, end = data.length, value = 0): number {
  const part = data.subarray(start, end)
  return native !== undefined ? native(part, value) >>> 0 : tableCrc32(part, value)
}

/** The portable implementation, exported so tests can hold it to node:zlib's. */
export function crc32Portable(data: Uint8Array, value = 0): number {
  return tableCrc32(data, value)
}

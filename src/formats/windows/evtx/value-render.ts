// Substitution values (typed binary data in a record's template instance) rendered as text, the way
// Windows renders them in event XML (wevtutil, Event Viewer): GUIDs upper case in braces, HexInt32,
// HexInt64 and size_t as unpadded lower-case hex (0x3e7), booleans true/false, binary as upper-case
// hex, FILETIME and SYSTEMTIME as ISO 8601 UTC. Arrays (type | 0x80) render item by item.
import { ARRAY, ValueType } from './binxml-tokens.js'
import { filetimeToIso, systemtimeToIso } from './windows-time.js'

/** Windows-1252 where it differs from Latin-1 (0x80..0x9F); Node's TextDecoder reads that label as Latin-1. */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

function ansi(b: Buffer, o: number, size: number): string {
  const s = b.toString('latin1', o, o + size)
  return /[\x80-\x9f]/.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : s
}

function u32(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
}

function hex32(n: number): string {
  return `0x${n.toString(16)}`
}

function hex64(b: Buffer, o: number): string {
  const hi = u32(b, o + 4)
  const lo = u32(b, o)
  return hi === 0 ? hex32(lo) : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`
}

function int64(b: Buffer, o: number, signed: boolean): string {
  const hi = u32(b, o + 4)
  const lo = u32(b, o)
  if (hi === 0) return String(lo)
  const big = (BigInt(hi) << 32n) | BigInt(lo)
  return String(signed ? BigInt.asIntN(64, big) : big)
}

/** Trailing NUL characters are the writer's terminator, not data. */
function trimNuls(s: string): string {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--
  return end === s.length ? s : s.slice(0, end)
}

function utf16(b: Buffer, o: number, size: number): string {
  return trimNuls(b.toString('utf16le', o, o + (size & ~1)))
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'))

function binaryHex(b: Buffer, o: number, size: number): string {
  let s = ''
  for (let i = 0; i < size; i++) s += HEX[b[o + i]!]
  return s
}

function guid(b: Buffer, o: number): string {
  const h = (i: number): string => HEX[b[o + i]!]!
  return (
    `{${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-` +
    `${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}}`
  )
}

/** S-1-5-21-...: revision, 48-bit big-endian authority, little-endian 32-bit sub-authorities. */
export function sidToString(b: Buffer, o: number, size: number): string {
  if (size < 8) return ''
  const count = b[o + 1]!
  const authority = b.readUIntBE(o + 2, 6)
  let s = `S-${b[o]!}-${authority >= 2 ** 32 ? `0x${authority.toString(16).toUpperCase().padStart(12, '0')}` : authority}`
  // an incomplete SID (fewer sub-authorities stored than counted) renders what is there
  const n = Math.min(count, Math.floor((size - 8) / 4))
  for (let i = 0; i < n; i++) s += `-${u32(b, o + 8 + 4 * i)}`
  return s
}

/** The byte size of the SID at `o`, from its sub-authority count. */
export function sidSize(b: Buffer, o: number): number {
  return 8 + 4 * b[o + 1]!
}

/** Shortest decimal text that reads back as the same single-precision value. */
function real32(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  for (let p = 1; p < 10; p++) {
    const s = v.toPrecision(p)
    if (Math.fround(Number(s)) === v) return String(Number(s))
  }
  return String(v)
}

/** Size of one item of a fixed-size scalar type, or 0 for variable-size types. */
function fixedSize(type: number): number {
  switch (type) {
    case ValueType.Int8:
    case ValueType.UInt8:
      return 1
    case ValueType.Int16:
    case ValueType.UInt16:
      return 2
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.Real32:
    case ValueType.Bool:
    case ValueType.HexInt32:
      return 4
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.Real64:
    case ValueType.FileTime:
    case ValueType.HexInt64:
      return 8
    case ValueType.Guid:
    case ValueType.SysTime:
      return 16
    default:
      return 0
  }
}

/** One scalar value of `type` stored in `b[o, o + size)` as text; '' when the bytes are too few. */
export function renderScalar(b: Buffer, o: number, size: number, type: number): string {
  const need = fixedSize(type)
  if (size < need) return ''
  switch (type) {
    case ValueType.Null:
      return ''
    case ValueType.String:
    case ValueType.EvtXml:
      return utf16(b, o, size)
    case ValueType.AnsiString:
      return trimNuls(ansi(b, o, size))
    case ValueType.Int8:
      return String((b[o]! << 24) >> 24)
    case ValueType.UInt8:
      return String(b[o]!)
    case ValueType.Int16:
      return String(((b[o]! | (b[o + 1]! << 8)) << 16) >> 16)
    case ValueType.UInt16:
      return String(b[o]! | (b[o + 1]! << 8))
    case ValueType.Int32:
      return String(u32(b, o) | 0)
    case ValueType.UInt32:
      return String(u32(b, o))
    case ValueType.Int64:
      return int64(b, o, true)
    case ValueType.UInt64:
      return int64(b, o, false)
    case ValueType.Real32:
      return real32(b.readFloatLE(o))
    case ValueType.Real64:
      return String(b.readDoubleLE(o))
    case ValueType.Bool:
      return u32(b, o) !== 0 ? 'true' : 'false'
    case ValueType.Binary:
      return binaryHex(b, o, size)
    case ValueType.Guid:
      return guid(b, o)
    case ValueType.SizeT:
    case ValueType.EvtHandle:
      return size >= 8 ? hex64(b, o) : size >= 4 ? hex32(u32(b, o)) : ''
    case ValueType.FileTime:
      return filetimeToIso(u32(b, o), u32(b, o + 4))
    case ValueType.SysTime:
      return systemtimeToIso(b, o)
    case ValueType.Sid:
      return sidToString(b, o, size)
    case ValueType.HexInt32:
      return hex32(u32(b, o))
    case ValueType.HexInt64:
      return hex64(b, o)
    default:
      // an unknown type: its bytes, so nothing is hidden
      return binaryHex(b, o, size)
  }
}

/** The items of an array value (type with ARRAY set), each rendered as its scalar type. */
export function renderArray(b: Buffer, o: number, size: number, type: number): string[] {
  const item = type & ~ARRAY
  const end = o + size
  const out: string[] = []
  if (item === ValueType.String || item === ValueType.AnsiString) {
    // NUL-terminated strings one after the other
    const unit = item === ValueType.String ? 2 : 1
    let start = o
    for (let i = o; i + unit <= end; i += unit) {
      if (b[i] === 0 && (unit === 1 || b[i + 1] === 0)) {
        out.push(renderScalar(b, start, i - start, item))
        start = i + unit
      }
    }
    if (start + unit <= end) out.push(renderScalar(b, start, end - start, item))
    return out
  }
  if (item === ValueType.Sid) {
    for (let i = o; i + 8 <= end; ) {
      const n = Math.min(sidSize(b, i), end - i)
      out.push(sidToString(b, i, n))
      i += n
    }
    return out
  }
  // size_t arrays hold 64-bit items here (the 32-bit form cannot be told apart from the bytes)
  const width = item === ValueType.SizeT || item === ValueType.EvtHandle ? 8 : fixedSize(item)
  if (width === 0) return [renderScalar(b, o, size, item)]
  for (let i = o; i + width <= end; i += width) out.push(renderScalar(b, i, width, item))
  return out
}

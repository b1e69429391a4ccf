// Writes small EVTX files for tests: a file header, 64 KiB chunks with their CRC-32s, and records
// whose Binary XML is a template instance (definition in place on first use in a chunk, then by
// offset) or a bare element tree. Names are written in place, as Windows does.
import { crc32 } from '../../../../src/formats/windows/evtx/crc32.js'

export type XNode =
  | { readonly el: string; readonly attrs?: ReadonlyArray<readonly [string, readonly XNode[]]>; readonly children?: readonly XNode[] }
  | { readonly text: string }
  | { readonly sub: number; readonly type: number; readonly optional?: boolean }
  | { readonly charref: number }
  | { readonly entity: string }
  | { readonly cdata: string }
  | { readonly pi: readonly [string, string] }

/** A substitution value: raw bytes of a type, or Binary XML (type 0x21) written in place. */
export type XValue = { readonly type: number; readonly bytes: Buffer } | { readonly type: 0x21; readonly nested: XRecordBody }

/** A record's Binary XML: a template instance, or a bare element (optionally without dependency identifiers). */
export type XRecordBody =
  | { readonly template: XNode; readonly key: string; readonly values: readonly XValue[] }
  | { readonly element: XNode; readonly noDependencyId?: boolean }

const CHUNK = 65536

export class ChunkWriter {
  readonly buf = Buffer.alloc(CHUNK)
  pos = 512
  readonly #templates = new Map<string, number>()
  #noDependencyId = false
  firstId = 0
  lastId = 0
  lastRecordOffset = 0

  u8(v: number): void {
    this.buf[this.pos++] = v
  }
  u16(v: number): void {
    this.buf.writeUInt16LE(v, this.pos)
    this.pos += 2
  }
  u32(v: number): void {
    this.buf.writeUInt32LE(v >>> 0, this.pos)
    this.pos += 4
  }
  bytes(b: Buffer): void {
    b.copy(this.buf, this.pos)
    this.pos += b.length
  }
  utf16(s: string): void {
    this.bytes(Buffer.from(s, 'utf16le'))
  }

  /** A name offset pointing right after itself, and the name there. */
  name(s: string): void {
    this.u32(this.pos + 4)
    this.u32(0) // next name in the hash bucket
    this.u16(0) // hash
    this.u16(s.length)
    this.utf16(s)
    this.u16(0)
  }

  node(n: XNode): void {
    if ('el' in n) {
      const start = this.pos
      const attrs = n.attrs ?? []
      this.u8(attrs.length > 0 ? 0x41 : 0x01)
      if (!this.#noDependencyId) this.u16(0xffff)
      const sizeAt = this.pos
      this.u32(0)
      this.name(n.el)
      if (attrs.length > 0) {
        const listAt = this.pos
        this.u32(0)
        attrs.forEach(([name, value], i) => {
          this.u8(i < attrs.length - 1 ? 0x46 : 0x06)
          this.name(name)
          for (const v of value) this.node(v)
        })
        this.buf.writeUInt32LE(this.pos - listAt - 4, listAt)
      }
      if (n.children === undefined || n.children.length === 0) this.u8(0x03)
      else {
        this.u8(0x02)
        for (const c of n.children) this.node(c)
        this.u8(0x04)
      }
      this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt)
      void start
    } else if ('text' in n) {
      this.u8(0x05)
      this.u8(0x01)
      this.u16(n.text.length)
      this.utf16(n.text)
    } else if ('sub' in n) {
      this.u8(n.optional === true ? 0x0e : 0x0d)
      this.u16(n.sub)
      this.u8(n.type)
    } else if ('charref' in n) {
      this.u8(0x08)
      this.u16(n.charref)
    } else if ('entity' in n) {
      this.u8(0x09)
      this.name(n.entity)
    } else if ('cdata' in n) {
      this.u8(0x07)
      this.u16(n.cdata.length)
      this.utf16(n.cdata)
    } else {
      this.u8(0x0a)
      this.name(n.pi[0])
      this.u8(0x0b)
      this.u16(n.pi[1].length)
      this.utf16(n.pi[1])
    }
  }

  body(b: XRecordBody): void {
    this.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]))
    if ('element' in b) {
      this.#noDependencyId = b.noDependencyId === true
      this.node(b.element)
      this.#noDependencyId = false
    } else {
      this.u8(0x0c)
      this.u8(0x01)
      this.u32(0x11223344)
      const known = this.#templates.get(b.key)
      if (known !== undefined) this.u32(known)
      else {
        const def = this.pos + 4
        this.u32(def)
        this.#templates.set(b.key, def)
        this.u32(0) // next template
        this.bytes(Buffer.from('00112233445566778899aabbccddeeff', 'hex'))
        const sizeAt = this.pos
        this.u32(0)
        this.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]))
        this.node(b.template)
        this.u8(0x00)
        this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt)
      }
      this.u32(b.values.length)
      const descriptors = this.pos
      this.pos += 4 * b.values.length
      b.values.forEach((v, i) => {
        const start = this.pos
        if ('nested' in v) this.body(v.nested)
        else this.bytes(v.bytes)
        this.buf.writeUInt16LE(this.pos - start, descriptors + 4 * i)
        this.buf[descriptors + 4 * i + 2] = v.type
      })
    }
    this.u8(0x00)
  }

  record(id: number, body: XRecordBody, filetime = 132_000_000_000_000_000n): number {
    const start = this.pos
    this.u32(0x2a2a)
    this.u32(0)
    this.buf.writeBigUInt64LE(BigInt(id), this.pos)
    this.pos += 8
    this.buf.writeBigUInt64LE(filetime, this.pos)
    this.pos += 8
    this.body(body)
    while ((this.pos + 4) % 8 !== 0) this.u8(0)
    const size = this.pos + 4 - start
    this.u32(size)
    this.buf.writeUInt32LE(size, start + 4)
    if (this.firstId === 0) this.firstId = id
    this.lastId = id
    this.lastRecordOffset = start
    return start
  }

  /** The chunk with its header and CRC-32s. */
  finish(): Buffer {
    const b = this.buf
    b.write('ElfChnk\0', 0, 'latin1')
    b.writeBigUInt64LE(BigInt(this.firstId), 8)
    b.writeBigUInt64LE(BigInt(this.lastId), 16)
    b.writeBigUInt64LE(BigInt(this.firstId), 24)
    b.writeBigUInt64LE(BigInt(this.lastId), 32)
    b.writeUInt32LE(128, 40)
    b.writeUInt32LE(this.lastRecordOffset, 44)
    b.writeUInt32LE(this.pos, 48)
    b.writeUInt32LE(crc32(b, 512, this.pos), 52)
    b.writeUInt32LE(crc32(b, 128, 512, crc32(b, 0, 120)), 124)
    return b
  }
}

export function fileHeader(chunks: number, nextRecordId: number, flags = 0): Buffer {
  const b = Buffer.alloc(4096)
  b.write('ElfFile\0', 0, 'latin1')
  b.writeBigUInt64LE(0n, 8)
  b.writeBigUInt64LE(BigInt(Math.max(chunks - 1, 0)), 16)
  b.writeBigUInt64LE(BigInt(nextRecordId), 24)
  b.writeUInt32LE(128, 32)
  b.writeUInt16LE(1, 36)
  b.writeUInt16LE(3, 38)
  b.writeUInt16LE(4096, 40)
  b.writeUInt16LE(chunks, 42)
  b.writeUInt32LE(flags, 120)
  b.writeUInt32LE(crc32(b, 0, 120), 124)
  return b
}

/** An EVTX file of the given chunks (each a list of record bodies), record ids from 1. */
export function evtxFile(chunks: ReadonlyArray<readonly XRecordBody[]>, flags = 0): Buffer {
  let id = 1
  const parts = chunks.map((bodies) => {
    const w = new ChunkWriter()
    for (const body of bodies) w.record(id++, body)
    return w.finish()
  })
  return Buffer.concat([fileHeader(parts.length, id, flags), ...parts])
}

/** A 64-bit little-endian value of `type`. */
function qword(type: number, n: bigint): XValue {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(n)
  return { type, bytes: b }
}

// Helpers for values.
export const v = {
  str: (s: string): XValue => ({ type: 0x01, bytes: Buffer.from(s, 'utf16le') }),
  u8: (n: number): XValue => ({ type: 0x04, bytes: Buffer.from([n]) }),
  u16: (n: number): XValue => ({ type: 0x06, bytes: Buffer.from([n & 0xff, n >>> 8]) }),
  u32: (n: number): XValue => ({ type: 0x08, bytes: Buffer.from([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]) }),
  u64: (n: bigint): XValue => qword(0x0a, n),
  hex64: (n: bigint): XValue => qword(0x15, n),
  filetime: (ticks: bigint): XValue => qword(0x11, ticks),
  raw: (type: number, bytes: Buffer | number[]): XValue => ({ type, bytes: Buffer.from(bytes) }),
  nul: (): XValue => ({ type: 0x00, bytes: Buffer.alloc(0) }),
}

/** <System> with substitutions 0..8 (systemValues). */
export function systemElement(): XNode {
  const s = (el: string, sub: number, type: number): XNode => ({ el, children: [{ sub, type, optional: true }] })
  return {
    el: 'System',
    children: [
      { el: 'Provider', attrs: [['Name', [{ sub: 0, type: 0x01, optional: true }]]] },
      { el: 'EventID', attrs: [['Qualifiers', [{ sub: 1, type: 0x06, optional: true }]]], children: [{ sub: 2, type: 0x06, optional: true }] },
      s('Level', 3, 0x04),
      { el: 'TimeCreated', attrs: [['SystemTime', [{ sub: 4, type: 0x11, optional: true }]]] },
      s('EventRecordID', 5, 0x0a),
      s('Channel', 6, 0x01),
      s('Computer', 7, 0x01),
      s('Keywords', 8, 0x15),
    ],
  }
}

/** <Event> holding <System> and the given elements. */
export function eventElement(rest: readonly XNode[]): XNode {
  return { el: 'Event', attrs: [['xmlns', [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]]], children: [systemElement(), ...rest] }
}

/** The usual <Event><System>...</System><EventData>...</EventData></Event> template shape. */
export function eventTemplate(data: readonly XNode[]): XNode {
  return eventElement([{ el: 'EventData', children: data }])
}

/** Values 0..8 for eventTemplate. */
export function systemValues(o: { provider?: string; id?: number; record?: number; computer?: string } = {}): XValue[] {
  return [
    v.str(o.provider ?? 'Microsoft-Windows-Security-Auditing'),
    v.nul(),
    v.u16(o.id ?? 4624),
    v.u8(0),
    v.filetime(132_000_000_000_123_456n),
    v.u64(BigInt(o.record ?? 1)),
    v.str('Security'),
    v.str(o.computer ?? 'EXCH01'),
    v.hex64(0x8020000000000000n),
  ]
}

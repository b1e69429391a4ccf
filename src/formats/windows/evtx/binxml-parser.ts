// Reads Binary XML out of one 64 KiB chunk into BxNode trees. Names and template definitions are
// stored once per chunk and referred to by chunk offset; both are cached here for the chunk's life,
// so a template used by a thousand records is read once. Every read is bounded by the region being
// read, element nesting and template self-reference are guarded, and anything malformed throws a
// BinXmlError that the record reader reports.
import { MORE_DATA, Token, ValueType } from './binxml-tokens.js'
import type { BxAttribute, BxElement, BxNode, BxPi, BxTemplate, BxTemplateInstance, BxValue } from './binxml-tree.js'
import { BinXmlError } from './binxml-tree.js'

/** Chunk header size: names and templates live after it. */
export const CHUNK_HEADER_SIZE = 512
const MAX_ELEMENT_DEPTH = 64

function guidText(b: Buffer, o: number): string {
  const h = (i: number): string => b[o + i]!.toString(16).padStart(2, '0')
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`
}

export class ChunkBinXml {
  readonly buf: Buffer
  /** Bytes of the chunk that are present (less than 64 KiB for a truncated last chunk). */
  readonly length: number
  readonly #names = new Map<number, string>()
  readonly #templates = new Map<number, BxTemplate | BinXmlError>()
  readonly #compiling = new Set<number>()

  constructor(buf: Buffer, length: number) {
    this.buf = buf
    this.length = length
  }

  /** The Binary XML document in `[start, end)`: fragment headers, then elements or template instances. */
  document(start: number, end: number): BxNode[] {
    if (start < 0 || end > this.length || start > end) throw new BinXmlError(`Binary XML outside the chunk (${start}..${end})`, start)
    return new Region(this, start, end).document()
  }

  /** The name (element, attribute, entity, PI target) stored at `offset`. */
  name(offset: number): string {
    const cached = this.#names.get(offset)
    if (cached !== undefined) return cached
    if (offset < CHUNK_HEADER_SIZE || offset + 8 > this.length) throw new BinXmlError(`name offset ${offset} outside the chunk`, offset)
    const chars = this.buf.readUInt16LE(offset + 6)
    if (offset + 8 + 2 * chars > this.length) throw new BinXmlError(`name at ${offset} runs past the chunk`, offset)
    const name = this.buf.toString('utf16le', offset + 8, offset + 8 + 2 * chars)
    this.#names.set(offset, name)
    return name
  }

  /** Bytes a name structure takes where it is stored: links, hash, length, characters, NUL. */
  nameSize(offset: number): number {
    return 8 + 2 * this.buf.readUInt16LE(offset + 6) + 2
  }

  /** The template whose definition is at `offset`, read on first use. */
  template(offset: number): BxTemplate {
    const cached = this.#templates.get(offset)
    if (cached instanceof BinXmlError) throw cached
    if (cached !== undefined) return cached
    if (this.#compiling.has(offset)) throw new BinXmlError(`template at ${offset} refers to itself`, offset)
    if (offset < CHUNK_HEADER_SIZE || offset + 24 > this.length) throw new BinXmlError(`template offset ${offset} outside the chunk`, offset)
    const end = offset + 24 + this.buf.readUInt32LE(offset + 20)
    if (end > this.length) throw new BinXmlError(`template at ${offset} runs past the chunk`, offset)
    this.#compiling.add(offset)
    try {
      const nodes = new Region(this, offset + 24, end).document()
      if (!nodes.some((n) => n.kind === 'element')) throw new BinXmlError(`template at ${offset} has no element`, offset)
      const template: BxTemplate = { offset, guid: guidText(this.buf, offset + 4), nodes }
      this.#templates.set(offset, template)
      return template
    } catch (e) {
      if (e instanceof BinXmlError) this.#templates.set(offset, e)
      throw e
    } finally {
      this.#compiling.delete(offset)
    }
  }

  /** Bytes a template definition takes where it is stored (header and body). */
  templateSize(offset: number): number {
    return 24 + this.buf.readUInt32LE(offset + 20)
  }
}

/** A cursor over `[pos, end)` of a chunk. */
class Region {
  readonly #chunk: ChunkBinXml
  readonly #buf: Buffer
  #pos: number
  readonly #end: number

  constructor(chunk: ChunkBinXml, start: number, end: number) {
    this.#chunk = chunk
    this.#buf = chunk.buf
    this.#pos = start
    this.#end = end
  }

  #fail(message: string): never {
    throw new BinXmlError(message, this.#pos)
  }

  #need(bytes: number): void {
    if (this.#pos + bytes > this.#end) this.#fail(`Binary XML cut short at ${this.#pos} (needs ${bytes} bytes, region ends at ${this.#end})`)
  }

  #u16(): number {
    this.#need(2)
    const v = this.#buf.readUInt16LE(this.#pos)
    this.#pos += 2
    return v
  }

  #u32(): number {
    this.#need(4)
    const v = this.#buf.readUInt32LE(this.#pos)
    this.#pos += 4
    return v
  }

  /** UTF-16 text with a 16-bit character count in front. */
  #counted(): string {
    const chars = this.#u16()
    this.#need(2 * chars)
    const s = this.#buf.toString('utf16le', this.#pos, this.#pos + 2 * chars)
    this.#pos += 2 * chars
    return s
  }

  /** A 32-bit name offset; the name itself follows in place when it points right here. */
  #nameRef(): string {
    const offset = this.#u32()
    const name = this.#chunk.name(offset)
    if (offset === this.#pos) {
      this.#need(this.#chunk.nameSize(offset))
      this.#pos += this.#chunk.nameSize(offset)
    }
    return name
  }

  document(): BxNode[] {
    const nodes: BxNode[] = []
    while (this.#pos < this.#end) {
      const token = this.#buf[this.#pos]! & ~MORE_DATA
      switch (token) {
        case Token.FragmentHeader:
          this.#need(4)
          this.#pos += 4
          break
        case Token.TemplateInstance:
          nodes.push(this.#templateInstance())
          break
        case Token.OpenStartElement:
          nodes.push(this.#element(0))
          break
        case Token.PITarget:
          nodes.push(this.#pi())
          break
        case Token.EndOfStream:
          this.#pos++
          return nodes
        default:
          this.#fail(`unexpected token 0x${this.#buf[this.#pos]!.toString(16)} at ${this.#pos}`)
      }
    }
    return nodes
  }

  #element(depth: number): BxElement {
    if (depth > MAX_ELEMENT_DEPTH) this.#fail(`elements nested deeper than ${MAX_ELEMENT_DEPTH}`)
    const start = this.#pos
    const token = this.#buf[start]!
    // The start tag has a 16-bit dependency identifier after the token, except in some writers'
    // records (seen in TerminalServices and CAPI2 logs) that leave it out: the form whose data size
    // fits the region and whose name offset points in place or back into the chunk is the one.
    if (this.#startTagFits(start, 3)) this.#pos = start + 3
    else if (this.#startTagFits(start, 1)) this.#pos = start + 1
    else this.#fail(`element at ${start}: neither start tag form fits its region`)
    this.#pos += 4 // data size
    const name = this.#nameRef()
    const attrs: BxAttribute[] = []
    if (token & MORE_DATA) {
      const listSize = this.#u32()
      const attrEnd = this.#pos + listSize
      if (attrEnd > this.#end) this.#fail(`attribute list at ${start} runs past its region`)
      while (this.#pos < attrEnd && (this.#buf[this.#pos]! & ~MORE_DATA) === Token.Attribute) {
        this.#pos++
        const attrName = this.#nameRef()
        attrs.push({ name: attrName, value: this.#valueParts() })
      }
    }
    this.#need(1)
    const close = this.#buf[this.#pos++]!
    if (close === Token.CloseEmptyElement) return { kind: 'element', name, attrs, children: [] }
    if (close !== Token.CloseStartElement) this.#fail(`element ${name} at ${start}: expected the end of its start tag, found 0x${close.toString(16)}`)
    return { kind: 'element', name, attrs, children: this.#content(depth) }
  }

  /** Whether a start tag whose data size is at `start + sizeAt` has a size and name offset that make sense. */
  #startTagFits(start: number, sizeAt: number): boolean {
    const after = start + sizeAt + 8
    if (after > this.#end) return false
    const size = this.#buf.readUInt32LE(start + sizeAt)
    if (start + sizeAt + 4 + size > this.#end) return false
    const nameOffset = this.#buf.readUInt32LE(start + sizeAt + 4)
    return nameOffset === after || (nameOffset >= CHUNK_HEADER_SIZE && nameOffset < start)
  }

  /** An attribute's value: text, substitutions and references up to the next attribute or tag end. */
  #valueParts(): BxNode[] {
    const parts: BxNode[] = []
    while (this.#pos < this.#end) {
      const token = this.#buf[this.#pos]! & ~MORE_DATA
      if (token === Token.Value) parts.push(this.#text())
      else if (token === Token.NormalSubstitution || token === Token.OptionalSubstitution) parts.push(this.#substitution())
      else if (token === Token.CharRef) parts.push(this.#charRef())
      else if (token === Token.EntityRef) parts.push(this.#entityRef())
      else break
    }
    return parts
  }

  #content(depth: number): BxNode[] {
    const children: BxNode[] = []
    for (;;) {
      this.#need(1)
      const token = this.#buf[this.#pos]! & ~MORE_DATA
      switch (token) {
        case Token.OpenStartElement:
          children.push(this.#element(depth + 1))
          break
        case Token.Value:
          children.push(this.#text())
          break
        case Token.CDataSection:
          this.#pos++
          children.push({ kind: 'cdata', text: this.#counted() })
          break
        case Token.CharRef:
          children.push(this.#charRef())
          break
        case Token.EntityRef:
          children.push(this.#entityRef())
          break
        case Token.PITarget:
          children.push(this.#pi())
          break
        case Token.NormalSubstitution:
        case Token.OptionalSubstitution:
          children.push(this.#substitution())
          break
        case Token.TemplateInstance:
          children.push(this.#templateInstance())
          break
        case Token.EndElement:
          this.#pos++
          return children
        default:
          this.#fail(`unexpected token 0x${this.#buf[this.#pos]!.toString(16)} in element content at ${this.#pos}`)
      }
    }
  }

  #text(): BxNode {
    this.#need(2)
    const type = this.#buf[this.#pos + 1]!
    this.#pos += 2
    if (type !== ValueType.String) this.#fail(`value text of type 0x${type.toString(16)} at ${this.#pos - 2}`)
    return { kind: 'text', text: this.#counted() }
  }

  #charRef(): BxNode {
    this.#pos++
    return { kind: 'charref', code: this.#u16() }
  }

  #entityRef(): BxNode {
    this.#pos++
    return { kind: 'entity', name: this.#nameRef() }
  }

  #pi(): BxPi {
    this.#pos++
    const target = this.#nameRef()
    let data = ''
    if (this.#pos < this.#end && this.#buf[this.#pos] === Token.PIData) {
      this.#pos++
      data = this.#counted()
    }
    return { kind: 'pi', target, data }
  }

  #substitution(): BxNode {
    this.#need(4)
    const optional = (this.#buf[this.#pos]! & ~MORE_DATA) === Token.OptionalSubstitution
    const index = this.#buf.readUInt16LE(this.#pos + 1)
    const valueType = this.#buf[this.#pos + 3]!
    this.#pos += 4
    return { kind: 'sub', index, valueType, optional }
  }

  /** Template instance: the definition (in place on first use in the chunk, else by offset), then the values. */
  #templateInstance(): BxTemplateInstance {
    this.#need(10)
    const start = this.#pos
    this.#pos += 6 // token, unknown byte, template identifier
    const defOffset = this.#u32()
    let template: BxTemplate
    if (defOffset === this.#pos) {
      if (defOffset + 24 > this.#end) this.#fail(`template definition at ${defOffset} runs past its region`)
      const size = this.#chunk.templateSize(defOffset)
      this.#need(size)
      template = this.#chunk.template(defOffset)
      this.#pos += size
    } else {
      if (defOffset >= start && defOffset < this.#end) this.#fail(`template instance at ${start} points into itself (${defOffset})`)
      template = this.#chunk.template(defOffset)
    }
    const count = this.#u32()
    if (count * 4 > this.#end - this.#pos) this.#fail(`template instance at ${start} declares ${count} values`)
    const values: BxValue[] = new Array(count)
    let offset = this.#pos + 4 * count
    for (let i = 0; i < count; i++) {
      const size = this.#buf.readUInt16LE(this.#pos + 4 * i)
      const type = this.#buf[this.#pos + 4 * i + 2]!
      values[i] = { type, offset, size }
      offset += size
    }
    if (offset > this.#end) this.#fail(`values of the template instance at ${start} run past its region`)
    this.#pos = offset
    return { kind: 'template', template, values }
  }
}

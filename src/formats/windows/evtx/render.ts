// Walks a record's Binary XML tree, filling template substitutions with the record's values, and
// tells a sink what it finds (XmlSink). A value of type Binary XML (0x21) is read and walked in
// place, so EventData or UserData carried as nested Binary XML renders like any other content.
// Nesting and the amount of work per record are bounded, so a crafted record cannot recurse or
// fan out without end.
import { ARRAY, ValueType } from './binxml-tokens.js'
import type { BxElement, BxNode, BxValue } from './binxml-tree.js'
import { BinXmlError } from './binxml-tree.js'
import type { ChunkBinXml } from './binxml-parser.js'
import { renderArray, renderScalar } from './value-render.js'
import type { XmlSink } from './xml-sink.js'

const MAX_NESTING = 16
const MAX_NODES_PER_RECORD = 250_000

/** Which item of the array values an element repeated for an array is written with. */
interface Repeat {
  readonly arrays: ReadonlyMap<number, readonly string[]>
  readonly item: number
}

const ENTITY_TEXT: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export class RecordRenderer {
  readonly #chunk: ChunkBinXml
  readonly #sink: XmlSink
  #budget = MAX_NODES_PER_RECORD

  constructor(chunk: ChunkBinXml, sink: XmlSink) {
    this.#chunk = chunk
    this.#sink = sink
  }

  /** Renders the Binary XML document in `[start, end)` of the chunk. */
  render(start: number, end: number): void {
    this.#budget = MAX_NODES_PER_RECORD
    this.#nodes(this.#chunk.document(start, end), [], 0)
  }

  #nodes(nodes: readonly BxNode[], values: readonly BxValue[], nesting: number): void {
    for (const node of nodes) this.#node(node, values, nesting)
  }

  #node(node: BxNode, values: readonly BxValue[], nesting: number): void {
    if (--this.#budget < 0) throw new BinXmlError(`record expands to more than ${MAX_NODES_PER_RECORD} nodes`, 0)
    const sink = this.#sink
    switch (node.kind) {
      case 'element': {
        const items = this.#arrayItems(node.children, values)
        if (items === undefined) this.#element(node, values, nesting, undefined)
        else for (let i = 0; i < items.count; i++) this.#element(node, values, nesting, { arrays: items.arrays, item: i })
        return
      }
      case 'text':
        sink.text(node.text)
        return
      case 'sub':
        this.#substitution(values[node.index], values, nesting)
        return
      case 'charref':
        sink.text(String.fromCharCode(node.code))
        return
      case 'entity':
        if (ENTITY_TEXT[node.name] !== undefined) sink.text(ENTITY_TEXT[node.name]!)
        else sink.entity(node.name)
        return
      case 'cdata':
        sink.cdata(node.text)
        return
      case 'pi':
        sink.pi(node.target, node.data)
        return
      case 'template':
        if (nesting >= MAX_NESTING) throw new BinXmlError(`Binary XML nested deeper than ${MAX_NESTING}`, node.template.offset)
        this.#nodes(node.template.nodes, node.values, nesting + 1)
        return
    }
  }

  /**
   * An element whose content holds a substitution of an array value is written once per item (with
   * that item in place of the substitution), as Windows does: a classic event's string array becomes
   * <Data>a</Data><Data>b</Data>. An empty array still gives one empty element.
   */
  #arrayItems(children: readonly BxNode[], values: readonly BxValue[]): { arrays: Map<number, string[]>; count: number } | undefined {
    let arrays: Map<number, string[]> | undefined
    let count = 1
    for (const child of children) {
      if (child.kind !== 'sub') continue
      const value = values[child.index]
      if (value === undefined || (value.type & ARRAY) === 0) continue
      const items = renderArray(this.#chunk.buf, value.offset, value.size, value.type)
      arrays ??= new Map()
      arrays.set(child.index, items)
      count = Math.max(count, items.length)
    }
    return arrays === undefined ? undefined : { arrays, count }
  }

  #element(node: BxElement, values: readonly BxValue[], nesting: number, repeat: Repeat | undefined): void {
    const sink = this.#sink
    sink.open(node.name)
    for (const attr of node.attrs) sink.attr(attr.name, this.#attrValue(attr.value, values))
    sink.openEnd()
    for (const child of node.children) {
      if (repeat !== undefined && child.kind === 'sub' && repeat.arrays.has(child.index)) sink.text(repeat.arrays.get(child.index)![repeat.item] ?? '')
      else this.#node(child, values, nesting)
    }
    sink.close(node.name)
  }

  #substitution(value: BxValue | undefined, values: readonly BxValue[], nesting: number): void {
    if (value === undefined || value.type === ValueType.Null) return
    if (value.type === ValueType.BinXml) {
      if (nesting >= MAX_NESTING) throw new BinXmlError(`Binary XML nested deeper than ${MAX_NESTING}`, value.offset)
      if (value.size > 0) this.#nodes(this.#chunk.document(value.offset, value.offset + value.size), values, nesting + 1)
      return
    }
    this.#sink.text(valueText(this.#chunk.buf, value))
  }

  #attrValue(parts: readonly BxNode[], values: readonly BxValue[]): string {
    let s = ''
    for (const part of parts) {
      switch (part.kind) {
        case 'text':
          s += part.text
          break
        case 'sub': {
          const value = values[part.index]
          if (value !== undefined && value.type !== ValueType.Null && value.type !== ValueType.BinXml) s += valueText(this.#chunk.buf, value)
          break
        }
        case 'charref':
          s += String.fromCharCode(part.code)
          break
        case 'entity':
          s += ENTITY_TEXT[part.name] ?? `&${part.name};`
          break
        default:
          break
      }
    }
    return s
  }
}

/** A substitution value as text; the items of an array not written element by element are joined by ', '. */
export function valueText(buf: Buffer, value: BxValue): string {
  return value.type & ARRAY
    ? renderArray(buf, value.offset, value.size, value.type).join(', ')
    : renderScalar(buf, value.offset, value.size, value.type)
}

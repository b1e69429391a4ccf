// Walks a record's Binary XML tree, filling template substitutions with the record's values, and
// tells a sink what it finds (XmlSink). A value of type Binary XML (0x21) is read and walked in
// place, so EventData or UserData carried as nested Binary XML renders like any other content.
// Nesting and the amount of work per record are bounded, so a crafted record cannot recurse or
// fan out without end.
import { ARRAY, ValueType } from './binxml-tokens.js'
import type { BxNode, BxValue } from './binxml-tree.js'
import { BinXmlError } from './binxml-tree.js'
import type { ChunkBinXml } from './binxml-parser.js'
import { renderArray, renderScalar } from './value-render.js'
import type { XmlSink } from './xml-sink.js'

const MAX_NESTING = 16
const MAX_NODES_PER_RECORD = 250_000

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
      case 'element':
        sink.open(node.name)
        for (const attr of node.attrs) sink.attr(attr.name, this.#attrValue(attr.value, values))
        sink.openEnd()
        for (const child of node.children) this.#node(child, values, nesting)
        sink.close(node.name)
        return
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

/** A substitution value as text; array items are joined by a comma and a space. */
export function valueText(buf: Buffer, value: BxValue): string {
  return value.type & ARRAY
    ? renderArray(buf, value.offset, value.size, value.type).join(', ')
    : renderScalar(buf, value.offset, value.size, value.type)
}

// Binary XML read into a small tree: a template's body (compiled once per chunk, then shared by every
// record that instantiates it) or the body of one record. Values stay in the chunk buffer until
// rendered (BxValue points at them).

export type BxNode = BxElement | BxText | BxSubstitution | BxCharRef | BxEntityRef | BxCData | BxPi | BxTemplateInstance

export interface BxElement {
  readonly kind: 'element'
  readonly name: string
  readonly attrs: readonly BxAttribute[]
  readonly children: readonly BxNode[]
}

export interface BxAttribute {
  readonly name: string
  /** Text, substitutions, character and entity references, concatenated. */
  readonly value: readonly BxNode[]
}

export interface BxText {
  readonly kind: 'text'
  readonly text: string
}

/** A slot of a template, filled by the record's value number `index`. */
export interface BxSubstitution {
  readonly kind: 'sub'
  readonly index: number
  /** The type the template declares; the value's own type (BxValue.type) is what is rendered. */
  readonly valueType: number
  /** Optional substitution (0x0e): Windows leaves out what holds a NULL value. */
  readonly optional: boolean
}

export interface BxCharRef {
  readonly kind: 'charref'
  readonly code: number
}

export interface BxEntityRef {
  readonly kind: 'entity'
  readonly name: string
}

export interface BxCData {
  readonly kind: 'cdata'
  readonly text: string
}

export interface BxPi {
  readonly kind: 'pi'
  readonly target: string
  readonly data: string
}

export interface BxTemplateInstance {
  readonly kind: 'template'
  readonly template: BxTemplate
  readonly values: readonly BxValue[]
}

export interface BxTemplate {
  /** Offset of the template definition in its chunk. */
  readonly offset: number
  readonly guid: string
  readonly nodes: readonly BxNode[]
}

/** One substitution value of a template instance: its type and where its bytes are in the chunk. */
export interface BxValue {
  readonly type: number
  readonly offset: number
  readonly size: number
}

/** Malformed Binary XML; caught at the record boundary, reported, and the record skipped. */
export class BinXmlError extends Error {
  /** Offset in the chunk where reading failed. */
  readonly chunkOffset: number
  constructor(message: string, chunkOffset: number) {
    super(message)
    this.chunkOffset = chunkOffset
  }
}

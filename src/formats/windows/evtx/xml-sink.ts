// What the renderer tells about the XML it walks, in document order. Two sinks listen: the XML text
// writer (xml-text-writer.ts) and the WindowsEvent builder (event-builder.ts).

export interface XmlSink {
  /** `<name`: attributes follow, then openEnd(). */
  open(name: string): void
  /** One attribute with its value as plain text (references resolved, not escaped). */
  attr(name: string, value: string): void
  /** `>`: the start tag is complete. */
  openEnd(): void
  /** Character data as plain text (not escaped). */
  text(value: string): void
  /** An entity reference other than the five XML ones (those arrive as text). */
  entity(name: string): void
  cdata(value: string): void
  pi(target: string, data: string): void
  close(name: string): void
}

/** Sends every call to both sinks. */
export class TeeSink implements XmlSink {
  readonly #a: XmlSink
  readonly #b: XmlSink
  constructor(a: XmlSink, b: XmlSink) {
    this.#a = a
    this.#b = b
  }
  open(name: string): void {
    this.#a.open(name)
    this.#b.open(name)
  }
  attr(name: string, value: string): void {
    this.#a.attr(name, value)
    this.#b.attr(name, value)
  }
  openEnd(): void {
    this.#a.openEnd()
    this.#b.openEnd()
  }
  text(value: string): void {
    this.#a.text(value)
    this.#b.text(value)
  }
  entity(name: string): void {
    this.#a.entity(name)
    this.#b.entity(name)
  }
  cdata(value: string): void {
    this.#a.cdata(value)
    this.#b.cdata(value)
  }
  pi(target: string, data: string): void {
    this.#a.pi(target, data)
    this.#b.pi(target, data)
  }
  close(name: string): void {
    this.#a.close(name)
    this.#b.close(name)
  }
}

// The record as XML text in the layout python-evtx's evtx_dump.py prints, so the two can be set side
// by side: every element as <name attr="v">content</name> followed by a newline, no indentation, no
// empty-element shorthand. Unlike python-evtx, characters outside ASCII are kept as they are (the
// text is a JavaScript string, not ASCII bytes), '"' in attribute values is escaped, and control
// characters become character references (&#x1;, valid XML 1.1) instead of being dropped.
import type { XmlSink } from './xml-sink.js'

const NEEDS_ESCAPE_TEXT = /[&<>\x00-\x08\x0b\x0c\x0e-\x1f]/
const NEEDS_ESCAPE_ATTR = /[&<>"\x00-\x08\x0b\x0c\x0e-\x1f]/
const ESCAPED = /[&<>"\x00-\x08\x0b\x0c\x0e-\x1f]/g

function replacement(c: string): string {
  switch (c) {
    case '&':
      return '&amp;'
    case '<':
      return '&lt;'
    case '>':
      return '&gt;'
    case '"':
      return '&quot;'
    case '\0':
      return '' // not representable in XML at all
    default:
      return `&#x${c.charCodeAt(0).toString(16)};`
  }
}

export function escapeXmlText(s: string): string {
  return NEEDS_ESCAPE_TEXT.test(s) ? s.replace(ESCAPED, (c) => (c === '"' ? c : replacement(c))) : s
}

export function escapeXmlAttr(s: string): string {
  return NEEDS_ESCAPE_ATTR.test(s) ? s.replace(ESCAPED, replacement) : s
}

export class XmlTextWriter implements XmlSink {
  #out = ''

  open(name: string): void {
    this.#out += `<${name}`
  }
  attr(name: string, value: string): void {
    this.#out += ` ${name}="${escapeXmlAttr(value)}"`
  }
  openEnd(): void {
    this.#out += '>'
  }
  text(value: string): void {
    this.#out += escapeXmlText(value)
  }
  entity(name: string): void {
    this.#out += `&${name};`
  }
  cdata(value: string): void {
    this.#out += `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
  }
  pi(target: string, data: string): void {
    this.#out += data === '' ? `<?${target}?>` : `<?${target} ${data}?>`
  }
  close(name: string): void {
    this.#out += `</${name}>\n`
  }

  /** The text written so far; the writer starts empty again. */
  take(): string {
    const out = this.#out
    this.#out = ''
    return out
  }
}

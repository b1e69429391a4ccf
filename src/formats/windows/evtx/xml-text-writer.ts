// The record as XML text in the layout python-evtx's evtx_dump.py prints, so the two can be set side
// by side: every element as <name attr="v">content</name> followed by a newline, no indentation, no
// empty-element shorthand. Unlike python-evtx, characters outside ASCII are kept as they are (the
// text is a JavaScript string, not ASCII bytes), '"' in attribute values is escaped, and control
// characters become character references (&#x1;, valid XML 1.1) instead of being dropped.
import type { XmlSink } from './xml-sink.js'

const NEEDS_ESCAPE_TEXT = /[&<>\x00-\x08\x0b\x0c\x0e-\x1f]/
const NEEDS_ESCAPE_ATTR = /[&<>"\x00-\x08\x0b\x0c\x0e-\x1f]/
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g

/** C0 controls other than tab, line feed and carriage return: character references; NUL, which XML cannot hold, dropped. */
function controlReference(c: string): string {
  return c === '\0' ? '' : `&#x${c.charCodeAt(0).toString(16)};`
}

// replaceAll with a string is native and fast on long values (script blocks); a replacer function is not
function escapeCommon(s: string): string {
  let out = s.includes('&') ? s.replaceAll('&', '&amp;') : s
  if (out.includes('<')) out = out.replaceAll('<', '&lt;')
  if (out.includes('>')) out = out.replaceAll('>', '&gt;')
  return CONTROL.test(out) ? out.replace(CONTROLS, controlReference) : out
}

export function escapeXmlText(s: string): string {
  return NEEDS_ESCAPE_TEXT.test(s) ? escapeCommon(s) : s
}

export function escapeXmlAttr(s: string): string {
  if (!NEEDS_ESCAPE_ATTR.test(s)) return s
  const out = escapeCommon(s)
  return out.includes('"') ? out.replaceAll('"', '&quot;') : out
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

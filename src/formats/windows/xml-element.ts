// A small, strict-enough XML reader for the shape Windows writes events in (wevtutil, Event Viewer,
// evtx dumps): elements, attributes in single or double quotes, text with the five named entities
// and numeric references, CDATA, comments and processing instructions. No DTDs, no external
// entities, no namespaces beyond dropping a prefix. It returns an error value, never throws, and
// bounds nesting depth, so hostile input costs at most linear time.

export interface XmlElement {
  /** Local name (a `prefix:` is dropped). */
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** The element's own text (children's text excluded), entities decoded, as written otherwise. */
  text: string
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; error: string }

const MAX_DEPTH = 64

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** Decodes &lt; &#65; &#x41; ...; an unknown or malformed reference is kept as written. */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1))
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED[ref] ?? whole
  })
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1)

const NAME = /[^\s/>=]+/y
const ATTRIBUTE = /\s*([^\s/>=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y

/** Parses the first element of `text` (leading prolog, comments and whitespace allowed). */
export function parseXmlElement(text: string): XmlResult {
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  let i = 0
  const n = text.length
  const fail = (error: string): XmlResult => ({ ok: false, error: `${error} at character ${i}` })

  while (i < n) {
    const lt = text.indexOf('<', i)
    const textEnd = lt === -1 ? n : lt
    if (textEnd > i) {
      const chunk = text.slice(i, textEnd)
      const top = stack.at(-1)
      if (top !== undefined) top.text += decodeEntities(chunk)
      else if (chunk.trim() !== '') return fail(root === undefined ? 'text before the first element' : 'text after the element')
      i = textEnd
      if (lt === -1) break
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4)
      if (end === -1) return fail('unterminated comment')
      i = end + 3
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9)
      if (end === -1) return fail('unterminated CDATA')
      const top = stack.at(-1)
      if (top === undefined) return fail('CDATA outside an element')
      top.text += text.slice(i + 9, end)
      i = end + 3
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2)
      if (end === -1) return fail('unterminated processing instruction')
      i = end + 2
    } else if (text.startsWith('<!', i)) {
      return fail('DTD or declaration not supported')
    } else if (text.startsWith('</', i)) {
      NAME.lastIndex = i + 2
      const m = NAME.exec(text)
      const close = text.indexOf('>', i)
      if (m === null || close === -1 || text.slice(NAME.lastIndex, close).trim() !== '') return fail('malformed end tag')
      const top = stack.pop()
      if (top === undefined || top.name !== localName(m[0])) return fail(`end tag </${m[0]}> does not close <${top?.name ?? ''}>`)
      i = close + 1
      if (stack.length === 0) {
        root = top
        break
      }
    } else {
      if (root !== undefined) return fail('second element')
      NAME.lastIndex = i + 1
      const m = NAME.exec(text)
      if (m === null) return fail('malformed start tag')
      const element: XmlElement = { name: localName(m[0]), attributes: {}, children: [], text: '' }
      let j = NAME.lastIndex
      for (;;) {
        ATTRIBUTE.lastIndex = j
        const a = ATTRIBUTE.exec(text)
        if (a === null) break
        const name = a[1]!.startsWith('xmlns') ? a[1]! : localName(a[1]!) // namespace declarations stay recognisable
        element.attributes[name] = decodeEntities(a[2] ?? a[3] ?? '')
        j = ATTRIBUTE.lastIndex
      }
      while (j < n && /\s/.test(text[j]!)) j++
      const selfClosing = text.startsWith('/>', j)
      if (!selfClosing && text[j] !== '>') {
        i = j
        return fail(`malformed tag <${element.name}>`)
      }
      i = j + (selfClosing ? 2 : 1)
      stack.at(-1)?.children.push(element)
      if (selfClosing) {
        if (stack.length === 0) {
          root = element
          break
        }
      } else {
        if (stack.length >= MAX_DEPTH) return fail(`nesting deeper than ${MAX_DEPTH}`)
        stack.push(element)
      }
    }
  }
  if (stack.length > 0) return fail(`<${stack.at(-1)!.name}> is not closed`)
  if (root === undefined) return fail('no element')
  if (text.slice(i).trim() !== '' && !/^(\s*(<!--[\s\S]*?-->|<\?[\s\S]*?\?>))*\s*$/.test(text.slice(i))) return fail('text after the element')
  return { ok: true, root }
}

/** The first child element with this local name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name)
}

// JSON values written one after the other in one file (some of Sigma's regression files hold several
// evtx_dump documents back to back): the text of each top-level object, in order.
export function jsonValues(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') {
      if (depth++ === 0) start = i
    } else if (c === '}' && --depth === 0) out.push(text.slice(start, i + 1))
  }
  return out
}

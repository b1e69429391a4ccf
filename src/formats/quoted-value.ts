// A double-quoted value as CSV and quoting W3C writers write it: "" inside stands for one quote.

export interface QuotedValue {
  value: string
  /** Index just after the closing quote. */
  end: number
  /** False when the line ended before the closing quote. */
  closed: boolean
}

/** Reads the quoted value whose opening quote is at `open`. */
export function readQuoted(line: string, open: number): QuotedValue {
  let value = ''
  let i = open + 1
  for (;;) {
    const close = line.indexOf('"', i)
    if (close === -1) return { value: value + line.slice(i), end: line.length, closed: false }
    value += line.slice(i, close)
    if (line.charCodeAt(close + 1) !== 34) return { value, end: close + 1, closed: true }
    value += '"'
    i = close + 2
  }
}

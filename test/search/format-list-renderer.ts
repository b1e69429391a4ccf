// Renders objects the way PowerShell's Format-List writes them, to make wrapped fixtures: names padded
// to the longest, " : ", each value cut into chunks of (width - value column) characters, chunks after
// the first indented to the value column; two blank lines before the first object, one between
// objects, two after the last.

export type Properties = ReadonlyArray<readonly [name: string, value: string]>

export function renderFormatList(objects: readonly Properties[], width: number): string[] {
  const lines = ['', '']
  objects.forEach((properties, index) => {
    if (index > 0) lines.push('')
    const nameWidth = Math.max(...properties.map(([name]) => name.length))
    const valueColumn = nameWidth + 3
    const chunk = width - valueColumn
    for (const [name, value] of properties) {
      const label = `${name.padEnd(nameWidth)} : `
      if (value === '') lines.push(label)
      for (let start = 0; start < value.length; start += chunk) {
        lines.push(`${start === 0 ? label : ' '.repeat(valueColumn)}${value.slice(start, start + chunk)}`)
      }
    }
  })
  lines.push('', '')
  return lines
}

/** What an 80-column console shows of lines longer than its width: the rest goes on at column 0. */
export function consoleWrap(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => {
    if (line.length <= width) return [line]
    const pieces: string[] = []
    for (let start = 0; start < line.length; start += width) pieces.push(line.slice(start, start + width))
    return pieces
  })
}

/** Windows line ends, as PowerShell writes them. */
export function crlfText(lines: readonly string[]): string {
  return lines.map((line) => `${line}\r\n`).join('')
}

// python-evtx's reading of a UTF-16 string array value (type 0x81), reproduced from how it behaves:
// it searches the bytes for the first run of two-byte units whose first byte is not 0 (its regular
// expression also refuses a line feed as the second byte), writes that run as one item, then cuts
// the run's length plus two bytes from the *start* of the remaining bytes (not from where the run
// was found), then writes one empty item per two zero bytes. An array that starts with empty strings
// therefore comes out reordered, repeated or cut. The test feeds exhunt's items through this to
// compare them with what python-evtx printed.

function decodeRun(run: Buffer): string {
  // Python's 'utf16' codec takes a leading byte order mark as such
  const bomless = run[0] === 0xff && run[1] === 0xfe ? run.subarray(2) : run
  return bomless.toString('utf16le')
}

/** The items python-evtx prints for the string array that holds `items`; undefined where it raises. */
export function pythonStringArray(items: readonly string[]): string[] | undefined {
  let b = Buffer.from(items.map((item) => `${item}\0`).join(''), 'utf16le')
  const out: string[] = []
  const unit = (i: number): boolean => i + 1 < b.length && b[i] !== 0 && b[i + 1] !== 0x0a
  while (b.length > 0) {
    const before = b.length
    let start = 0
    while (start + 1 < b.length && !unit(start)) start++
    if (unit(start)) {
      let end = start
      while (unit(end)) end += 2
      out.push(decodeRun(b.subarray(start, end)))
      b = b.subarray(end - start + 2)
      if (b.length === 0) break
    }
    let zeros = 0
    while (zeros < b.length && b[zeros] === 0) zeros++
    if (zeros % 2 === 1) return undefined
    for (let i = 0; i < zeros / 2; i++) out.push('')
    b = b.subarray(zeros)
    if (b.length === before) return undefined // python-evtx would loop for ever here
  }
  return out
}

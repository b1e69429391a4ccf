import { TextDecoder } from 'node:util'
// Which text encoding a log file is in, from its first bytes. Windows tools write UTF-16LE with a BOM
// (PowerShell 5.1's `>`), some exports UTF-16 without one; everything else is UTF-8 or a legacy code page.

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16le-bom' | 'utf-16be' | 'utf-16be-bom' | 'windows-1252'

export interface EncodingGuess {
  encoding: TextEncoding
  /** Bytes of byte-order mark to skip. */
  bomLength: number
}

/** The WHATWG decoder label for an encoding. */
export function decoderLabel(encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return 'utf-8'
    case 'utf-16le':
    case 'utf-16le-bom':
      return 'utf-16le'
    case 'utf-16be':
    case 'utf-16be-bom':
      return 'utf-16be'
    case 'windows-1252':
      return 'windows-1252'
  }
}

export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8-bom', bomLength: 3 }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le-bom', bomLength: 2 }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be-bom', bomLength: 2 }
  const utf16 = guessUtf16WithoutBom(head)
  if (utf16 !== undefined) return { encoding: utf16, bomLength: 0 }
  return { encoding: isValidUtf8Head(head) ? 'utf-8' : 'windows-1252', bomLength: 0 }
}

// ASCII text in UTF-16 has a zero in every other byte: zeros at odd offsets mean little-endian.
function guessUtf16WithoutBom(head: Uint8Array): TextEncoding | undefined {
  const n = Math.min(head.length, 4096) & ~1
  if (n < 4) return undefined
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) zeroEven++
    if (head[i + 1] === 0) zeroOdd++
  }
  const pairs = n / 2
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) return 'utf-16le'
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) return 'utf-16be'
  return undefined
}

/** How much of the head decides between UTF-8 and a legacy code page. */
const UTF8_PROBE_BYTES = 64 * 1024

function isValidUtf8Head(whole: Uint8Array): boolean {
  const head = whole.subarray(0, UTF8_PROBE_BYTES)
  // The head may end inside a multi-byte character: drop up to 3 trailing bytes of an incomplete one.
  let end = head.length
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = head[end - back]!
    if ((b & 0xc0) === 0xc0) {
      end -= back
      break
    }
    if ((b & 0x80) === 0) break
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end))
    return true
  } catch {
    return false
  }
}

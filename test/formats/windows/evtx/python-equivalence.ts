// Where python-evtx writes a value differently from exhunt, and why. exhunt renders values as Windows
// does (wevtutil, Event Viewer), so EVTX files and XML exports give the same text and Sigma-style
// values such as SubjectLogonId 0x3e7 match; python-evtx has its own renderings. A value that differs
// passes only through one of these listed equivalences; each one is counted per file.

export interface Equivalence {
  readonly name: string
  readonly reason: string
  /** `python` is python-evtx's value (XML entities decoded), `ours` exhunt's. */
  readonly holds: (python: string, ours: string) => boolean
}

const PY_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{6}))?$/
const OUR_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\.(\d{7})Z$/
const OUR_SYSTIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\.(\d{3})Z$/
const HEX = /^0x[0-9a-fA-F]+$/
const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/
// what python-evtx deletes from every value (Evtx/Views.py RESTRICTED_CHARS)
const PY_RESTRICTED = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]/g

/** Microseconds since the epoch of a python-evtx or exhunt time, or undefined. */
function micros(text: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(text)
  if (m === null) return undefined
  const seconds = Date.parse(`${m[1]}T${m[2]}Z`)
  const fraction = m[3] ?? '0'
  // exhunt's seven digits rounded to microseconds, as python-evtx's datetime does
  const us = fraction.length === 7 ? Math.round(Number(fraction) / 10) : Number(fraction)
  return seconds * 1000 + us
}

export const EQUIVALENCES: readonly Equivalence[] = [
  {
    name: 'time',
    reason:
      'python-evtx turns a FILETIME into a float of seconds and prints microseconds without a zone (2022-10-11 19:26:52.045656); ' +
      'exhunt keeps all 100 ns digits in ISO 8601 UTC (2022-10-11T19:26:52.0456558Z). Equal to within that float rounding (a FILETIME near 1.3e17 keeps 16 ticks of precision as a double), 3 µs.',
    holds: (py, ours) => {
      const a = micros(py, PY_TIME)
      const b = micros(ours, OUR_TIME)
      return a !== undefined && b !== undefined && Math.abs(a - b) <= 3
    },
  },
  {
    name: 'systemtime',
    reason:
      'python-evtx reads the milliseconds of a SYSTEMTIME as microseconds (10:41:21.000681 for 681 ms) and prints no zone; ' +
      'exhunt writes ISO 8601 UTC with the milliseconds (2017-04-21T10:41:21.681Z).',
    holds: (py, ours) => {
      const a = PY_TIME.exec(py)
      const b = OUR_SYSTIME.exec(ours)
      return a !== null && b !== null && a[1] === b[1] && a[2] === b[2] && Number(a[3] ?? 0) === Number(b[3])
    },
  },
  {
    name: 'hex-padding',
    reason: 'python-evtx pads HexInt32/HexInt64 to 8/16 digits (0x00000000000003e7); Windows writes them unpadded (0x3e7), and so do Sigma rules.',
    holds: (py, ours) => HEX.test(py) && HEX.test(ours) && BigInt(py) === BigInt(ours),
  },
  {
    name: 'size_t-decimal',
    reason: 'python-evtx writes size_t values in decimal; Windows writes them in hex (HandleId 0x7eec).',
    holds: (py, ours) => /^\d+$/.test(py) && HEX.test(ours) && BigInt(py) === BigInt(ours),
  },
  {
    name: 'guid-case',
    reason: 'python-evtx writes GUID values in lower case; Windows writes them in upper case.',
    holds: (py, ours) => GUID.test(py) && GUID.test(ours) && py.toLowerCase() === ours.toLowerCase(),
  },
  {
    name: 'binary-base64',
    reason: 'python-evtx writes binary values in base64; Windows writes them in upper-case hex.',
    holds: (py, ours) => /^[0-9A-F]*$/.test(ours) && ours.length % 2 === 0 && Buffer.from(py, 'base64').toString('hex').toUpperCase() === ours,
  },
  {
    name: 'bool',
    reason: 'python-evtx writes True/False; Windows writes true/false.',
    holds: (py, ours) => (py === 'True' && ours === 'true') || (py === 'False' && ours === 'false'),
  },
  {
    name: 'line-break-only',
    reason:
      'a value that is only white space with a line break: the XML reader used on python-evtx\'s text (event-xml.ts) reads it as empty, ' +
      'as pretty-printed exports need; exhunt keeps the value as stored.',
    holds: (py, ours) => py === '' && ours.trim() === '' && /[\r\n]/.test(ours),
  },
  {
    name: 'control-characters',
    reason: 'python-evtx deletes C0/C1 control characters from values; exhunt keeps them (XML text writes them as character references).',
    holds: (py, ours) => ours.replace(PY_RESTRICTED, '') === py,
  },
]

/** '' when the values are the same, the name of the equivalence that holds, or undefined. */
export function equivalence(python: string, ours: string): string | undefined {
  if (python === ours) return ''
  return EQUIVALENCES.find((e) => e.holds(python, ours))?.name
}

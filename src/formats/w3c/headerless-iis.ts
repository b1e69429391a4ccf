// IIS lines without a #Fields header (excerpts pasted into tickets, logs forwarded line by line, the
// samples of Elastic's IIS integration): read with the first known IIS layout whose field count and
// value shapes fit. The guess is reported once per file, never made silently.

export interface HeaderlessGuess {
  name: string
  names: readonly string[]
}

type Shape = (value: string) => boolean

const any: Shape = () => true
const date: Shape = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v)
const time: Shape = (v) => /^\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(v)
const ip: Shape = (v) => v === '-' || /^[\d.]+$/.test(v) || (v.includes(':') && /^[0-9a-fA-F:.%\w[\]]+$/.test(v))
const int: Shape = (v) => v === '-' || /^\d+$/.test(v)
const method: Shape = (v) => v === '-' || /^[A-Z][A-Z_-]*$/.test(v)
const site: Shape = (v) => /^W3SVC\d*$/i.test(v)
const notSite: Shape = (v) => !site(v)
const version: Shape = (v) => v === '-' || /^HTTP\/\d/.test(v)
const path: Shape = (v) => v === '-' || v.startsWith('/') || v.startsWith('.') || v.includes('/') || v.includes('\\')

interface KnownLayout {
  name: string
  fields: ReadonlyArray<readonly [string, Shape]>
}

const KNOWN: readonly KnownLayout[] = [
  {
    name: 'IIS 7+ default',
    fields: [['date', date], ['time', time], ['s-ip', ip], ['cs-method', method], ['cs-uri-stem', path], ['cs-uri-query', any], ['s-port', int], ['cs-username', any], ['c-ip', ip], ['cs(User-Agent)', any], ['cs(Referer)', any], ['sc-status', int], ['sc-substatus', int], ['sc-win32-status', int], ['time-taken', int]],
  },
  {
    name: 'IIS default with cs-host',
    fields: [['date', date], ['time', time], ['s-ip', ip], ['cs-method', method], ['cs-uri-stem', path], ['cs-uri-query', any], ['s-port', int], ['cs-username', any], ['c-ip', ip], ['cs(User-Agent)', any], ['cs(Referer)', any], ['cs-host', any], ['sc-status', int], ['sc-substatus', int], ['sc-win32-status', int], ['time-taken', int]],
  },
  {
    name: 'IIS default with s-computername and X-Forwarded-For',
    fields: [['date', date], ['time', time], ['s-computername', notSite], ['s-ip', ip], ['cs-method', method], ['cs-uri-stem', path], ['cs-uri-query', any], ['s-port', int], ['cs-username', any], ['c-ip', ip], ['cs(User-Agent)', any], ['cs(Referer)', any], ['sc-status', int], ['sc-substatus', int], ['sc-win32-status', int], ['time-taken', int], ['X-Forwarded-For', any]],
  },
  {
    name: 'IIS with s-sitename, s-computername and cs-host',
    fields: [['date', date], ['time', time], ['s-sitename', site], ['s-computername', any], ['s-ip', ip], ['cs-method', method], ['cs-uri-stem', path], ['cs-uri-query', any], ['s-port', int], ['cs-username', any], ['c-ip', ip], ['cs(User-Agent)', any], ['cs(Referer)', any], ['cs-host', any], ['sc-status', int], ['sc-substatus', int], ['sc-win32-status', int], ['time-taken', int]],
  },
  {
    name: 'IIS with s-sitename, cookie, host and bytes',
    fields: [['date', date], ['time', time], ['s-sitename', site], ['cs-method', method], ['cs-uri-stem', path], ['cs-uri-query', any], ['s-port', int], ['cs-username', any], ['c-ip', ip], ['cs(User-Agent)', any], ['cs(Cookie)', any], ['cs(Referer)', any], ['cs-host', any], ['sc-status', int], ['sc-substatus', int], ['sc-win32-status', int], ['sc-bytes', int], ['cs-bytes', int], ['time-taken', int]],
  },
  {
    name: 'IIS with s-sitename, s-ip, version, host and bytes',
    fields: [['date', date], ['time', time], ['s-sitename', site], ['s-ip', ip], ['cs-method', method], ['cs-uri-stem', path], ['cs-uri-query', any], ['s-port', int], ['cs-username', any], ['c-ip', ip], ['cs-version', version], ['cs(User-Agent)', any], ['cs(Referer)', any], ['cs-host', any], ['sc-status', int], ['sc-substatus', int], ['sc-win32-status', int], ['sc-bytes', int], ['cs-bytes', int], ['time-taken', int]],
  },
  {
    name: 'IIS with every field',
    fields: [['date', date], ['time', time], ['s-sitename', site], ['s-computername', any], ['s-ip', ip], ['cs-method', method], ['cs-uri-stem', path], ['cs-uri-query', any], ['s-port', int], ['cs-username', any], ['c-ip', ip], ['cs-version', version], ['cs(User-Agent)', any], ['cs(Cookie)', any], ['cs(Referer)', any], ['cs-host', any], ['sc-status', int], ['sc-substatus', int], ['sc-win32-status', int], ['sc-bytes', int], ['cs-bytes', int], ['time-taken', int]],
  },
  {
    name: 'HTTP.sys error log (httperr)',
    fields: [['date', date], ['time', time], ['c-ip', ip], ['c-port', int], ['s-ip', ip], ['s-port', int], ['cs-version', version], ['cs-method', any], ['cs-uri', any], ['sc-status', int], ['s-siteid', any], ['s-reason', any], ['s-queuename', any]],
  },
]

export function inferHeaderlessLayout(values: readonly string[]): HeaderlessGuess | undefined {
  for (const layout of KNOWN) {
    if (layout.fields.length !== values.length) continue
    if (layout.fields.every(([, shape], i) => shape(values[i]!))) {
      return { name: layout.name, names: layout.fields.map(([name]) => name) }
    }
  }
  return undefined
}

/** Whether a line looks like a headerless IIS line (for sniffing). */
export function looksLikeHeaderlessIis(line: string): boolean {
  return inferHeaderlessLayout(line.split(' ')) !== undefined
}

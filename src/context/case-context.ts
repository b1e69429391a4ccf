// The case context file (`context.yaml` in the case folder, or --context FILE): what the
// investigator knows about the organisation, so that exhunt can tell the known from the strange.
// Every key is optional; a bad entry is reported with its line and column, never ignored.
//
//   time_zone: Europe/Madrid            # how the collecting machines wrote local times
//   culture: es-ES                      # and their dates (day/month order)
//   business_hours: "mon-fri 08:00-19:00"
//   networks: { internal: [10.0.0.0/8], vpn: [10.8.0.0/16], dmz: [...], partners: [...] }
//   endpoints: { "mobile.acme.example, 198.51.100.25": [activesync] }
//   deployed_browsers: [Chrome, Edge]
//   deployed_clients: [Outlook]
//   ignore: { accounts: [svc-backup, HealthMailbox*], ips: [10.0.5.7], user_agents: [...] }
import fs from 'node:fs'
import path from 'node:path'
import ipaddr from 'ipaddr.js'
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml'
import { checkTimeZone, dateOrderOfCulture } from '../model/local-time.js'
import type { ClientApp } from '../model/event.js'

export const CONTEXT_FILE = 'context.yaml'

export const NETWORK_ROLES = ['internal', 'vpn', 'dmz', 'partners'] as const
export type NetworkRole = (typeof NETWORK_ROLES)[number]

/** What an endpoint may publish, as written in the file, to the client app exhunt classifies. */
const PUBLISHED: Record<string, ClientApp> = {
  owa: 'OWA',
  ecp: 'ECP',
  ews: 'EWS',
  activesync: 'EAS',
  eas: 'EAS',
  mapi: 'MAPI',
  rpc: 'RPC',
  outlookanywhere: 'RPC',
  autodiscover: 'Autodiscover',
  oab: 'OAB',
  powershell: 'PowerShell',
  smtp: 'SMTP',
}

export interface Endpoint {
  /** Host names and IP addresses the endpoint answers on. */
  hosts: string[]
  ips: string[]
  publishes: ClientApp[]
}

export interface BusinessHours {
  /** 0 = Sunday ... 6 = Saturday. */
  days: number[]
  /** Minutes after midnight, local time. */
  start: number
  end: number
}

export interface CaseContext {
  /** Where it was read from; undefined when there is none. */
  file?: string
  timeZone?: string
  culture?: string
  businessHours?: BusinessHours
  networks: Partial<Record<NetworkRole, string[]>>
  endpoints: Endpoint[]
  deployedBrowsers: string[]
  deployedClients: string[]
  ignore: { accounts: string[]; ips: string[]; userAgents: string[] }
}

export class ContextError extends Error {}

export function emptyContext(): CaseContext {
  return { networks: {}, endpoints: [], deployedBrowsers: [], deployedClients: [], ignore: { accounts: [], ips: [], userAgents: [] } }
}

/** The context of a case: `--context FILE` when given, else `<case>/context.yaml` when it exists. */
export function loadCaseContext(caseDir: string, explicit?: string): CaseContext {
  const file = explicit ?? path.join(caseDir, CONTEXT_FILE)
  if (explicit === undefined && !fs.existsSync(file)) return emptyContext()
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new ContextError(`cannot read the context file ${file}: ${(error as Error).message}`)
  }
  return parseCaseContext(text, file)
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

export function parseCaseContext(text: string, file: string): CaseContext {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const at = (node: Node | Pair | null | undefined): string => {
    let offset: number | undefined
    if (isPair(node)) offset = isScalar(node.key) ? node.key.range?.[0] : undefined
    else if (node !== null && node !== undefined) offset = node.range?.[0]
    if (offset === undefined) return file
    const { line, col } = lines.linePos(offset)
    return `${file}:${line}:${col}`
  }
  const fail = (node: Node | Pair | null | undefined, message: string): never => {
    throw new ContextError(`${at(node)}: ${message}`)
  }
  const first = doc.errors[0]
  if (first !== undefined) {
    const { line, col } = lines.linePos(first.pos[0])
    throw new ContextError(`${file}:${line}:${col}: ${first.message.split('\n')[0]}`)
  }
  const context: CaseContext = { ...emptyContext(), file }
  if (doc.contents === null) return context
  if (!isMap(doc.contents)) fail(doc.contents, 'the context file must be a mapping of keys (time_zone:, networks:, endpoints:, ...)')

  const text1 = (node: Node | null, what: string): string => {
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number') || String(node.value).trim() === '') fail(node, `${what} must be a text`)
    return String((node as { value: unknown }).value).trim()
  }
  const list = (node: Node | null, what: string): Array<{ value: string; node: Node }> => {
    if (isScalar(node)) return [{ value: text1(node, what), node }]
    if (!isSeq(node)) return fail(node, `${what} must be a list`)
    return node.items.map((item) => ({ value: text1(item as Node, what), node: item as Node }))
  }
  const mapOf = (node: Node | null, what: string) => {
    if (!isMap(node)) return fail(node, `${what} must be a mapping`)
    return node.items
  }

  for (const pair of (doc.contents as { items: Pair[] }).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : fail(pair, 'keys must be plain names')
    const node = pair.value as Node | null
    switch (key) {
      case 'time_zone': {
        const zone = text1(node, 'time_zone')
        try {
          checkTimeZone(zone)
        } catch {
          fail(node, `unknown time zone "${zone}" (use an IANA name such as Europe/Madrid or UTC)`)
        }
        context.timeZone = zone
        break
      }
      case 'culture': {
        if (!isScalar(node) || typeof node.value !== 'string' || dateOrderOfCulture(node.value) === 'unknown') {
          fail(node, 'culture must be a culture name such as en-US or en-GB (or mdy / dmy)')
        }
        context.culture = String((node as { value: unknown }).value)
        break
      }
      case 'business_hours':
        context.businessHours = parseBusinessHours(text1(node, 'business_hours'), () => fail(node, 'business_hours must look like "mon-fri 08:00-19:00"'))
        break
      case 'networks':
        for (const role of mapOf(node, 'networks')) {
          const name = isScalar(role.key) ? String(role.key.value) : ''
          if (!(NETWORK_ROLES as readonly string[]).includes(name)) fail(role, `unknown network role "${name}" (roles: ${NETWORK_ROLES.join(', ')})`)
          context.networks[name as NetworkRole] = list(role.value as Node, `networks.${name}`).map(({ value, node: n }) => {
            if (!isNetwork(value)) fail(n, `"${value}" is not an IP address or network (10.8.0.0/16)`)
            return value
          })
        }
        break
      case 'endpoints':
        for (const endpoint of mapOf(node, 'endpoints')) {
          const names = (isScalar(endpoint.key) ? String(endpoint.key.value) : '').split(',').map((s) => s.trim()).filter((s) => s !== '')
          if (names.length === 0) fail(endpoint, 'an endpoint is named by its host names and IPs: "mobile.acme.example, 198.51.100.25"')
          const publishes = list(endpoint.value as Node, 'what an endpoint publishes').map(({ value, node: n }) => {
            const app = PUBLISHED[value.toLowerCase().replaceAll(' ', '')]
            if (app === undefined) fail(n, `unknown service "${value}" (use ${Object.keys(PUBLISHED).join(', ')})`)
            return app!
          })
          context.endpoints.push({ hosts: names.filter((n) => !ipaddr.isValid(n)).map((n) => n.toLowerCase()), ips: names.filter((n) => ipaddr.isValid(n)), publishes })
        }
        break
      case 'deployed_browsers':
        context.deployedBrowsers = list(node, 'deployed_browsers').map((v) => v.value)
        break
      case 'deployed_clients':
        context.deployedClients = list(node, 'deployed_clients').map((v) => v.value)
        break
      case 'ignore':
        for (const kind of mapOf(node, 'ignore')) {
          const name = isScalar(kind.key) ? String(kind.key.value) : ''
          const values = list(kind.value as Node, `ignore.${name}`)
          if (name === 'accounts') context.ignore.accounts = values.map((v) => v.value)
          else if (name === 'user_agents') context.ignore.userAgents = values.map((v) => v.value)
          else if (name === 'ips') {
            context.ignore.ips = values.map(({ value, node: n }) => {
              if (!isNetwork(value)) fail(n, `"${value}" is not an IP address or network`)
              return value
            })
          } else fail(kind, `unknown ignore list "${name}" (accounts, ips, user_agents)`)
        }
        break
      default:
        fail(pair, `unknown key "${key}" (time_zone, culture, business_hours, networks, endpoints, deployed_browsers, deployed_clients, ignore)`)
    }
  }
  return context
}

function isNetwork(value: string): boolean {
  return ipaddr.isValid(value) || ipaddr.isValidCIDR(value)
}

function parseBusinessHours(text: string, bad: () => never): BusinessHours {
  const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/i.exec(text.trim())
  if (m === null) return bad()
  const from = DAYS.indexOf(m[1]!.toLowerCase())
  const to = DAYS.indexOf((m[2] ?? m[1]!).toLowerCase())
  if (from === -1 || to === -1) return bad()
  const days: number[] = []
  for (let d = from; ; d = (d + 1) % 7) {
    days.push(d)
    if (d === to) break
  }
  const start = Number(m[3]) * 60 + Number(m[4])
  const end = Number(m[5]) * 60 + Number(m[6])
  if (start >= end || end > 24 * 60) return bad()
  return { days, start, end }
}

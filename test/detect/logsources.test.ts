// The logsource tables: which events each Sigma logsource selects in a case, and why the ones exhunt
// does not read are refused.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mappedLogsources, resolveLogsource } from '../../src/detect/logsources.js'
import { DATASETS } from '../../src/model/event.js'
import { compileSigmaRule } from '../../src/detect/sigma/index.js'
import type { TestEvent } from '../analysis/synthetic-case.js'
import { iis, ruleOf, sigmaCase, windowsEvent } from './sigma/sigma-case.js'

const SYSMON = 'Microsoft-Windows-Sysmon/Operational'

/** One event per (channel, id), named "channel id"; one Security event without a channel (Event Viewer CSV). */
function events(): Array<[string, TestEvent]> {
  const list: Array<[string, string, number]> = []
  for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 255]) list.push(['Microsoft-Windows-Sysmon', SYSMON, id])
  for (const channel of ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational']) for (const id of [4103, 4104]) list.push(['Microsoft-Windows-PowerShell', channel, id])
  for (const id of [400, 600, 800]) list.push(['PowerShell', 'Windows PowerShell', id])
  list.push(['Microsoft-Windows-Security-Auditing', 'Security', 4688], ['Microsoft-Windows-Security-Auditing', 'Security', 4624])
  list.push(['Service Control Manager', 'System', 7045], ['MSExchange CmdletLogs', 'MSExchange Management', 1], ['ESENT', 'Application', 216])
  list.push(['Microsoft-Windows-Windows Defender', 'Microsoft-Windows-Windows Defender/Operational', 1116])
  const named: Array<[string, TestEvent]> = list.map(([provider, channel, id]) => [`${channel} ${id}`, windowsEvent({ provider, id, channel, time: '01:00', data: { Image: 'x' } })])
  const noChannel = windowsEvent({ provider: 'Microsoft-Windows-Security-Auditing', id: 4625, channel: '', time: '01:00', data: {} })
  delete (noChannel.fields as Record<string, string>)['System.Channel']
  named.push(['(no channel) 4625', noChannel], ['iis', iis('01:00', { ip: '192.0.2.1', path: '/owa/' })])
  return named
}

const EXPECTED: Record<string, string[]> = {
  'category process_creation': [`${SYSMON} 1`, 'Security 4688'],
  'category registry_event': [`${SYSMON} 12`, `${SYSMON} 13`, `${SYSMON} 14`],
  'category pipe_created': [`${SYSMON} 17`, `${SYSMON} 18`],
  'category file_delete': [`${SYSMON} 23`, `${SYSMON} 26`],
  'category sysmon_error': [`${SYSMON} 255`],
  'category ps_script': ['Microsoft-Windows-PowerShell/Operational 4104', 'PowerShellCore/Operational 4104'],
  'category ps_classic_start': ['Windows PowerShell 400'],
  'service security': ['(no channel) 4625', 'Security 4624', 'Security 4688'],
  'service system': ['System 7045'],
  'service application': ['Application 216'],
  'service msexchange-management': ['MSExchange Management 1'],
  'service windefend': ['Microsoft-Windows-Windows Defender/Operational 1116'],
  'category webserver': ['iis'],
}

test('each logsource selects its events; every mapped category and service compiles and runs', async (t) => {
  const named = events()
  const store = await sigmaCase(
    t,
    named.map(([, e]) => e),
  )
  const nameOf = (line: number): string => named[line - 1]![0]
  const { categories, services } = mappedLogsources()
  const logsources = [...categories.map((c) => `category ${c}`), ...services.map((s) => `service ${s}`), 'category webserver']
  for (const logsource of logsources) {
    const [kind, value] = logsource.split(' ') as ['category' | 'service', string]
    const product = value === 'webserver' ? '' : '    product: windows\n'
    const text = `title: t\nid: t\nlogsource:\n${product}    ${kind}: ${value}\ndetection:\n    sel:\n        - '*'\n    condition: sel\n`
    const compiled = compileSigmaRule(ruleOf(text))
    assert.ok(compiled.ok, logsource)
    const rows = await store.query(compiled.compiled.sql, compiled.compiled.params)
    const matched = rows.map((r) => nameOf(Number(r.line))).sort()
    if (EXPECTED[logsource] !== undefined) assert.deepEqual(matched, EXPECTED[logsource], logsource)
  }
  // Sysmon's own event ids for each category, all of them covered above.
  assert.ok(categories.length >= 30)
})

test('logsources exhunt does not read are refused with the reason', () => {
  const reason = (ls: Record<string, string>): string => {
    const r = resolveLogsource(ls)
    return r.ok ? `ok ${r.mapping.key}` : r.reason
  }
  assert.deepEqual(
    [
      reason({ category: 'webserver' }),
      reason({ product: 'windows', category: 'process_creation' }),
      reason({ product: 'windows', category: 'ps_script', service: 'powershell' }),
      reason({ product: 'windows', service: 'security' }),
      reason({ product: 'windows' }),
      reason({ product: 'exhunt', service: 'msgtrk' }),
      reason({ product: 'linux', service: 'auditd' }),
      reason({ category: 'proxy' }),
      reason({ product: 'windows', category: 'file_access' }),
      reason({ product: 'windows', service: 'nosuch' }),
      reason({ product: 'exhunt', service: 'nosuch' }),
      reason({ product: 'exhunt', category: 'iis' }),
    ],
    [
      'ok webserver',
      'ok windows/process_creation',
      'ok windows/ps_script/powershell',
      'ok windows/service/security',
      'ok windows',
      'ok exhunt/msgtrk',
      'logsource product=linux service=auditd: product linux: exhunt reads Windows event logs and web server logs',
      'logsource category=proxy: no product, and not a category exhunt reads',
      'logsource product=windows category=file_access: Windows category "file_access" is not mapped to event logs',
      'logsource product=windows service=nosuch: Windows service "nosuch" is not mapped to an event log channel',
      `logsource product=exhunt service=nosuch: exhunt has no dataset "nosuch" (${DATASETS.join(', ')})`,
      'logsource product=exhunt category=iis: exhunt logsources name a dataset as service, not a category',
    ],
  )
})

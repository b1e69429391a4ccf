// The generic Exchange reader: every other #Fields CSV log of artefacts.help (AgentLog, ECP Server and
// Activity, EWS, Rps_Cmdlet, CosmosQueue audit) and Elastic's headerless IMAP4/POP3 lines, which have
// no dedicated format and are read here with their standard field list.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { genericExchangeFormat } from '../../../src/formats/exchange/generic-exchange.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'
import { artefactsHelpBlocks, artefactsHelpFiles, type Excerpt } from './artefacts-help.js'

test('every other Exchange log of artefacts.help is read whole by the generic reader', (t) => {
  const files = artefactsHelpFiles(t)
  const blocks = artefactsHelpBlocks(t)
  if (files === undefined || blocks === undefined) return
  const expected: Record<string, { count: number; logType: string; action: string }> = {
    'AgentLog20220913-1.LOG': { count: 2, logType: 'Agent Log', action: 'ModifyHeaders' },
    'ECPServer20230111-1.LOG': { count: 1, logType: 'ECP Server Log', action: 'ECP.Request' },
    'ECPActivity_11500_20230111-1.LOG': { count: 2, logType: 'ECP Activity Context Log', action: 'Request' },
    'Ews_2023010616-1.LOG': { count: 1, logType: 'EWS Logs', action: 'GetFolder' },
    'Rps_Cmdlet_2023011116-1.LOG': { count: 1, logType: 'Rps Cmdlet Logs', action: 'Get-Mailbox' },
    'audit20230111-1.LOG': { count: 1, logType: 'audit', action: 'Set-Mailbox' },
  }
  for (const [name, want] of Object.entries(expected)) {
    const excerpt: Excerpt | undefined = files.get(name) ?? blocks.get(name)
    assert.ok(excerpt, name)
    assert.equal(sniffFormat(FORMATS, excerpt.text, name).format?.id, 'exchange_log', name)
    const { events, problems } = runFormat(genericExchangeFormat, excerpt.text)
    assert.deepEqual(problems, [], name)
    assert.equal(events.length, want.count, name)
    for (const e of events) {
      assert.ok(e.ts !== undefined, `${name}:${e.line} time`)
      assert.equal(e.dataset, 'exchange_log')
      assert.equal(e.fields['exchange.log_type'], want.logType, name)
      assert.equal(e.action, want.action, name)
    }
  }
  const agent = runFormat(genericExchangeFormat, files.get('AgentLog20220913-1.LOG')!.text).events[0]!
  assert.deepEqual(
    [agent.src_ip, agent.src_port, agent.dst_ip, agent.session_id, agent.sender, agent.recipients, agent.fields.P2FromAddresses, agent.fields.Agent],
    ['95.11.22.33', 46904, '10.10.10.10', '1234DADADA795F2', 'user.name@domain.com', ['user.name2@domain2.com'], 'user.name@domain.com;', 'Inbound Trust Agent'],
  )
  const ews = runFormat(genericExchangeFormat, files.get('Ews_2023010616-1.LOG')!.text).events[0]!
  assert.deepEqual(
    [ews.user_name, ews.user_key, ews.src_ip, ews.host_name, ews.http_status, ews.user_agent],
    ['HealthMailboxXXX@domain.test', 'healthmailboxxxx', '::1', 'SERVER_HOSTNAME', 200, 'Ews_AM_Probe/Local (ExchangeServicesClient/15.01.2375.007)'],
  )
  const rps = runFormat(genericExchangeFormat, blocks.get('Rps_Cmdlet_2023011116-1.LOG')!.text).events[0]!
  assert.deepEqual([rps.user_name, rps.host_name, rps.fields.Parameters, rps.fields.NonPiiParameters], ['HealthMailboxXXX', 'domain-MAIL', '-ResultSize "1"', '-ResultSize "1"'])
  const audit = runFormat(genericExchangeFormat, blocks.get('audit20230111-1.LOG')!.text).events[0]!
  assert.deepEqual([audit.user_name, audit.host_name], ['AUTORITE NT\\Système (MSExchangeHMHost)', 'SERVER-HOSTNAME'])
  assert.equal((JSON.parse(audit.fields.Data!) as { Operation: string }).Operation, 'Set-Mailbox', 'the JSON in Data survives the CSV quoting')
  const activity = runFormat(genericExchangeFormat, blocks.get('ECPActivity_11500_20230111-1.LOG')!.text).events
  assert.deepEqual(activity.map((e) => e.host_name), ['SERVER-HOSTNAME', 'SERVER-HOSTNAME'])
  assert.match(activity[1]!.fields.EventData!, /^S:URL=https:\/\/localhost:444\/ecp\/logoff\.aspx;/)
})

test("Elastic's headerless IMAP4 and POP3 lines: standard list assumed and reported, user, client, command", (t) => {
  const imap = realdata(t, 'elastic-exchange', 'imappop_Imap4.log')
  if (imap === undefined) return
  const text = fs.readFileSync(imap, 'utf8')
  assert.equal(sniffFormat(FORMATS, text, 'imappop_Imap4.log').format?.id, 'exchange_log')
  const i = runFormat(genericExchangeFormat, text)
  assert.deepEqual(i.problems.map((p) => p.code), ['no_header'])
  assert.match(i.problems[0]!.message, /POP3\/IMAP4 protocol log field list .*dateTime,sessionId,seqNumber,sIp,cIp,user/)
  assert.deepEqual(
    [i.events[0]!.user_name, i.events[0]!.src_ip, i.events[0]!.src_port, i.events[0]!.dst_ip, i.events[0]!.dst_port, i.events[0]!.action, i.events[0]!.outcome],
    ['example123', '10.11.12.13', 65468, '1.2.3.4', 143, 'authenticate', 'success'],
  )
  assert.equal(i.events[0]!.fields.context, 'R=OK;Msg="Proxy:Host123.domain.tld:1993:SSL;ProxySuccess";LiveIdAR=OK;ActivityContextData=0cb2fd35-94c0-44de-9860-134d27654078')
  const pop = runFormat(genericExchangeFormat, fs.readFileSync(realdata(t, 'elastic-exchange', 'imappop_Pop3.log')!, 'utf8'))
  assert.deepEqual([pop.events[0]!.user_name, pop.events[0]!.action, pop.events[0]!.dst_port, pop.events[0]!.session_id], ['ccw.altitude', 'user', 110, '00000000000ABC12'])
})

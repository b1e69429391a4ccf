// The built-in Sigma rules (src/detect/rules), each on fixtures where it must fire and where it must
// not: web logs of ProxyLogon, ProxyShell, ProxyNotShell and web shells beside a scanner's 404s and
// everyday traffic (fixtures/cas-exploitation*.log, httpproxy-proxylogon.log), the bundled smtp-relay
// case (a guessed "test" account; jsmith mistyping; a scanner failing), the bundled ghost-mail case
// and variants of its EventHistory (deleted too late, deleted from a phone). And the pack's shape:
// every document has what a rule of the pack must have, and compiles.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'
import type { Finding } from '../../src/detect/finding.js'
import { RULE_IDS } from '../../src/detect/pack-rules.js'
import { BUILT_IN_RULES } from '../../src/detect/sigma-pack.js'
import { caseOf, contextFile, FIXTURES, GHOST_MAIL, GHOST_MAIL_CONTEXT, packFindings, SMTP_RELAY, SMTP_RELAY_CONTEXT, writeFixture } from './detect-case.js'

const of = (findings: readonly Finding[], rule: string): Finding[] => findings.filter((f) => f.rule === rule)

test('the pack: every document has a title, an id, a description, references, a level and tags; every rule a logsource and a detection', () => {
  const files = fs.readdirSync(BUILT_IN_RULES).filter((f) => f.endsWith('.yml'))
  assert.ok(files.length >= 7)
  const ids = new Set<string>()
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(BUILT_IN_RULES, file), 'utf8')) as Array<{ toJS(): Record<string, unknown> }>) {
      const rule = doc.toJS()
      for (const key of ['title', 'id', 'description', 'references', 'level', 'tags', 'author', 'date']) assert.ok(rule[key] !== undefined, `${file}: ${String(rule.title)} has ${key}`)
      assert.match(String(rule.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, `${file}: a UUID v4 id`)
      assert.ok(!ids.has(String(rule.id)), `${file}: id ${String(rule.id)} is unique`)
      ids.add(String(rule.id))
      assert.ok(rule.correlation !== undefined || (rule.logsource !== undefined && rule.detection !== undefined), `${file}: ${String(rule.title)} is a rule or a correlation`)
    }
  }
  for (const [name, id] of Object.entries(RULE_IDS)) if (!id.startsWith('exhunt-')) assert.ok(ids.has(id), `pack-rules.ts names ${name} ${id}, which the pack has`)
})

test('exploitation traces: ProxyLogon (IIS and HttpProxy), ProxyShell, ProxyNotShell, web shells; never the scanner nor everyday traffic', async (t) => {
  const store = await caseOf(t, [path.join(FIXTURES, 'cas-exploitation.log'), path.join(FIXTURES, 'httpproxy-proxylogon.log')])
  const findings = await packFindings(store)
  const logon = of(findings, RULE_IDS.proxyLogon)
  assert.deepEqual(logon.map((f) => [f.severity, f.ips, f.count]), [['high', ['203.0.113.200'], 3]])
  assert.ok(logon[0]!.evidence.some((e) => e.path.endsWith('httpproxy-proxylogon.log')), 'the forged ServerInfo~ anchor of the HttpProxy log')
  assert.deepEqual(of(findings, RULE_IDS.proxyShell).map((f) => [f.ips, f.count]), [[['203.0.113.201'], 1]])
  assert.deepEqual(of(findings, RULE_IDS.proxyNotShell).map((f) => [f.ips, f.users, f.count]), [[['203.0.113.202'], ['jlopez'], 1]])
  assert.deepEqual(of(findings, RULE_IDS.webShell).map((f) => [f.severity, f.ips, f.count]), [['critical', ['203.0.113.203'], 2]])

  const decoys = await caseOf(t, [path.join(FIXTURES, 'cas-exploitation-decoys.log')])
  assert.deepEqual(await packFindings(decoys), [])
})

test('smtp-relay story: the burst of failures on test, and the weak names that logged in (test, the copier\'s scanner); not jsmith, not the names the scanner tried', async (t) => {
  const context = contextFile(SMTP_RELAY_CONTEXT)
  const findings = await packFindings(await caseOf(t, [SMTP_RELAY], context), context)
  const burst = of(findings, RULE_IDS.failedLogonBurst)
  assert.deepEqual(burst.map((f) => [f.severity, f.users, f.ips, f.count]), [['medium', ['test'], ['203.0.113.7'], 60]])
  const weak = of(findings, RULE_IDS.weakAccount)
  assert.deepEqual(weak.map((f) => [f.severity, f.users]), [['low', ['scanner', 'test']]])
  // The other findings are those of the rules tested in rules/: brute force, spray, relay.
  const others: string[] = [RULE_IDS.bruteForceSuccess, RULE_IDS.passwordSpray, RULE_IDS.sprayThenLogon, RULE_IDS.smtpRelay, RULE_IDS.smtpRelayBulk, RULE_IDS.smtpRelayNight]
  assert.deepEqual(findings.filter((f) => f.rule !== RULE_IDS.failedLogonBurst && f.rule !== RULE_IDS.weakAccount && !others.includes(f.rule)), [])
})

test('ghost mail: created, submitted and deleted through OWA within minutes; not when deleted too late, nor from a phone', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const findings = await packFindings(await caseOf(t, [GHOST_MAIL], context), context)
  const ghost = of(findings, RULE_IDS.ghostMail)
  assert.deepEqual(ghost.map((f) => [f.severity, f.users, f.count, f.first_seen, f.last_seen]), [['high', ['cmoreno'], 3, '2026-03-11T01:14:01.000Z', '2026-03-11T01:20:01.000Z']])
  assert.ok(ghost[0]!.evidence.every((e) => e.path.endsWith('databaseevent-cmoreno.txt')))
  // Besides it, only the findings of the rules tested in rules/ (the door and the browser).
  const others: string[] = [RULE_IDS.offPublication, RULE_IDS.offPublicationAnonymous, RULE_IDS.unknownBrowser, RULE_IDS.unknownBrowserInside]
  assert.deepEqual(findings.filter((f) => f.rule !== RULE_IDS.ghostMail && !others.includes(f.rule)), [])

  const history = fs.readFileSync(path.join(GHOST_MAIL, 'exmbx01', 'databaseevent-cmoreno.txt'), 'latin1')
  assert.ok(history.includes('3/11/2026 1:20:01 AM') && history.includes('SoftDeleted'))
  const late = history.replace('3/11/2026 1:20:01 AM', '3/11/2026 1:40:01 AM')
  const lateCase = await caseOf(t, [writeFixture(t, 'databaseevent-late.txt', late)], context)
  assert.deepEqual(of(await packFindings(lateCase, context), RULE_IDS.ghostMail), [])
  // The deletion from the phone (ClientCategory AirSync): the third record of the item is not OWA's.
  const records = history.split('\r\n\r\n')
  const deletion = records.findIndex((r) => r.includes('ObjectDeleted'))
  const fromPhone = records[deletion]!.replace(/ClientCategory(\s+): OWA/, 'ClientCategory$1: AirSync')
  assert.notEqual(fromPhone, records[deletion])
  records[deletion] = fromPhone
  const phoneCase = await caseOf(t, [writeFixture(t, 'databaseevent-phone.txt', records.join('\r\n\r\n'))], context)
  assert.deepEqual(of(await packFindings(phoneCase, context), RULE_IDS.ghostMail), [])
})

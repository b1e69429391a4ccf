// exhunt investigate, detect and contain end to end, on the two bundled cases of the seed stories,
// through the command line as an investigator would type it.
//
// ghost-mail (examples/README.md): the attacker used OWA through the mobile publication
// (198.51.100.25) and its backup (198.51.100.26) as cmoreno, rdiaz, sgomez and tnavarro, with
// Firefox; cmoreno's account created, sent and deleted a mail through OWA. Decoys: the IT admin's
// Firefox through the VPN, a scanner probing OWA/ECP without authenticating, the phones of everyone
// through the same publication, health probes.
// smtp-relay (examples/generate-smtp-relay.mjs): 203.0.113.7 guessed the password of "test" and
// relayed spam at night, joined by 203.0.113.9. Decoys: the copier's "scanner" account inside,
// mjones sending from home in office hours and from a hotel at night, jsmith mistyping his password,
// a scanner failing AUTH on six names, Internet mail servers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { runCli } from '../cli/run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'
import { FIXTURES, GHOST_MAIL, GHOST_MAIL_CONTEXT, SMTP_RELAY, SMTP_RELAY_CONTEXT } from './detect-case.js'

interface Report {
  compromised_accounts: string[]
  attacker_ips: string[]
  abused_endpoints: string[]
  findings: Array<{ rule: string; severity: string; title: string; users: string[]; ips: string[]; evidence: Array<{ path: string; line: number }> }>
  containment: {
    reset_accounts: string[]
    block_ips: string[]
    uri_filters: Array<{ endpoint: string; block: string[]; allow: string[] }>
    not_blocked: Array<{ ip: string; reason: string }>
    hardening: Array<{ topic: string; advice: string; evidence: string[] }>
  }
  accounts: Array<{ value: string; accused: boolean; reasons: string[] }>
  ingest: { ingested: number; already_in_case: number }
}

function investigate(args: readonly string[]): Report {
  const result = runCli(['investigate', ...args, '--json'])
  assert.equal(result.status, 0, result.stderr)
  assert.equal(result.stderr, '', 'nothing on stderr when it is not a terminal')
  return JSON.parse(result.stdout) as Report
}

function assertShape(report: Report): void {
  for (const key of ['compromised_accounts', 'attacker_ips', 'abused_endpoints', 'findings', 'containment']) assert.ok(key in report, key)
  for (const key of ['reset_accounts', 'block_ips', 'uri_filters']) assert.ok(key in report.containment, `containment.${key}`)
  for (const f of report.findings) {
    for (const key of ['rule', 'severity', 'title', 'users', 'ips', 'evidence']) assert.ok(key in f, `finding.${key}`)
    assert.ok(f.evidence.length > 0 && f.evidence.every((e) => typeof e.path === 'string' && Number.isInteger(e.line) && e.line > 0), f.title)
  }
}

test('ghost mail: the four accounts, the two mobile addresses, both publications; no decoy; URI filters keep ActiveSync', (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const report = investigate([GHOST_MAIL, '--context', GHOST_MAIL_CONTEXT, '--case', caseDir])
  assertShape(report)
  assert.deepEqual([...report.compromised_accounts].sort(), ['cmoreno', 'rdiaz', 'sgomez', 'tnavarro'])
  assert.equal(report.compromised_accounts[0], 'cmoreno', 'patient zero first: the ghost mail adds to her score')
  assert.deepEqual([...report.attacker_ips].sort(), ['198.51.100.25', '198.51.100.26'])
  assert.deepEqual(report.abused_endpoints, ['mobile.acme.example', 'mobile2.acme.example'])
  assert.deepEqual(report.accounts.filter((a) => !a.accused).map((a) => a.value), ['itadmin'], 'the admin with Firefox through the VPN is a lead, not accused')
  const text = JSON.stringify([report.compromised_accounts, report.attacker_ips])
  for (const decoy of ['itadmin', '10.8.0.50', '192.0.2.66', '127.0.0.1', 'mgarcia', 'ehernandez', 'jlopez', 'lruiz']) assert.ok(!text.includes(decoy), decoy)
  assert.ok(report.findings.some((f) => f.title.startsWith('Mail created, sent and deleted through OWA') && f.users[0] === 'cmoreno'))

  const c = report.containment
  assert.deepEqual(c.reset_accounts, report.compromised_accounts)
  assert.deepEqual(c.block_ips, [], "the attacker came through the organisation's own publications: filtered, not blocked")
  assert.deepEqual(c.not_blocked.map((n) => n.ip).sort(), ['198.51.100.25', '198.51.100.26'])
  assert.deepEqual(c.uri_filters.map((f) => f.endpoint), ['mobile.acme.example', 'mobile2.acme.example'])
  for (const filter of c.uri_filters) {
    for (const door of ['/owa/', '/ecp/', '/ews/', '/powershell/', '/autodiscover/']) assert.ok(filter.block.includes(door), `${filter.endpoint} blocks ${door}`)
    assert.deepEqual(filter.allow, ['/Microsoft-Server-ActiveSync/'])
  }
  assert.deepEqual(c.hardening.map((h) => h.topic), ['passwords', 'publication'])
  // The --context file is kept in the case: later commands see the same context.
  assert.ok(fs.existsSync(path.join(caseDir, 'context.yaml')))

  // Again on the same case: nothing read twice, the same verdict.
  const again = investigate([GHOST_MAIL, '--case', caseDir])
  assert.equal(again.ingest.ingested, 0)
  assert.ok(again.ingest.already_in_case > 0)
  assert.deepEqual([again.compromised_accounts, again.attacker_ips, again.abused_endpoints], [report.compromised_accounts, report.attacker_ips, report.abused_endpoints])
})

test('smtp relay: test and both relay hosts; no decoy; lockout, relay and temporary-account advice', (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const report = investigate([SMTP_RELAY, '--context', SMTP_RELAY_CONTEXT, '--case', caseDir])
  assertShape(report)
  assert.deepEqual(report.compromised_accounts, ['test'])
  assert.deepEqual(report.attacker_ips, ['203.0.113.7', '203.0.113.9'])
  assert.deepEqual(report.abused_endpoints, ['EXCH01'])
  const text = JSON.stringify([report.compromised_accounts, report.attacker_ips])
  for (const decoy of ['mjones', 'scanner', 'jsmith', '192.0.2.99', '192.0.2.150', '198.51.100.140', '192.168.1.50']) assert.ok(!text.includes(decoy), decoy)
  const c = report.containment
  assert.deepEqual(c.block_ips, ['203.0.113.7', '203.0.113.9'])
  assert.deepEqual(c.reset_accounts, ['test'])
  assert.deepEqual(c.uri_filters, [])
  assert.deepEqual(c.hardening.map((h) => h.topic), ['passwords', 'lockout', 'relay', 'temporary_accounts'])
  assert.match(c.hardening.find((h) => h.topic === 'lockout')!.advice, /no lockout \(4740, 539\) is recorded/)
  assert.match(c.hardening.find((h) => h.topic === 'temporary_accounts')!.advice, /test was used by the attacker/)
})

test('without a context the ghost-mail victims are still found (publication learnt, Firefox unseen inside)', (t) => {
  const report = investigate([path.join(GHOST_MAIL, 'cas01'), path.join(GHOST_MAIL, 'cas02'), '--case', path.join(tempDir(t), 'case')])
  assert.deepEqual([...report.compromised_accounts].sort(), ['cmoreno', 'rdiaz', 'sgomez', 'tnavarro'])
  assert.deepEqual([...report.attacker_ips].sort(), ['198.51.100.25', '198.51.100.26'])
  assert.deepEqual(report.abused_endpoints, ['mobile.acme.example'])
})

test('a traveller at 03:30 with Safari from a hotel, through the right endpoint, is a lead; the outsider through the mobile host is accused', (t) => {
  const dir = tempDir(t)
  const context = path.join(dir, 'context.yaml')
  fs.writeFileSync(context, 'networks: { vpn: [10.8.0.0/16] }\nendpoints:\n  "owa.acme.example": [owa, ecp, ews, autodiscover, mapi, activesync]\n  "mobile.acme.example": [activesync]\ndeployed_browsers: [Chrome]\n')
  const report = investigate([path.join(FIXTURES, 'cas-host-header-abuse.log'), '--context', context, '--case', path.join(dir, 'case')])
  assert.deepEqual(report.compromised_accounts, ['egil'])
  assert.deepEqual(report.attacker_ips, ['203.0.113.99'])
  assert.deepEqual(report.containment.block_ips, ['203.0.113.99'], 'seen through the host header: the address is the attacker\'s own')
  const traveller = report.accounts.find((a) => a.value === 'cruiz')!
  assert.equal(traveller.accused, false)
  assert.match(traveller.reasons[0]!, /^medium: A browser or tool the organisation does not use logged in from outside \(ua\.family=Safari, user_key=cruiz\)$/)
})

test('investigate refuses a case inside the evidence and writes nothing there', (t) => {
  const evidence = path.join(tempDir(t), 'evidence')
  fs.cpSync(path.join(GHOST_MAIL, 'cas01'), evidence, { recursive: true })
  const before = fs.readdirSync(evidence, { recursive: true })
  const result = runCli(['investigate', evidence, '--case', path.join(evidence, 'case')])
  assert.equal(result.status, 2)
  assert.match(result.stderr, /^exhunt: the case folder .* is inside the evidence/)
  assert.equal(result.stdout, '')
  assert.deepEqual(fs.readdirSync(evidence, { recursive: true }), before)
})

test('detect and contain on an investigated case; a broken Sigma rule is reported with its reason, a good one runs', (t) => {
  const dir = tempDir(t)
  const caseDir = path.join(dir, 'case')
  investigate([SMTP_RELAY, '--context', SMTP_RELAY_CONTEXT, '--case', caseDir])
  const extra = path.join(dir, 'extra')
  fs.mkdirSync(extra)
  fs.writeFileSync(
    path.join(extra, 'relay-probe.yml'),
    'title: Open relay refused\nid: 0f3b3c4e-8d2a-4c1e-9b7a-3e5f6a7b8c9d\nlogsource:\n  product: exhunt\n  service: iis_smtp\ndetection:\n  selection:\n    action: RCPT\n    event_code: "550"\n  condition: selection\nlevel: low\n',
  )
  fs.writeFileSync(path.join(extra, 'broken.yml'), 'title: Broken\nid: 1f3b3c4e-8d2a-4c1e-9b7a-3e5f6a7b8c9d\nlogsource:\n  product: exhunt\ndetection:\n  selection:\n    action|nosuchmodifier: x\n  condition: selection\n')
  const detect = runCli(['detect', '--case', caseDir, '--sigma', extra, '--json'])
  assert.equal(detect.status, 0, detect.stderr)
  const result = JSON.parse(detect.stdout) as { findings: Array<{ title: string; ips: string[]; first_seen: string; last_seen: string; endpoints: string[] }>; problems: Array<{ rule: string; path: string; reason: string }>; rules_run: number; timings: unknown[] }
  const probe = result.findings.find((f) => f.title === 'Open relay refused')!
  assert.deepEqual(probe.ips, ['192.0.2.99'])
  assert.deepEqual(result.problems.map((p) => [p.rule, path.basename(p.path)]), [['1f3b3c4e-8d2a-4c1e-9b7a-3e5f6a7b8c9d', 'broken.yml']])
  assert.match(result.problems[0]!.reason, /nosuchmodifier/)
  assert.ok(result.timings.length >= result.rules_run)
  for (const f of result.findings) for (const key of ['first_seen', 'last_seen', 'endpoints']) assert.ok(key in f)

  const text = runCli(['detect', '--case', caseDir, '--sigma', extra, '--timings'])
  assert.equal(text.status, 0, text.stderr)
  assert.match(text.stdout, /^\d+ findings from \d+ rules\n/)
  assert.match(text.stdout, /\nHIGH {5}Brute force then successful logon for one account \(user_key=test\)\n {9}users test · ips 203\.0\.113\.7 · endpoints EXCH01\n/)
  assert.match(text.stdout, /\nRules that could not run \(1\):\n {2}.*broken\.yml/)
  assert.match(text.stdout, /\nTime per rule:\n/)

  const csv = runCli(['contain', '--case', caseDir, '--format', 'csv'])
  assert.equal(csv.status, 0, csv.stderr)
  const rows = csv.stdout.trim().split('\n')
  assert.equal(rows[0], 'kind,endpoint,value,note')
  assert.ok(rows.includes('reset_account,,test,'))
  assert.ok(rows.includes('block_ip,,203.0.113.7,') && rows.includes('block_ip,,203.0.113.9,'))
  assert.ok(rows.some((r) => r.startsWith('hardening,,relay,')))
  const json = runCli(['contain', '--case', caseDir, '--format', 'json'])
  assert.deepEqual((JSON.parse(json.stdout) as { block_ips: string[] }).block_ips, ['203.0.113.7', '203.0.113.9'])
  const plain = runCli(['contain', '--case', caseDir])
  assert.match(plain.stdout, /^Reset the passwords of: test\nBlock these addresses: 203\.0\.113\.7, 203\.0\.113\.9\n/)
  const bad = runCli(['contain', '--case', caseDir, '--format', 'xml'])
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /--format: one of text, json, csv/)
})

// brute-force-success.yml: ten or more failed logons of one account within the hour (a chained
// event_count), then a successful one within the hour (temporal_ordered). Fixtures: the bundled
// smtp-relay case (Windows 2003 529/680 failures of "test", then 540; jsmith mistyping twice) and
// Vista+ events (4625 then 4624) written here as wevtutil prints them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RULE_IDS } from '../../../src/detect/pack-rules.js'
import { caseOf, contextFile, contextOf, findingsOf, GHOST_MAIL, GHOST_MAIL_CONTEXT, packFindings, SMTP_RELAY, SMTP_RELAY_CONTEXT, writeFixture } from '../detect-case.js'

const bruteForce = async (...args: Parameters<typeof packFindings>) => findingsOf(await packFindings(...args), RULE_IDS.bruteForceSuccess)

function securityEvent(id: 4624 | 4625, time: string, user: string, ip: string): string {
  const failure = id === 4625
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/>` +
    `<EventID>${id}</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>${failure ? '0x8010000000000000' : '0x8020000000000000'}</Keywords>` +
    `<TimeCreated SystemTime='${time}'/><EventRecordID>1</EventRecordID><Correlation/><Execution ProcessID='532' ThreadID='1804'/><Channel>Security</Channel><Computer>EXCH01.acme.example</Computer><Security/></System>` +
    `<EventData><Data Name='TargetUserName'>${user}</Data><Data Name='TargetDomainName'>ACME</Data>${failure ? "<Data Name='Status'>0xc000006d</Data><Data Name='SubStatus'>0xc000006a</Data>" : ''}` +
    `<Data Name='LogonType'>3</Data><Data Name='WorkstationName'>KALI</Data><Data Name='IpAddress'>${ip}</Data><Data Name='IpPort'>50101</Data></EventData></Event>`
  )
}

test('smtp-relay story: test fell after 60 failures (529 and 680), from 203.0.113.7; jsmith did not', async (t) => {
  const context = contextFile(SMTP_RELAY_CONTEXT)
  const store = await caseOf(t, [SMTP_RELAY], context)
  const findings = await bruteForce(store, context)
  // The 60 failures, and the logons of test within the hour after them (the relay sessions' logons).
  assert.deepEqual(findings.map((f) => [f.severity, f.users, f.ips, f.count]), [['high', ['test'], ['203.0.113.7'], 82]])
  assert.equal(findings[0]!.title, 'Brute force then successful logon for one account (user_key=test)')
  assert.ok(findings[0]!.evidence.every((e) => e.path.endsWith('security.xml')))
  assert.deepEqual(await bruteForce(store, contextOf('ignore: { accounts: [te*] }')), [])
})

test('4625 then 4624: ten failures and a success are one finding; nine, or a success over an hour later, none', async (t) => {
  const at = (minute: number, second = 0): string => `2026-03-12T03:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.0000000Z`
  const events = [
    ...Array.from({ length: 10 }, (_, i) => securityEvent(4625, at(0, i * 5), 'backup', '203.0.113.66')),
    securityEvent(4624, at(2), 'backup', '203.0.113.66'),
    ...Array.from({ length: 9 }, (_, i) => securityEvent(4625, at(10, i * 5), 'lruiz', '203.0.113.66')),
    securityEvent(4624, at(12), 'lruiz', '10.8.0.12'),
  ]
  const store = await caseOf(t, [writeFixture(t, 'security.xml', events.join('\r\n') + '\r\n')])
  const findings = await bruteForce(store, contextOf())
  assert.deepEqual(findings.map((f) => [f.users, f.ips, f.count, f.evidence.length]), [[['backup'], ['203.0.113.66'], 11, 11]])
  const late = await caseOf(t, [writeFixture(t, 'late.xml', [...events.slice(0, 10), securityEvent(4624, '2026-03-12T04:05:00.0000000Z', 'backup', '203.0.113.66')].join('\r\n') + '\r\n')])
  assert.deepEqual(await bruteForce(late, contextOf()), [])
  // A success before the failures is not "then".
  const before = await caseOf(t, [writeFixture(t, 'before.xml', [securityEvent(4624, '2026-03-12T02:59:00.0000000Z', 'backup', '203.0.113.66'), ...events.slice(0, 10)].join('\r\n') + '\r\n')])
  assert.deepEqual(await bruteForce(before, contextOf()), [])
})

test('ghost mail: no failed logons at all; nothing', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const store = await caseOf(t, [GHOST_MAIL], context)
  assert.deepEqual(await bruteForce(store, context), [])
})

// exhunt-brute-force-success: ten or more failed logons of one account, then a successful one within
// the hour. Fixtures: the bundled smtp-relay case (Windows 2003 529/680 failures of "test", then 540;
// jsmith mistyping twice) and Vista+ events (4625 then 4624) written here as wevtutil prints them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bruteForceSuccessCheck } from '../../../src/detect/checks/brute-force-success.js'
import { caseOf, contextFile, contextOf, GHOST_MAIL, GHOST_MAIL_CONTEXT, SMTP_RELAY, SMTP_RELAY_CONTEXT, writeFixture } from '../detect-case.js'

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
  const findings = await bruteForceSuccessCheck.run(store, context)
  assert.deepEqual(findings.map((f) => [f.severity, f.users, f.ips, f.count]), [['high', ['test'], ['203.0.113.7'], 62]])
  assert.equal(findings[0]!.title, 'test: 60 failed logons, then a successful one at 2010-11-17T22:51:42.000Z from 203.0.113.7')
  assert.ok(findings[0]!.evidence.every((e) => e.path.endsWith('security.xml')))
  assert.deepEqual(await bruteForceSuccessCheck.run(store, contextOf('ignore: { accounts: [te*] }')), [])
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
  const findings = await bruteForceSuccessCheck.run(store, contextOf())
  assert.deepEqual(findings.map((f) => [f.users, f.ips, f.count]), [[['backup'], ['203.0.113.66'], 11]])
  const late = await caseOf(t, [writeFixture(t, 'late.xml', [...events.slice(0, 10), securityEvent(4624, '2026-03-12T04:05:00.0000000Z', 'backup', '203.0.113.66')].join('\r\n') + '\r\n')])
  assert.deepEqual(await bruteForceSuccessCheck.run(late, contextOf()), [])
})

test('ghost mail: no failed logons at all; nothing', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const store = await caseOf(t, [GHOST_MAIL], context)
  assert.deepEqual(await bruteForceSuccessCheck.run(store, context), [])
})

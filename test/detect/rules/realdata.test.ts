// The pack on real logs written by others (../shared/realdata): a web shell request captured on an
// Exchange server (artefacts.help), an OpenSSH brute force with non-existent users and two failures
// denied by an account restriction (Hayabusa's EVTX-to-MITRE-Attack samples). Each record is named
// by its line (EVTX: byte offset) as the case holds it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { RULE_IDS } from '../../../src/detect/pack-rules.js'
import { realdata } from '../../helpers/realdata.js'
import { caseOf, packFindings } from '../detect-case.js'

test('real web shell request under /owa/auth/ (artefacts.help): one critical finding on its line, nothing else', async (t) => {
  const log = realdata(t, 'artefacts-help', 'exchange-log-examples', 'iis_u_ex_example.log')
  if (log === undefined) return
  const findings = await packFindings(await caseOf(t, [log]))
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.ips, f.evidence.map((e) => [path.basename(e.path), e.line])]),
    [[RULE_IDS.webShell, 'critical', ['1.2.3.4'], [['iis_u_ex_example.log', 3]]]],
  )
})

test('real OpenSSH brute force on Windows (Hayabusa sample): the burst on "nouser"; two denied logons are not a burst', async (t) => {
  const brute = realdata(t, 'hayabusa-sample-evtx', 'EVTX-to-MITRE-Attack', 'TA0006-Credential Access', 'T1110.xxx-Brut force', 'ID4625-OpenSSH brutforce with non existing users.evtx')
  const denied = realdata(t, 'hayabusa-sample-evtx', 'EVTX-to-MITRE-Attack', 'TA0001-Initial access', 'T1078-Valid accounts', 'ID4625-failed login with denied access due to account restriction.evtx')
  if (brute === undefined || denied === undefined) return
  const findings = await packFindings(await caseOf(t, [brute, denied]))
  assert.deepEqual(
    findings.map((f) => [f.rule, f.users, f.count, new Set(f.evidence.map((e) => path.basename(e.path)))]),
    // Five 4625 and five 4776 failures for the same non-existent account within three seconds.
    [[RULE_IDS.failedLogonBurst, ['nouser'], 10, new Set([path.basename(brute)])]],
  )
})

// Windows events written by others (../shared/realdata, see its MANIFEST.md), read three ways that
// do not depend on exhunt's binary EVTX reader:
//   - Sigma's regression data and Chainsaw's search outputs: events as evtx_dump JSON;
//   - evtx (omerbenamram) insta snapshots: events as evtx_dump XML, pretty-printed;
//   - real attack recordings (.evtx) dumped to XML by Debian's python-evtx (evtx_dump.py), read by
//     winevt_xml: every 4624/4625 must carry the account and the client address its data holds.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseEventXml } from '../../../src/formats/windows/event-xml.js'
import { wevtutilXmlFormat } from '../../../src/formats/windows/wevtutil-xml.js'
import { windowsEventToDraft } from '../../../src/formats/windows/winevt-event.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'
import { isoMs, jsonDocuments, jsonToWindowsEvent } from './json-event.js'

function walk(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? walk(p, suffix) : d.name.endsWith(suffix) ? [p] : []
  })
}

test('Sigma regression data: every event (evtx_dump JSON) keeps its data, host, time and code; 4648 names both accounts', (t) => {
  const dir = realdata(t, 'sigma', 'regression_data')
  if (dir === undefined) return
  const files = walk(dir, '.json')
  assert.ok(files.length >= 140, `${files.length} JSON files`)
  let events = 0
  for (const file of files) {
    for (const doc of jsonDocuments(fs.readFileSync(file, 'utf8'))) {
      const windows = jsonToWindowsEvent(doc)
      const system = doc['Event']['System']
      const e = windowsEventToDraft(windows, 1, 'hint')
      const where = path.relative(dir, file)
      events++
      assert.equal(e.dataset, 'winevt')
      assert.equal(e.event_code, String(system['EventID']), where)
      assert.equal(e.host_name, system['Computer'], where)
      assert.equal(e.ts, isoMs(system['TimeCreated']['#attributes']['SystemTime']), where)
      assert.equal(e.fields['System.Provider'], system['Provider']['#attributes']['Name'], where)
      assert.equal(e.fields['System.Channel'], system['Channel'], where)
      for (const [name, value] of Object.entries(doc['Event']['EventData'] ?? {})) {
        if (name !== '#attributes') assert.equal(e.fields[name], value === null ? '' : String(value), `${where}: ${name}`)
      }
      if (windows.provider === 'Microsoft-Windows-Security-Auditing' && windows.eventId === 4648) {
        const data = doc['Event']['EventData']
        assert.equal(e.action, 'explicit-credentials')
        assert.equal(e.user_name, `${data['SubjectDomainName']}\\${data['SubjectUserName']}`)
        assert.equal(e.user_key, String(data['SubjectUserName']).toLowerCase())
        assert.equal(e.fields['exhunt.target_user'], `${data['TargetDomainName']}\\${data['TargetUserName']}`)
      }
    }
  }
  assert.ok(events >= 150, `${events} events`)
  // The one UserData event: WMI-Activity 5858, its children flattened under their names.
  const wmi = files.find((f) => f.includes('win_wmi_activity_nteventlogfile_cleareventlog'))!
  const e = windowsEventToDraft(jsonToWindowsEvent(jsonDocuments(fs.readFileSync(wmi, 'utf8'))[0]!), 1)
  assert.deepEqual([e.fields['ClientMachine'], e.fields['ResultCode'], e.user_key, e.action], ['SWACHCHHANDA', '0x80041003', undefined, 'Microsoft-Windows-WMI-Activity/5858'])
})

test("Chainsaw's search output for 4624 (evtx_dump JSON, separate attributes): the two logons its hunt golden finds", (t) => {
  const jsonl = realdata(t, 'chainsaw', 'evtx', 'clo_search_q_jsonl_simple_string.txt')
  const hunt = realdata(t, 'chainsaw', 'evtx', 'clo_hunt_r_any_logon.txt')
  if (jsonl === undefined || hunt === undefined) return
  const docs = fs.readFileSync(jsonl, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, any>)
  const events = docs.map((d) => windowsEventToDraft(jsonToWindowsEvent(d), 1))
  const huntText = fs.readFileSync(hunt, 'utf8')
  for (const [i, e] of events.entries()) {
    const record = docs[i]!['Event']['System']['EventRecordID']
    assert.ok(huntText.includes(String(record)), `record ${record} is in chainsaw's hunt output`)
    assert.deepEqual(
      [e.action, e.outcome, e.user_name, e.user_domain, e.user_key, e.src_ip, e.src_port, e.host_name, e.fields['exhunt.logon_type_name'], e.fields['exhunt.subject_user']],
      ['logon', 'success', 'NT AUTHORITY\\SYSTEM', 'NT AUTHORITY', 'system', undefined, undefined, 'DESKTOP-JK4Q86I', 'Service', 'WORKGROUP\\DESKTOP-JK4Q86I$'],
    )
    assert.equal(e.fields['LogonProcessName'], 'Advapi  ')
  }
  assert.equal(events.length, 2)
  assert.equal(new Date(events[0]!.ts!).toISOString(), '2022-10-11T19:26:52.154Z')
})

/** An insta snapshot's body (after its second `---` line). */
function snapshot(file: string): string {
  const text = fs.readFileSync(file, 'utf8')
  return text.slice(text.indexOf('---', 3) + 4)
}

test("evtx's XML snapshots (pretty-printed evtx_dump output) read into the values the records hold", (t) => {
  const dir = realdata(t, 'evtx-rs', 'snapshots')
  if (dir === undefined) return
  const read = (name: string) => {
    const parsed = parseEventXml(snapshot(path.join(dir, `test_record_samples__${name}.snap`)))
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error)
    return parsed.event
  }
  const logon = read('event_xml_sample_with_string_with_trailing_spaces')
  assert.deepEqual([logon.provider, logon.eventId, logon.recordId, logon.computer, logon.processId, logon.threadId, logon.keywords], ['Microsoft-Windows-Security-Auditing', 4624, 2260, 'WIN-03DLIIOFRRA', 536, 624, '0x8020000000000000'])
  assert.equal(new Date(logon.timeCreated!).toISOString(), '2017-04-14T01:21:10.906Z')
  const e = windowsEventToDraft(logon, 2260)
  assert.deepEqual([e.user_name, e.user_key, e.src_ip, e.fields['exhunt.logon_type_name'], e.fields['LogonProcessName'], e.fields['WorkstationName']], ['NT AUTHORITY\\SYSTEM', 'system', undefined, 'Service', 'Advapi  ', ''])

  const classic = read('event_xml_sample_with_event_data_with_attributes_and_text')
  assert.deepEqual([classic.provider, classic.eventId, classic.qualifiers, classic.version, classic.level], ['EventLog', 6009, 32768, undefined, 4])
  assert.deepEqual(classic.data, [['Data1', '10.00.'], ['Data2', '15063'], ['Data3', ''], ['Data4', 'Multiprocessor Free'], ['Data5', '0']])

  const capi = windowsEventToDraft(read('event_xml_sample_with_entity_ref'), 28)
  assert.equal(capi.fields['URL'], 'http://crl.microsoft.com/pki/crl/products/microsoftrootcert.crl')
  assert.equal(capi.fields['URL.scheme'], 'http')
  assert.equal(capi.fields['Header#3'], 'If-None-Match: "ea9ee7b1bc43d21:0"', 'entity references decoded, repeated names numbered')
  assert.equal(capi.fields['Flags.CRYPT_RETRIEVE_MULTIPLE_OBJECTS'], 'true')
  assert.equal(capi.fields['System.UserID'], 'S-1-5-21-1223297778-3299746493-1462173606-500')
  const empty = read('event_xml_sample')
  assert.deepEqual([empty.eventId, empty.data, empty.channel], [4608, [], 'Security'])
})

const PYTHON_EVTX = '/usr/bin/evtx_dump.py'

/** Small real Security logs with logons, failed logons, explicit credentials and account changes. */
const SECURITY_EVTX = [
  ['chainsaw', 'evtx', 'security_sample.evtx'],
  ['evtx-attack-samples', 'Command and Control', 'DE_RDP_Tunneling_4624.evtx'],
  ['evtx-attack-samples', 'Lateral Movement', 'LM_4624_mimikatz_sekurlsa_pth_source_machine.evtx'],
  ['evtx-attack-samples', 'Lateral Movement', 'LM_WMIC_4648_rpcss.evtx'],
  ['evtx-attack-samples', 'Privilege Escalation', 'Runas_4624_4648_Webshell_CreateProcessAsUserA.evtx'],
  ['evtx-attack-samples', 'Defense Evasion', 'DE_Fake_ComputerAccount_4720.evtx'],
  ['hayabusa-sample-evtx', 'EVTX-to-MITRE-Attack', 'TA0001-Initial access', 'T1078-Valid accounts', 'ID4625-failed login with denied access due to account restriction.evtx'],
  ['hayabusa-sample-evtx', 'EVTX-to-MITRE-Attack', 'TA0004-Privilege Escalation', 'T1134-Access Token Manipulation', 'ID4648-4624-RunAsCS login.evtx'],
  ['hayabusa-sample-evtx', 'EVTX-to-MITRE-Attack', 'TA0006-Credential Access', 'T1110.xxx-Brut force', 'ID4625-OpenSSH brutforce with non existing users.evtx'],
  ['hayabusa-sample-evtx', 'EVTX-to-MITRE-Attack', 'TA0008-Lateral Movement', 'T1550-Use Alternate Authentication Material', 'ID4624-Mimikatz Pass the hash.evtx'],
  ['hayabusa-sample-evtx', 'YamatoSecurity', 'CredentialAccess', 'T1558.003_StealOrForgeKerberosTicketsKerberoasting_Security.evtx'],
  ['deepbluecli', 'evtx', 'metasploit-psexec-native-target-security.evtx'],
  ['deepbluecli', 'evtx', 'powersploit-security.evtx'],
  ['deepbluecli', 'evtx', 'psattack-security.evtx'],
  ['evtx-rs', 'evtx', 'Security_short_selected.evtx'],
  ['evtx-rs', 'evtx', 'new-user-security.evtx'],
]

/** A Data value read from the dump's text with a regex: a check independent of our XML reader. */
function dataOf(xml: string, name: string): string | undefined {
  const m = new RegExp(`<Data Name="${name}">([^<]*)</Data>`).exec(xml)
  return m?.[1]?.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'")
}

test('real Security EVTX dumped by python-evtx: every 4624/4625 has the account and client address its data holds', async (t) => {
  const files = SECURITY_EVTX.map((parts) => realdata(t, ...parts))
  if (files.some((f) => f === undefined)) return
  if (!fs.existsSync(PYTHON_EVTX)) {
    t.skip(`${PYTHON_EVTX} not installed (Debian package python3-evtx)`)
    return
  }
  const dumps = await Promise.all(files.map((f) => promisify(execFile)('/usr/bin/python3', [PYTHON_EVTX, f!], { maxBuffer: 64 * 1024 * 1024 })))
  const seen = new Map<string, number>()
  let logons = 0
  for (const [i, { stdout }] of dumps.entries()) {
    const where = path.basename(files[i]!)
    const { events, problems } = runFormat(wevtutilXmlFormat, stdout)
    assert.deepEqual(problems, [], where)
    assert.equal(events.length, (stdout.match(/<EventID\b/g) ?? []).length, `${where}: one record per <Event>`)
    for (const e of events) {
      seen.set(e.action!, (seen.get(e.action!) ?? 0) + 1)
      assert.equal(e.host_name, /<Computer>([^<]*)<\/Computer>/.exec(e.raw)?.[1], where)
      if (e.event_code !== '4624' && e.event_code !== '4625') continue
      logons++
      const user = dataOf(e.raw, 'TargetUserName')
      const domain = dataOf(e.raw, 'TargetDomainName')
      const ip = dataOf(e.raw, 'IpAddress')
      const label = `${where} record ${e.fields['System.EventRecordID']}`
      if (user !== undefined && user !== '-' && user !== '') {
        assert.equal(e.user_key, user.toLowerCase(), label)
        assert.equal(e.user_name, domain === undefined || domain === '-' || domain === '' ? user : `${domain}\\${user}`, label)
      } else {
        assert.equal(e.user_key, undefined, label)
      }
      if (ip !== undefined && /^(::ffff:)?\d+\.\d+\.\d+\.\d+$|:/.test(ip)) assert.equal(e.src_ip, ip.replace(/^::ffff:/, ''), label)
      else assert.equal(e.src_ip, undefined, label)
      assert.equal(e.outcome, e.event_code === '4624' ? 'success' : 'failure', label)
      assert.equal(e.fields['exhunt.logon_type'], dataOf(e.raw, 'LogonType'), label)
      if (e.event_code === '4625') assert.ok(e.fields['exhunt.status_reason'] !== undefined, `${label}: status in words`)
    }
  }
  assert.ok(logons >= 30, `${logons} logons and failed logons`)
  for (const action of ['logon', 'logon-failed', 'explicit-credentials', 'special-privileges', 'ntlm-validation', 'kerberos-service-ticket', 'account-created']) {
    assert.ok((seen.get(action) ?? 0) > 0, `some ${action} among ${[...seen.keys()].join(', ')}`)
  }
})

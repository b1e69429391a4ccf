// Every construct of a Sigma detection on a small case: each rule's own query and runRules must
// match exactly the events named (see fixture-events.ts).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { EVENTS, lines } from './fixture-events.js'
import { compileSigmaRule } from '../../../src/detect/sigma/index.js'
import { matchedLines, PROCESS_CREATION, rule, ruleOf, sigmaCase, WEBSERVER } from './sigma-case.js'

const NETWORK = '    product: windows\n    category: network_connection'
const SECURITY = '    product: windows\n    service: security'
const APPLICATION = '    product: windows\n    service: application'
const EXCHANGE_MANAGEMENT = '    product: windows\n    service: msexchange-management'

type Case = [name: string, logsource: string, detection: string, expected: string[]]

const CASES: Case[] = [
  // values, wildcards, escaping; Security 4688 answers process_creation under Sysmon's names
  ['equality ignores case', PROCESS_CREATION, "    sel:\n        Image: 'c:\\windows\\system32\\CMD.EXE'\n    condition: sel", ['cmd', 'audit4688']],
  ['endswith, a list is any', PROCESS_CREATION, "    sel:\n        Image|endswith:\n            - '\\cmd.exe'\n            - '\\powershell.exe'\n    condition: sel", ['cmd', 'powershell', 'audit4688']],
  ['startswith', PROCESS_CREATION, "    sel:\n        CommandLine|startswith: 'CMD'\n    condition: sel", ['cmd', 'audit4688']],
  ['contains|all', PROCESS_CREATION, "    sel:\n        CommandLine|contains|all:\n            - 'cmd'\n            - 'whoami'\n    condition: sel", ['cmd']],
  ['? is one character', PROCESS_CREATION, "    sel:\n        Image: 'C:\\Windows\\System32\\c?d.exe'\n    condition: sel", ['cmd', 'audit4688']],
  ['* inside a value', PROCESS_CREATION, "    sel:\n        CommandLine: 'cmd*whoami'\n    condition: sel", ['cmd']],
  ['\\* is a star', PROCESS_CREATION, "    sel:\n        Image: 'C:\\Temp\\a\\*b.exe'\n    condition: sel", ['star']],
  ['* is a wildcard', PROCESS_CREATION, "    sel:\n        Image: 'C:\\Temp\\a*b.exe'\n    condition: sel", ['star', 'nostar']],
  ['% and _ are plain characters', PROCESS_CREATION, "    sel:\n        Image: 'C:\\Temp\\a_b%'\n    condition: sel", []],
  ['cased', PROCESS_CREATION, "    sel:\n        OriginalFileName|cased: 'Cmd.Exe'\n    other:\n        OriginalFileName|cased: 'cmd.exe'\n    condition: sel or other", ['cmd']],
  ['empty value', PROCESS_CREATION, "    sel:\n        CurrentDirectory: ''\n    condition: sel", ['powershell']],
  ['null: absent or empty', PROCESS_CREATION, "    sel:\n        Hashes: null\n        CurrentDirectory: null\n    condition: sel", ['powershell', 'audit4688']],
  ['exists', PROCESS_CREATION, "    sel:\n        Hashes|exists: true\n    condition: sel", ['cmd']],
  ['exists: false', PROCESS_CREATION, "    sel:\n        ParentCommandLine|exists: false\n    condition: sel", ['audit4688']],
  ['a number is text', SECURITY, '    sel:\n        EventID: 4625\n        LogonType: 3\n    condition: sel', ['logonfailed']],
  ['re is case-sensitive', PROCESS_CREATION, "    sel:\n        CommandLine|re: '\\s/c\\s+who'\n    upper:\n        CommandLine|re: 'WHOAMI'\n    condition: sel or upper", ['cmd']],
  ['re|i', PROCESS_CREATION, "    sel:\n        CommandLine|re|i: 'WHOAMI$'\n    condition: sel", ['cmd']],
  ['re: (?<name>) is RE2 (?P<name>)', PROCESS_CREATION, "    sel:\n        CommandLine|re: '(?<tool>certutil)\\.exe'\n    condition: sel", ['certutil']],
  ['windash', PROCESS_CREATION, "    sel:\n        CommandLine|windash|contains: ' -urlcache '\n    condition: sel", ['certutil']],
  ['wide|base64offset|contains', PROCESS_CREATION, "    sel:\n        CommandLine|wide|base64offset|contains: 'Invoke-Mimikatz'\n    condition: sel", ['powershell']],
  ['base64|contains', PROCESS_CREATION, "    sel:\n        CommandLine|base64|contains: 'whoami'\n    condition: sel", ['powershell']],
  ['fieldref', PROCESS_CREATION, '    sel:\n        ParentImage|fieldref: Image\n    condition: sel', ['certutil']],
  ['hour of a time field', PROCESS_CREATION, '    sel:\n        UtcTime|hour: 1\n    condition: sel', ['cmd']],
  ['IntegrityLevel from the 4688 label SID', PROCESS_CREATION, '    sel:\n        IntegrityLevel: high\n    condition: sel', ['cmd', 'certutil', 'audit4688']],
  ['User and ProcessId of 4688', PROCESS_CREATION, "    sel:\n        User: 'acme\\jdoe'\n        ProcessId: 500\n    condition: sel", ['audit4688']],
  ['neq', NETWORK, "    sel:\n        DestinationPort|neq: '445'\n    condition: sel", ['linklocal', 'doc', 'dns']],
  ['gt and lte', NETWORK, '    high:\n        DestinationPort|gt: 400\n    low:\n        DestinationPort|lte: 53\n    condition: high or low', ['smb', 'doc', 'dns']],
  ['cidr IPv4', NETWORK, "    sel:\n        DestinationIp|cidr:\n            - '10.0.0.0/8'\n            - '192.168.0.0/16'\n    condition: sel", ['smb']],
  ['cidr IPv6 (zone and :: expanded)', NETWORK, "    sel:\n        DestinationIp|cidr:\n            - 'fe80::/10'\n            - '2001:db8::/32'\n    condition: sel", ['linklocal', 'doc']],
  ['cidr mixed, one address', NETWORK, "    sel:\n        DestinationIp|cidr:\n            - '::1/128'\n            - '8.8.8.8'\n    condition: sel", ['dns']],
  // the condition
  ['and not', PROCESS_CREATION, "    sel:\n        Image|endswith: '.exe'\n    filter:\n        User|contains: 'jdoe'\n    condition: sel and not filter", ['certutil', 'star', 'nostar']],
  ['1 of pattern', PROCESS_CREATION, "    sel_a:\n        Image|endswith: '\\certutil.exe'\n    sel_b:\n        Image|endswith: '\\powershell.exe'\n    condition: 1 of sel_*", ['powershell', 'certutil']],
  ['all of pattern', PROCESS_CREATION, "    sel_a:\n        Image|endswith: '.exe'\n    sel_b:\n        User|contains: svc\n    condition: all of sel_*", ['certutil']],
  ['1 of them leaves _ out', PROCESS_CREATION, "    a:\n        Image|endswith: '\\cmd.exe'\n    _b:\n        Image|endswith: '.exe'\n    condition: 1 of them", ['cmd', 'audit4688']],
  ['all of them', PROCESS_CREATION, "    a:\n        Image|endswith: '\\cmd.exe'\n    b:\n        CommandLine|contains: whoami\n    condition: all of them", ['cmd']],
  ['2 of pattern', PROCESS_CREATION, "    s1:\n        User|contains: jdoe\n    s2:\n        IntegrityLevel: High\n    s3:\n        Hashes|exists: true\n    condition: 2 of s*", ['cmd', 'audit4688']],
  ['parentheses and precedence', PROCESS_CREATION, "    a:\n        Image|endswith: '\\cmd.exe'\n    b:\n        Image|endswith: '\\certutil.exe'\n    c:\n        User|contains: svc\n    condition: not (a or b) and not c or a and c", ['powershell', 'star', 'nostar']],
  ['a list of conditions is any', PROCESS_CREATION, "    a:\n        Image|endswith: '\\cmd.exe'\n    b:\n        Image|endswith: 'aXb.exe'\n    condition:\n        - a\n        - b", ['cmd', 'nostar', 'audit4688']],
  ['a list of maps is any', PROCESS_CREATION, "    sel:\n        - Image|endswith: '\\certutil.exe'\n        - CommandLine|contains: whoami\n          User: 'ACME\\jdoe'\n    condition: sel", ['cmd', 'certutil']],
  // Windows specifics
  ['Data is any value of the event data', APPLICATION, "    sel:\n        Provider_Name: ESENT\n        EventID: 216\n        Data|contains: 'ntds.dit'\n    exact:\n        Data: 'C:\\x'\n    condition: sel and exact", ['esent']],
  ['Data|contains|all across values', APPLICATION, "    sel:\n        Data|contains|all:\n            - ntds\n            - 'C:\\'\n    condition: sel", ['esent']],
  ['keywords in XML: escaped < found', EXCHANGE_MANAGEMENT, "    cmdlet:\n        '|all':\n            - 'OabVirtualDirectory'\n            - ' -ExternalUrl '\n    params:\n        - 'http://f/<script'\n        - 'eval(request'\n    condition: cmdlet and params", ['cmdlet']],
  ['a keyword matches no other logsource', EXCHANGE_MANAGEMENT, "    sel:\n        - 'shell.aspx'\n    condition: sel", []],
  // webserver
  ['webserver fields', WEBSERVER, "    sel:\n        cs-method: POST\n        cs-uri-stem|startswith: '/ecp/'\n        cs-uri-query|contains: OABVirtualDirectory\n        cs-username: 'acme\\admin'\n    condition: sel", ['ecp']],
  ['sc-status, c-ip cidr', WEBSERVER, "    sel:\n        c-ip|cidr: 203.0.113.0/24\n    notfound:\n        sc-status: 404\n    condition: sel and not notfound", ['ecp', 'autodiscover']],
  ['user agent with spaces', WEBSERVER, "    sel:\n        cs-user-agent|contains: 'X11; Linux'\n    condition: sel", ['logon']],
  ['webserver keywords with wildcards', WEBSERVER, "    keywords:\n        - '/aspnet_client/'\n        - 'autodiscover.json*@evil.com'\n    condition: keywords", ['autodiscover', 'webshell']],
  ['the log\'s own fields', WEBSERVER, "    sel:\n        s-sitename: w3svc1\n        cs(User-Agent)|contains: 'Firefox'\n        sc-bytes: null\n    condition: sel", ['logon']],
  // exhunt's own datasets, for the rule pack
  ['exhunt: analysis fields', '    product: exhunt\n    service: iis', "    sel:\n        src_ip: 203.0.113.9\n        fields.cs-method: POST\n    condition: sel", ['ecp']],
  ['exhunt: numbers compare as text and as numbers', '    product: exhunt\n    service: iis', '    sel:\n        http_status: 404\n    big:\n        http_status|gte: 400\n    condition: sel and big', ['webshell']],
  ['exhunt: a list column matches by any element', '    product: exhunt', "    sel:\n        recipients|endswith: '@evil.example'\n    condition: sel", ['mail']],
  ['exhunt: every dataset', '    product: exhunt', "    sel:\n        dataset: winevt\n        event_code: '4625'\n        user_key: acme\\admin\n    condition: sel", ['logonfailed']],
]

test('Sigma constructs match exactly the events they describe', async (t) => {
  const store = await sigmaCase(t, EVENTS)
  for (const [name, logsource, detection, expected] of CASES) {
    await t.test(name, async () => {
      assert.deepEqual(await matchedLines(store, rule(logsource, detection)), lines(...expected))
    })
  }
})

test('Windows field names with spaces are found through the case catalogue', async (t) => {
  const store = await sigmaCase(t, EVENTS)
  const defender = rule('    product: windows\n    service: windefend', "    sel:\n        ThreatName|contains: Trojan\n        Feature_Name: 'real-time protection'\n    condition: sel")
  const bare = compileSigmaRule(ruleOf(defender))
  assert.ok(bare.ok)
  assert.deepEqual(await store.query(bare.compiled.sql, bare.compiled.params), [], 'without the catalogue: only the exact names')
  // runRules reads the catalogue from the case; the rule's own query is given the same one.
  const catalog = new Set(['Threat Name', 'Process Name', 'Feature Name', 'Image'])
  assert.deepEqual(await matchedLines(store, defender, catalog), lines('defender'))
})

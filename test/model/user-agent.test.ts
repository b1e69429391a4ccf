// User agents of Exchange traffic, classified: browsers by family, Outlook, phones, probes, tools.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { classifyUserAgent } from '../../src/model/user-agent.js'

const CASES: Array<[string, string, string, string?]> = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:124.0) Gecko/20100101 Firefox/124.0', 'Firefox', 'Browser', '124.0'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0', 'Edge', 'Browser', '122.0.0.0'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36', 'Chrome', 'Browser'],
  ['Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko', 'IE', 'Browser', '11.0'],
  ['Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)', 'Outlook', 'Outlook', '16.0.17328'],
  ['Outlook-iOS/709.2226530.prod.iphone (4.2405.0)', 'Outlook', 'Outlook', '709.2226530'],
  ['MSRPC', 'Outlook', 'Outlook'],
  ['Apple-iPhone14C5/2102.70', 'iOS Mail', 'ActiveSync device', '2102.70'],
  ['Android-SAMSUNG-SM-G991B/101.100', 'Android Mail', 'ActiveSync device', '101.100'],
  ['AMProbe/Local/ClientAccess', 'AMProbe', 'HealthProbe'],
  ['Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.2; MSEXCHMON; ACTIVEMONITORING; EWSPROBE)', 'Mozilla', 'HealthProbe'],
  ['ExchangeServicesClient/15.00.0913.015', 'ExchangeServicesClient', 'Exchange'],
  ['python-requests/2.31.0', 'python-requests', 'Tool', '2.31.0'],
  ['curl/8.5.0', 'curl', 'Tool', '8.5.0'],
  ['Mozilla/5.0 zgrab/0.x', 'zgrab', 'Tool'],
  ['Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'Nmap', 'Tool'],
  ['SomethingElse', 'SomethingElse', 'Other'],
]

test('user agents are classified into family, client kind and version', () => {
  for (const [agent, family, client, version] of CASES) {
    const c = classifyUserAgent(agent)
    assert.deepEqual([c.family, c.client], [family, client], agent)
    if (version !== undefined) assert.equal(c.version, version, agent)
  }
  assert.equal(classifyUserAgent('Android-SAMSUNG-SM-G991B/101.100').device, 'Samsung SM-G991B')
  assert.equal(classifyUserAgent('<script>alert(1)</script>').client, 'Other', 'hostile text is just a value')
})

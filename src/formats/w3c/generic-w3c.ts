// Any other W3C extended log with a #Fields header (other web servers, IIS FTP, WAF exports):
// every field is kept, and the common ones are mapped as for IIS.
import type { FormatModule } from '../format.js'
import { iisBulkSelect } from './iis-bulk-sql.js'
import { mapIisRecord } from './iis-http.js'
import { createW3cParser } from './w3c-parser.js'

export const genericW3cFormat: FormatModule = {
  id: 'w3c',
  description: 'any other W3C extended log with a #Fields header (all fields kept)',
  fileNamePatterns: ['*.log'],
  samples: [
    '#Version: 1.0\n#Software: Oracle9iAS Web Cache/2.0.0.2.0\n#Fields:  c-ip  c-dns  c-auth-id  date  time  cs-method  cs-uri  sc-status\n' +
      '64.103.37.2  client_joaz7  DMS.user  2001-10-31  00:00:18  GET  /admin/images/x.gif  200\n',
  ],
  sniff(head) {
    const lines = head.split('\n', 60)
    const fields = lines.find((l) => /^#\s*Fields:/i.test(l))
    if (fields === undefined || fields.includes(',')) return 0
    return lines.some((l) => /^#\s*(Version|Software|Date|Start-Date):/i.test(l)) ? 40 : 35
  },
  open(ctx) {
    return createW3cParser(ctx, { map: (record, c) => mapIisRecord(record, c, 'w3c'), headerlessIis: false })
  },
  bulk: { selectFor: iisBulkSelect },
}

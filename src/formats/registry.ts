// Every format exhunt reads, listed explicitly (no import side effects). Order breaks sniffing ties:
// the more specific formats come first.
import type { FormatId, FormatModule } from './format.js'
import { genericExchangeFormat } from './exchange/generic-exchange.js'
import { httpProxyFormat } from './exchange/http-proxy.js'
import { messageTrackingFormat } from './exchange/message-tracking.js'
import { smtpReceiveFormat, smtpSendFormat } from './exchange/smtp-protocol.js'
import { exportCsvFormat } from './powershell/export-csv.js'
import { formatListFormat } from './powershell/format-list.js'
import { formatTableFormat } from './powershell/format-table.js'
import { genericW3cFormat } from './w3c/generic-w3c.js'
import { iisHttpFormat } from './w3c/iis-http.js'
import { iisSmtpFormat } from './w3c/iis-smtp.js'
import { eventViewerCsvFormat } from './windows/event-viewer-csv.js'
import { evtxFormat } from './windows/evtx-format.js'
import { wevtutilXmlFormat } from './windows/wevtutil-xml.js'

export const FORMATS: readonly FormatModule[] = [
  iisSmtpFormat,
  iisHttpFormat,
  messageTrackingFormat,
  smtpReceiveFormat,
  smtpSendFormat,
  httpProxyFormat,
  genericExchangeFormat,
  genericW3cFormat,
  exportCsvFormat,
  formatListFormat,
  formatTableFormat,
  wevtutilXmlFormat,
  eventViewerCsvFormat,
  evtxFormat,
]

export function findFormat(id: string): FormatModule | undefined {
  return FORMATS.find((f) => f.id === id)
}

export function formatIds(): FormatId[] {
  return FORMATS.map((f) => f.id)
}

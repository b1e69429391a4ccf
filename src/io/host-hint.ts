// The server that wrote a log, guessed from the folder it was collected in (…/cas01/W3SVC1/u_ex….log):
// the nearest folder above the file that is not one of IIS's or Exchange's own log folder names.
import path from 'node:path'

const LOG_FOLDER_NAMES = new RegExp(
  '^(' +
    [
      'W3SVC\\d*', 'SMTPSVC\\d*', 'MSFTPSVC\\d*', 'HTTPERR', 'LogFiles', 'Logs?', 'Logging', 'inetpub', 'IIS',
      'MessageTracking', 'HttpProxy', 'Owa', 'Ecp', 'Ews', 'Eas', 'Mapi', 'RpcHttp', 'Rpc', 'Autodiscover', 'Oab',
      'PowerShell', 'ProtocolLog', 'SmtpReceive', 'SmtpSend', 'Hub', 'FrontEnd', 'TransportRoles', 'V1[45]',
      'Exchange ?Server', 'Microsoft', 'Program Files', 'AgentLog', 'CmdletInfra', 'EventLogs?', 'evidence', 'collected?',
      'case', 'export', 'exports', 'System32', 'Windows',
    ].join('|') +
    ')$',
  'i',
)

const LOOKS_LIKE_HOST = /^[A-Za-z][A-Za-z0-9-]{0,62}(\.[A-Za-z0-9-]+)*$/

/** `root` is the folder the investigator named; folders above it say nothing about the host. */
export function hostHintFromPath(filePath: string, root: string): string | undefined {
  const relative = path.relative(root, path.dirname(filePath))
  if (relative === '' || relative.startsWith('..')) return undefined
  const parts = relative.split(path.sep).reverse()
  for (const part of parts) {
    if (part === '' || LOG_FOLDER_NAMES.test(part)) continue
    return LOOKS_LIKE_HOST.test(part) ? part.toLowerCase() : undefined
  }
  return undefined
}

// Writes the fixtures in ./fixtures (run `node dist/test/search/write-fixtures.js` from the repository
// root after changing eventhistory-records.ts): the same Get-DatabaseEvent output as PowerShell 5.1's
// `| fl > file.txt` leaves it at 80 and 120 columns, a UTF-16LE-with-BOM copy, a .gz copy, and the
// unwrapped list as an 80-column console wraps it (text going on at column 0).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { EVENT_HISTORY } from './eventhistory-records.js'
import { consoleWrap, crlfText, renderFormatList } from './format-list-renderer.js'

const dir = path.join(process.cwd(), 'test', 'search', 'fixtures')
const at80 = crlfText(renderFormatList(EVENT_HISTORY, 80))
fs.writeFileSync(path.join(dir, 'eventhistory-fl-80.txt'), at80)
fs.writeFileSync(path.join(dir, 'eventhistory-fl-120.txt'), crlfText(renderFormatList(EVENT_HISTORY, 120)))
fs.writeFileSync(path.join(dir, 'eventhistory-fl-80-utf16le-bom.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(at80, 'utf16le')]))
fs.writeFileSync(path.join(dir, 'eventhistory-fl-80.txt.gz'), zlib.gzipSync(Buffer.from(at80, 'utf8')))
fs.writeFileSync(path.join(dir, 'eventhistory-console-wrap-80.txt'), crlfText(consoleWrap(renderFormatList(EVENT_HISTORY, 4096), 80)))

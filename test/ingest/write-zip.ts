// Writes a zip archive for tests (yazl, the writer beside the yauzl reader exhunt uses).
import fs from 'node:fs'
import yazl from 'yazl'

export async function writeZip(file: string, members: ReadonlyArray<{ name: string; data: Buffer }>): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const m of members) zip.addBuffer(m.data, m.name)
  zip.end()
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject)
  })
}

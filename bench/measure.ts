// Runs a command as a child process and reports its wall time and peak resident memory
// (GNU time's %M when /usr/bin/time exists, else the child's VmHWM polled from /proc).
import { spawn } from 'node:child_process'
import fs from 'node:fs'

export interface Measurement {
  seconds: number
  peakRssMb: number | null
  stdout: string
  status: number | null
}

export async function measure(command: string, args: readonly string[], options: { keepStdout?: boolean } = {}): Promise<Measurement> {
  const gnuTime = fs.existsSync('/usr/bin/time')
  const started = performance.now()
  const child = gnuTime
    ? spawn('/usr/bin/time', ['-f', 'EXHUNT_PEAK_KB=%M', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let polledKb = 0
  child.stdout.on('data', (d: Buffer) => {
    if (options.keepStdout !== false) stdout += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const poll = gnuTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))
          if (m !== null) polledKb = Math.max(polledKb, Number(m[1]))
        } catch {
          // the child has ended
        }
      }, 50)
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (poll !== undefined) clearInterval(poll)
  const seconds = (performance.now() - started) / 1000
  const kb = gnuTime ? Number(/EXHUNT_PEAK_KB=(\d+)/.exec(stderr)?.[1] ?? NaN) : polledKb
  if (status !== 0) process.stderr.write(`${command} ${args.join(' ')} failed (${status}):\n${stderr}\n`)
  return { seconds, peakRssMb: Number.isFinite(kb) && kb > 0 ? kb / 1024 : null, stdout, status }
}

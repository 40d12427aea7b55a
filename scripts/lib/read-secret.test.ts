import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import { readSecret, type SecretInput } from './read-secret.ts'

function sink() {
  const output = new PassThrough()
  let written = ''
  output.on('data', (chunk: Buffer) => (written += chunk.toString()))
  return { output, written: () => written }
}

/** A terminal as far as readSecret can tell: isTTY, and raw mode it must switch on and off. */
function terminal() {
  const input = new PassThrough() as PassThrough & SecretInput
  const rawModes: boolean[] = []
  input.isTTY = true
  input.setRawMode = (raw: boolean) => rawModes.push(raw)
  return { input, rawModes }
}

describe('readSecret from a pipe', () => {
  it('takes the first line without its line ending, spaces and non-ASCII kept', async () => {
    const input = Readable.from([Buffer.from(' pass wörd-2026 \r\nsecond line\n')])
    await expect(readSecret('Password: ', { input })).resolves.toBe(' pass wörd-2026 ')
  })

  it('joins a line split across chunks, even inside a multi-byte character', async () => {
    const bytes = Buffer.from('pässword-long\n')
    const input = Readable.from([bytes.subarray(0, 2), bytes.subarray(2)])
    await expect(readSecret('Password: ', { input })).resolves.toBe('pässword-long')
  })

  it('takes a last line without a line feed, and says null for empty input', async () => {
    await expect(
      readSecret('', { input: Readable.from([Buffer.from('no-newline')]) }),
    ).resolves.toBe('no-newline')
    await expect(readSecret('', { input: Readable.from([]) })).resolves.toBeNull()
  })

  it('prints no prompt (nobody is there to read it)', async () => {
    const { output, written } = sink()
    await readSecret('Password: ', { input: Readable.from([Buffer.from('x\n')]), output })
    expect(written()).toBe('')
  })
})

describe('readSecret at a terminal', () => {
  it('prompts, never echoes what is typed, edits with backspace and restores the terminal', async () => {
    const { input, rawModes } = terminal()
    const { output, written } = sink()
    let rawWhenPrompted: boolean | undefined
    output.once('data', () => (rawWhenPrompted = rawModes.at(-1)))
    const secret = readSecret('Password: ', { input, output })
    // Echo is off before the prompt shows: an answer typed at once is not echoed either.
    expect(rawWhenPrompted).toBe(true)
    input.write('hunter22')
    input.write('\u007f\u007fX-long-enough')
    input.write('\r')
    await expect(secret).resolves.toBe('hunterX-long-enough')
    expect(written()).toBe('Password: \n')
    expect(rawModes).toEqual([true, false])
  })

  it('answers null on Ctrl+D at an empty prompt and calls onInterrupt on Ctrl+C', async () => {
    const eof = terminal()
    const ended = readSecret('Password: ', { input: eof.input, output: sink().output })
    eof.input.write('\u0004')
    await expect(ended).resolves.toBeNull()

    const interrupted = terminal()
    const onInterrupt = vi.fn()
    const cancelled = readSecret('Password: ', {
      input: interrupted.input,
      output: sink().output,
      onInterrupt,
    })
    interrupted.input.write('abc\u0003')
    await expect(cancelled).resolves.toBeNull()
    expect(onInterrupt).toHaveBeenCalledOnce()
    expect(interrupted.rawModes).toEqual([true, false])
  })
})

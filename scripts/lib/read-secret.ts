import type { Readable, Writable } from 'node:stream'

export type SecretInput = Readable & {
  isTTY?: boolean
  setRawMode?: (raw: boolean) => unknown
}

type Options = {
  input?: SecretInput
  output?: Writable
  /** Ctrl+C at the prompt (raw mode swallows the signal): by default the process gets SIGINT. */
  onInterrupt?: () => void
}

/**
 * A secret for an operator script, never taken from argv (visible in `ps`, kept in shell
 * history, echoed by npm): typed at a prompt without echo when stdin is a terminal,
 * otherwise the first line of stdin (a pipe or a file, line ending removed). Null when
 * nothing came (end of input, or Ctrl+D at the prompt).
 */
export function readSecret(prompt: string, options: Options = {}): Promise<string | null> {
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  if (input.isTTY && input.setRawMode) {
    return promptWithoutEcho(prompt, input, output, options.onInterrupt)
  }
  return firstLine(input)
}

function promptWithoutEcho(
  prompt: string,
  input: SecretInput,
  output: Writable,
  onInterrupt: () => void = () => process.kill(process.pid, 'SIGINT'),
): Promise<string | null> {
  return new Promise((resolve) => {
    let text = ''
    const finish = (value: string | null) => {
      input.off('data', onData)
      input.setRawMode!(false)
      input.pause()
      output.write('\n')
      resolve(value)
    }
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(text)
        if (char === '\u0003') {
          finish(null)
          return onInterrupt()
        }
        if (char === '\u0004') {
          if (text === '') return finish(null)
        } else if (char === '\u007f' || char === '\b') {
          text = Array.from(text).slice(0, -1).join('')
        } else if (char >= ' ') {
          text += char
        }
      }
    }
    // Echo off before the prompt shows: whatever is typed once it shows is never echoed.
    input.setRawMode!(true)
    output.write(prompt)
    input.on('data', onData)
    input.resume()
  })
}

async function firstLine(input: Readable): Promise<string | null> {
  const chunks: Buffer[] = []
  // Bytes until the first line feed: a multi-byte character is never split before decoding.
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    chunks.push(buffer)
    if (buffer.includes(0x0a)) break
  }
  if (chunks.length === 0) return null
  const text = Buffer.concat(chunks).toString('utf8')
  return (text.split('\n', 1)[0] ?? '').replace(/\r$/, '')
}

import { parseArgs } from 'node:util'

/** Parses `--name value` flags; unknown flags are an error with a usage line. */
export function readFlags<const T extends Record<string, { type: 'string' | 'boolean' }>>(
  options: T,
  usage: string,
  argv = process.argv.slice(2),
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: ${usage}`)
    process.exit(2)
  }
}

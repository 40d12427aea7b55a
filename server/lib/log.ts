/** Minimal structured logging: one JSON object per line, never secrets. */
type Fields = Record<string, unknown>

function write(level: 'info' | 'warn' | 'error', message: string, fields?: Fields) {
  if (process.env.NODE_ENV === 'test' && level === 'info') return
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })
  if (level === 'error') console.error(line)
  else console.log(line)
}

export const log = {
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
}

export function logError(message: string, error: unknown, fields?: Fields) {
  const err =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { value: String(error) }
  write('error', message, { ...fields, err })
}

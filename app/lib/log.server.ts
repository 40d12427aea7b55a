export { flushLogs, log, logError } from '#server/lib/log.ts'

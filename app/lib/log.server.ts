export { log, logError } from '#server/lib/log.ts'

export * from './users.ts'
export * from './credits.ts'
export * from './payments.ts'
export * from './rate-limits.ts'

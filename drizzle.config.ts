import { defineConfig } from 'drizzle-kit'

// `drizzle-kit generate` only reads the schema; migrations are applied by db/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
  strict: true,
  verbose: true,
})

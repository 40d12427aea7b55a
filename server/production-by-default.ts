import { existsSync } from 'node:fs'

/**
 * Imported first by server/main.ts, before env.ts is parsed: the server runs in production
 * unless NODE_ENV (from the environment or .env) says otherwise. A bare
 * `node build/main.js` must never seed the demo accounts with their known password, or run
 * development code, against a real database. `npm run dev` sets development itself.
 */
if (!process.env.NODE_ENV && existsSync('.env')) process.loadEnvFile('.env')
process.env.NODE_ENV ||= 'production'

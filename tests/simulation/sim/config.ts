import { deriveSeed } from './rng.ts'

/**
 * Which runs to do:
 * - SIM_SEED=<n>       replay exactly that one seed (what a failing run prints);
 * - SIM_RUNS=<n>       how many runs (default 25; `npm run simulate` uses 1000);
 * - SIM_BASE_SEED=<n>  the base the run seeds are derived from (default fixed, so CI is
 *                      reproducible; change it to explore other seeds).
 */
export const DEFAULT_RUNS = 25
export const DEFAULT_BASE_SEED = 0x5eed2026

function parseUint32(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text.trim())
  if (!Number.isSafeInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`${name} must be an integer from 0 to 4294967295 (got "${text}")`)
  }
  return value
}

export type SimulationPlan = { seeds: number[]; replay: boolean; baseSeed: number }

export function simulationPlan(env: NodeJS.ProcessEnv = process.env): SimulationPlan {
  const baseSeed = parseUint32('SIM_BASE_SEED', env.SIM_BASE_SEED) ?? DEFAULT_BASE_SEED
  const fixed = parseUint32('SIM_SEED', env.SIM_SEED)
  if (fixed !== undefined) return { seeds: [fixed], replay: true, baseSeed }
  const runs = parseUint32('SIM_RUNS', env.SIM_RUNS) ?? DEFAULT_RUNS
  if (runs < 1) throw new Error('SIM_RUNS must be at least 1')
  return {
    seeds: Array.from({ length: runs }, (_, index) => deriveSeed(baseSeed, index)),
    replay: false,
    baseSeed,
  }
}

export const replayCommand = (seed: number) => `SIM_SEED=${seed} npm run simulate`

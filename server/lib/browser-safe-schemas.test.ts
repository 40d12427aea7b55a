import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { adminAdjustmentBody } from '#server/services/credits/adjustment-schema.ts'
import { ZAdminAdjustmentBody } from '#server/services/credits/schemas.ts'
import { createTopupInput } from '#server/services/payments/topup-schema.ts'
import { ZCreateTopupInput } from '#server/services/payments/schemas.ts'
import { ZAdminTokenGrantBody, ZGrantTokens } from '#server/services/virtfusion/schemas.ts'

/**
 * The modules the pages import to validate with the server's own schemas. Each must bundle for
 * the browser without server code: no env (secrets, process.env), no node built-ins, no
 * database, no password hasher.
 */
const BROWSER_SAFE = [
  'server/lib/validation.ts',
  'server/lib/money-schema.ts',
  'server/lib/reason-schema.ts',
  'server/services/users/fields.ts',
  'server/services/credits/adjustment-schema.ts',
  'server/services/payments/topup-schema.ts',
  'server/services/virtfusion/schemas.ts',
  'server/services/dns-plans/plan-schemas.ts',
  'server/services/dns-plans/schemas.ts',
  'server/services/api-tokens/schemas.ts',
  'server/services/credits/bulk-csv.ts',
  'server/lib/reason.ts',
  'server/services/catalog/schemas.ts',
  'server/services/provisioning/schemas.ts',
  'server/services/services/schemas.ts',
  'server/services/settings/schemas.ts',
  'server/services/settings/defaults.ts',
  'server/services/settings/credits-labels.ts',
]

const root = new URL('../../', import.meta.url).pathname

describe('schemas the browser shares', () => {
  it.each(BROWSER_SAFE)('%s bundles for the browser without server code', async (entry) => {
    const result = await build({
      entryPoints: [root + entry],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      alias: { '#server': root + 'server', '#db': root + 'db' },
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(
      inputs.filter((path) => /server\/env\.ts|server\/auth\/|^db\/|argon2|node:/.test(path)),
    ).toEqual([])
  })

  it('the server binds the same builders to its env', () => {
    const bounds = { minCents: 100, maxCents: 50_000 }
    const page = adminAdjustmentBody(bounds)
    const body = { amount: '12.34', reason: 'Goodwill credit' }
    expect(page.parse(body)).toEqual({ amount: 1234, reason: 'Goodwill credit' })
    expect(ZAdminAdjustmentBody.parse(body).amount).toBe(1234)
    expect(page.safeParse({ ...body, amount: '500.01' }).error?.issues[0]?.message).toBe(
      'Amount must be between $1.00 and $500.00',
    )
    expect(createTopupInput(bounds).parse({ amount: '5' })).toEqual({ amount: 500 })
    expect(ZCreateTopupInput.safeParse({ amount: 'x' }).success).toBe(false)
    expect(ZGrantTokens.safeParse(1_000_001).error?.issues[0]?.message).toBe(
      'Tokens must be between 1 and 1,000,000',
    )
    expect(ZAdminTokenGrantBody.shape.tokens).toBe(ZGrantTokens)
  })
})

import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as adminLayout from '#app/routes/admin.tsx'
import { db } from '#db/client.ts'
import { userCredits, users } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import {
  runLedgerCheck,
  runVirtFusionReconciliation,
} from '#server/services/health/system-checks.ts'
import { addTokensByAdmin } from '#server/services/virtfusion/admin-tokens.ts'
import { invoke } from '#tests/helpers/http.ts'
import { createTestUser } from '#tests/helpers/users.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

beforeAll(() => virtfusionFake.reset())

describe('scheduled audits', () => {
  it('the ledger check records ok, then a finding that every admin page shows', async () => {
    const admin = await createTestUser({ role: 'admin' })
    const user = await createTestUser()
    await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 1000,
      reason: 'seed',
      direction: 'add',
      admin,
    })
    expect((await runLedgerCheck(db)).outcome).toBe('ok')
    let page = (await (
      await invoke(adminLayout.loader, '/admin', { cookie: admin.cookie })
    ).json()) as { ledgerDrift: boolean }
    expect(page.ledgerDrift).toBe(false)

    await db.update(userCredits).set({ balanceCents: 99999 }).where(eq(userCredits.userId, user.id))
    const check = await runLedgerCheck(db)
    expect(check.outcome).toBe('findings')
    expect(JSON.stringify(check.details)).toContain('balance_mismatch')
    page = (await (
      await invoke(adminLayout.loader, '/admin', { cookie: admin.cookie })
    ).json()) as { ledgerDrift: boolean }
    expect(page.ledgerDrift).toBe(true)
    // Put it back so later checks in this file start clean.
    await db.update(userCredits).set({ balanceCents: 1000 }).where(eq(userCredits.userId, user.id))
  })

  it('the VirtFusion reconciliation lists a wrong link and tokens we never credited', async () => {
    const admin = await createTestUser({ role: 'admin' })
    const good = await createTestUser()
    const stray = await createTestUser()
    await addTokensByAdmin(db, getProviders(), {
      userId: good.id,
      tokens: 500,
      reason: 'goodwill',
      adminId: admin.id,
    })
    await addTokensByAdmin(db, getProviders(), {
      userId: stray.id,
      tokens: 100,
      reason: 'goodwill',
      adminId: admin.id,
    })
    const clean = await runVirtFusionReconciliation(db, getProviders())
    expect(clean.details).toMatchObject({ differences: [] })

    // Tokens added in VirtFusion behind our back, and a link pointing at the wrong account.
    await getProviders().virtfusion.addCredit(stray.id, {
      tokens: 5000,
      reference1: 1,
      reference2: 'manual',
    })
    await db.update(users).set({ virtfusionUserId: 987654 }).where(eq(users.id, good.id))
    const check = await runVirtFusionReconciliation(db, getProviders())
    expect(check.outcome).toBe('findings')
    const differences = check.details.differences as { userId: number; kind: string }[]
    expect(differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: stray.id, kind: 'balance_above_recorded' }),
        expect.objectContaining({ userId: good.id, kind: 'link_mismatch' }),
      ]),
    )
  })
})

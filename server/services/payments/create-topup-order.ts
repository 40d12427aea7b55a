import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { topups, type Topup } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents } from '#server/lib/money.ts'

const DESCRIPTIONS: Record<Topup['purpose'], (cents: number) => string> = {
  custom_credits: (cents) => `SkyPANEL custom credits ${formatCents(cents)}`,
  virtfusion_tokens: (cents) => `SkyPANEL VirtFusion tokens (${cents} tokens)`,
}

/**
 * Records the top-up, then creates the PayPal order for exactly that amount with our id as
 * custom_id. The amount comes from the validated input only; the browser gets the order id.
 */
export async function createTopupOrder(
  db: Db,
  providers: Providers,
  input: { userId: number; purpose: Topup['purpose']; amountCents: number },
): Promise<{ orderId: string; topupId: number }> {
  const [topup] = await db
    .insert(topups)
    .values({
      userId: input.userId,
      purpose: input.purpose,
      amountCents: input.amountCents,
      currency: 'USD',
      // 100 tokens = $1, so a token top-up buys one token per cent.
      tokens: input.purpose === 'virtfusion_tokens' ? input.amountCents : null,
    })
    .returning()
  const id = topup!.id
  try {
    const order = await providers.paypal.createOrder({
      requestId: `create-topup-${id}`,
      amountCents: input.amountCents,
      currency: 'USD',
      customId: String(id),
      invoiceId: `skypanel-topup-${id}`,
      description: DESCRIPTIONS[input.purpose](input.amountCents),
    })
    await db
      .update(topups)
      .set({ paypalOrderId: order.id, updatedAt: sql`now()` })
      .where(eq(topups.id, id))
    return { orderId: order.id, topupId: id }
  } catch (error) {
    await db
      .update(topups)
      .set({
        status: 'failed',
        failureReason: 'PayPal did not create the order',
        updatedAt: sql`now()`,
      })
      .where(eq(topups.id, id))
      .catch((e: unknown) => logError('could not mark top-up failed', e, { topupId: id }))
    throw error
  }
}

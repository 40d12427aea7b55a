import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { topups, type Topup } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents } from '#server/lib/money.ts'

/** The name PayPal shows the buyer; the environment has no app name, and one product has one name. */
const BRAND_NAME = 'SkyPANEL'

const DESCRIPTIONS: Record<Topup['purpose'], (cents: number) => string> = {
  custom_credits: (cents) => `${BRAND_NAME} custom credits ${formatCents(cents)}`,
  virtfusion_tokens: (cents) => `${BRAND_NAME} VirtFusion tokens (${cents} tokens)`,
}

/** The billing tab holding each checkout, where PayPal sends a redirected buyer back. */
const CHECKOUT_PAGES: Record<Topup['purpose'], string> = {
  custom_credits: '/billing?tab=credits',
  virtfusion_tokens: '/billing?tab=tokens',
}

/**
 * Records the top-up, then creates the PayPal order for exactly that amount with our id as
 * custom_id. The amount comes from the validated input only; the browser gets the order id.
 * `siteOrigin` is the app's public origin (see publicOrigin), never a URL the browser chose.
 */
export async function createTopupOrder(
  db: Db,
  providers: Providers,
  input: { userId: number; purpose: Topup['purpose']; amountCents: number; siteOrigin: string },
): Promise<{ orderId: string; topupId: number; amountCents: number; tokens: number | null }> {
  const checkoutPage = new URL(CHECKOUT_PAGES[input.purpose], input.siteOrigin).href
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
      brandName: BRAND_NAME,
      // PayPal adds the order id (token) to both; the checkout page is where either ends.
      returnUrl: checkoutPage,
      cancelUrl: checkoutPage,
    })
    await db
      .update(topups)
      .set({ paypalOrderId: order.id, updatedAt: sql`now()` })
      .where(eq(topups.id, id))
    return {
      orderId: order.id,
      topupId: id,
      amountCents: topup!.amountCents,
      tokens: topup!.tokens,
    }
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

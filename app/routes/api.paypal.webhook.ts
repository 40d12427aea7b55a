import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { handleRest, methodNotAllowed } from '#app/lib/rest.server.ts'
import { getProviders, handlePayPalWebhook } from '#app/lib/services.server.ts'

/** POST /api/paypal/webhook: verified through PayPal, each event processed once. */
export function action({ request }: ActionFunctionArgs) {
  return handleRest(async () => {
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    return handlePayPalWebhook(db, getProviders(), {
      headers: request.headers,
      rawBody: await request.text(),
    })
  })
}
